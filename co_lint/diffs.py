"""The unified diff of ``--diff``: a patch that ``git apply`` and GNU ``patch -p1`` both apply.

* Lines end at ``\\n`` only (``str.splitlines`` also splits at ``\\r``, ``\\x0b``, ``\\x0c``,
  ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and U+2029, which patch tools do not): a CRLF line keeps
  its ``\\r``, and only the last line of a text can lack its newline (``\\ No newline at end of
  file``).
* File names are quoted as git quotes them (:func:`quote_name`).
* The hunks are those of :func:`difflib.unified_diff` (3 lines of context), except that
  thousands of edits no longer take quadratic time (:class:`AnchoredMatcher`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

#: How git writes the characters it escapes in a quoted name (``quote_c_style``).
_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}


def split_lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n`` (the newline kept); a last line without one is kept too."""
    lines = text.split("\n")
    last = lines.pop()
    lines = [line + "\n" for line in lines]
    if last:
        lines.append(last)
    return lines


def quote_name(name: str) -> str:
    """A header's file name as git writes it (``quote_c_style``): in double quotes, C-escaped,
    when it holds a control character, DEL, ``"`` or ``\\``, or bytes that are not UTF-8 (which
    Python holds as surrogate escapes: written as git writes them, ``\\351``); otherwise as it
    is. Other non-ASCII characters stay as they are (git writes their bytes in octal too, but
    ``git apply`` and ``patch`` read them either way, and a reader can too).

    A name holding ``##[`` is quoted too, its ``[`` written ``\\133``: a GitHub Actions log
    reads ``##[command]`` anywhere in a line, and ``git apply`` and ``patch`` read the octal
    escape back as ``[`` (the same file).
    """
    if "##[" in name:
        return _quoted(name).replace("##[", "##\\133")
    if not any(_needs_quote(char) for char in name):
        return name
    return _quoted(name)


def _quoted(name: str) -> str:
    """``name`` in double quotes, C-escaped as git's ``quote_c_style`` escapes it."""
    out = []
    for char in name:
        code = ord(char)
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\{code:03o}")
        elif 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of the name
            out.append(f"\\{code - 0xDC00:03o}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _needs_quote(char: str) -> bool:
    return char < " " or char in '"\\\x7f' or "\udc80" <= char <= "\udcff"


def header(prefix: str, name: str) -> str:
    """``a/NAME`` or ``b/NAME`` for a ``---``/``+++`` line, quoted when needed; a name with a
    space ends with a tab, as git writes it (GNU patch would otherwise stop at the space)."""
    return quote_name(prefix + name) + ("\t" if " " in name else "")


class _OverBudget(Exception):
    """difflib's own search has scanned more lines than the texts hold many times over."""


class AnchoredMatcher(difflib.SequenceMatcher):
    """A :class:`difflib.SequenceMatcher` that stays fast when the texts differ in many places.

    difflib's search for matching blocks runs first, as it is, counting the lines its
    :meth:`find_longest_match` scans: for a few edits (what fixes usually make) it finishes
    within a few dozen passes over the texts, and the diff is exactly difflib's. Each block it
    finds makes it scan the ranges around it again, so thousands of edits (a mirror rule added
    after each of 3,000 rules) take quadratic time; past that budget the blocks are found from
    anchors instead, as patience diff does: the lines that occur exactly once in each text and
    keep their order are matched first, each extended over the equal lines around it, and
    difflib's own search (with the junk heuristic of the whole texts) runs only between them
    (a large range between anchors is anchored again first, see :attr:`LARGE`).
    """

    #: Lines difflib may scan per line of the two texts, and once, before the anchors are used.
    BUDGET_PER_LINE = 32
    BUDGET = 50_000

    _budget: int | None = None

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):  # type: ignore[override]
        if self._budget is not None:
            self._budget -= (len(self.a) if ahi is None else ahi) - alo + (len(self.b) if bhi is None else bhi) - blo
            if self._budget < 0:
                raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)

    def get_matching_blocks(self) -> list:  # type: ignore[override]
        if self.matching_blocks is not None:
            return self.matching_blocks
        self._budget = self.BUDGET + self.BUDGET_PER_LINE * (len(self.a) + len(self.b))
        try:
            return super().get_matching_blocks()
        except _OverBudget:
            pass
        finally:
            self._budget = None
        return self.anchored_blocks()

    def anchored_blocks(self) -> list:
        """The matching blocks found from anchors (see the class)."""
        a, b = self.a, self.b
        blocks: list[tuple[int, int, int]] = []
        self._anchored(0, len(a), 0, len(b), _anchors(a, b, 0, len(a), 0, len(b)), blocks)
        blocks.sort()
        merged: list[tuple[int, int, int]] = []
        for i, j, k in blocks:
            if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
                merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + k)
            else:
                merged.append((i, j, k))
        merged.append((len(a), len(b), 0))
        self.matching_blocks = [difflib.Match(*block) for block in merged]
        return self.matching_blocks

    #: A range between anchors this large (lines of one text times lines of the other: both
    #: a few hundred lines) is anchored again, once, before difflib searches what is left of
    #: it: on the lines as often in each of its parts (the first with the first, and so on).
    LARGE = 250_000

    def _anchored(
        self, alo: int, ahi: int, blo: int, bhi: int, anchors: list, blocks: list, again: bool = True
    ) -> None:
        """The blocks of the range: each anchor's, extended over the equal lines around it,
        and those of the ranges between them."""
        a, b = self.a, self.b
        i0, j0 = alo, blo  # the end of the last block
        for i, j in anchors:
            if i < i0 or j < j0:
                continue  # inside the last block (an anchor it was extended over)
            start_i, start_j = i, j
            while start_i > i0 and start_j > j0 and a[start_i - 1] == b[start_j - 1]:
                start_i, start_j = start_i - 1, start_j - 1
            self._between(i0, start_i, j0, start_j, blocks, again)
            end_i, end_j = i + 1, j + 1
            while end_i < ahi and end_j < bhi and a[end_i] == b[end_j]:
                end_i, end_j = end_i + 1, end_j + 1
            blocks.append((start_i, start_j, end_i - start_i))
            i0, j0 = end_i, end_j
        self._between(i0, ahi, j0, bhi, blocks, again)

    def _between(self, alo: int, ahi: int, blo: int, bhi: int, blocks: list, again: bool) -> None:
        if again and (ahi - alo) * (bhi - blo) > self.LARGE:
            anchors = _anchors(self.a, self.b, alo, ahi, blo, bhi, repeated=True)
            if anchors:
                self._anchored(alo, ahi, blo, bhi, anchors, blocks, again=False)
                return
        self._search(alo, ahi, blo, bhi, blocks)

    def _search(self, alo: int, ahi: int, blo: int, bhi: int, blocks: list) -> None:
        """difflib's recursive search (``get_matching_blocks``) of one range between anchors."""
        queue = [(alo, ahi, blo, bhi)] if alo < ahi and blo < bhi else []
        while queue:
            alo, ahi, blo, bhi = queue.pop()
            i, j, k = self.find_longest_match(alo, ahi, blo, bhi)
            if k:
                blocks.append((i, j, k))
                if alo < i and blo < j:
                    queue.append((alo, i, blo, j))
                if i + k < ahi and j + k < bhi:
                    queue.append((i + k, ahi, j + k, bhi))


def _anchors(
    a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int, repeated: bool = False
) -> list[tuple[int, int]]:
    """(i, j) of the lines once in ``a[alo:ahi]`` and once in ``b[blo:bhi]`` (``repeated``: as
    often in each, the first with the first and so on) that no other such pair crosses (one
    before it in ``a`` and after it in ``b``, or the other way round): increasing in both.

    A crossing (a line moved) is left to difflib's search, which picks among such lines by
    the longest block, as :func:`difflib.unified_diff` does; edits in place (what fixes make)
    cross nothing.
    """
    in_a: dict[str, list[int]] = {}
    for i in range(alo, ahi):
        in_a.setdefault(a[i], []).append(i)
    in_b: dict[str, list[int]] = {}
    for j in range(blo, bhi):
        if b[j] in in_a:
            in_b.setdefault(b[j], []).append(j)
    pairs = sorted(
        pair
        for line, where_b in in_b.items()
        if len(where_b) == len(in_a[line]) and (repeated or len(where_b) == 1)
        for pair in zip(in_a[line], where_b, strict=True)
    )
    lowest_after = [bhi] * (len(pairs) + 1)  # the smallest j of the pairs from position k on
    for k in range(len(pairs) - 1, -1, -1):
        lowest_after[k] = min(pairs[k][1], lowest_after[k + 1])
    anchors = []
    highest_before = -1
    for k, (i, j) in enumerate(pairs):
        if highest_before < j < lowest_after[k + 1]:
            anchors.append((i, j))
        highest_before = max(highest_before, j)
    return anchors


def unified_diff(old: str, new: str, name: str, context: int = 3) -> Iterator[str]:
    """The lines of a unified diff from ``old`` to ``new`` of the file ``name`` (``a/``, ``b/``
    prefixes), each ending with a newline: what :func:`difflib.unified_diff` prints, with
    ``\\ No newline at end of file`` after a last line that has none."""
    a, b = split_lines(old), split_lines(new)
    started = False
    for group in AnchoredMatcher(None, a, b).get_grouped_opcodes(context):
        if not started:
            started = True
            yield f"--- {header('a/', name)}\n"
            yield f"+++ {header('b/', name)}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from _lines(" ", a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from _lines("-", a[i1:i2])
            if tag in ("replace", "insert"):
                yield from _lines("+", b[j1:j2])


def _lines(mark: str, lines: list[str]) -> Iterator[str]:
    for line in lines:
        yield mark + line if line.endswith("\n") else mark + line + "\n\\ No newline at end of file\n"


def _range(start: int, stop: int) -> str:
    """A hunk's line range as :func:`difflib.unified_diff` writes it."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"
