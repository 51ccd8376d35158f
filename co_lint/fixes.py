"""Safe, mechanical fixes: edits of the file text by character offset, everything else untouched.

A fix never re-serialises a file: it replaces or inserts a few characters, so comments, key
order, quoting and line endings elsewhere stay byte for byte. Fixes exist only where the
change is certain (rules.md §2–§6):

* CO003: quote the plain YAML scalar (``from: +13125550191`` → ``from: "+13125550191"``);
* CO202: write the normalised E.164 form, when it is unambiguous (``vocabulary.normalised_e164``);
* CO401: set the VOICE channel's ``statusTimeouts`` to ``null`` (or add ``statusTimeouts: null``);
* CO201: add the mirrored capture rule right after the one-directional one, a copy of it with
  ``from`` and ``to`` swapped (same ``metadata``). Not on VOICE: there a one-directional rule is
  often deliberate (the finding is a note), so adding outbound capture is not a safe default.

Fixes are attached to findings (:attr:`co_lint.types.Finding.fix`) whatever the output format,
so SARIF can carry them; ``--fix`` and ``--diff`` apply them in passes (:func:`fix_loop`) until
nothing fixable is left. A node that is an anchor, an alias, tagged, a block scalar or reached
through a merge key gets no fix: editing it would change other places too; nor does text that
holds one and would be copied or deleted. A fix never deletes a ``# co-lint:`` directive nor
puts new text on a directive's line, and a mirror is added once a run (:func:`select_fixes`).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from co_lint.loader import Document, SourceFile, _LineNode, split_pointer
from co_lint.suppress import DIRECTIVE
from co_lint.types import Edit, Finding, Fix
from co_lint.vocabulary import (
    ADDRESS_RECORDS,
    WILDCARD,
    comparable_address,
    is_phone_like,
    normalised_e164,
)
from co_lint.vocabulary import address as address_record

FIXABLE = frozenset({"CO003", "CO201", "CO202", "CO401"})
#: Passes of --fix: one fix can make another possible (CO003 quotes, then CO202 normalises).
MAX_PASSES = 20

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BREAK_CHARS = "\r\n\x85\u2028\u2029"
_MERGE = "tag:yaml.org,2002:merge"


# --------------------------------------------------------------------------- text helpers


def _line_start(text: str, pos: int) -> int:
    return max(text.rfind(char, 0, pos) for char in _BREAK_CHARS) + 1


def _line_end(text: str, pos: int) -> int:
    """The offset just after the line break that ends the line holding ``pos``."""
    match = _BREAK.search(text, pos)
    return match.end() if match else len(text)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into the original ``text``).

    One pass, joined once (a text rebuilt per edit made thousands of fixes quadratic). Two
    insertions at one offset go in the reverse of their order in ``edits``, as when each
    edit was applied from the end of the text backwards.
    """
    ordered = sorted(enumerate(edits), key=lambda item: (item[1].start, item[1].end, -item[0]))
    out, position = [], 0
    for _, edit in ordered:
        out += [text[position : edit.start], edit.replacement]
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def _copy(text: str, start: int, end: int, replacements: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` with non-overlapping ranges inside it replaced."""
    out, pos = [], start
    for first, last, replacement in sorted(replacements):
        out += [text[pos:first], replacement]
        pos = last
    out.append(text[pos:end])
    return "".join(out)


def _swap(text: str, a: tuple[int, int], b: tuple[int, int]) -> list[tuple[int, int, str]]:
    """Replacements that exchange the texts of the ranges ``a`` and ``b``."""
    return [(a[0], a[1], text[b[0] : b[1]]), (b[0], b[1], text[a[0] : a[1]])]


# --------------------------------------------------------------------------- YAML nodes


class _YamlTree:
    """Exact, edit-safe access to the composed nodes of one YAML document."""

    def __init__(self, text: str, root: Any) -> None:
        self.text = text
        self.root = root
        self._shared: set[int] | None = None
        self._regions: tuple[list[int], list[int]] | None = None
        self._properties: list[int] | None = None
        self.pair_counts: dict[str, Counter] = {}

    def without_comments(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Replacements that drop the comments inside ``text[start:end]`` (for a copy of it).

        A copied capture rule must not carry the original's comments: a ``# co-lint:``
        directive would silence (or be reported as unused on) the new rule.
        """
        from co_lint.suppress import scalar_regions

        if "#" not in self.text[start:end]:
            return []  # the usual rule: no comment, no scan
        if self._regions is None:
            self._regions = scalar_regions(self.text)
        starts, ends = self._regions
        text, out = self.text, []
        pos = text.find("#", start, end)
        while pos != -1:
            inside = bisect_right(starts, pos) - 1
            if (pos == start or text[pos - 1] in " \t" + _BREAK_CHARS) and not (inside >= 0 and pos < ends[inside]):
                line = _line_start(text, pos)
                brk = _BREAK.search(text, pos)
                stop = brk.start() if brk else len(text)
                if not text[line:pos].strip():
                    out.append((line, min(brk.end() if brk else len(text), end), ""))  # a comment line
                else:
                    first = pos
                    while first > line and text[first - 1] in " \t":
                        first -= 1
                    out.append((first, stop, ""))
                pos = stop
            pos = text.find("#", pos + 1, end)
        return out

    def has_properties(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds an anchor, an alias or a tag.

        A fix that copies such text defines an anchor twice (CO001: the file no longer reads)
        or repeats an alias; one that deletes it leaves the anchor's aliases undefined. The
        tokens are scanned once per document, and only for texts that may hold one.
        """
        if type(self.root) is _LineNode or not any(char in self.text[start:end] for char in "&*!"):
            return False  # the line path reads no property; no marker, no scan
        if self._properties is None:
            import yaml

            loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
            kinds = (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken)
            try:
                self._properties = sorted(
                    token.start_mark.index for token in yaml.scan(self.text, Loader=loader) if isinstance(token, kinds)
                )
            except yaml.YAMLError:  # another document of the file: its properties are still found
                self._properties = [index for index, char in enumerate(self.text) if char in "&*!"]
        index = bisect_left(self._properties, start)
        return index < len(self._properties) and self._properties[index] < end

    def shared(self) -> set[int]:
        """Nodes that occur more than once (an anchor and its aliases share one node object)."""
        if self._shared is None and type(self.root) is _LineNode:
            self._shared = set()  # a tree read from the lines has no anchor nor alias
        if self._shared is None:
            seen: set[int] = set()
            shared: set[int] = set()
            stack = [self.root]
            while stack:
                node = stack.pop()
                if id(node) in seen:
                    shared.add(id(node))
                    continue
                seen.add(id(node))
                if node.id == "mapping":
                    for key, value in node.value:
                        stack += [key, value]
                elif node.id == "sequence":
                    stack += node.value
            self._shared = shared
        return self._shared

    def walk(self, pointer: str) -> tuple[Any, Any, Any] | None:
        """(parent, key node, node) at ``pointer``, or None when it is not safely editable."""
        shared = self.shared()
        parent, key_node, node = None, None, self.root
        for token in split_pointer(pointer):
            found = None
            if type(node) is _LineNode:
                found = node.child(token)  # no merge key, no duplicate key
            elif node.id == "mapping":
                for key, value in node.value:
                    if key.tag != _MERGE and key.id == "scalar" and key.value == token:
                        found = (key, value)
            elif node.id == "sequence" and token.isdigit() and int(token) < len(node.value):
                found = (None, node.value[int(token)])
            if found is None:
                return None  # absent, or only reached through a merge key
            parent, (key_node, node) = node, found
            if id(node) in shared:
                return None
        if self.text[node.start_mark.index : node.start_mark.index + 1] in ("&", "!", "*"):
            return None  # anchored or tagged: the node's text starts with its properties
        return parent, key_node, node

    def content_end(self, node: Any) -> int:
        """The end of a node's own text (a block collection's end mark runs on to the next token)."""
        while node.id in ("mapping", "sequence") and not node.flow_style and node.value:
            node = node.value[-1][1] if node.id == "mapping" else node.value[-1]
        return node.end_mark.index

    def scalar(self, pointer: str) -> tuple[int, int, str | None, Any] | None:
        """(start, end, style, node) of an editable single scalar: plain, single- or double-quoted."""
        found = self.walk(pointer)
        if found is None or found[2].id != "scalar":
            return None
        node = found[2]
        start, end = node.start_mark.index, node.end_mark.index
        style = node.style or None
        if style is None:
            if self.text[start:end] != node.value:
                return None  # a plain scalar folded over lines
        elif style not in ('"', "'") or self.text[start] != style or self.text[end - 1] != style:
            return None  # block scalars and anything unexpected
        return start, end, style, node


def _yaml_string(value: str, style: str | None) -> str:
    """A YAML scalar that loads as the string ``value``: single quotes kept, else double quotes."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------- JSON offsets


class _JsonText:
    """Offsets of JSON nodes: the locator's own (:meth:`JsonLocator.offsets`), else from its spans."""

    def __init__(self, text: str, document: Document) -> None:
        self.text = text
        self.document = document
        self._offsets = getattr(document.locator, "offsets", None)
        self._line_starts: list[int] | None = None
        self.pair_counts: dict[str, Counter] = {}

    def offset(self, line: int, column: int) -> int:
        if self._line_starts is None:  # lines split on ``\n`` only, as JSON (and the locator's spans) do
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return self._line_starts[line - 1] + column - 1

    def range(self, pointer: str, at: str = "value") -> tuple[int, int]:
        if self._offsets is not None:  # the same offsets, not turned into a span and back
            return self._offsets(pointer, at)
        span = self.document.span(pointer, at)
        return self.offset(span.start_line, span.start_col), self.offset(span.end_line, span.end_col)


def _exists(data: Any, pointer: str) -> bool:
    for token in split_pointer(pointer):
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return False
    return True


def _value_at(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


# --------------------------------------------------------------------------- the fixes


def _fix_co003(source: SourceFile, document: Document, finding: Finding, tree: _Tree) -> Fix | None:
    if not isinstance(tree, _YamlTree):
        return None
    found = tree.scalar(finding.pointer)
    if found is None or found[2] is not None:
        return None
    start, end, _, node = found
    quoted = json.dumps(node.value, ensure_ascii=False)
    return Fix(f"quote the value: {quoted}", (Edit(start, end, quoted),))


def _normalised(pointer: str, value: str) -> str | None:
    from co_lint.vocabulary import address_prefix, is_phone_like, normalised_e164

    tokens = split_pointer(pointer)
    channel = tokens[1] if len(tokens) > 1 else ""
    head, number = "", value
    prefix = address_prefix(value)
    if channel in ("WHATSAPP", "RCS") and prefix:
        head, number = value[: len(prefix)], value[len(prefix) :]
    fixed = normalised_e164(number) if is_phone_like(number) else None
    return head + fixed if fixed else None


def _fix_co202(source: SourceFile, document: Document, finding: Finding, tree: _Tree) -> Fix | None:
    text = source.text or ""
    if not _exists(document.value, finding.pointer):
        return None
    value = _value_at(document.value, finding.pointer)
    if not isinstance(value, str):
        return None
    new = _normalised(finding.pointer, value)
    if new is None or new == value:
        return None
    if isinstance(tree, _YamlTree):
        found = tree.scalar(finding.pointer)
        if found is None:
            return None
        start, end, style, _ = found
        replacement = _yaml_string(new, style)
    else:
        start, end = tree.range(finding.pointer)
        if text[start : start + 1] != '"':
            return None
        replacement = json.dumps(new, ensure_ascii=False)
    return Fix(f'write "{new}"', (Edit(start, end, replacement),))


def _fix_co401(source: SourceFile, document: Document, finding: Finding, tree: _Tree) -> Fix | None:
    text = source.text or ""
    pointer = finding.pointer
    if pointer.endswith("/statusTimeouts"):
        return _set_null(text, document, pointer, tree)
    return _add_null(text, document, pointer, tree)


def _set_null(text: str, document: Document, pointer: str, tree: _Tree) -> Fix | None:
    description = "set statusTimeouts to null"
    if isinstance(tree, _JsonText):
        if not _exists(document.value, pointer):
            return None
        start, end = tree.range(pointer)
        return Fix(description, (Edit(start, end, "null"),))
    found = tree.walk(pointer)
    if found is None or found[1] is None:
        return None
    _, key, node = found
    if node.id == "scalar" and (node.style or None) in ("|", ">"):
        return None
    if node.id == "scalar" or node.flow_style:
        start, end = node.start_mark.index, node.end_mark.index
        if _loses_text(tree, start, end):
            return None
        return Fix(description, (Edit(start, end, "null"),))
    # A block collection: ``statusTimeouts: null`` on the key's line, and the value's lines go.
    colon = re.compile(r"[ \t]*:").match(text, key.end_mark.index)
    first = _line_start(text, node.start_mark.index)
    if colon is None or first <= colon.end() or text[first : node.start_mark.index].strip():
        return None
    last = _line_end(text, tree.content_end(node) - 1)
    if _loses_text(tree, first, last):
        return None
    if last == len(text) and not text.endswith(tuple(_BREAK_CHARS)):
        # The block ends the file without a final line break: so does the fixed file.
        first -= 2 if text[first - 2 : first] == "\r\n" else 1
    return Fix(description, (Edit(colon.end(), colon.end(), " null"), Edit(first, last, "")))


def _loses_text(tree: _YamlTree, start: int, end: int) -> bool:
    """Whether deleting ``text[start:end]`` would lose more than the timeouts: a ``# co-lint:``
    directive (a ``disable-file`` there silences the whole file), or an anchor other places
    alias. Other comments there are about the timeouts, and go with them."""
    comments = tree.without_comments(start, end)
    directive = any(DIRECTIVE.search(tree.text, first, stop) for first, stop, _ in comments)
    return directive or tree.has_properties(start, end)


def _add_null(text: str, document: Document, pointer: str, tree: _Tree) -> Fix | None:
    description = "add statusTimeouts: null"
    if not _exists(document.value, pointer) or not isinstance(_value_at(document.value, pointer), dict):
        return None
    empty = not _value_at(document.value, pointer)
    if isinstance(tree, _JsonText):
        json_text = tree
        start, end = json_text.range(pointer)
        if empty:
            return Fix(description, (Edit(start, end, '{"statusTimeouts": null}'),))
        first, _ = json_text.range(pointer, "first_key")
        line = _line_start(text, first)
        if line > start and not text[line:first].strip():
            insert = '"statusTimeouts": null,' + _newline(text) + text[line:first]
        else:
            insert = '"statusTimeouts": null, '
        return Fix(description, (Edit(first, first, insert),))
    found = tree.walk(pointer)
    if found is None or found[2].id != "mapping":
        return None
    node = found[2]
    if empty:
        if text[node.start_mark.index] != "{":
            return None
        return Fix(description, (Edit(node.start_mark.index, node.end_mark.index, "{statusTimeouts: null}"),))
    first = node.value[0][0].start_mark.index
    if node.flow_style:
        return Fix(description, (Edit(first, first, "statusTimeouts: null, "),))
    line = _line_start(text, first)
    if text[line:first].strip():
        return None
    return Fix(description, (Edit(first, first, "statusTimeouts: null" + _newline(text) + text[line:first]),))


def _fix_co201(source: SourceFile, document: Document, finding: Finding, tree: _Tree) -> Fix | None:
    text = source.text or ""
    tokens = split_pointer(finding.pointer)
    if len(tokens) < 5 or tokens[1] == "VOICE" or tokens[-1] not in ("from", "to"):
        return None
    item_pointer = finding.pointer.rsplit("/", 1)[0]
    list_pointer = item_pointer.rsplit("/", 1)[0]
    if not _exists(document.value, item_pointer):
        return None
    rule = _value_at(document.value, item_pointer)
    if not isinstance(rule, dict) or not isinstance(rule.get("from"), str) or not isinstance(rule.get("to"), str):
        return None
    if _mirrored_when_normalised(rule, _value_at(document.value, list_pointer), tree.pair_counts, list_pointer):
        return None
    description = f'add the mirror rule from "{rule["to"]}" to "{rule["from"]}"'
    # The edit rewrites the rule itself followed by its mirror, not just an insertion: a fix
    # of the same rule (CO202, CO003) then waits for the next pass instead of leaving the
    # copy with the old value.
    if isinstance(tree, _JsonText):
        json_text = tree
        start, end = json_text.range(item_pointer)
        from_range = json_text.range(item_pointer + "/from")
        to_range = json_text.range(item_pointer + "/to")
        inside = start < min(from_range[0], to_range[0]) and max(from_range[1], to_range[1]) < end
        if text[start] != "{" or not inside:
            return None
        copy = _copy(text, start, end, _swap(text, from_range, to_range))
        items = _value_at(document.value, list_pointer)
        if len(items) > 1:
            second = json_text.range(f"{list_pointer}/1")[0]
            first_end = json_text.range(f"{list_pointer}/0")[1]
            separator = text[first_end:second]
        else:
            opening = json_text.range(list_pointer)[0]
            space = text[opening + 1 : start]
            separator = "," + space if "\n" in space else ", "
        return Fix(description, (Edit(start, end, text[start:end] + separator + copy),))
    found = tree.walk(item_pointer)
    if found is None or found[2].id != "mapping" or found[0] is None:
        return None
    sequence, _, item = found
    from_found = tree.scalar(item_pointer + "/from")
    to_found = tree.scalar(item_pointer + "/to")
    if from_found is None or to_found is None:
        return None
    swap = _swap(text, from_found[:2], to_found[:2])
    if sequence.flow_style:
        start, end = item.start_mark.index, item.end_mark.index
        if tree.has_properties(start, end) or _directive_on_line(text, end):
            return None  # a copied anchor is a duplicate; a line's directive would cover the mirror too
        copy = _copy(text, start, end, swap + tree.without_comments(start, end))
        return Fix(description, (Edit(start, end, text[start:end] + ", " + copy),))
    dash = item.start_mark.index - 1
    while dash >= 0 and text[dash] in " \t" + _BREAK_CHARS:
        dash -= 1
    if dash < 0 or text[dash] != "-":
        return None
    start = _line_start(text, dash)
    if text[start:dash].strip():
        return None
    end = _line_end(text, tree.content_end(item) - 1)
    if tree.has_properties(start, end):
        return None  # a copied anchor would be defined twice (CO001), a copied alias or tag is not a plain copy
    copy = _copy(text, start, end, swap + tree.without_comments(start, end))
    original = text[start:end]
    if not original.endswith(tuple(_BREAK_CHARS)):
        original += _newline(text)  # the rule ends the file without a final line break
        copy = copy.rstrip(_BREAK_CHARS)
    return Fix(description, (Edit(start, end, original + copy),))


def _mirrored_when_normalised(rule: dict, items: Any, counts: dict[str, Counter], list_pointer: str) -> bool:
    """Whether another rule of the channel is ``rule``'s mirror once both are normalised.

    CO201 compares addresses as written (rules.md §4). When a mirror exists but is written
    another way (``+1 206 555 0134`` one way, ``+12065550134`` back), adding a copy would not
    settle it: the copy's own CO202 fix makes it a third spelling, and each ``--fix`` would add
    one more rule. The finding stays, without a fix: which spelling is meant is the user's call.

    The channel's normalised pairs are counted once a list (``counts``, kept by the tree of the
    document): a channel of n one-directional rules costs n normalisations, not n².
    """
    if not isinstance(items, list):
        return False
    if list_pointer not in counts:
        counts[list_pointer] = Counter(_normal_pair(other) for other in items)
    own = _normal_pair(rule)
    if own is None:
        return False
    wanted = (own[1], own[0])
    return counts[list_pointer][wanted] > (1 if own == wanted else 0)


def _normal_pair(rule: Any) -> tuple[str | None, str | None] | None:
    """A rule's ``(from, to)`` as the CO202 fix would leave them; None when either is not text."""
    if not isinstance(rule, dict) or not isinstance(rule.get("from"), str) or not isinstance(rule.get("to"), str):
        return None
    return _normal_side(rule["from"]), _normal_side(rule["to"])


def _normal_side(address: str) -> str | None:
    """A side of a capture rule as the CO202 fix would leave it, without a channel prefix.

    An address of a ``+``, digits and perhaps a prefix that is E.164 already (most are) is its
    own normal form, read from its shared record (:func:`co_lint.vocabulary.address`): the
    counts of a channel's pairs normalise every side of every rule once a CO201 is fixed.
    """
    if address == WILDCARD:
        return None
    record = ADDRESS_RECORDS.get(address) or address_record(address)
    if record.plain and record.e164:
        return record.number  # the value after its prefix: nothing to remove, nothing to add
    bare = comparable_address(address)
    if bare is None or not is_phone_like(bare):
        return bare
    return normalised_e164(bare) or bare


def _directive_on_line(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` carries a ``# co-lint:`` comment (which covers the whole line)."""
    return DIRECTIVE.search(text, _line_start(text, pos), _line_end(text, pos)) is not None


_Tree = _YamlTree | _JsonText
_FIXERS: dict[str, Callable[[SourceFile, Document, Finding, _Tree], Fix | None]] = {
    "CO003": _fix_co003,
    "CO201": _fix_co201,
    "CO202": _fix_co202,
    "CO401": _fix_co401,
}


def attach_fixes(findings: list[Finding], sources: dict[str, SourceFile]) -> None:
    """Set ``Finding.fix`` on every finding that has a safe fix."""
    trees: dict[tuple[str, int], _Tree | None] = {}
    lines: dict[str, _Lines] = {}
    for finding in findings:
        fixer = _FIXERS.get(finding.rule_id)
        source = sources.get(finding.path)
        if fixer is not None and source is not None and source.text is None and source.cached:
            source.text = _read_text_or_none(source.path)  # a worker run keeps no texts
        if fixer is None or source is None or source.text is None:
            continue
        document = next((d for d in source.documents if d.index == finding.document), None)
        if document is None or not isinstance(document.value, dict):
            continue
        key = (finding.path, finding.document)
        if key not in trees:
            if source.kind == "json":
                trees[key] = _JsonText(source.text, document)
            else:
                root = getattr(document.locator, "root", None)
                trees[key] = _YamlTree(source.text, root) if root is not None else None
        tree = trees[key]
        if tree is not None:
            fix = fixer(source, document, finding, tree)
            # A fix that would copy a credential (a CO201 mirror of a value holding a token)
            # is not offered: its text would print the secret in SARIF and --diff.
            if fix is None or _carries_secret(fix):
                finding.fix = None
                continue
            if finding.path not in lines:
                lines[finding.path] = _Lines(source.text, source.kind)
            finding.fix = _located(fix, lines[finding.path])


def _line_starts(text: str, kind: str) -> list[int]:
    """Offsets where lines start, split as the file's finding spans are (JSON: on ``\\n`` only)."""
    breaks = re.finditer("\n", text) if kind == "json" else _BREAK.finditer(text)
    return [0] + [m.end() for m in breaks]


#: Positions :class:`_Lines` counts in the text before it builds the table of line starts:
#: counting costs a scan from the file's start each time, so a file with thousands of
#: fixes (thousands of one-directional rules) would take quadratic time.
_COUNTED_POSITIONS = 32


class _Lines:
    """1-based (line, column) of offsets in one file's text, its lines split as its spans are.

    A file's fixes have a few edits: their positions are counted in the text (C speed) when
    every line break is ``\\n`` (JSON's only one; YAML's unless the text holds another), and
    read from a table of line starts (a Python loop over the text's lines) otherwise, or
    once more than :data:`_COUNTED_POSITIONS` have been asked.
    """

    __slots__ = ("text", "kind", "starts", "counted")

    def __init__(self, text: str, kind: str) -> None:
        self.text, self.kind = text, kind
        self.starts: list[int] | None = None
        self.counted = 0
        if kind != "json" and any(char in text for char in _BREAK_CHARS if char != "\n"):
            self.starts = _line_starts(text, kind)

    def position(self, offset: int) -> tuple[int, int]:
        starts = self.starts
        if starts is None:
            if self.counted < _COUNTED_POSITIONS:
                self.counted += 1
                text = self.text
                return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
            starts = self.starts = _line_starts(self.text, self.kind)
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1


def _located(fix: Fix, lines: _Lines) -> Fix:
    """The fix with each edit's 1-based (line, column) set: the JSON report gives rows and columns."""
    position = lines.position
    edits = tuple(e._replace(location=position(e.start), end_location=position(e.end)) for e in fix.edits)
    return Fix(fix.description, edits)


def _carries_secret(fix: Fix) -> bool:
    from co_lint.secrets import mask_secrets

    texts = [fix.description, *(edit.replacement for edit in fix.edits)]
    return any(mask_secrets(text) != text for text in texts)


def _read_text_or_none(path) -> str | None:
    from co_lint.loader import read_text

    try:
        return read_text(path)
    except (OSError, UnicodeDecodeError):
        return None


# --------------------------------------------------------------------------- applying


def _overlaps(a: Edit, b: Edit) -> bool:
    return a.start == b.start or (a.start < b.end and b.start < a.end)


class _TakenEdits:
    """The edits taken in one file, and whether a new edit touches one (:func:`_overlaps`).

    While the taken edits are disjoint ranges in order (the usual case: each fix's edits are),
    a look-up is two binary searches: their starts are increasing and so are their ends, so
    the one range that can reach past a new edit's start is the last that starts before its
    end. Otherwise every taken edit is compared, as before (a file with thousands of fixes
    made that quadratic).
    """

    __slots__ = ("edits", "starts", "ends", "in_order")

    def __init__(self) -> None:
        self.edits: list[Edit] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.in_order = True

    def touches(self, edit: Edit) -> bool:
        if not self.in_order:
            return any(_overlaps(taken, edit) for taken in self.edits)
        starts = self.starts
        same = bisect_left(starts, edit.start)
        if same < len(starts) and starts[same] == edit.start:
            return True
        before = bisect_left(starts, edit.end)  # the taken edits that start before this one ends
        return before > 0 and self.ends[before - 1] > edit.start

    def add(self, edit: Edit) -> None:
        self.edits.append(edit)
        if not self.in_order:
            return
        starts, ends = self.starts, self.ends
        at = bisect_right(starts, edit.start)
        if (at and (starts[at - 1] == edit.start or ends[at - 1] > edit.start)) or (
            at < len(starts) and starts[at] < edit.end
        ):
            self.in_order = False  # two edits of one fix overlap: compare one by one from now on
            return
        starts.insert(at, edit.start)
        ends.insert(at, edit.end)


def _mirror_key(finding: Finding) -> tuple:
    """What a CO201 fix adds: this mirror, in this document's list of capture rules."""
    return (finding.path, finding.document, finding.pointer.rsplit("/", 2)[0], finding.fix.description)


def select_fixes(findings: Iterable[Finding], added: set[tuple] | None = None) -> dict[str, list[Fix]]:
    """Per file, the fixes of one pass: no two touch the same text, none repeats another.

    Two one-directional copies of the same rule would both get a mirror: the second is
    identical to the first and waits for the next pass, where it is no longer needed.
    ``added`` holds the mirrors (:func:`_mirror_key`) earlier passes added, and receives this
    pass's: a mirror is added once a run, whatever made its finding come back (a loop that
    never settles would add one a pass).
    """
    chosen: dict[str, list[Fix]] = {}
    added = set() if added is None else added
    edited: dict[str, _TakenEdits] = {}  # per file, the edits of the fixes taken
    # Fixes of values first: a CO201 mirror is a copy of its rule, so it waits for the rule's
    # own value fixes (CO003, CO202) and then copies the fixed text.
    ordered = sorted(
        (f for f in findings if f.fix is not None and f.suppression is None and f.fix.edits),
        key=lambda f: (f.path, f.rule_id == "CO201", min(e.start for e in f.fix.edits), f.rule_id),
    )
    for finding in ordered:
        taken = chosen.setdefault(finding.path, [])
        taken_edits = edited.setdefault(finding.path, _TakenEdits())
        edits = finding.fix.edits
        if any(taken_edits.touches(edit) for edit in edits):
            continue
        if finding.rule_id == "CO201":
            mirror = _mirror_key(finding)
            if mirror in added:
                continue
            added.add(mirror)
        taken.append(finding.fix)
        for edit in edits:
            taken_edits.add(edit)
    return {path: fixes for path, fixes in chosen.items() if fixes}


_UNREADABLE = ("CO001", "CO004", "CO005")


def fix_loop(
    texts: dict[str, str],
    findings: list[Finding],
    lint: Callable[[dict[str, str]], list[Finding]],
) -> tuple[dict[str, str], list[Finding], int]:
    """Apply fixes in passes until none is left; returns the new texts, findings, fixes applied.

    ``texts`` maps the display path of every file that may be changed to its text; ``lint``
    lints the project with those texts in place of the files. A pass whose edits make a file
    unreadable (never expected) is undone for that file and the file is left alone.
    """
    current = dict(texts)
    frozen: set[str] = set()
    added: set[tuple] = set()  # the mirrors added so far (CO201)
    applied = 0
    for _ in range(MAX_PASSES):
        chosen = select_fixes((f for f in findings if f.path in current and f.path not in frozen), added)
        if not chosen:
            break
        candidate = dict(current)
        for path, fixes in chosen.items():
            candidate[path] = apply_edits(current[path], [edit for fix in fixes for edit in fix.edits])
        new_findings = lint(candidate)
        before = {f.path for f in findings if f.rule_id in _UNREADABLE}
        broken = {f.path for f in new_findings if f.rule_id in _UNREADABLE and f.path in chosen} - before
        if broken:
            for path in broken:
                candidate[path] = current[path]
            frozen |= broken
            new_findings = lint(candidate)
        applied += sum(len(fixes) for path, fixes in chosen.items() if path not in broken)
        current, findings = candidate, new_findings
    for finding in findings:
        if finding.path in frozen:
            finding.fix = None  # --fix cannot apply it: the report must not count it as fixable
    return current, findings, applied
