"""``path:line:col: CO201 [warning] message`` — grouped and coloured on a terminal.

Printed by default in GitHub Actions, where the runner reads a step's lines for workflow
commands: a file name that would start a line with ``::`` is written ``./::…`` and ``##[`` is
broken (:mod:`co_lint.reporters.printable`), so a file name or a value never stops or forges
annotations.
"""

from __future__ import annotations

from typing import Any

from co_lint.reporters.printable import line_start_path, no_legacy_commands
from co_lint.types import Finding

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def summary(findings: list[Finding], files: int, errors: int = 0) -> str:
    """The last line: problems and the files that have them, or how many files were checked.

    "in N files" counts the files with problems (the ones to open), not the files checked:
    a clean run says how many it checked instead.
    """
    with_problems = _plural(len({f.path for f in findings}), "file")
    if errors:
        unread = f"{_plural(errors, 'path')} could not be checked (see the errors above)"
        if not findings:
            return f"No problems in {_plural(files, 'file')} read, but {unread}."
        return f"Found {_plural(len(findings), 'problem')} in {with_problems}; {unread}."
    if not findings:
        return f"All checks passed ({_plural(files, 'file')} checked)."
    counts = {level: sum(1 for f in findings if f.level == level) for level in ("error", "warning", "note")}
    parts = ", ".join(_plural(n, level) for level, n in counts.items() if n)
    return f"Found {_plural(len(findings), 'problem')} ({parts}) in {with_problems}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def render(findings: list[Finding], *, files: int = 0, color: bool = False, errors=(), **_: Any) -> str:
    lines = []
    if color:
        current = None
        for f in findings:
            if f.path != current:
                if current is not None:
                    lines.append("")
                lines.append(f"{_BOLD}{line_start_path(f.path)}{_RESET}")
                current = f.path
            level = f"{_COLORS[f.level]}{f.level}{_RESET}"
            position = f"{f.span.start_line}:{f.span.start_col}"
            lines.append(f"  {_DIM}{position}{_RESET}  {_BOLD}{f.rule_id}{_RESET} [{level}] {f.message}")
            for related in f.related:
                where = f"{line_start_path(related.path)}:{related.span.start_line}:{related.span.start_col}"
                lines.append(f"      {_DIM}↳ {where}: {related.message}{_RESET}")
        if findings:
            lines.append("")
    else:
        for f in findings:
            where = f"{line_start_path(f.path)}:{f.span.start_line}:{f.span.start_col}"
            lines.append(f"{where}: {f.rule_id} [{f.level}] {f.message}")
            for related in f.related:
                where = f"{line_start_path(related.path)}:{related.span.start_line}:{related.span.start_col}"
                lines.append(f"    {where}: {related.message}")
    lines.append(summary(findings, files, len(errors)))
    fixable = sum(1 for f in findings if f.fix is not None)
    if fixable:
        lines.append(f"[*] {fixable} fixable with `co-lint --fix` (`--diff` to see the changes first).")
    return no_legacy_commands("\n".join(lines)) + "\n"
