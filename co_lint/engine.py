"""The check step: schema, per-configuration rules, cross-configuration rules, precedence.

Input is loaded files; output is located findings. Rules report JSON Pointers; this module
alone turns them into spans, applies levels, precedence and selection, and contains rule
crashes (CO009) so one broken rule never stops the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from co_lint.loader import SourceFile, split_pointer
from co_lint.model import Configuration
from co_lint.precedence import apply_precedence
from co_lint.rule import FileHit, Hit, RuleDef
from co_lint.schema import SchemaChecker
from co_lint.types import LEVEL_RANK, Abort, Finding, Related, Span


def value_at(data: Any, pointer: str) -> Any:
    """The value at ``pointer`` or None."""
    for token in split_pointer(pointer):
        if isinstance(data, dict):
            data = data.get(token)
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


def fingerprint_text(value: Any) -> str:
    """The value a finding's fingerprint hashes (with its pointer): a scalar's text; "" for a
    mapping or a list, whose contents change with every edit inside it. A finding located at
    a container needs another distinguishing value when it can share its pointer with another
    finding of its rule (see :class:`co_lint.schema.SchemaFinding`)."""
    if isinstance(value, (dict, list)):
        return ""
    return str(value)


_LINE_BREAK = re.compile("\r\n|\r|\n")


def clamp_spans(findings: list[Finding], sources: list[SourceFile]) -> None:
    """Keep every span inside its file: a parser may place an error at the end of the stream,
    one line past the last, and viewers (SARIF, editors) reject positions outside the file."""
    texts = {source.display: source.text for source in sources if source.text is not None}
    lengths: dict[str, list[int]] = {}
    for finding in findings:
        text = texts.get(finding.path)
        if text is None:
            continue
        if finding.path not in lengths:
            lines = _LINE_BREAK.split(text)
            if len(lines) > 1 and lines[-1] == "":
                lines.pop()  # a final newline ends the last line; it does not start another
            lengths[finding.path] = [len(line) for line in lines]
        finding.span = clamp(finding.span, lengths[finding.path])


def clamp(span: Span, line_lengths: list[int]) -> Span:
    """``span`` inside the file. A position past the last line (libyaml's end of the stream,
    after the final newline) is the end of the last line, the same place in the text: not
    its column 1 (an unclosed quote is at ``1:18``, after ``displayName: "abc``, not at
    ``1:1``; a document that runs to the end of the file ends after its last character)."""
    start_line, start_col = _clamp_position(span.start_line, span.start_col, line_lengths)
    end_line, end_col = _clamp_position(max(span.end_line, start_line), span.end_col, line_lengths)
    if end_line == start_line and end_col < start_col:
        end_col = start_col
    if (start_line, start_col, end_line, end_col) == (span.start_line, span.start_col, span.end_line, span.end_col):
        return span
    return Span(start_line, start_col, end_line, end_col)


def _clamp_position(line: int, col: int, line_lengths: list[int]) -> tuple[int, int]:
    if line > len(line_lengths):
        return len(line_lengths), line_lengths[-1] + 1
    line = max(line, 1)
    return line, min(max(col, 1), line_lengths[line - 1] + 1)


def mask_messages(findings: list[Finding]) -> None:
    """Mask every credential any message quotes, whichever rule wrote it (rules.md §8)."""
    if not findings:
        return
    from co_lint.secrets import mask_secrets

    for finding in findings:
        # One finding, one line: a block scalar's newline must not break the text report.
        finding.message = mask_secrets(finding.message).replace("\r", "\\r").replace("\n", "\\n")
        finding.related = [Related(r.path, r.span, mask_secrets(r.message), r.pointer) for r in finding.related]


class Engine:
    """Runs every enabled rule over a set of configuration files."""

    __slots__ = ("rules", "enabled", "levels", "schema", "_per_config_rules", "_rule_ids")

    def __init__(
        self,
        rules: list[RuleDef],
        enabled: Callable[[str], bool] = lambda rule_id: True,
        levels: dict[str, str] | None = None,
        schema: SchemaChecker | None = None,
    ) -> None:
        self.rules = rules
        self.enabled = enabled
        self.levels: dict[str, str] = {} if levels is None else levels
        self.schema = schema
        self._per_config_rules: list[RuleDef] | None = None
        self._rule_ids: frozenset[str] | None = None

    def run(
        self,
        sources: list[SourceFile],
        reported: Callable[[str], bool] = lambda path: True,
        scope_of: Callable[[str], str] = lambda path: "",
    ) -> list[Finding]:
        """Lint ``sources`` as one project; keep findings whose file ``reported`` accepts."""
        findings, configs = self.check_files(sources, reported)
        findings += self.check_project(configs, scope_of)
        return self.finish(findings, sources, reported)

    def check_files(
        self, sources: list[SourceFile], reported: Callable[[str], bool] = lambda path: True
    ) -> tuple[list[Finding], list[Configuration]]:
        """Input, schema and per-configuration findings of the reported files, and every configuration.

        Each configuration's rules run right after its schema step; then its node tree and
        string list are released (recomputed on demand), so a large run holds values only.
        YAML files that are not reported still go through the schema step: it repairs CO003
        values, which cross-configuration rules compare. A JSON file has nothing to repair
        (JSON writes every type explicitly), so one not reported skips it.
        """
        if self.schema is None:  # loaded once: workers call this once per file
            self.schema = SchemaChecker.load_default()
        schema = self.schema
        per_config = self._per_config()
        findings: list[Finding] = []
        configs: list[Configuration] = []
        for source in sources:
            is_reported = reported(source.display)
            if is_reported:
                findings.extend(source.findings)
            nothing_to_repair = not is_reported and source.kind == "json"
            for document in source.documents:
                if not source.cached and not nothing_to_repair:
                    for item in schema.check(document):  # also repairs CO003 values, reported or not
                        if is_reported:
                            findings.append(self._schema_finding(source, document, item))
                config = Configuration(document)
                config.reported = is_reported
                configs.append(config)
                if is_reported:
                    for definition in per_config:
                        if config.is_mapping or definition.rule.raw:
                            self.collect(definition, definition.check, config, config, findings)
                config.release()
        return findings, configs

    def is_enabled(self, rule_id: str) -> bool:
        """Whether the run has the rule ``rule_id`` (loaded and enabled)."""
        if self._rule_ids is None:
            self._rule_ids = frozenset(d.id for d in self.rules if self.enabled(d.id))
        return rule_id in self._rule_ids

    def _per_config(self) -> list[RuleDef]:
        """The enabled per-configuration rules, worked out once per engine."""
        if self._per_config_rules is None:
            self._per_config_rules = [d for d in self.rules if d.check is not None and self.enabled(d.id)]
        return self._per_config_rules

    def check_project(self, configs: list[Configuration], scope_of: Callable[[str], str] = lambda path: "") -> list:
        """Cross-configuration findings (CO3xx, and per-file notes that need a whole file)."""
        findings: list[Finding] = []
        per_project = [d for d in self.rules if d.check_project is not None and self.enabled(d.id)]
        if not per_project:
            return findings
        scopes: dict[str, list[Configuration]] = {}
        for config in configs:
            # A project file that was not given joins only if it looks like a configuration
            # (a repository also holds package.json and the like).
            if config.is_mapping and (config.reported or config.looks_like_configuration):
                scopes.setdefault(scope_of(config.path), []).append(config)
        for definition in per_project:
            for members in scopes.values():
                self.collect(definition, definition.check_project, members, members[0], findings)
        return findings

    def finish(
        self, findings: list[Finding], sources: list[SourceFile], reported: Callable[[str], bool] = lambda path: True
    ) -> list[Finding]:
        """Selection, precedence, levels, masking and clamping, then a stable order."""
        # Selection comes before precedence: a rule turned off does not hide the one it would win over.
        return self.settle(
            apply_precedence([f for f in findings if self.enabled(f.rule_id) and reported(f.path)]), sources
        )

    def settle(self, findings: list[Finding], sources: list[SourceFile]) -> list[Finding]:
        """Selection, levels, masking and clamping, then a stable order; alone (without the
        precedence and ``reported`` filter of :meth:`finish`) for findings made beside the
        engine's own run (``--base``, ``--live``), which name files the run may not have read."""
        findings = [f for f in findings if self.enabled(f.rule_id)]
        for finding in findings:
            if finding.rule_id in self.levels:
                finding.level = self.levels[finding.rule_id]
        mask_messages(findings)
        clamp_spans(findings, sources)
        findings.sort(key=Finding.sort_key)
        return findings

    @staticmethod
    def _schema_finding(source: SourceFile, document, item) -> Finding:
        return Finding(
            item.rule_id,
            "note" if item.rule_id == "CO107" else "error",
            item.message,
            source.display,
            document.span(item.pointer, item.at),
            pointer=item.pointer,
            document=document.index,
            fingerprint_value=(
                item.fingerprint
                if item.fingerprint is not None
                else fingerprint_text(value_at(document.value, item.pointer))
            ),
        )

    def collect(
        self,
        definition: RuleDef,
        produce: Callable[[Any], Iterable[Hit]],
        argument: Any,
        context: Configuration | str,
        out: list,
    ) -> None:
        """Run one rule function; ``context`` (a configuration, or a path) places a crash (CO009)."""
        try:
            for hit in produce(argument) or ():
                if isinstance(hit, FileHit):
                    out.append(
                        Finding(
                            definition.id,
                            definition.rule.level,
                            hit.message,
                            hit.path,
                            Span.at(1, 1),
                            document=hit.document,
                            fingerprint_value=hit.fingerprint,
                        )
                    )
                elif hit.config.reported:  # locate only what will be reported
                    out.append(self._locate(definition, hit))
        except (Abort, KeyboardInterrupt):
            raise
        # Any other exception is a broken rule: CO009, and the others still run. SystemExit
        # too (and other BaseExceptions: a test framework's): a rule calling sys.exit() would
        # otherwise end the run with its exit code and no report.
        except BaseException as exc:  # noqa: BLE001
            out.append(
                Finding(
                    "CO009",
                    "error",
                    f"rule {definition.id} ({definition.rule.name}, {definition.origin}) crashed: "
                    f"{type(exc).__name__}: {exc}",
                    context if isinstance(context, str) else context.path,
                    Span.at(1, 1),
                    document=0 if isinstance(context, str) else context.document.index,
                )
            )

    def _locate(self, definition: RuleDef, hit: Hit) -> Finding:
        if hit.level is not None and hit.level not in LEVEL_RANK:
            # Every report ranks levels: an unknown one would fail there, far from the rule.
            raise ValueError(f"Hit level {hit.level!r} is not one of {', '.join(LEVEL_RANK)}")
        config = hit.config
        related = [
            Related(other.path, other.document.span(pointer, at), message, pointer)
            for other, pointer, at, message in hit.related
        ]
        value = hit.fingerprint if hit.fingerprint is not None else fingerprint_text(value_at(config.data, hit.pointer))
        return Finding(
            definition.id,
            hit.level or definition.rule.level,
            hit.message,
            config.path,
            config.document.span(hit.pointer, hit.at),
            pointer=hit.pointer,
            document=config.document.index,
            related=related,
            fingerprint_value=value,
        )
