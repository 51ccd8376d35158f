"""Reporters: one module per output format, each a pure function from findings to text.

Imported lazily: a run pays only for the format it prints.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from co_lint.types import Finding

_MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github"}


def render(format_name: str, findings: list[Finding], **context: Any) -> str:
    module = import_module(f"co_lint.reporters.{_MODULES[format_name]}")
    return module.render(findings, **context)
