"""A stable JSON list of findings (documented in the README; fields are only ever added)."""

from __future__ import annotations

import json
from typing import Any

from co_lint.reporters.printable import json_text, printable_path
from co_lint.types import Finding, Fix


def finding_dict(f: Finding) -> dict:
    return {
        "file": printable_path(f.path),
        "line": f.span.start_line,
        "column": f.span.start_col,
        "end_line": f.span.end_line,
        "end_column": f.span.end_col,
        "rule": f.rule_id,
        "level": f.level,
        "message": f.message,
        "pointer": f.pointer,
        "document": f.document,
        "related": [
            {
                "file": printable_path(r.path),
                "line": r.span.start_line,
                "column": r.span.start_col,
                "message": r.message,
            }
            for r in f.related
        ],
        "fix": fix_dict(f.fix),
    }


def fix_dict(fix: Fix | None) -> dict | None:
    """A safe fix as ruff's JSON gives one: what it does, and its edits by row and column.

    Rows and columns are 1-based and count as the finding's own ``line``/``column`` do; an
    edit replaces the text from ``location`` up to (not including) ``end_location`` with
    ``content`` (an insertion has both equal, a deletion an empty ``content``).
    """
    if fix is None or not fix.edits:
        return None
    return {
        "message": fix.description,
        "applicability": "safe",
        "edits": [
            {
                "content": edit.replacement,
                "location": _location(edit.location),
                "end_location": _location(edit.end_location),
            }
            for edit in sorted(fix.edits, key=lambda e: (e.start, e.end))
        ],
    }


def _location(position: tuple[int, int] | None) -> dict | None:
    return None if position is None else {"row": position[0], "column": position[1]}


def render(findings: list[Finding], **_: Any) -> str:
    """Messages and paths arrive escaped; a lone surrogate left in other text (a fix's content,
    a pointer) is written as its JSON escape, so the report can always be written."""
    return json_text(json.dumps([finding_dict(f) for f in findings], indent=2, ensure_ascii=False)) + "\n"
