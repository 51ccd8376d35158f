"""A stable JSON list of findings (documented in the README; fields are only ever added)."""

from __future__ import annotations

import json
from typing import Any

from co_lint.types import Finding


def finding_dict(f: Finding) -> dict:
    return {
        "file": f.path,
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
            {"file": r.path, "line": r.span.start_line, "column": r.span.start_col, "message": r.message}
            for r in f.related
        ],
    }


def render(findings: list[Finding], **_: Any) -> str:
    return json.dumps([finding_dict(f) for f in findings], indent=2, ensure_ascii=False) + "\n"
