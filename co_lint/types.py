"""The small value types every part of co-lint shares: levels, spans and findings.

Rules never build these by hand with line numbers: they report a JSON Pointer and the
engine resolves it to a :class:`Span` (see ``co_lint.engine``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning", "note"]
LEVELS: tuple[str, ...] = ("note", "warning", "error")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}

#: Where on a node a finding is placed: the value, its key, the start of the mapping,
#: or the first key of the mapping (rules.md §0 "Locations").
At = Literal["value", "key", "start", "first_key"]


class Abort(Exception):
    """An error that stops the whole run with exit code 2 (an account that cannot be read).

    The engine contains every other exception a rule raises as CO009; this one it lets
    through, because no finding can be right when the facts a rule compares with are missing.
    """


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based, inclusive-start/exclusive-end region of a file."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int

    @classmethod
    def at(cls, line: int, col: int) -> Span:
        """A one-character span, for positions that only know where they start."""
        return cls(line, col, line, col + 1)


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a finding refers to (the other configuration of a conflict)."""

    path: str
    span: Span
    message: str
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of the file's text (character offsets) with ``replacement``.

    ``location`` and ``end_location`` are the same two places as 1-based (line, column), the
    way findings are placed, for reports that give rows and columns (JSON): a reporter has no
    text to count lines in, so they are set when the fix is attached (None before).
    """

    start: int
    end: int
    replacement: str
    location: tuple[int, int] | None = None
    end_location: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Fix:
    """A safe, mechanical fix: what it does, and the edits that do it."""

    description: str
    edits: tuple[Edit, ...]


@dataclass(slots=True)
class Finding:
    """One located problem in one file."""

    rule_id: str
    level: str
    message: str
    path: str
    span: Span
    pointer: str = ""
    document: int = 0
    related: list[Related] = field(default_factory=list)
    fingerprint_value: str = ""
    fix: Fix | None = None
    #: Why a finding is suppressed but kept (for SARIF): "inSource" (a comment) or "external"
    #: (settings, baseline). None for an active finding.
    suppression: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.span.start_line, self.span.start_col, self.rule_id, self.message)
