"""The fast ways to positions and fixes give exactly what the slow ways give.

* :func:`co_lint.loader._line_tree` builds a YAML document's node tree from its lines when the
  line path reads the text; it must be the composer's tree (ids, tags, values, styles, marks)
  node for node, its lazily made children included, and every position and fix taken from it
  must be the one taken from the composed tree. Anything outside its grammar is composed.
* :meth:`co_lint.jsonspans.JsonLocator.offsets` gives a fix its offsets without a span's round
  trip through (line, column), and later seeks start from the nodes earlier ones found: the
  offsets and spans of any sequence of questions are the whole scan's.
* :class:`co_lint.fixes._Lines` counts an edit's line and column in the text when lines break
  at ``\\n`` only, as the table of line starts places them.

Each is compared with the path it replaces over the repository's and the conformance kit's
files and over generated texts: plain configurations, and the same with odd scalars and
random insertions (most of which the fast paths must leave to the slow ones).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_loader_fast import (
    CORPUS,
    CORPUS_JSON,
    PROFILE,
    SNIPPETS,
    block_texts,
    json_pointers,
    json_texts,
    mutated,
    pointers,
    whole_scan,
)

from co_lint import fixes, jsonspans, loader
from co_lint.fixes import FIXABLE, attach_fixes
from co_lint.jsonspans import JsonLocator
from co_lint.loader import SourceFile, YamlLocator, escape_pointer_token, load_file
from co_lint.types import Finding, Span
from conftest import BASELINE_YAML

# --------------------------------------------------------------------------- helpers


def shape(node: Any) -> tuple:
    """Everything co-lint reads of a node tree, as nested tuples (marks as offset, line, column)."""
    start, end = node.start_mark, node.end_mark
    head = (node.id, node.tag, (start.index, start.line, start.column), (end.index, end.line, end.column))
    if node.id == "scalar":
        return (*head, node.style, node.value)
    if node.id == "sequence":
        return (*head, node.flow_style, [shape(child) for child in node.value])
    return (*head, node.flow_style, [(shape(key), shape(value)) for key, value in node.value])


def composed(text: str) -> Any:
    return loader._compose_document(text, 0)


def composes(text: str) -> bool:
    """Whether libyaml reads ``text`` as YAML (a value that does not build, such as ``=``, still composes)."""
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return False
    return bool(documents) and documents[0] is not None


def node_pointers(node: Any, pointer: str = "") -> list[str]:
    """The JSON Pointer of every node of a node tree, the root first."""
    found = [pointer]
    if node.id == "mapping":
        for key, value in node.value:
            if key.id == "scalar":
                found += node_pointers(value, f"{pointer}/{escape_pointer_token(key.value)}")
    elif node.id == "sequence":
        for position, value in enumerate(node.value):
            found += node_pointers(value, f"{pointer}/{position}")
    return found


def near(known: list[str]) -> list[str]:
    """``known`` pointers, and pointers below, beside and around them that are not there."""
    extra = {p + suffix for p in known for suffix in ("/zz", "/0", "/01", "/9", "/", "/from")}
    return sorted(set(known) | extra | {"", "/", "/00", "/nope", "/channelSettings/SMS/captureRules/1"})


def locators(text: str) -> tuple[YamlLocator, YamlLocator]:
    """A locator as a loaded document gets it (its tree from the lines, if they read), and one on the composed tree."""
    source = SourceFile(Path("c.yaml"), "c.yaml", text=text)
    return YamlLocator(None, source, 0), YamlLocator(composed(text))


def assert_positions_same(text: str) -> bool:
    """The line tree's spans and plain texts are the composed tree's; returns whether a line tree was built."""
    tree = loader._line_tree(text)
    if tree is None:
        return False
    fast, slow = locators(text)
    every = near(node_pointers(composed(text)))
    # Spans first: the children are made one by one (:meth:`_LineNode.child`) ...
    for pointer in every:
        for at in ("value", "key"):
            assert fast.span(pointer, at) == slow.span(pointer, at), (pointer, at)
        assert fast.plain_scalar_text(pointer) == slow.plain_scalar_text(pointer), pointer
    # ... then a first key's (the mapping's whole list of pairs), and the spans again.
    for pointer in every:
        for at in ("first_key", "value", "key"):
            assert fast.span(pointer, at) == slow.span(pointer, at), (pointer, at)
    assert type(fast.root) is loader._LineNode
    assert shape(tree) == shape(composed(text))
    return True


def all_findings(source: SourceFile) -> list[Finding]:
    """A finding of every fixable rule at every node (each fixer decides what it can fix)."""
    return [
        Finding(rule, "error", "m", source.display, Span.at(1, 1), pointer=pointer, document=document.index)
        for document in source.documents
        for pointer in near(pointers(document.value))
        for rule in sorted(FIXABLE)
    ]


def fixes_of(data: bytes, name: str, slow: bool) -> list[tuple]:
    """Every fix of every finding of :func:`all_findings`, the fast way or the slow way.

    The slow way composes every YAML tree and gives a JSON fix its offsets from spans.
    """
    source = load_file(Path(name), name, data)
    findings = all_findings(source)
    if slow:
        with (
            mock.patch.object(loader, "_line_tree", lambda text: None),
            mock.patch.object(JsonLocator, "offsets", None),
        ):
            attach_fixes(findings, {name: source})
    else:
        attach_fixes(findings, {name: source})
    return [(f.rule_id, f.pointer, f.fix) for f in findings]


def assert_fixes_same(data: bytes, name: str = "c.yaml") -> list[tuple]:
    fast = fixes_of(data, name, slow=False)
    assert fast == fixes_of(data, name, slow=True)
    return fast


# --------------------------------------------------------------------------- generated configurations

PHONES = ["+12065550134", "'+12065550100'", '"+12065550101"', "whatsapp:+12065550102", "'*'", '"*"', "+1 206 555 0199"]
PHONES += ["12065550134", "(206) 555-0134", "+44 20 7946 0958", "abc", "'whatsapp:+1 206 555 0103'", "tel:+1206"]
COMMENTS = ["", " # note", "  # co-lint: disable=CO201", "  #: x"]


@st.composite
def config_texts(draw: Any, mutate: bool = False) -> str:
    """A configuration in the block style people write: capture rules, timeouts; formatting drawn."""
    step = draw(st.sampled_from([1, 2, 4]))
    lines = ["displayName: Desk" + draw(st.sampled_from(COMMENTS)), "channelSettings:"]
    for channel in draw(
        st.lists(st.sampled_from(["SMS", "WHATSAPP", "VOICE", "RCS", "CHAT"]), unique=True, max_size=3)
    ):
        pad = " " * step
        lines.append(pad + channel + ":")
        timeouts = draw(st.sampled_from(["none", "null", "block", "flow", "empty"]))
        if timeouts == "null":
            lines.append(pad * 2 + "statusTimeouts: null")
        elif timeouts == "block":
            lines += [pad * 2 + "statusTimeouts:", pad * 3 + "inactive: 30", pad * 3 + "closed: 1440"]
        elif timeouts == "flow":
            lines.append(pad * 2 + "statusTimeouts: {}")
        elif timeouts == "empty":
            lines.append(pad * 2 + "statusTimeouts:")
        lines.append(pad * 2 + "captureRules:" + draw(st.sampled_from(COMMENTS)))
        dash = pad * 2 if draw(st.booleans()) else pad * 3  # a sequence at its key's indentation, or below it
        for _ in range(draw(st.integers(0, 3))):
            gap = draw(st.sampled_from([" ", "  "]))
            keys = draw(st.permutations(["from", "to"] + draw(st.sampled_from([[], ["metadata"]]))))
            inner = dash + " " * (1 + len(gap))
            for position, key in enumerate(keys):
                head = dash + "-" + gap if position == 0 else inner
                if key == "metadata":
                    lines += [head + "metadata:", inner + pad + "team: desk"]
                else:
                    lines.append(head + key + ": " + draw(st.sampled_from(PHONES)) + draw(st.sampled_from(COMMENTS)))
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "# between", dash + "# between"])))
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n# end\n"]))
    return mutated(draw, text) if mutate else text


@PROFILE
@given(text=config_texts())
def test_configurations_take_the_line_tree_and_locate_the_same(text: str):
    assert assert_positions_same(text), text


@PROFILE
@given(text=config_texts(mutate=True))
def test_altered_configurations_locate_the_same(text: str):
    """Whatever the line tree reads it reads as the composer does; the rest is composed."""
    if not composes(text):
        assert loader._line_tree(text) is None
        return
    assert_positions_same(text)


@PROFILE
@given(text=block_texts(unusual=False))
def test_block_style_texts_take_the_line_tree_and_locate_the_same(text: str):
    assert assert_positions_same(text), text


@PROFILE
@given(text=block_texts(unusual=True))
def test_unusual_block_style_texts_locate_the_same(text: str):
    if not composes(text):
        assert loader._line_tree(text) is None
        return
    assert_positions_same(text)


@PROFILE
@given(text=config_texts(mutate=True))
def test_fixes_of_configurations_are_the_same(text: str):
    assert_fixes_same(text.encode())


@PROFILE
@given(text=config_texts(), indent=st.sampled_from([None, 0, 2, "\t"]), compact=st.booleans())
def test_fixes_of_json_configurations_are_the_same(text: str, indent: Any, compact: bool):
    value = yaml.safe_load(text)
    separators = (",", ":") if compact else None
    assert_fixes_same(json.dumps(value, indent=indent, separators=separators).encode(), "c.json")


def test_generated_configurations_have_fixes():
    """The generated texts do exercise the fixers: the baseline with a one-way rule gets its mirror."""
    text = BASELINE_YAML.replace('      - from: "*"\n        to: "+12065550134"\n', "")
    found = assert_fixes_same(text.encode())
    assert any(rule == "CO201" and fix is not None for rule, _, fix in found)
    found = assert_fixes_same(json.dumps(yaml.safe_load(text), indent=2).encode(), "c.json")
    assert any(rule == "CO201" and fix is not None for rule, _, fix in found)


# --------------------------------------------------------------------------- files and snippets


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_every_yaml_file_locates_and_fixes_the_same(path: Path):
    data = path.read_bytes()
    text = data.decode("utf-8-sig", "replace")
    if loader._read_lines(text) is not None:
        assert assert_positions_same(text), path  # the line path's texts all take the line tree
    assert_fixes_same(data, path.name)


@pytest.mark.parametrize("path", CORPUS_JSON, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_every_json_file_fixes_the_same(path: Path):
    assert_fixes_same(path.read_bytes(), path.name)


def test_most_yaml_files_take_the_line_tree():
    built = sum(loader._line_tree(p.read_bytes().decode("utf-8-sig", "replace")) is not None for p in CORPUS)
    assert built >= len(CORPUS) * 3 // 4


@pytest.mark.parametrize(("text", "path"), [s[1:] for s in SNIPPETS], ids=[s[0] for s in SNIPPETS])
def test_snippet_locates_the_same(text: str, path: str):
    """The line tree reads what the line path reads (and values outside the core schema); nothing else."""
    built = assert_positions_same(text)
    assert built == (path == "lines" or text in ("a: =\n", "=: 1\n")), text


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb:\n  - x",  # no final line break: the stream ends on a new line
        "a:\n  b:\n# c\n\n",  # an empty value, then comments and blank lines
        "a:\n- b: 1\n  c:\n  - x\n  d: 2\n- e\nf: 3\n",  # indentless sequences and compact mappings
        "a: []\nb: {}\nc: ''\nd: \"\"\ne:   # c\n",  # empty flow collections, empty quoted scalars, a null
        "'a': 1\n\"b\": 2\n'<<': 3\n",  # quoted keys, a quoted merge-like key
        "a: 1   \nb:    x  \n",  # trailing spaces
        "x: " + "y " * 300 + "\n",  # a long plain scalar
    ],
)
def test_line_tree_edges(text: str):
    assert assert_positions_same(text), text


@pytest.mark.parametrize(
    "text",
    [
        "<<: {a: 1}\n",
        "<<: 1\nb: 2\n",  # a merge key: the composer's walk looks through it
        "a: 1\na: 2\n",  # a duplicate key: the composer's tree keeps both
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "- a\n",
        "  a: 1\n",
        "",
        "# only a comment\n",
        "a:\r\n  b: 1\r\n",
    ],
)
def test_line_tree_leaves_to_the_composer(text: str):
    assert loader._line_tree(text) is None


def test_line_tree_is_kept_when_released_and_a_composed_tree_is_not():
    source = SourceFile(Path("c.yaml"), "c.yaml", text=BASELINE_YAML)
    locator = YamlLocator(None, source, 0)
    assert locator.span("/displayName") == Span(1, 14, 1, 25)
    locator.release()
    assert type(locator._root) is loader._LineNode  # the fix of the same file asks for it next
    text = BASELINE_YAML + "x: &a 1\n"  # an anchor: composed
    locator = YamlLocator(None, SourceFile(Path("c.yaml"), "c.yaml", text=text), 0)
    assert locator.span("/x") == YamlLocator(composed(text)).span("/x")
    assert locator._root is not None and type(locator._root) is not loader._LineNode
    locator.release()
    assert locator._root is None


def test_no_tree_is_composed_for_a_line_path_text():
    fail = mock.Mock(side_effect=AssertionError("composed"))
    with mock.patch.object(loader, "_compose_document", fail):
        source = load_file(Path("c.yaml"), "c.yaml", BASELINE_YAML.replace('      - from: "*"\n', "").encode())
        findings = all_findings(source)
        attach_fixes(findings, {"c.yaml": source})
    assert any(f.fix is not None for f in findings)


# --------------------------------------------------------------------------- JSON offsets


def offsets_from_span(text: str, span: Span) -> tuple[int, int]:
    """What fixes computed before :meth:`JsonLocator.offsets`: a span's places as offsets (lines split at \\n)."""
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return starts[span.start_line - 1] + span.start_col - 1, starts[span.end_line - 1] + span.end_col - 1


def assert_json_questions_same(text: str, questions: list[tuple[str, str]]) -> None:
    """One locator asked ``questions`` in order (its seeks start from earlier ones) answers as the whole scan."""
    scanned = whole_scan(text)
    locator = JsonLocator(text)
    for pointer, at in questions:
        if isinstance(scanned, type):
            with pytest.raises(scanned):
                locator.offsets(pointer, at)
            continue
        span = scanned.span(pointer, at)
        assert locator.offsets(pointer, at) == offsets_from_span(text, span), (pointer, at)
        assert locator.span(pointer, at) == span, (pointer, at)


@PROFILE
@given(data=st.data(), text=json_texts(), seeks=st.sampled_from([jsonspans._SEEKS, 10**6]))
def test_json_offsets_of_any_questions_are_the_scanned_ones(data: Any, text: str, seeks: int):
    scanned = whole_scan(text)
    every = ["", "/a", "/0"] if isinstance(scanned, type) else json_pointers(scanned)
    questions = data.draw(
        st.lists(st.tuples(st.sampled_from(every), st.sampled_from(["value", "key", "first_key"])), max_size=30)
    )
    with mock.patch.object(jsonspans, "_SEEKS", seeks), mock.patch.object(jsonspans, "_FIX_SEEKS", seeks):
        assert_json_questions_same(text, questions)
    assert_json_questions_same(text, questions)  # the bounds as they are


@pytest.mark.parametrize("path", CORPUS_JSON, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_json_file_offsets_are_the_scanned_ones(path: Path):
    text = path.read_bytes().decode("utf-8-sig")
    scanned = whole_scan(text)
    every = json_pointers(scanned) if not isinstance(scanned, type) else [""]
    with mock.patch.object(jsonspans, "_SEEKS", 10**6), mock.patch.object(jsonspans, "_FIX_SEEKS", 10**6):
        assert_json_questions_same(text, [(p, at) for p in every for at in ("value", "key", "first_key")])
        assert_json_questions_same(text, [(p, at) for p in reversed(every) for at in ("key", "value")])


def test_json_seeks_start_from_what_was_found():
    text = json.dumps(yaml.safe_load(BASELINE_YAML), indent=2)
    locator = JsonLocator(text)
    rule = "/channelSettings/SMS/captureRules/1"
    locator.offsets(rule + "/to")
    assert rule in locator._found and "/channelSettings" in locator._found
    start = text.index('"to": "+12065550134"')
    assert locator.offsets(rule + "/to", "key") == (start, start + 4)
    locator.offsets("/channelSettings/SMS/captureRules/0/to")  # a different way: no scan
    locator.span("/displayName", "key")
    found = dict(locator._found)
    locator._scan()
    locator.release()  # the whole scan's offsets go; the nodes seeks found stay for the fixes
    assert locator._values is None and locator._found == found
    assert locator.offsets(rule + "/to", "key") == (start, start + 4)


def test_json_offsets_where_nothing_is_found():
    """A span of (1, 1) for a text the scan finds nothing in; its offsets are (0, 1)."""
    assert JsonLocator("x").span("/a") == Span.at(1, 1)
    assert JsonLocator("x").offsets("/a") == (0, 1) == offsets_from_span("x", Span.at(1, 1))


# --------------------------------------------------------------------------- edit positions

BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029", "a", "é", " "]


@PROFILE
@given(pieces=st.lists(st.sampled_from(BREAKS), max_size=40), kind=st.sampled_from(["yaml", "json"]))
def test_edit_positions_are_the_table_ones(pieces: list[str], kind: str):
    text = "".join(pieces)
    lines = fixes._Lines(text, kind)
    # Counted in the text at first (every break a \n), else from the table straight away.
    assert (lines.starts is None) == (kind == "json" or not any(c in text for c in "\r\x85\u2028\u2029"))
    starts = fixes._line_starts(text, kind)
    for offset in range(len(text) + 1):
        line = max(i for i, start in enumerate(starts, 1) if start <= offset)
        assert lines.position(offset) == (line, offset - starts[line - 1] + 1), (text, offset)


@pytest.mark.parametrize("slow", [False, True])
def test_crlf_yaml_fix_positions(slow: bool):
    text = BASELINE_YAML.replace('      - from: "*"\n        to: "+12065550134"\n', "").replace("\n", "\r\n")
    found = fixes_of(text.encode(), "c.yaml", slow)
    (fix,) = [f for rule, pointer, f in found if rule == "CO201" and pointer.endswith("/0/from") and f is not None]
    (edit,) = fix.edits
    assert edit.location == (12, 1) and edit.end_location == (14, 1)


def test_positions_past_the_counted_ones_come_from_the_line_table():
    """A file with thousands of fixes: after a few counted positions, a table of line starts
    answers (counting from the file's start each time made such a file take quadratic time)."""
    from co_lint.fixes import _COUNTED_POSITIONS, _Lines

    text = "".join(f"- from: '+1206555{n:04d}'\n  to: '*'\n" for n in range(40)) + "tail"
    offsets = list(range(0, len(text) + 1, 7))
    counted = _Lines(text, "yaml")
    expected = [(text.count("\n", 0, o) + 1, o - text.rfind("\n", 0, o)) for o in offsets]
    assert [counted.position(o) for o in offsets] == expected
    assert len(offsets) > _COUNTED_POSITIONS and counted.starts is not None
    assert _Lines(text, "json").position(offsets[-1]) == expected[-1]


def test_edits_are_applied_in_one_pass_as_from_the_end_backwards():
    from co_lint.fixes import apply_edits
    from co_lint.types import Edit

    text = "abcdef"
    edits = [Edit(1, 1, "X"), Edit(1, 1, "Y"), Edit(1, 3, "Z"), Edit(5, 6, ""), Edit(0, 0, "<")]
    expected = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):  # one edit at a time
        expected = expected[: edit.start] + edit.replacement + expected[edit.end :]
    assert apply_edits(text, edits) == expected == "<aYXZde"


def _select_one_by_one(findings):
    """select_fixes as it was: every taken edit compared with every new one."""
    from co_lint.fixes import _overlaps

    chosen = {}
    ordered = sorted(
        (f for f in findings if f.fix is not None and f.suppression is None and f.fix.edits),
        key=lambda f: (f.path, f.rule_id == "CO201", min(e.start for e in f.fix.edits), f.rule_id),
    )
    for finding in ordered:
        taken = chosen.setdefault(finding.path, [])
        if any(_overlaps(a, b) for fix in taken for a in fix.edits for b in finding.fix.edits):
            continue
        if finding.rule_id == "CO201" and any(fix.description == finding.fix.description for fix in taken):
            continue
        taken.append(finding.fix)
    return {path: fixes for path, fixes in chosen.items() if fixes}


def test_fixes_are_selected_as_when_every_edit_was_compared():
    """Random fixes (insertions, replacements, fixes whose own edits overlap, repeated
    mirrors): the edit index takes exactly the fixes the pairwise comparison took."""
    import random

    from co_lint.fixes import select_fixes
    from co_lint.types import Edit, Finding, Fix, Span

    rng = random.Random(7)
    for _ in range(300):
        findings = []
        for n in range(rng.randint(1, 30)):
            edits = []
            for _ in range(rng.randint(1, 3)):
                start = rng.randint(0, 60)
                edits.append(Edit(start, start + rng.choice((0, 0, 1, 2, 5)), "x"))
            rule = rng.choice(("CO003", "CO201", "CO202"))
            fix = Fix(f"add mirror {rng.randint(0, 5)}" if rule == "CO201" else f"fix {n}", tuple(edits))
            path = rng.choice(("a.yaml", "b.json"))
            findings.append(Finding(rule, "error", "m", path, Span.at(1, 1), fix=fix))
        assert select_fixes(findings) == _select_one_by_one(findings)
