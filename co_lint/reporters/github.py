"""GitHub Actions workflow-command annotations (``::error file=…,line=…::message``)."""

from __future__ import annotations

from typing import Any

from co_lint.types import Finding

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding], **_: Any) -> str:
    lines = []
    for f in findings:
        s = f.span
        props = (
            f"file={escape_property(f.path)},line={s.start_line},endLine={s.end_line},"
            f"col={s.start_col},endColumn={s.end_col},title={escape_property(f.rule_id)}"
        )
        lines.append(f"::{_COMMAND[f.level]} {props}::{escape_data(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
