"""Suppressions, applied once after the engine: per-file ignores, YAML comments, a baseline.

Rules know nothing about suppression (as in yamllint and ruff): they report every problem,
and this step marks the findings a user has silenced. A suppressed finding is kept, with
``Finding.suppression`` set to ``"inSource"`` (a comment) or ``"external"`` (settings or a
baseline), so that SARIF can carry it as a suppressed result; every other format drops it
and it never counts for the exit code.

Comment directives (YAML only; JSON has no comments)::

    - from: "*"   # co-lint: disable=CO201          this line
    # co-lint: disable=CO201,CO202                  the next line that is not blank or a comment
    # co-lint: disable-file=CO501                   anywhere: the whole file

A directive that suppressed nothing is itself reported: ``CO008 unused-suppression``. Those
findings can be silenced like any other (``# co-lint: disable-file=CO008``); the id CO008 in a
directive is never reported as unused.
Scanning costs nothing for the usual file: only a text that contains ``co-lint:`` is looked at.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from co_lint.types import Finding, Record, Span

if TYPE_CHECKING:
    from co_lint.baseline import Baseline
    from co_lint.loader import SourceFile
    from co_lint.rule import RuleDef
    from co_lint.settings import Settings

MARK = "co-lint:"
UNUSED_ID = "CO008"
IN_SOURCE, EXTERNAL = "inSource", "external"

#: YAML's line breaks (libyaml counts these, so finding lines do too).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: The start of a ``# co-lint:`` directive comment (also what a fix must not put new text under).
DIRECTIVE = re.compile("#[ \t]*co-lint:")
_REST_OF_LINE = re.compile("[^\r\n\x85\u2028\u2029]*")
_BODY = re.compile(
    r"[ \t]*(disable-file|disable)[ \t]*=[ \t]*([A-Za-z][A-Za-z0-9]*(?:[ \t]*,[ \t]*[A-Za-z][A-Za-z0-9]*)*)"
)


class Directive(Record):
    """One ``# co-lint:`` comment of a YAML file."""

    __slots__ = ("span", "text", "ids", "file_wide", "target", "malformed", "used")

    def __init__(self, span: Span, text: str) -> None:
        """The comment ``text`` at ``span``; :func:`directives` reads what it says."""
        self.span = span
        self.text = text
        #: Upper-case rule ids; empty for a malformed directive.
        self.ids: tuple[str, ...] = ()
        self.file_wide = False
        #: The line this directive silences (None: file-wide, or nothing follows the comment).
        self.target: int | None = None
        self.malformed = False
        self.used: set[str] = set()

    def covers(self, finding: Finding) -> bool:
        return finding.rule_id in self.ids and (self.file_wide or self.target == finding.span.start_line)


def scalar_regions(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every scalar token: a ``#`` inside one is not a comment.

    A text the scanner rejects keeps the regions found before the error; the rest of the file
    is then judged by the simpler rule that a comment starts after whitespace.
    """
    import yaml

    starts: list[int] = []
    ends: list[int] = []
    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                starts.append(token.start_mark.index)
                ends.append(token.end_mark.index)
    except (yaml.YAMLError, RecursionError, ValueError):
        pass
    return starts, ends


def directives(text: str) -> list[Directive]:
    """The ``# co-lint:`` directives of a YAML text, in order."""
    if MARK not in text:
        return []
    candidates = [m for m in DIRECTIVE.finditer(text) if m.start() == 0 or text[m.start() - 1] in " \t\r\n"]
    if not candidates:
        return []
    region_starts, region_ends = scalar_regions(text)
    line_starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    found = []
    for match in candidates:
        offset = match.start()
        inside = bisect_right(region_starts, offset) - 1
        if inside >= 0 and offset < region_ends[inside]:
            continue  # inside a quoted or block scalar: text, not a comment
        line = bisect_right(line_starts, offset)
        column = offset - line_starts[line - 1] + 1
        rest = _REST_OF_LINE.match(text, match.end()).group(0)
        comment = (match.group(0) + rest).rstrip()
        directive = Directive(Span(line, column, line, column + len(comment)), comment)
        body = _BODY.match(rest)
        if body is None or (body.end() < len(rest) and not rest[body.end()].isspace()):
            directive.malformed = True
        else:
            directive.file_wide = body.group(1) == "disable-file"
            directive.ids = tuple(dict.fromkeys(part.strip().upper() for part in body.group(2).split(",")))
            if not directive.file_wide:
                own_line = text[line_starts[line - 1] : offset]
                directive.target = line if own_line.strip() else _next_code_line(text, line_starts, line)
        found.append(directive)
    return found


def _next_code_line(text: str, line_starts: list[int], line: int) -> int | None:
    """The first line after ``line`` that is neither blank nor only a comment."""
    for number in range(line + 1, len(line_starts) + 1):
        end = line_starts[number] if number < len(line_starts) else len(text)
        content = text[line_starts[number - 1] : end].strip()
        if content and not content.startswith("#"):
            return number
    return None


def per_file_ignored(settings: Settings, relative: str, rule_id: str) -> bool:
    """Whether ``per-file-ignores`` silences ``rule_id`` in the root-relative path ``relative``."""
    from co_lint.discovery import matches

    return any(
        matches(relative, [glob]) and any(rule_id.startswith(prefix) for prefix in prefixes)
        for glob, prefixes in settings.per_file_ignores.items()
    )


def _unused_message(directive: Directive, unused: list[str], known: Container[str]) -> str:
    if directive.malformed:
        return (
            f"`{directive.text}` is not a co-lint directive and suppresses nothing: "
            "write `# co-lint: disable=CO201` or `# co-lint: disable-file=CO201`"
        )
    reasons = []
    missing = [rule_id for rule_id in unused if rule_id in known]
    if missing:
        if directive.file_wide:
            where = "in this file"
        elif directive.target is None:
            where = "after the comment"
        else:
            where = f"on line {directive.target}"
        reasons.append(f"no {', '.join(missing)} finding {where}")
    unknown = [rule_id for rule_id in unused if rule_id not in known]
    if unknown:
        reasons.append(f"{', '.join(unknown)} {'is not a rule id' if len(unknown) == 1 else 'are not rule ids'}")
    what = "it" if len(unused) == len(directive.ids) else f"{', '.join(unused)} from it"
    return f"unused suppression `{directive.text}`: {'; '.join(reasons)}; remove {what}"


def apply_suppressions(
    findings: list[Finding],
    sources: Iterable[SourceFile],
    *,
    settings: Settings,
    rules: list[RuleDef],
    cwd: Path,
    reported: Callable[[str], bool] = lambda path: True,
    baseline: Baseline | None = None,
    not_run: Container[str] = (),
) -> list[Finding]:
    """Mark suppressed findings and add CO008 for unused directives; returns every finding, sorted.

    Order: per-file ignores, then comments, then the baseline. A comment that only repeats a
    per-file ignore suppressed nothing (CO008), as in ruff. ``not_run`` names enabled rules
    that did not run in this run (the change rules without ``--base``): like disabled ones,
    their suppressions are not judged.
    """
    for finding in findings:
        finding.suppression = None
    relative_cache: dict[str, str] = {}

    def relative(path: str) -> str:
        if path not in relative_cache:
            from co_lint.discovery import relative_to_root

            relative_cache[path] = relative_to_root(cwd / path, settings.root)
        return relative_cache[path]

    def ignored(finding: Finding) -> bool:
        return bool(settings.per_file_ignores) and per_file_ignored(settings, relative(finding.path), finding.rule_id)

    for finding in findings:
        if ignored(finding):
            finding.suppression = EXTERNAL

    by_path: dict[str, list[Directive]] = {}
    for source in sources:
        if source.kind == "yaml" and source.text and MARK in source.text and reported(source.display):
            found = directives(source.text)
            if found:
                by_path[source.display] = found
    if by_path:
        _mark_in_source(findings, by_path)
        if settings.rule_enabled(UNUSED_ID):
            unused = _unused(by_path, settings, rules, not_run)
            # CO008 findings exist only now, so the directives that name CO008 are applied to
            # them here: ``disable-file=CO008`` silences every one in its file.
            for finding in unused:
                if ignored(finding):
                    finding.suppression = EXTERNAL
            _mark_in_source(unused, by_path)
            findings = findings + unused
    if baseline is not None:
        baseline.apply([f for f in findings if f.suppression is None], cwd)
    findings.sort(key=Finding.sort_key)
    return findings


def _mark_in_source(findings: list[Finding], by_path: dict[str, list[Directive]]) -> None:
    """Suppress each active finding a comment covers, and record which ids each comment used."""
    for finding in findings:
        if finding.suppression is None and finding.path in by_path:
            for directive in by_path[finding.path]:
                if directive.covers(finding):
                    finding.suppression = IN_SOURCE
                    directive.used.add(finding.rule_id)


def _unused(
    by_path: dict[str, list[Directive]], settings: Settings, rules: list[RuleDef], not_run: Container[str] = ()
) -> list[Finding]:
    known = {d.id for d in rules}
    default = next((d.rule.level for d in rules if d.id == UNUSED_ID), "note")
    level = settings.levels.get(UNUSED_ID, default)
    out = []
    for path, found in by_path.items():
        for directive in found:
            # A rule that did not run cannot tell whether its suppression is still needed. CO008
            # itself is never unused (as ruff's RUF100 in a noqa): whether it silenced anything is
            # only known after this list is made, and reporting it would be the finding it asks
            # to silence.
            unused = [
                rule_id
                for rule_id in directive.ids
                if rule_id not in directive.used
                and rule_id != UNUSED_ID
                and (rule_id not in known or (settings.rule_enabled(rule_id) and rule_id not in not_run))
            ]
            if not unused and not directive.malformed:
                continue
            out.append(
                Finding(
                    UNUSED_ID,
                    level,
                    _unused_message(directive, unused, known),
                    path,
                    directive.span,
                    fingerprint_value=directive.text,
                )
            )
    return out
