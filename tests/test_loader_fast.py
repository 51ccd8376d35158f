"""The YAML line and event paths give exactly what the composed path gives, and they do run.

:func:`co_lint.loader._read_lines` reads plain block-style texts without libyaml and hands
anything else to :func:`co_lint.loader._read_events`, which builds values from libyaml's
events and hands the file to :func:`co_lint.loader._load_yaml_composed` at anything
unusual. Each test loads the same bytes three ways (as the loader does; with the line path
giving up; with both fast paths giving up) and compares the whole :class:`SourceFile`:
documents (index, value with its types and key order), findings, and the span and plain
text of every node, so a position asked of a fast-path document (which composes the text
again) is the one the composed path gives.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from co_lint import jsonspans, loader
from co_lint.jsonspans import JsonLocator
from co_lint.loader import SourceFile, escape_pointer_token, load_file
from conftest import BASELINE_YAML, REPO, SHARED

#: Every YAML file of the repository's tests and examples and of the shared conformance kit.
CORPUS = sorted(
    path
    for root in (REPO / "tests", REPO / "examples", SHARED / "conformance")
    if root.is_dir()
    for path in root.rglob("*")
    if path.suffix.lower() in (".yaml", ".yml") and path.is_file()
)
#: Every JSON file of the same places.
CORPUS_JSON = sorted(
    path
    for root in (REPO / "tests", REPO / "examples", SHARED / "conformance")
    if root.is_dir()
    for path in root.rglob("*.json")
    if path.is_file() and ".co-lint-cache" not in path.parts  # a cache a local run left is no input
)


def typed(value: Any) -> Any:
    """``value`` as nested tuples that differ whenever a type, a value or a key order differs."""
    if isinstance(value, dict):
        return ("dict", [(type(key), key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value), repr(value))  # repr: -0.0, nan, a datetime's tzinfo


def pointers(value: Any, pointer: str = "") -> list[str]:
    """The JSON Pointer of every node of ``value``, the root first."""
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += pointers(item, f"{pointer}/{escape_pointer_token(key)}")
    elif isinstance(value, list):
        for position, item in enumerate(value):
            found += pointers(item, f"{pointer}/{position}")
    return found


def snapshot(source: SourceFile) -> dict:
    """Everything a SourceFile tells the rest of co-lint, positions included."""
    documents = []
    for document in source.documents:
        nodes = [
            (p, document.span(p), document.span(p, "key"), document.plain_scalar_text(p))
            for p in pointers(document.value)
        ]
        documents.append((document.index, typed(document.value), document.span("", "first_key"), nodes))
    findings = [(f.rule_id, f.level, f.message, f.path, f.span, f.pointer, f.document) for f in source.findings]
    return {"kind": source.kind, "text": source.text, "documents": documents, "findings": findings}


def load_ways(data: bytes, name: str = "config.yaml") -> tuple[SourceFile, SourceFile, SourceFile]:
    """``data`` loaded as the loader loads it, with the line path giving up, and with the event path giving up too."""
    new = load_file(Path(name), name, data)
    with mock.patch.object(loader, "_read_lines", lambda text: None):
        events = load_file(Path(name), name, data)
        with mock.patch.object(loader, "_read_events", lambda text, source: None):
            old = load_file(Path(name), name, data)
    return new, events, old


def both(data: bytes, name: str = "config.yaml") -> tuple[SourceFile, SourceFile]:
    """``data`` loaded as the loader loads it, and by the composed path alone."""
    new, _, old = load_ways(data, name)
    return new, old


def event_path_runs(text: str) -> bool:
    """Whether the event path reads ``text`` itself (rather than handing it to the composed path)."""
    return loader._read_events(text, SourceFile(Path("config.yaml"), "config.yaml", text)) is not None


def line_path_runs(text: str) -> bool:
    """Whether the line path reads ``text`` itself (rather than handing it to the event path)."""
    return loader._read_lines(text) is not None


def path_of(text: str) -> str:
    """Which path reads ``text``: "lines", "events" or "composed"."""
    return "lines" if line_path_runs(text) else "events" if event_path_runs(text) else "composed"


def assert_same(data: bytes, name: str = "config.yaml") -> None:
    new, events, old = load_ways(data, name)
    assert snapshot(new) == snapshot(old)
    assert snapshot(events) == snapshot(old)


# --------------------------------------------------------------------------- files


def test_corpus_is_not_empty():
    assert len(CORPUS) >= 20, CORPUS


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_every_yaml_file_loads_the_same(path: Path):
    assert_same(path.read_bytes(), str(path))


def test_event_path_reads_every_ordinary_file():
    """It gives up only on a file with an input finding, or with an anchor, a merge or a tag."""
    assert event_path_runs(BASELINE_YAML)
    read = 0
    for path in CORPUS:
        text = path.read_bytes().decode("utf-8-sig", "replace")
        if event_path_runs(text):
            read += 1
        else:
            old = both(path.read_bytes(), str(path))[1]
            assert old.findings or any(mark in text for mark in ("&", "<<", "!")), path
    assert read >= len(CORPUS) * 3 // 4


def test_event_path_document_positions_come_from_the_text():
    """No node tree is kept; one is composed when a position is asked, and released again."""
    text = BASELINE_YAML + "---\n---\ndisplayName: Second\n"
    source = load_file(Path("two.yaml"), "two.yaml", text.encode())
    assert [d.index for d in source.documents] == [0, 2]
    second = source.documents[1]
    assert second.locator._root is None
    assert second.span("/displayName") == loader.Span(18, 14, 18, 20)
    assert second.locator.root is not None
    second.locator.release()
    assert second.locator._root is None
    assert second.span("/displayName", "key") == loader.Span(18, 1, 18, 12)
    lines = text.splitlines()
    phone = source.documents[0].span("/channelSettings/SMS/captureRules/1/to")
    assert lines[phone.start_line - 1][phone.start_col - 1 : phone.end_col - 1] == '"+12065550134"'
    assert lines[phone.start_line - 2].strip() == '- from: "*"'


# --------------------------------------------------------------------------- snippets

#: (name, text, which path reads it: "lines"; "events" when the line path gives up; "composed"
#: when the event path gives up too).
SNIPPETS = [
    (
        "ints",
        "a: 0o17\nb: 0x1F\nc: 1_000\nd: 190:20:30\ne: -0\nf: 0b101\ng: 017\nh: 123456789012345678901234567890\n",
        "lines",
    ),
    (
        "floats",
        "a: .inf\nb: -.Inf\nc: .NaN\nd: 1e3\ne: 6.8523015e+5\nf: 1_000.5\ng: 190:20:30.15\nh: -0.0\ni: 1.0e+400\n",
        "lines",
    ),
    ("more floats", "a: .5\nb: +.5\nc: 1.\nd: -1_0.0_1\ne: -1:30\nf: 0x\ng: 1e\n", "lines"),
    ("bools", "a: yes\nb: No\nc: ON\nd: off\ne: y\nf: n\ng: TRUE\nh: tRUE\ni: False\n", "lines"),
    ("nulls", "a: null\nb: ~\nc:\nd: Null\ne: NULL\nf: ''\ng: nULL\n", "lines"),
    (
        "timestamps",
        "a: 2001-12-14t21:59:43.10-05:00\nb: 2002-12-14\nc: 2001-12-14 21:59:43.10 +5\nd: 2001-12-15T02:59:43.1Z\n",
        "lines",
    ),
    ("invalid timestamps", "a: 2002-13-45\nb: 2002-02-30\nc: 2001-12-14t25:59:43\nd: 2002-1-1\n", "lines"),
    ("phone numbers", "from: +12065550100\nto: '+12065550100'\nx: whatsapp:+12065550100\ny: +1 206\n", "lines"),
    ("colon and hash", "url: http://example.com/a#b\nnote: a # comment\ntime: 12:30\nk: a:b\n", "events"),
    (
        "quoted and block",
        "a: 'single ''q'''\nb: \"dbl \\n \\u00e9\"\nc: |\n  line1\n  line2\nd: >-\n  folded\n  text\ne: |+\n  keep\n\nf: \"123\"\n",
        "events",
    ),
    ("flow collections", "a: {b: 1, c: [x, 'y', {d: ~}]}\ne: []\nf: {}\ng: [yes, 0x1F, '1']\n", "events"),
    ("nested lists", "- - - 1\n    - 2\n  - [3, [4]]\n- []\n-\n- - a: 1\n    b:\n", "events"),
    ("resolved keys", "1: a\ntrue: b\n~: c\n0.5: d\n2002-12-14: e\n'quoted': f\n\"<<\": g\nnull: h\n", "lines"),
    ("block and empty keys", "? |\n  block key\n: v\n? lone key\n? \n: empty key\n", "events"),
    ("merge text as a value", "a: <<\nb: [<<]\n", "events"),
    ("non-specific tag", "a: ! 123\nb: ! '123'\nc: ! [1]\nd: ! {e: f}\n! g: h\n", "events"),
    ("unicode", "name: Café ☕\n'ключ': значение\nemoji: 😀\n\"\\U0001F600\": x\n", "events"),
    ("crlf", "a: 1\r\nb:\r\n  - x\r\n", "events"),
    ("tab before a comment", "a: 1\t# comment\n", "events"),
    ("yaml directive", "%YAML 1.1\n---\na: 1\n", "events"),
    ("empty file", "", "events"),
    ("comment only", "# nothing here\n", "events"),
    ("document start alone", "---\n", "events"),
    ("document end alone", "...\n", "composed"),  # a parse error
    ("three documents, empty middle", "a: 1\n---\n---\nb: 2\n", "events"),
    ("document end markers", "a: 1\n...\n---\nb: 2\n...\n", "events"),
    ("root scalars", "just text\n--- 42\n--- ''\n--- ~\n--- null\n--- ! \n", "events"),
    ("nested twenty deep", "a: " + "[" * 20 + "1" + "]" * 20 + "\n", "events"),
    ("duplicate key", "a: 1\nb: 2\na: 3\n", "composed"),
    ("nested duplicate key", "a:\n  x: 1\n  x: 2\n", "composed"),
    ("duplicate resolved key", "1: a\n'1': b\n", "composed"),
    ("anchor and alias", "a: &x 1\nb: *x\n", "composed"),
    ("anchor without alias", "a: &x {b: 1}\n", "composed"),
    ("alias as key", "a: &k key\n*k : 1\n", "composed"),
    (
        "alias bomb",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        "composed",
    ),
    ("merge key", "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", "composed"),
    ("merge key without alias", "<<: {x: 1, y: 1}\ny: 2\n", "composed"),
    ("merge key of a scalar", "<<: 1\ny: 2\n", "composed"),
    ("merge key, non-specific tag", "! <<: {x: 1}\n", "composed"),
    ("value tag", "a: =\n", "composed"),
    ("value tag on a key", "=: 1\n", "composed"),
    ("str tag", "a: !!str 123\n", "composed"),
    ("python tag", "a: !!python/object:os.system x\n", "composed"),
    ("custom tag", "a: !custom x\n", "composed"),
    ("map tag", "--- !!map\na: 1\n", "composed"),
    ("tag on a key", "!!str 1: a\n", "composed"),
    ("tag directive", "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", "composed"),
    ("sequence as key", "? [a, b]\n: 1\n", "composed"),
    ("mapping as key", "? {a: 1}\n: 2\n", "composed"),
    ("flow sequence key", "{[a]: 1}\n", "composed"),
    ("nested too deep for the event path", "a: " + "[" * 100 + "]" * 100 + "\n", "composed"),
    ("nested too deep for co-lint", "[" * 300 + "]" * 300 + "\n", "composed"),
    ("tab indentation", "a:\n\tb: 1\n", "composed"),
    ("unclosed single quote", "a: 'open\n", "composed"),
    ("unclosed double quote", 'a: "open\n', "composed"),
    ("unclosed flow", "a: [1, 2\n", "composed"),
    ("error in a later document", "a: 1\n---\nb: [\n", "composed"),
    ("duplicate then error", "a: 1\na: 2\n---\n]\n", "composed"),
    ("mapping in a scalar", "a: b: c\n", "composed"),
    ("control character", "a: \x07\n", "composed"),
    # the line path's own reading, and what it leaves to the others
    ("indentless sequence", "a:\n- x\n- y\nb: 1\n", "lines"),
    ("compact mappings", "rules:\n  - from: a\n    to: b\n  -   from: c\n      to: d\n  - x\n", "lines"),
    ("indentless compact mappings", "a:\n- b: 1\n  c:\n  - x\n  d: 2\n- e\nf: 3\n", "lines"),
    ("empty values", "a:\nb:\n  c:\nd: 1\ne:\n", "lines"),
    (
        "comments and blank lines",
        "# head\na: 1 # one\n\n  # indented comment\nb:   # opens\n  c: 'x' # q\n   \n#\n",
        "lines",
    ),
    ("trailing spaces", "a: b   \nc:   \n  d: e \n  f: 'g'  \n", "lines"),
    ("quoted keys and values", "'a b': \"c: d\"\n\"e#f\": 'g #h'\n'': ''\n'1': \"2\"\n", "lines"),
    (
        "punctuation in plain scalars",
        "a: b,c [d] {e}\nf: x!y&z*w|v>u%t@s`r\ng: a'b\"c\nh: C:/x\ni: http://h/x?y=1&z\n",
        "lines",
    ),
    ("negative and dotted values", "a: -1\nb: -.5\nc: .5\nd: .inf\ne: -.inf\nf: ...\ng: -0x1F\nh: -.\n", "lines"),
    ("empty flow collections", "a: []\nb: {}\nc:\n  - x\n", "lines"),
    (
        "wide and uneven indentation",
        "a:\n      b:\n            c: 1\n      d: 2\ne:\n - x\n -  y: 1\n    z: 2\n",
        "lines",
    ),
    ("colons in plain scalars", "a:b: c\nd: e:f\ng: 12:30:00\nh: a:b:c\n", "lines"),
    ("no final newline", "a: 1\nb:\n  - x", "lines"),
    ("multi-line plain scalar", "a: b\n  c\n", "events"),
    ("value on the next line", "a:\n  b\n", "events"),
    ("hash without a space", "a: b#c\n", "events"),
    ("root sequence", "- a\n- b\n", "events"),
    ("dash alone", "a:\n-\n  b: 1\n", "events"),
    ("nested dashes", "a:\n- - x\n", "events"),
    ("space before a colon", "a : 1\n", "events"),
    ("document start marker", "---\na: 1\n", "events"),
    ("escaped quotes", "a: 'it''s'\nb: \"x\\ty\"\n", "events"),
    ("flow sequence with items", "a: [x, y]\n", "events"),
    ("block scalar", "a: |\n  x\n", "events"),
    ("indented root", "  a: 1\n  b: 2\n", "events"),
    ("long key", "k" * 1100 + ": 1\n", "composed"),
    ("long key the line path leaves", "k" * 1010 + ": 1\n", "events"),
    ("dedent to no block", "a:\n    b: 1\n  c: 2\n", "composed"),
    ("key after a sequence", "a:\n  - x\n  b: 1\n", "composed"),
    ("entry after a scalar", "a: 1\n- x\n", "composed"),
    ("quoted then text", "a: 'x' y\n", "composed"),
    ("key ending a line alone", "a: 1\nb\n", "composed"),
    ("dash key", "-a: 1\n", "events"),
    ("dot key", ".a: 1\n", "events"),
    ("question mark value", "a: ?x\n", "events"),
]


@pytest.mark.parametrize(("text", "path"), [s[1:] for s in SNIPPETS], ids=[s[0] for s in SNIPPETS])
def test_snippet_loads_the_same(text: str, path: str):
    assert_same(text.encode())
    assert path_of(text) == path


def test_snippets_with_findings_keep_them():
    """The snippets the fast paths hand on are the ones with findings (or merges, aliases, tags)."""
    findings = {s[0]: both(s[1].encode())[0].findings for s in SNIPPETS}
    assert findings["duplicate key"][0].rule_id == "CO002"
    assert findings["alias bomb"][0].rule_id == "CO004"
    assert findings["python tag"][0].rule_id == "CO004"
    assert findings["value tag"][0].rule_id == "CO004"
    assert findings["sequence as key"][0].rule_id == "CO103"
    assert findings["nested too deep for co-lint"][0].rule_id == "CO001"
    assert findings["tab indentation"][0].rule_id == "CO001"
    assert not any(findings[s[0]] for s in SNIPPETS if s[2] != "composed")


@pytest.mark.parametrize(
    "name",
    ["ints", "floats", "more floats", "bools", "nulls", "timestamps", "phone numbers", "colon and hash"]
    + ["quoted and block", "flow collections", "nested lists", "unicode", "three documents, empty middle"],
)
def test_scalars_build_as_safe_load_builds_them(name: str):
    """An independent reference: yaml.safe_load reads these (string keys, valid dates) the same."""
    text = dict((s[0], s[1]) for s in SNIPPETS)[name]
    expected = [value for value in yaml.safe_load_all(text) if value is not None]
    assert typed([d.value for d in load_file(Path("c.yaml"), "c.yaml", text.encode()).documents]) == typed(expected)


# --------------------------------------------------------------------------- generated

TRICKY = ["<<", "=", "~", "null", "yes", "No", "y", "1", "0x1F", "0o17", "1_000", "190:20:30", "-0", ".inf", ".NaN"]
TRICKY += ["1e3", "2002-12-14", "2002-13-45", "+12065550100", "whatsapp:+1206", "a: b", "#x", "- x", "? x", "&a", "*a"]
TRICKY += ["!x", "", " ", "\t", "'", '"', "|", ">", "@", "`", "%", "{", "[", "\n", "a\nb", "\u2028", "é", "\x85"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=15),
    st.sampled_from(TRICKY),
    st.dates(),
    st.datetimes(
        timezones=st.sampled_from([None, datetime.timezone.utc, datetime.timezone(datetime.timedelta(hours=-5))])
    ),
)
KEYS = st.one_of(st.text(max_size=8), st.sampled_from(TRICKY))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)),
    max_leaves=20,
)
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@PROFILE
@given(
    documents=st.lists(VALUES, min_size=1, max_size=3),
    flow=st.sampled_from([False, True, None]),
    unicode=st.booleans(),
    sort_keys=st.booleans(),
    explicit_end=st.booleans(),
)
def test_dumped_values_load_the_same(documents, flow, unicode, sort_keys, explicit_end):
    text = yaml.safe_dump_all(
        documents, default_flow_style=flow, allow_unicode=unicode, sort_keys=sort_keys, explicit_end=explicit_end
    )
    assert_same(text.encode())
    # safe_dump quotes whatever would not read back as itself; it writes an anchor for an
    # object it meets twice and a tag where a timestamp cannot be plain: the rest is the event path's.
    assert event_path_runs(text) or "&id" in text or "!!" in text, text


# --------------------------------------------------------------------------- the line path

#: Scalars of an ordinary configuration, which the line path reads wherever they stand.
ORDINARY = ["from", "to", "SMS", "x y", "POST", "https://h.example/x?y=1&z=2", "30", "0", "3.5", "true", "null", "~"]
ORDINARY += [
    "n",
    "yes",
    "2002-12-14",
    "12:30",
    "whatsapp:+1206",
    "+1206",
    "a,b [c]",
    "C:/x",
    "$x",
    "a:b",
    "a'b",
    "'q r'",
]
ORDINARY += ['"d e"', "''", "'#: x'", "1_000", "0x1F", "True", "a b c"]
#: What the line path must read as libyaml does, or leave to the other paths.
UNUSUAL = [
    "",
    "-1",
    ".5",
    "-.inf",
    "[]",
    "{}",
    "<<",
    "=",
    "...",
    "-x",
    "a #b",
    "a#b",
    "!x",
    "&a",
    "*a",
    "? x",
    "|",
    ">",
]
UNUSUAL += ["%x", "`x", "@x", "a  b", "a :b", "a: b", "é", "'it''s'", '"e\\"', "'a", "k" * 1030, "-", "- x", "#", ":"]
#: Text inserted somewhere into a block-style text.
MUTATIONS = [" ", "  ", "\n", "- ", ": ", " #", "#", ":", "'", '"', "\t", "-", "?", "[", "{", "|", "&", "*", "!", "%"]
MUTATIONS += ["\n  ", "\n- ", "\n---\n", "\n...\n", "é", "\r", "\x85", "\u2028", "x", " x: y", "\n  x"]


def _emit(value: Any, indent: int, lines: list[str], draw: Any) -> None:
    """Write ``value`` (a dict or a list of scalars, dicts and lists) in block style, choices drawn."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(pad + key + ":" + draw(st.sampled_from(["", " ", "  # c"])))
                if isinstance(item, list) and draw(st.booleans()):
                    _emit(item, indent, lines, draw)  # a sequence at its key's indentation
                else:
                    _emit(item, indent + draw(st.sampled_from([1, 2, 4])), lines, draw)
            else:
                colon = ":" if item == "" else draw(st.sampled_from([": ", ":  "]))
                lines.append(pad + key + colon + item + draw(st.sampled_from(["", " ", " # c", "  #: c"])))
        return
    for item in value:
        gap = draw(st.sampled_from([" ", "  "]))
        if isinstance(item, dict):
            block: list[str] = []
            _emit(item, indent + 1 + len(gap), block, draw)
            block[0] = pad + "-" + gap + block[0].lstrip(" ")
            lines.extend(block)
        elif isinstance(item, list):
            lines.append(pad + "-")
            _emit(item, indent + 2, lines, draw)
        else:
            lines.append(pad + "-" + gap + item)


@st.composite
def block_texts(draw: Any, unusual: bool) -> str:
    """A YAML text in the block style of configurations; with ``unusual``, odd scalars and insertions too."""
    scalars = st.sampled_from(ORDINARY + UNUSUAL) if unusual else st.sampled_from(ORDINARY)
    keys = scalars if unusual else st.sampled_from([s for s in ORDINARY if s != "''"])
    if unusual:
        items = st.recursive(
            scalars,
            lambda c: st.one_of(st.lists(c, min_size=1, max_size=3), st.dictionaries(keys, c, min_size=1, max_size=3)),
            max_leaves=12,
        )
    else:  # the line path reads no sequence directly inside a sequence
        items = st.recursive(
            scalars,
            lambda c: st.one_of(
                st.dictionaries(keys, c, min_size=1, max_size=3),
                st.lists(st.one_of(scalars, st.dictionaries(keys, c, min_size=1, max_size=3)), min_size=1, max_size=3),
            ),
            max_leaves=12,
        )
    root = draw(st.dictionaries(keys, items, min_size=1, max_size=4))
    lines: list[str] = []
    _emit(root, 0, lines, draw)
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n# end\n"]))
    return mutated(draw, text) if unusual else text


def mutated(draw, text: str) -> str:
    """``text`` with up to two :data:`MUTATIONS` inserted at drawn positions."""
    for position, insert in draw(st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(MUTATIONS)), max_size=2)):
        position %= len(text) + 1
        text = text[:position] + insert + text[position:]
    return text


@PROFILE
@given(text=block_texts(unusual=False))
def test_block_style_configurations_take_the_line_path(text: str):
    assert_same(text.encode())
    assert line_path_runs(text), text


@PROFILE
@given(text=block_texts(unusual=True))
def test_block_style_texts_load_the_same(text: str):
    """Whatever the line path reads, it reads as libyaml does; anything else it leaves to the other paths."""
    assert_same(text.encode())


def test_line_path_reads_most_files():
    assert line_path_runs(BASELINE_YAML)
    read = sum(line_path_runs(path.read_bytes().decode("utf-8-sig", "replace")) for path in CORPUS)
    assert read >= len(CORPUS) * 3 // 4


def test_load_file_takes_the_line_path():
    """A plain configuration never reaches libyaml when it is loaded (a position asked later composes it)."""
    fail = mock.Mock(side_effect=AssertionError("not the line path"))
    with mock.patch.object(loader, "_read_events", fail), mock.patch.object(loader, "_load_yaml_composed", fail):
        source = load_file(Path("desk.yaml"), "desk.yaml", BASELINE_YAML.encode())
    assert [d.index for d in source.documents] == [0]
    assert source.documents[0].value == yaml.safe_load(BASELINE_YAML)
    assert source.documents[0].locator._root is None


# --------------------------------------------------------------------------- plain scalars' values


IMMUTABLE = (str, type(None), bool, int, float, datetime.date, datetime.datetime)


def test_plain_values_are_remembered_and_immutable(monkeypatch: pytest.MonkeyPatch):
    """Shared between documents and files, a remembered value must be one nothing can change."""
    for value in loader._PLAIN_VALUES.values():  # all this session's tests remembered
        assert value is loader._UNSUPPORTED or type(value) in IMMUTABLE, value
    monkeypatch.setattr(loader, "_PLAIN_VALUES", {})
    monkeypatch.setattr(loader, "_PLAIN_KEYS", {})
    load_file(Path("c.yaml"), "c.yaml", b"a: 30\nb: yes\nc: 2002-12-14\nd: 2001-12-14t21:59:43.10-05:00\ne: .5\nf: ~\n")
    load_file(Path("c.yaml"), "c.yaml", b"a: [x, 1e3, 0x1F, .NaN, =]\n")  # the event path's (it gives up at =)
    assert loader._PLAIN_VALUES["30"] == 30 and loader._PLAIN_VALUES["0x1F"] == 31
    assert loader._PLAIN_VALUES["="] is loader._UNSUPPORTED
    assert type(loader._PLAIN_VALUES["2001-12-14t21:59:43.10-05:00"]) is datetime.datetime
    for value in loader._PLAIN_VALUES.values():
        assert value is loader._UNSUPPORTED or type(value) in IMMUTABLE, value
    assert set(loader._PLAIN_KEYS) == {"a", "b", "c", "d", "e", "f"}
    assert all(key == name for key, name in loader._PLAIN_KEYS.items())


def test_remembered_values_are_used(monkeypatch: pytest.MonkeyPatch):
    """A text met before is not resolved again, by either fast path."""
    monkeypatch.setattr(loader, "_PLAIN_VALUES", {})
    monkeypatch.setattr(loader, "_PLAIN_KEYS", {})
    block = b"first: 1440\nsecond:\n- 1440\n- yes\n"  # the line path's
    flow = b"first: 1440\nsecond: [1440, yes]\n"  # the event path's
    assert line_path_runs(block.decode()) and path_of(flow.decode()) == "events"
    for data in (block, flow):
        load_file(Path("c.yaml"), "c.yaml", data)
    resolve = mock.Mock(side_effect=loader._resolve_plain)
    monkeypatch.setattr(loader, "_resolve_plain", resolve)
    for data in (block, flow):
        assert load_file(Path("c.yaml"), "c.yaml", data).documents[0].value == {"first": 1440, "second": [1440, True]}
    resolve.assert_not_called()


def test_full_caches_change_nothing(monkeypatch: pytest.MonkeyPatch):
    """With nothing remembered (the caches full), every path still gives the same values."""
    monkeypatch.setattr(loader, "_PLAIN_VALUES", {})
    monkeypatch.setattr(loader, "_PLAIN_KEYS", {})
    monkeypatch.setattr(loader, "_PLAIN_CACHE_LIMIT", 0)
    for _, text, _ in SNIPPETS[:20]:
        assert_same(text.encode())
    assert_same(BASELINE_YAML.encode())
    assert not loader._PLAIN_VALUES and not loader._PLAIN_KEYS


# --------------------------------------------------------------------------- JSON positions

JSON_KEYS = st.sampled_from(["a", "b", "from", "to", "", "x/y", "m~n", "0", "1", "é", 'a"b', "sp ace"])
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.sampled_from(["", "s", "x:y", "a\\b", "é", "\n"])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(JSON_KEYS, children, max_size=4)),
    max_leaves=20,
)


@st.composite
def json_texts(draw: Any) -> str:
    """A JSON text as people and tools write it; sometimes with a duplicate key or a defect."""
    text = json.dumps(
        draw(st.one_of(st.dictionaries(JSON_KEYS, JSON_VALUES, max_size=5), JSON_VALUES)),
        indent=draw(st.sampled_from([None, 0, 2, "\t"])),
        separators=draw(st.sampled_from([None, (",", ":"), (" , ", " : ")])),
        ensure_ascii=draw(st.booleans()),
    )
    duplicated = re.search(r'"a"\s*:', text)
    if duplicated and draw(st.booleans()):  # a duplicate key (the whole scan keeps both values' pointers)
        text = text[: duplicated.start()] + '"a": {"q": [1]}, ' + text[duplicated.start() :]
    for position, insert in draw(
        st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(',}]{[":x1\n@')), max_size=2)
    ):
        position %= len(text) + 1
        text = text[:position] + insert + text[position:]
    return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", "\n", " x"]))


def json_pointers(scanned: JsonLocator) -> list[str]:
    """Every pointer a whole scan knows, pointers below and beside them, and some that are not there."""
    known = set(scanned._values or {}) | set(scanned._keys) | set(scanned._first_keys)
    near = {pointer + suffix for pointer in known for suffix in ("/zz", "/0", "/9", "/", "/a/b")}
    return sorted(known | near | {"", "/", "/a", "/00", "/nope"})


def whole_scan(text: str) -> Any:
    """``text``'s locator after the whole scan, or the exception class the scan raises."""
    locator = JsonLocator(text)
    try:
        locator._scan()
    except ValueError as exc:
        return type(exc)
    return locator


def whole_scan_span(scanned: Any, pointer: str, at: str) -> Any:
    """What :meth:`JsonLocator.span` says after the whole scan (the exception it raised, if any)."""
    return scanned if isinstance(scanned, type) else scanned.span(pointer, at)


def seek_span(text: str, pointer: str, at: str) -> Any:
    """What a fresh locator's :meth:`JsonLocator.span` says (its seek, or the whole scan when unsure)."""
    try:
        return JsonLocator(text).span(pointer, at)
    except ValueError as exc:
        return type(exc)


@PROFILE
@given(text=json_texts())
def test_json_positions_sought_are_the_scanned_ones(text: str):
    scanned = whole_scan(text)
    # where the whole scan fails, so must every position asked
    pointers = ["", "/a", "/0", "/zz"] if isinstance(scanned, type) else json_pointers(scanned)
    for pointer in pointers:
        for at in ("value", "key", "first_key", "start"):
            assert seek_span(text, pointer, at) == whole_scan_span(scanned, pointer, at), (pointer, at)


def assert_file_positions_scanned(path: Path, sought: Any) -> None:
    """Every position ``sought(text, pointer, at)`` gives in a corpus file is the whole scan's."""
    text = path.read_bytes().decode("utf-8-sig")
    scanned = whole_scan(text)
    for pointer in json_pointers(scanned):
        for at in ("value", "key", "first_key"):
            assert sought(text, pointer, at) == whole_scan_span(scanned, pointer, at), (pointer, at)


@pytest.mark.parametrize("path", [p for p in CORPUS_JSON], ids=lambda p: str(p.relative_to(p.parents[2])))
def test_json_file_positions_are_the_scanned_ones(path: Path):
    assert_file_positions_scanned(path, seek_span)


def loaded_without_duplicates(text: str) -> bool:
    """Whether ``json.loads`` reads ``text`` and meets no key twice (what the loader tells a locator)."""

    def pairs(items: list) -> dict:
        if len(dict(items)) != len(items):
            raise KeyError("a duplicate key")
        return dict(items)

    try:
        json.loads(text, object_pairs_hook=pairs)
    except (ValueError, KeyError, RecursionError):
        return False
    return True


def parsed_seek_span(text: str, pointer: str, at: str) -> Any:
    """What :func:`seek_span` says, for a locator told its text was parsed with no key twice."""
    try:
        return JsonLocator(text, parsed=True).span(pointer, at)
    except ValueError as exc:
        return type(exc)


@PROFILE
@given(text=json_texts())
def test_json_positions_sought_in_a_parsed_text_are_the_scanned_ones(text: str):
    assume(loaded_without_duplicates(text))
    scanned = whole_scan(text)
    for pointer in json_pointers(scanned):
        for at in ("value", "key", "first_key", "start"):
            assert parsed_seek_span(text, pointer, at) == whole_scan_span(scanned, pointer, at), (pointer, at)


def _parsed_corpus() -> list[Path]:
    """The corpus's JSON files the loader reads with no key twice (their locators are told so)."""
    parsed = []
    for path in CORPUS_JSON:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        if loaded_without_duplicates(text):
            parsed.append(path)
    return parsed


@pytest.mark.parametrize("path", _parsed_corpus(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_json_file_positions_sought_after_parsing_are_the_scanned_ones(path: Path):
    assert_file_positions_scanned(path, parsed_seek_span)


def test_the_loader_tells_a_json_locator_its_text_was_parsed(tmp_path):
    (tmp_path / "a.json").write_text('{"a": {"b": 1}, "c": 2}')
    (tmp_path / "b.json").write_text('{"a": 1, "a": 2}')
    parsed = load_file(tmp_path / "a.json", "a.json").documents[0].locator
    twice = load_file(tmp_path / "b.json", "b.json").documents[0].locator
    assert (parsed._valid, parsed._unique) == (True, True)
    assert (twice._valid, twice._unique) == (False, False)


def test_json_positions_are_sought_then_scanned():
    """The first few positions skip the whole scan (the fast path stays in use); later ones share it."""
    text = json.dumps(yaml.safe_load(BASELINE_YAML), indent=2)
    locator = JsonLocator(text)
    pointer = "/channelSettings/SMS/captureRules/1/to"
    spans = [locator.span(pointer) for _ in range(jsonspans._SEEKS)]
    assert locator._values is None and locator._line_starts is None
    assert spans[0] == whole_scan(text).span(pointer)
    line = text.splitlines()[spans[0].start_line - 1]
    assert line[spans[0].start_col - 1 : spans[0].end_col - 1] == '"+12065550134"'
    assert locator.span(pointer) == spans[0] and locator._values is not None
    assert [locator.span(pointer) for _ in range(jsonspans._COUNTED)][-1] == spans[0]
    assert locator._line_starts is not None


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ('{"a": {"x": 1}, "b": 2, "a": {"y": 2}}', "/a/x"),  # the scan keeps the first a's x
        ('{"a": [1, 2, @]}', "/a"),  # malformed
        ('{"a": "\\u00zz"}', "/a"),  # a bad escape: the whole scan raises
        ('{"a": 1', "/a"),
        ("[" * 5000 + "]" * 5000, "/0/0"),  # deeper than the C scanner goes
        ('{"a": ' + "1" * 5000 + "}", "/a"),  # longer than int() reads
    ],
)
def test_json_positions_the_seek_leaves_to_the_scan(text: str, pointer: str):
    for at in ("value", "key", "first_key"):
        assert seek_span(text, pointer, at) == whole_scan_span(whole_scan(text), pointer, at)
    locator = JsonLocator(text)
    with contextlib.suppress(ValueError):
        locator.span(pointer)
    assert locator._seeks == 0  # the seek did not answer


def test_json_line_and_column_counted_as_the_table_gives_them():
    text = '{\n  "a": 1,\r\n\n  "b": [\n    2\n  ]\n}'
    counted, table = JsonLocator(text), JsonLocator(text)
    table._line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    for offset in range(len(text) + 1):
        counted._counted = 0
        assert counted._position(offset) == table._position(offset)


def test_the_copy_of_pyyaml_resolvers_builds_pyyamls_table():
    """The line path resolves plain scalars with a copy of PyYAML's implicit resolvers when
    PyYAML is not imported yet (a one-file run then never imports it): the copy must build the
    very table the composer applies, pattern for pattern, in the same order."""
    table = yaml.CSafeLoader.yaml_implicit_resolvers

    def shown(resolvers: dict) -> dict:
        return {
            char: [(tag, regexp.pattern, regexp.flags) for tag, regexp in entries]
            for char, entries in resolvers.items()
        }

    assert shown(loader._pyyaml_resolvers()) == shown(table)


@pytest.mark.parametrize(
    "text",
    ["0", "-0", "+0", "7", "300", "-1", "+42", "0123", "0o17", "0x1F", "0b101", "1_000", "1:30", "-1_0", "00", "09"],
)
def test_a_decimal_integer_reads_as_pyyaml_reads_it(text):
    """Plain decimal integers are read without PyYAML's constructor; every other int form is
    still its. Either way the value is what ``yaml.safe_load`` gives."""
    tag = loader._resolve_plain(text, loader._pyyaml_resolvers())
    assert loader._scalar_value(tag, text) == yaml.safe_load(text)


def test_a_decimal_integer_too_long_to_read_is_refused_either_way():
    limit = loader.max_int_digits()
    assert loader._scalar_value(loader._CORE + "int", "9" * limit) == int("9" * limit)
    assert loader._scalar_value(loader._CORE + "int", "9" * (limit + 1)) is loader._TOO_LARGE
