"""The YAML event path gives exactly what the composed path gives, and it does run.

:func:`co_lint.loader._read_events` builds values from libyaml's events and hands the file
to :func:`co_lint.loader._load_yaml_composed` at anything unusual. Each test loads the same
bytes both ways (the composed way by making the event path give up) and compares the whole
:class:`SourceFile`: documents (index, value with its types and key order), findings, and
the span and plain text of every node, so a position asked of an event-path document (which
composes the text again) is the one the composed path gives.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from co_lint import loader
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


def both(data: bytes, name: str = "config.yaml") -> tuple[SourceFile, SourceFile]:
    """``data`` loaded as the loader loads it, then with the event path always giving up."""
    new = load_file(Path(name), name, data)
    with mock.patch.object(loader, "_read_events", lambda text, source: None):
        old = load_file(Path(name), name, data)
    return new, old


def event_path_runs(text: str) -> bool:
    """Whether the event path reads ``text`` itself (rather than handing it to the composed path)."""
    return loader._read_events(text, SourceFile(Path("config.yaml"), "config.yaml", text)) is not None


def assert_same(data: bytes, name: str = "config.yaml") -> None:
    new, old = both(data, name)
    assert snapshot(new) == snapshot(old)


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

#: (name, text, which path reads it: "events", or "composed" when the event path gives up).
SNIPPETS = [
    (
        "ints",
        "a: 0o17\nb: 0x1F\nc: 1_000\nd: 190:20:30\ne: -0\nf: 0b101\ng: 017\nh: 123456789012345678901234567890\n",
        "events",
    ),
    (
        "floats",
        "a: .inf\nb: -.Inf\nc: .NaN\nd: 1e3\ne: 6.8523015e+5\nf: 1_000.5\ng: 190:20:30.15\nh: -0.0\ni: 1.0e+400\n",
        "events",
    ),
    ("more floats", "a: .5\nb: +.5\nc: 1.\nd: -1_0.0_1\ne: -1:30\nf: 0x\ng: 1e\n", "events"),
    ("bools", "a: yes\nb: No\nc: ON\nd: off\ne: y\nf: n\ng: TRUE\nh: tRUE\ni: False\n", "events"),
    ("nulls", "a: null\nb: ~\nc:\nd: Null\ne: NULL\nf: ''\ng: nULL\n", "events"),
    (
        "timestamps",
        "a: 2001-12-14t21:59:43.10-05:00\nb: 2002-12-14\nc: 2001-12-14 21:59:43.10 +5\nd: 2001-12-15T02:59:43.1Z\n",
        "events",
    ),
    ("invalid timestamps", "a: 2002-13-45\nb: 2002-02-30\nc: 2001-12-14t25:59:43\nd: 2002-1-1\n", "events"),
    ("phone numbers", "from: +12065550100\nto: '+12065550100'\nx: whatsapp:+12065550100\ny: +1 206\n", "events"),
    ("colon and hash", "url: http://example.com/a#b\nnote: a # comment\ntime: 12:30\nk: a:b\n", "events"),
    (
        "quoted and block",
        "a: 'single ''q'''\nb: \"dbl \\n \\u00e9\"\nc: |\n  line1\n  line2\nd: >-\n  folded\n  text\ne: |+\n  keep\n\nf: \"123\"\n",
        "events",
    ),
    ("flow collections", "a: {b: 1, c: [x, 'y', {d: ~}]}\ne: []\nf: {}\ng: [yes, 0x1F, '1']\n", "events"),
    ("nested lists", "- - - 1\n    - 2\n  - [3, [4]]\n- []\n-\n- - a: 1\n    b:\n", "events"),
    ("resolved keys", "1: a\ntrue: b\n~: c\n0.5: d\n2002-12-14: e\n'quoted': f\n\"<<\": g\nnull: h\n", "events"),
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
]


@pytest.mark.parametrize(("text", "path"), [s[1:] for s in SNIPPETS], ids=[s[0] for s in SNIPPETS])
def test_snippet_loads_the_same(text: str, path: str):
    assert_same(text.encode())
    assert event_path_runs(text) == (path == "events")


def test_snippets_with_findings_keep_them():
    """The snippets the event path hands on are the ones with findings (or merges, aliases, tags)."""
    findings = {s[0]: both(s[1].encode())[0].findings for s in SNIPPETS}
    assert findings["duplicate key"][0].rule_id == "CO002"
    assert findings["alias bomb"][0].rule_id == "CO004"
    assert findings["python tag"][0].rule_id == "CO004"
    assert findings["value tag"][0].rule_id == "CO004"
    assert findings["sequence as key"][0].rule_id == "CO103"
    assert findings["nested too deep for co-lint"][0].rule_id == "CO001"
    assert findings["tab indentation"][0].rule_id == "CO001"
    assert not any(findings[s[0]] for s in SNIPPETS if s[2] == "events")


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
