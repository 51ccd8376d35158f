"""SARIF 2.1.0 for GitHub code scanning: one run, every enabled rule, stable fingerprints.

What GitHub needs, and why each piece is here (``reference/sarif-github.md``):

* **URIs** are relative to the repository root (the nearest directory holding ``.git``, else
  the working directory), percent-encoded, with ``uriBaseId: %SRCROOT%``: the same whatever
  directory co-lint was started from, so alerts keep their identity. They name the real file
  (symbolic links resolved) when it is inside the repository: git records a link to a
  directory, not the files below it, so only the real path is one GitHub can show.
  ``originalUriBaseIds`` declares ``%SRCROOT%`` without an absolute ``uri``: GitHub resolves relative URIs against
  the checkout itself, and an absolute path would make the output differ per machine (the
  committed snapshot ``tests/snapshots/examples.sarif`` must be byte-for-byte reproducible).
* **Fingerprints**: ``partialFingerprints["co-lint/v1"]`` is ``<hash>:<n>``, the hash of the
  rule id, the repository-relative path, the YAML document index, the JSON Pointer of the
  offending node and its value (credentials in both masked) and the files of its related
  locations — never the line — so inserting or moving lines does not close and reopen alerts.
  ``n`` counts results with the same hash in the run (1 for the first), so two genuinely
  distinct results never merge.
* **Links**: a result with related locations ends its message with ``(see [path:line](1), …)``
  and each related location carries the matching ``id``.
* **Suppressed** findings (``Finding.suppression``) stay in the run with ``suppressions[]``, so
  code scanning shows them as dismissed instead of forgetting them; **fixes** become
  ``fixes[]`` with character-offset regions (``charOffset``/``charLength`` count Unicode code
  points of the decoded text, as ``columnKind`` says).
* **Limits**: at most 25,000 results a run, 1,000 locations a result (the primary one included)
  and 10 MB after gzip an upload; beyond them the most severe results are kept and the cut is reported in
  ``toolExecutionNotifications`` and through ``warn`` (stderr).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from co_lint import __version__
from co_lint.discovery import RealPaths, repository_path
from co_lint.reporters.printable import json_text, printable_path
from co_lint.rule import RuleDef
from co_lint.types import LEVEL_RANK, Finding

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/co-lint/co-lint"
DOCS_URI = INFORMATION_URI + "/blob/main/docs/rules.md"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "co-lint/v1"

#: GitHub's documented limits for one upload ("SARIF results exceed limits").
MAX_RESULTS = 25_000
MAX_LOCATIONS = 1_000
MAX_TAGS = 20
MAX_GZIP_BYTES = 10 * 1024 * 1024

_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}
_PRECISIONS = ("very-high", "high", "medium", "low")
#: Rules after whose finding a file (CO001, CO005) or a document (CO004) was not analysed.
_NOT_ANALYSED = {"CO001": "file", "CO004": "document", "CO005": "file"}
_SUPPRESSION_KINDS = ("inSource", "external")
_LINK_LIKE = re.compile(r"\[([^\[\]]*)\](?=\()")


# --------------------------------------------------------------------------- paths


def repository_root(cwd: Path) -> Path:
    """The nearest directory at or above ``cwd`` holding ``.git``; ``cwd`` outside a repository."""
    for directory in (cwd, *cwd.parents):
        if (directory / ".git").exists():
            return directory
    return cwd


def relative_uri(path: str, cwd: Path, root: Path, real: RealPaths | None = None) -> str:
    """A percent-encoded URI relative to ``root``, or an absolute ``file:`` URI outside it.

    The name's own bytes are encoded (as ``as_uri`` does), so a name that is not UTF-8
    (``caf\xe9.yaml``, surrogate-escaped in Python) is ``caf%E9.yaml``, the file it is.
    """
    relative = repository_path(path, cwd, root, real)
    if relative is None:
        return Path(os.path.normpath(os.path.join(os.path.abspath(cwd), path))).as_uri()
    return quote(os.fsencode(relative), safe="/")


def shown_uri(uri: str) -> str:
    """A URI as a reader wants it in a message: decoded, with the bytes of a non-UTF-8 name escaped."""
    return printable_path(unquote(uri, errors="surrogateescape"))


def _artifact(uri: str) -> dict:
    if uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SRCROOT}


# --------------------------------------------------------------------------- rules


def fingerprint(finding: Finding, uri: str, related_uris: tuple[str, ...] = ()) -> str:
    """The line-independent identity of a finding (see the module docstring).

    The value is hashed with its credentials masked: a hash of a short password with otherwise
    guessable material could be reversed by trying passwords.
    """
    value = finding.fingerprint_value
    if value:
        from co_lint.secrets import mask_secrets

        value = mask_secrets(value)
    material = "\0".join(
        (
            finding.rule_id,
            uri,
            str(finding.document),
            finding.pointer,
            value,
            *sorted(set(related_uris)),
        )
    )
    # surrogatepass: a lone surrogate in a value (JSON "\ud800") still hashes, to itself alone.
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def security_severity(value: str | None) -> str | None:
    """GitHub's ``security-severity``: a number from 0.0 to 10.0 in a string, else None."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return f"{number:.1f}" if 0.0 <= number <= 10.0 else None


def rule_descriptor(definition: RuleDef) -> dict:
    """A ``reportingDescriptor``: everything GitHub shows on an alert, from the rule module alone."""
    rule = definition.rule
    tags = list(dict.fromkeys(rule.tags or (rule.id[:3].lower(),)))
    severity = security_severity(rule.security_severity)
    if severity is not None and "security" not in tags:
        tags.insert(0, "security")
    precision = getattr(rule, "precision", "high")
    properties: dict[str, Any] = {
        "tags": tags[:MAX_TAGS],
        "precision": precision if precision in _PRECISIONS else "high",
        "problem.severity": _SEVERITY.get(rule.level, "warning"),
    }
    if severity is not None:
        properties["security-severity"] = severity
    explanation = definition.explanation or rule.summary
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _plain(_section(explanation, "What it does") or explanation.split("\n\n")[0])},
        "help": {"text": _plain(explanation), "markdown": explanation},
    }
    help_uri = getattr(rule, "help_uri", None)
    if help_uri is None and definition.origin == "built-in":
        from co_lint.docs import anchor

        help_uri = f"{DOCS_URI}#{anchor(definition)}"
    if help_uri:
        descriptor["helpUri"] = help_uri
    descriptor["defaultConfiguration"] = {"level": rule.level if rule.level in LEVEL_RANK else "warning"}
    descriptor["properties"] = properties
    return descriptor


def _section(markdown: str, title: str) -> str:
    """The body of the ``## title`` section of a rule's explanation, unwrapped, or ''."""
    match = re.search(rf"^## {re.escape(title)}\s*\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return _unwrap(match.group(1)) if match else ""


def _unwrap(text: str) -> str:
    """Hard-wrapped Markdown as plain text: one line a paragraph or list item, blank lines kept."""
    lines: list[str] = []
    for line in text.strip().splitlines():
        line = line.strip()
        if lines and lines[-1] and line and not line.startswith(("- ", "* ")):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


def _plain(markdown: str) -> str:
    return "\n".join(line.lstrip("#").strip() if line.startswith("#") else line for line in markdown.splitlines())


# --------------------------------------------------------------------------- results


def _region(span) -> dict:
    return {
        "startLine": span.start_line,
        "startColumn": span.start_col,
        "endLine": span.end_line,
        "endColumn": max(span.end_col, 1),
    }


def _escape_link_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _escape_message(text: str) -> str:
    """Plain text that no SARIF viewer mistakes for an embedded link (``[x](y)``)."""
    return _LINK_LIKE.sub(lambda m: "\\[" + m.group(1) + "\\]", text)


def _notification(level: str, text: str, uri: str | None = None, rule: tuple[str, int] | None = None) -> dict:
    notification: dict[str, Any] = {"level": level, "message": {"text": text}}
    if uri is not None:
        notification["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(uri)}}]
    if rule is not None:
        notification["associatedRule"] = {"id": rule[0], "index": rule[1]}
    return notification


class _Builder:
    """Turns findings into SARIF results for one run; collects notifications on the way."""

    def __init__(self, cwd: Path, index: dict[str, int]) -> None:
        self.cwd = cwd
        self.root = repository_root(cwd)
        self.index = index
        self.notifications: list[dict] = []
        self.cut: list[str] = []
        self.seen: dict[str, int] = {}
        self._uris: dict[str, str] = {}
        self._real = RealPaths()

    def uri(self, path: str) -> str:
        uri = self._uris.get(path)  # once a file (results and related locations repeat files)
        if uri is None:
            uri = self._uris[path] = relative_uri(path, self.cwd, self.root, self._real)
        return uri

    def result(self, f: Finding) -> dict:
        uri = self.uri(f.path)
        related = f.related
        if len(related) >= MAX_LOCATIONS:  # the primary location counts too
            message = (
                f"{f.rule_id} at {shown_uri(uri)}:{f.span.start_line}: {len(related)} related locations, "
                f"only the first {MAX_LOCATIONS - 1} kept (GitHub accepts at most {MAX_LOCATIONS} locations a result)"
            )
            self.cut.append(message)
            self.notifications.append(_notification("warning", message, uri))
            related = related[: MAX_LOCATIONS - 1]
        related_uris = [self.uri(r.path) for r in related]
        message = _escape_message(f.message)
        if related:
            links = ", ".join(
                f"[{_escape_link_text(shown_uri(u))}:{r.span.start_line}]({n})"
                for n, (u, r) in enumerate(zip(related_uris, related, strict=True), 1)
            )
            message = f"{message} (see {links})"
        digest = fingerprint(f, uri, tuple(related_uris))
        self.seen[digest] = occurrence = self.seen.get(digest, 0) + 1
        result: dict[str, Any] = {
            "ruleId": f.rule_id,
            "ruleIndex": self.index[f.rule_id],
            "level": f.level,
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(uri), "region": _region(f.span)}}],
            "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{occurrence}"},
        }
        if related:
            result["relatedLocations"] = [
                {
                    "id": n,
                    "message": {"text": r.message},
                    "physicalLocation": {"artifactLocation": _artifact(u), "region": _region(r.span)},
                }
                for n, (u, r) in enumerate(zip(related_uris, related, strict=True), 1)
            ]
        if f.suppression is not None:
            kind = f.suppression if f.suppression in _SUPPRESSION_KINDS else "external"
            result["suppressions"] = [{"kind": kind}]
        if f.fix is not None and f.fix.edits:
            result["fixes"] = [
                {
                    "description": {"text": f.fix.description},
                    "artifactChanges": [
                        {
                            "artifactLocation": _artifact(uri),
                            "replacements": [_replacement(edit) for edit in sorted(f.fix.edits, key=_edit_key)],
                        }
                    ],
                }
            ]
        what = _NOT_ANALYSED.get(f.rule_id)
        if what is not None and f.suppression is None:
            self.notifications.append(
                _notification(
                    "warning",
                    f"{shown_uri(uri)}: {what} not analysed: {f.message}",
                    uri,
                    (f.rule_id, self.index[f.rule_id]),
                )
            )
        return result


def _edit_key(edit) -> tuple[int, int]:
    return (edit.start, edit.end)


def _replacement(edit) -> dict:
    replacement: dict[str, Any] = {"deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start}}
    if edit.replacement:
        replacement["insertedContent"] = {"text": edit.replacement}
    return replacement


def _priority(item: tuple[int, Finding, RuleDef | None]) -> tuple:
    """Most important first: active before suppressed, then level, then security-severity."""
    position, finding, definition = item
    severity = security_severity(definition.rule.security_severity) if definition else None
    return (finding.suppression is not None, -LEVEL_RANK.get(finding.level, 0), -float(severity or 0), position)


def _most_severe(findings: list[Finding], definitions: dict[str, RuleDef], keep: int) -> list[Finding]:
    """The ``keep`` most severe findings, in their original order."""
    ranked = sorted(((n, f, definitions.get(f.rule_id)) for n, f in enumerate(findings)), key=_priority)
    kept = sorted(ranked[:keep], key=lambda item: item[0])
    return [finding for _, finding, _ in kept]


# --------------------------------------------------------------------------- render


def render(
    findings: list[Finding],
    *,
    rules: list[RuleDef],
    cwd: Path,
    errors: list[str] = (),
    exit_code: int = 0,
    sarif_category: str | None = None,
    levels: dict[str, str] | None = None,
    warn: Callable[[str], None] | None = None,
    **_: Any,
) -> str:
    """The SARIF log of one lint run (``errors`` are the run's one-line I/O errors)."""
    definitions = {d.id: d for d in rules}
    descriptors = [rule_descriptor(d) for d in rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for rule_id in sorted({f.rule_id for f in findings} - set(index)):  # never expected: keep the result valid
        index[rule_id] = len(descriptors)
        descriptors.append({"id": rule_id, "shortDescription": {"text": rule_id}})
    cut: list[str] = []
    if len(findings) > MAX_RESULTS:
        cut.append(
            f"{len(findings)} results, only the {MAX_RESULTS} most severe kept "
            f"(GitHub accepts at most {MAX_RESULTS} a run)"
        )
        findings = _most_severe(findings, definitions, MAX_RESULTS)

    def build(selected: list[Finding]) -> tuple[str, _Builder]:
        builder = _Builder(cwd, index)
        results = [builder.result(f) for f in selected]
        notifications = [_notification("error", message) for message in errors]
        notifications += builder.notifications
        notifications += [_notification("warning", message) for message in cut]
        return _dump(descriptors, index, results, notifications, exit_code, sarif_category, levels or {}), builder

    text, builder = build(findings)
    size = _gzip_size(text)
    attempts = 0
    while size > MAX_GZIP_BYTES and findings and attempts < 8:
        attempts += 1
        keep = max(0, min(len(findings) - 1, int(len(findings) * MAX_GZIP_BYTES / size * 0.9)))
        cut.append(
            f"the SARIF file is {size / 1048576:.1f} MB after gzip: only the {keep} most severe of "
            f"{len(findings)} results kept (GitHub accepts at most {MAX_GZIP_BYTES // 1048576} MB)"
        )
        findings = _most_severe(findings, definitions, keep)
        text, builder = build(findings)
        size = _gzip_size(text)
    if warn is not None:  # a line of stderr (the caller makes it safe to print)
        for message in [*builder.cut, *cut]:
            warn(f"SARIF limit: {message}")
    return text


def _gzip_size(text: str) -> int:
    data = text.encode("utf-8")
    if len(data) <= MAX_GZIP_BYTES:  # gzip only makes it smaller: no need to compress
        return len(data)
    import gzip

    return len(gzip.compress(data, compresslevel=6))


def automation_id(category: str) -> str:
    """``automationDetails.id`` for a category: the whole value is the category (a trailing ``/``).

    GitHub reads everything before the last ``/`` as the category and the rest as a run id;
    ``configs/prod`` must not become category ``configs`` with run id ``prod``.
    """
    return category if category.endswith("/") else category + "/"


def _dump(
    descriptors: list[dict],
    index: dict[str, int],
    results: list[dict],
    notifications: list[dict],
    exit_code: int,
    category: str | None,
    levels: dict[str, str],
) -> str:
    invocation: dict[str, Any] = {"executionSuccessful": exit_code in (0, 1), "exitCode": exit_code}
    overrides = [
        {"descriptor": {"id": rule_id, "index": index[rule_id]}, "configuration": {"level": level}}
        for rule_id, level in sorted(levels.items())
        if rule_id in index and level != descriptors[index[rule_id]].get("defaultConfiguration", {}).get("level")
    ]
    if overrides:
        invocation["ruleConfigurationOverrides"] = overrides
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "co-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
    }
    if category is not None:
        run["automationDetails"] = {"id": automation_id(category)}
    run["originalUriBaseIds"] = {
        SRCROOT: {
            "description": {
                "text": "The repository root: the nearest directory holding .git at or above the working directory."
            }
        }
    }
    run["invocations"] = [invocation]
    run["results"] = results
    run["columnKind"] = "unicodeCodePoints"
    sarif = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_text(json.dumps(sarif, indent=2, ensure_ascii=False)) + "\n"
