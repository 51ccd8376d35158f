"""The small value types every part of co-lint shares: levels, spans and findings.

Rules never build these by hand with line numbers: they report a JSON Pointer and the
engine resolves it to a :class:`Span` (see ``co_lint.engine``).
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

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


class Record:
    """Equality, ``repr`` and :meth:`replace` of a plain class, read from its ``__slots__``.

    co-lint's records are plain slotted classes (their values ``typing.NamedTuple``), not
    dataclasses: ``import dataclasses`` pulls in ``inspect``, ``ast``, ``dis`` and
    ``tokenize``, and each dataclass writes its methods with ``exec`` when its module loads.
    Measured on a one-file run (pre-commit's case, paid on every commit): 10 ms of imports
    and 15 ms for 21 classes, a quarter of the run's 95 ms. A subclass lists its fields in
    ``__slots__`` and sets them in its own ``__init__``.
    """

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable: equal records may not stay equal

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__ if not name.startswith("_"))
        return f"{type(self).__name__}({fields})"

    def replace(self, **changes: Any) -> Any:
        """A copy with ``changes`` (as :func:`dataclasses.replace`); unknown names are an error."""
        unknown = set(changes).difference(self.__slots__)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(type(self))
        for name in self.__slots__:
            object.__setattr__(copy, name, changes[name] if name in changes else getattr(self, name))
        return copy


class Span(NamedTuple):
    """A 1-based, inclusive-start/exclusive-end region of a file."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int

    @classmethod
    def at(cls, line: int, col: int) -> Span:
        """A one-character span, for positions that only know where they start."""
        return cls(line, col, line, col + 1)


class Related(NamedTuple):
    """Another place a finding refers to (the other configuration of a conflict)."""

    path: str
    span: Span
    message: str
    pointer: str = ""


class Edit(NamedTuple):
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


class Fix(NamedTuple):
    """A safe, mechanical fix: what it does, and the edits that do it."""

    description: str
    edits: tuple[Edit, ...]


class Finding(Record):
    """One located problem in one file."""

    __slots__ = (
        "rule_id",
        "level",
        "message",
        "path",
        "span",
        "pointer",
        "document",
        "related",
        "fingerprint_value",
        "fix",
        "suppression",
    )

    def __init__(
        self,
        rule_id: str,
        level: str,
        message: str,
        path: str,
        span: Span,
        pointer: str = "",
        document: int = 0,
        related: list[Related] | None = None,
        fingerprint_value: str = "",
        fix: Fix | None = None,
        suppression: str | None = None,
    ) -> None:
        self.rule_id = rule_id
        self.level = level
        self.message = message
        self.path = path
        self.span = span
        self.pointer = pointer
        self.document = document
        self.related: list[Related] = [] if related is None else related
        self.fingerprint_value = fingerprint_value
        self.fix = fix
        #: Why a finding is suppressed but kept (for SARIF): "inSource" (a comment) or
        #: "external" (settings, baseline). None for an active finding.
        self.suppression = suppression

    def __reduce__(self) -> tuple:
        """Pickled as its values in order: a worker process sends thousands of findings."""
        return (Finding, tuple(getattr(self, name) for name in Finding.__slots__))

    def sort_key(self) -> tuple:
        return (self.path, self.span.start_line, self.span.start_col, self.rule_id, self.message)
