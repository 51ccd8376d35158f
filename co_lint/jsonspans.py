"""Positions for JSON documents, computed only when a finding needs one.

``json.loads`` is fast but forgets where things are. When a finding lands in a JSON file
this module scans the text once more, iteratively (deep nesting cannot overflow the
stack), and records the offsets of every key and value by JSON Pointer.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from json.decoder import scanstring

from co_lint.types import Span

_WS = re.compile(r"[ \t\n\r]*")
_LITERAL = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class JsonLocator:
    """Lazily maps JSON Pointers to key and value offsets in a JSON text."""

    def __init__(self, text: str | None, path=None) -> None:
        self._text = text
        self._path = path
        self._values: dict[str, tuple[int, int]] | None = None
        self._keys: dict[str, tuple[int, int]] = {}
        self._first_keys: dict[str, str] = {}
        self._duplicates: list[tuple[str, str]] = []
        #: The later occurrence of a duplicated key (CO002 is placed there; "key" is the first).
        self._duplicate_keys: dict[str, tuple[int, int]] = {}
        self._line_starts: list[int] | None = None

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
        """Forget the offsets (they are computed again if a position is asked for later)."""
        self._values, self._keys, self._first_keys, self._line_starts = None, {}, {}, None
        self._duplicate_keys = {}

    def duplicate_keys(self) -> list[tuple[str, str]]:
        if self._values is None:
            self._scan()
        return list(self._duplicates)

    def _position(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _span(self, offsets: tuple[int, int]) -> Span:
        start_line, start_col = self._position(offsets[0])
        end_line, end_col = self._position(offsets[1])
        return Span(start_line, start_col, end_line, end_col)

    def span(self, pointer: str, at: str = "value") -> Span:
        if self._values is None:
            self._scan()
        values = self._values or {}
        if at == "key" and pointer in self._keys:
            return self._span(self._keys[pointer])
        if at == "first_key" and pointer in self._first_keys:
            return self._span(self._first_keys[pointer])
        if at == "duplicate_key" and pointer in self._duplicate_keys:
            return self._span(self._duplicate_keys[pointer])
        while pointer and pointer not in values:
            pointer = pointer.rsplit("/", 1)[0]
        if pointer in values:
            return self._span(values[pointer])
        return Span.at(1, 1)

    def plain_scalar_text(self, pointer: str) -> str | None:
        return None
