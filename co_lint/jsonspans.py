"""Positions for JSON documents, computed only when a finding needs one.

``json.loads`` is fast but forgets where things are. When a finding lands in a JSON file
this module scans the text once more, iteratively (deep nesting cannot overflow the
stack), and records the offsets of every key and value by JSON Pointer.

The first positions asked of a locator are found without that scan: :meth:`JsonLocator._seek`
follows the pointer alone, stepping over the values beside it with the json module's C
scanner, for the same answer in less than half the time. A file's findings usually need
one or two positions (a cross-file finding's related location needs one or two of each of
hundreds of files), and the whole scan of a configuration costs a third of a millisecond.
A seek starts from the deepest node on its way that an earlier one found, so the offsets
a fix asks for next to its finding (:meth:`JsonLocator.offsets`) cost little.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from json.decoder import JSONDecoder, scanstring
from json.scanner import make_scanner

from co_lint.types import Span

_WS = re.compile(r"[ \t\n\r]*")
_LITERAL = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


#: ``scan_once(text, offset)`` -> (value, end offset): the json module's scanner (its C version when
#: built), as ``json.loads`` runs it. :meth:`JsonLocator._seek` steps over values with it.
_SCAN_ONCE = make_scanner(JSONDecoder())
#: After this many positions found by :meth:`JsonLocator._seek`, a locator scans its whole text once.
_SEEKS = 8
#: The same bound for :meth:`JsonLocator.offsets`: a fix's positions are next to its finding's
#: (five for a CO201 mirror), where a seek starts from a node found before and costs little.
_FIX_SEEKS = 64
#: After this many offsets counted into (line, column), a locator builds a table of line starts.
_COUNTED = 16


class _Unsure(Exception):
    """:meth:`JsonLocator._seek` cannot answer like the whole scan (a duplicate key, a malformed text)."""


class JsonLocator:
    """Lazily maps JSON Pointers to key and value offsets in a JSON text."""

    def __init__(self, text: str | None, path=None, parsed: bool = False) -> None:
        """``parsed``: ``json.loads`` read this very text and met no key twice (the loader
        knows): the text is well formed, so :meth:`_seek` checks nothing before its first
        answer, and a name is held by one member of its object, so a seek stops at that
        member instead of stepping over the rest to notice a second one (a file's findings
        ask each position right after it is read, and that stepping over read the file's
        values three or four times)."""
        self._text = text
        self._path = path
        self._values: dict[str, tuple[int, int]] | None = None
        self._keys: dict[str, tuple[int, int]] = {}
        self._first_keys: dict[str, str] = {}
        self._duplicates: list[tuple[str, str]] = []
        #: The later occurrence of a duplicated key (CO002 is placed there; "key" is the first).
        self._duplicate_keys: dict[str, tuple[int, int]] = {}
        self._line_starts: list[int] | None = None
        #: How many positions :meth:`_seek` has found (it gives way to :meth:`_scan` after :data:`_SEEKS`).
        self._seeks = 0
        #: Whether :meth:`_seek` found the text's value well formed (one C scan, before its first answer).
        self._valid = parsed
        #: Whether no object of the text holds a name twice.
        self._unique = parsed
        #: How many offsets :meth:`_position` counted without a table of line starts.
        self._counted = 0
        #: Where :meth:`_seek` found a node: pointer -> (value offset, key offsets or None). A
        #: later seek starts from the deepest one on its way (a fix asks for the rule its
        #: finding was placed in, that rule's members, its list's first items).
        self._found: dict[str, tuple[int, tuple[int, int] | None]] = {}

    @property
    def text(self) -> str:
        """The JSON text; read again from ``path`` when it was not kept (worker runs)."""
        if self._text is None:
            from co_lint.loader import read_text

            self._text = read_text(self._path)
        return self._text

    # -- scanning ---------------------------------------------------------------

    def _scan(self) -> None:
        text = self.text
        values: dict[str, tuple[int, int]] = {}
        # A frame is [kind ("o" or "a"), pointer, start offset, item index, keys seen].
        stack: list[list] = []
        pos = _WS.match(text, 0).end()
        pointer = ""
        while pos < len(text):
            char = text[pos]
            if char in "{[":
                frame = ["o" if char == "{" else "a", pointer, pos, 0, set()]
                stack.append(frame)
                pos = _WS.match(text, pos + 1).end()
                if text[pos : pos + 1] not in ("}", "]"):
                    if frame[0] == "o":
                        pos, pointer = self._key(frame, pos)
                    else:
                        pointer = f"{frame[1]}/0"
                    continue
            elif char == '"':
                end = scanstring(text, pos + 1)[1]
                values[pointer] = (pos, end)
                pos = end
            else:
                match = _LITERAL.match(text, pos)
                if match is None:
                    break
                values[pointer] = (pos, match.end())
                pos = match.end()
            # After a value: close finished containers, then move to the next item.
            pos = _WS.match(text, pos).end()
            while stack and text[pos : pos + 1] in ("}", "]"):
                frame = stack.pop()
                values[frame[1]] = (frame[2], pos + 1)
                pos = _WS.match(text, pos + 1).end()
            if not stack or text[pos : pos + 1] != ",":
                break
            frame = stack[-1]
            pos = _WS.match(text, pos + 1).end()
            if frame[0] == "o":
                pos, pointer = self._key(frame, pos)
            else:
                frame[3] += 1
                pointer = f"{frame[1]}/{frame[3]}"
        self._values = values

    def _key(self, frame: list, pos: int) -> tuple[int, str]:
        """Read ``"key" :`` at ``pos``; return the position of the value and its pointer."""
        name, end = scanstring(self.text, pos + 1)
        pointer = f"{frame[1]}/{_escape(name)}"
        if name in frame[4]:
            self._duplicates.append((pointer, name))
            self._duplicate_keys[pointer] = (pos, end)
        else:
            self._keys[pointer] = (pos, end)
        frame[4].add(name)
        if frame[1] not in self._first_keys:
            self._first_keys[frame[1]] = (pos, end)
        colon = _WS.match(self.text, end).end()
        return _WS.match(self.text, colon + 1).end(), pointer

    # -- queries ----------------------------------------------------------------

    def release(self) -> None:
        """Forget the whole scan's offsets (they are computed again if a position is asked for
        later). What seeks found stays: a few nodes on the ways of the positions asked, from
        which a fix's seeks start (fixes are worked out after the engine releases a file)."""
        self._values, self._keys, self._first_keys, self._line_starts = None, {}, {}, None
        self._duplicate_keys = {}
        self._seeks = self._counted = 0

    def duplicate_keys(self) -> list[tuple[str, str]]:
        if self._values is None:
            self._scan()
        return list(self._duplicates)

    def _position(self, offset: int) -> tuple[int, int]:
        """(line, column) of ``offset``, both from 1.

        The first few are counted in the text (C speed: a table of line starts costs more
        than a handful of positions); after :data:`_COUNTED` a table of line starts is built.
        """
        if self._line_starts is None:
            if self._counted < _COUNTED:
                self._counted += 1
                text = self.text
                return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _span(self, offsets: tuple[int, int]) -> Span:
        start_line, start_col = self._position(offsets[0])
        end_line, end_col = self._position(offsets[1])
        return Span(start_line, start_col, end_line, end_col)

    def span(self, pointer: str, at: str = "value") -> Span:
        offsets = self._offsets(pointer, at, _SEEKS)
        return Span.at(1, 1) if offsets is None else self._span(offsets)

    def offsets(self, pointer: str, at: str = "value") -> tuple[int, int]:
        """The start and end offsets of what :meth:`span` gives (a fix edits the text by offset).

        Where :meth:`span` finds nothing (``Span.at(1, 1)``) this is (0, 1), the offsets of that span.
        """
        offsets = self._offsets(pointer, at, _FIX_SEEKS)
        return (0, 1) if offsets is None else offsets

    def _offsets(self, pointer: str, at: str, seeks: int) -> tuple[int, int] | None:
        """The offsets of the node at ``pointer``: sought while fewer than ``seeks`` were, else scanned."""
        if self._values is None and self._seeks < seeks and at != "duplicate_key":
            try:
                offsets = self._seek(pointer, at)
            except _Unsure:
                offsets = None
            if offsets is not None:
                self._seeks += 1
                return offsets
        if self._values is None:
            self._scan()
        values = self._values or {}
        if at == "key" and pointer in self._keys:
            return self._keys[pointer]
        if at == "first_key" and pointer in self._first_keys:
            return self._first_keys[pointer]
        if at == "duplicate_key" and pointer in self._duplicate_keys:
            return self._duplicate_keys[pointer]
        while pointer and pointer not in values:
            pointer = pointer.rsplit("/", 1)[0]
        if pointer in values:
            return values[pointer]
        return None

    def _seek(self, pointer: str, at: str) -> tuple[int, int] | None:
        """The offsets :meth:`span` gives after :meth:`_scan`, found by following ``pointer`` alone.

        It answers only for a well-formed text (checked once with the C scanner: the whole
        scan of a malformed one may stop early or fail, and the text is read again from the
        file when it was not kept). At each object on the way every member is read (its value
        stepped over by the C scanner), so that a key met twice is noticed: the whole scan
        then answers (it keeps the first occurrence's key and the last one's value). None (or
        :class:`_Unsure`) when only the whole scan can answer: a malformed text, a duplicate
        key on the way, a pointer that is not one.
        """
        if pointer and not pointer.startswith("/"):
            return None
        text = self.text
        scan = _SCAN_ONCE
        ws = _WS.match
        unique = self._unique
        if not self._valid:
            try:  # the whole scan of a malformed text can stop early or fail: only it can answer
                scan(text, ws(text, 0).end())
            except (ValueError, StopIteration, RecursionError):
                return None
            self._valid = True
        found_before = self._found
        if not found_before:
            found_before[""] = (ws(text, 0).end(), None)
        # Start from the deepest node on the way that a seek found before (the root at least).
        way = pointer
        while way not in found_before:
            way = way[: way.rfind("/")]
        start, key = found_before[way]
        tokens = pointer[len(way) :].split("/")[1:]
        try:
            for token in tokens:
                char = text[start : start + 1]
                found: tuple[int, int, int] | None = None  # key start, key end, value start
                # Without ``~`` the token is the key's name: no key holding ``/`` or ``~`` matches it.
                plain = "~" not in token
                if char == "{":
                    pos = ws(text, start + 1).end()
                    if text[pos : pos + 1] != "}":
                        while True:
                            if text[pos : pos + 1] != '"':
                                raise _Unsure
                            name, end = scanstring(text, pos + 1)
                            colon = ws(text, end).end()
                            if text[colon : colon + 1] != ":":
                                raise _Unsure
                            value = ws(text, colon + 1).end()
                            if (name == token) if plain else (_escape(name) == token):
                                if found is not None:
                                    raise _Unsure  # a duplicate key
                                found = (pos, end, value)
                                if unique:
                                    break  # no second member of this name to notice
                            after = ws(text, scan(text, value)[1]).end()
                            if text[after : after + 1] == "}":
                                break
                            if text[after : after + 1] != ",":
                                raise _Unsure
                            pos = ws(text, after + 1).end()
                elif char == "[":
                    pos = ws(text, start + 1).end()
                    if text[pos : pos + 1] != "]":
                        index = 0
                        while True:
                            if str(index) == token:
                                found = (-1, -1, pos)
                                break
                            after = ws(text, scan(text, pos)[1]).end()
                            if text[after : after + 1] == "]":
                                break
                            if text[after : after + 1] != ",":
                                raise _Unsure
                            pos = ws(text, after + 1).end()
                            index += 1
                if found is None:
                    key = None
                    break  # not here: the whole scan walks up to this node
                key = (found[0], found[1]) if found[0] >= 0 else None
                start = found[2]
                way = f"{way}/{token}"
                found_before[way] = (start, key)
            else:
                if at == "key" and key is not None:
                    return key
                if at == "first_key" and text[start : start + 1] == "{":
                    first = ws(text, start + 1).end()
                    if text[first : first + 1] == '"':
                        scan(text, start)  # the object is well formed
                        return first, scanstring(text, first + 1)[1]
            if start >= len(text):
                return None
            return start, scan(text, start)[1]
        except (ValueError, StopIteration, RecursionError, IndexError):
            raise _Unsure from None

    def plain_scalar_text(self, pointer: str) -> str | None:
        return None
