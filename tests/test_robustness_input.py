"""Hostile or odd input is a located finding, never a hang, a crash or a traceback.

Three loader faults a review found, each pinned through the console script (the exact rule,
line and column a user sees) and through the loader API on every YAML path (the line and
event paths must hand such a text to the composed path, which reports it):

* an alias inside the node it names (``a: &a [*a]``) made a value that contains itself, and
  co-lint then ate memory until it was killed: it is CO004 at the alias, and the document
  is not read further (rules.md §2 CO004, §1 "what stops");
* an integer longer than Python converts (4,300 digits by default) was a traceback in JSON,
  and in YAML either a traceback (hexadecimal, sexagesimal) or silently a string: it is CO001
  at the number, and the whole file stops (rules.md §1);
* a YAML error whose context says what is wrong (a duplicate anchor) lost that context and
  read "invalid YAML: second occurrence".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
import yaml

from co_lint import loader
from co_lint.loader import SourceFile, load_file
from conftest import BASELINE_YAML
from test_cli import CO_LINT

#: Address space a co-lint process under test may use: a regression that makes it eat memory
#: then fails the test with a MemoryError instead of taking the machine down.
MEMORY_LIMIT = 1_500_000_000


def _limit_memory() -> None:
    """Cap the child's address space (Linux); runs in the child before co-lint starts."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def co_lint(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The console script, as a user runs it, with its memory capped and a time limit."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [CO_LINT, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        preexec_fn=_limit_memory if sys.platform.startswith("linux") else None,
    )


def lint_json(tmp_path: Path, name: str, data: str, *extra: str) -> tuple[int, list[tuple[str, int, int, str]]]:
    """Lint one file; its exit code and its (rule, line, column, message) list. No traceback."""
    (tmp_path / name).write_text(data)
    result = co_lint("--no-cache", "--format", "json", *extra, name, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    found = [(f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(result.stdout)]
    return result.returncode, found


def load_every_way(text: str, name: str = "config.yaml") -> list[SourceFile]:
    """``text`` loaded as the loader loads it, with the line path giving up, and with the event path giving up too."""
    data = text.encode()
    ways = [load_file(Path(name), name, data)]
    with mock.patch.object(loader, "_read_lines", lambda text: None):
        ways.append(load_file(Path(name), name, data))
        with mock.patch.object(loader, "_read_events", lambda text, source: None):
            ways.append(load_file(Path(name), name, data))
    return ways


def findings_of(source: SourceFile) -> list[tuple[str, int, int, str]]:
    return [(f.rule_id, f.span.start_line, f.span.start_col, f.message) for f in source.findings]


def too_large() -> str:
    """CO001's message for an integer past the digit bound Python applies in this environment."""
    return f"an integer with more than {loader.max_int_digits():,} digits: too large to read, not a configuration value"


def recursive(name: str) -> str:
    return f"alias *{name} refers to a node that contains it (a recursive structure): it cannot be expanded; not read further"


# --------------------------------------------------------------------------- recursive aliases

RECURSIVE = {
    "sequence": ("a: &a [*a]\n", "a", 1, 8),
    "channel settings": ("channelSettings: &c {SMS: *c}\n", "c", 1, 27),
    "merge key": ("a: &a {<<: *a}\n", "a", 1, 12),
    "outer anchor, deeper": ("x: &x\n  y: [1, *x]\n", "x", 2, 10),
    "root": ("&r [*r]\n", "r", 1, 5),
}


@pytest.mark.parametrize("name", sorted(RECURSIVE))
def test_recursive_alias_is_co004_at_the_alias(tmp_path, name):
    text, anchor, line, column = RECURSIVE[name]
    code, found = lint_json(tmp_path, "r.yaml", text)
    assert found == [("CO004", line, column, recursive(anchor))]
    assert code == 1


@pytest.mark.parametrize("name", sorted(RECURSIVE))
def test_recursive_alias_is_co004_on_every_yaml_path(name):
    text, anchor, line, column = RECURSIVE[name]
    for source in load_every_way(text):
        assert source.documents == []
        assert findings_of(source) == [("CO004", line, column, recursive(anchor))]


def test_recursive_alias_stops_only_its_document(tmp_path):
    text = BASELINE_YAML + "---\nchannelSettings: &c {SMS: *c}\n"
    code, found = lint_json(tmp_path, "two.yaml", text)
    line = text.count("\n")
    assert found == [("CO004", line, 27, recursive("c"))]
    assert code == 1
    for source in load_every_way(text):
        assert [document.index for document in source.documents] == [0]


def test_aliases_that_are_not_recursive_still_expand():
    text = "base: &b {x: 1}\nd: {<<: *b, y: 2}\nlist: &l [1, 2]\nagain: *l\n"
    for source in load_every_way(text):
        assert source.findings == []
        assert source.documents[0].value == {
            "base": {"x": 1},
            "d": {"y": 2, "x": 1},
            "list": [1, 2],
            "again": [1, 2],
        }


# --------------------------------------------------------------------------- integers too long to read


def test_json_integer_past_the_digit_bound_is_co001_at_the_number(tmp_path):
    code, found = lint_json(tmp_path, "b.json", '{"x": ' + "9" * 5000 + "}")
    assert found == [("CO001", 1, 7, too_large())]
    assert code == 1


def test_json_integer_is_found_past_strings_fractions_and_exponents(tmp_path):
    digits = "9" * 5000
    text = f'{{\n  "description": "{digits}",\n  "a": 1.{digits}, "b": 1e{digits}, "c": 2E-{digits},\n  "d": -{digits}\n}}\n'
    code, found = lint_json(tmp_path, "b.json", text)
    assert found == [("CO001", 4, 8, too_large())]
    assert code == 1


def test_json_long_fraction_and_huge_exponent_are_numbers(tmp_path):
    code, found = lint_json(tmp_path, "f.json", '{"description": 1.' + "9" * 5000 + ', "x": 1e999, "y": 1e99999999}')
    rules = {rule for rule, *_ in found}
    assert "CO001" not in rules and "CO103" in rules


def test_json_integer_past_the_bound_on_stdin(tmp_path):
    result = co_lint("--format", "json", "-", cwd=tmp_path, stdin='{"x": ' + "9" * 5000 + "}")
    assert "Traceback" not in result.stderr, result.stderr
    assert [(f["file"], f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)] == [
        ("stdin.json", "CO001", 1, 7)
    ]
    assert result.returncode == 1


#: YAML integers past the bound: written with more digits (decimal, sexagesimal: which takes
#: quadratic time to build), or a short text of a longer number (hexadecimal), or tagged.
YAML_TOO_LARGE = {
    "decimal": ("x: " + "9" * 5000 + "\n", 4),
    "negative decimal": ("x: -" + "9" * 5000 + "\n", 4),
    "hexadecimal": ("x: 0x" + "f" * 4000 + "\n", 4),
    "sexagesimal": ("x: 1" + ":59" * 3000 + "\n", 4),
    "explicit tag": ('x: !!int "' + "9" * 5000 + '"\n', 4),
    "in a flow mapping": ("{x: " + "9" * 5000 + "}\n", 5),
}


@pytest.mark.parametrize("name", sorted(YAML_TOO_LARGE))
def test_yaml_integer_past_the_digit_bound_is_co001_at_the_number(tmp_path, name):
    text, column = YAML_TOO_LARGE[name]
    code, found = lint_json(tmp_path, "b.yaml", text)
    assert found == [("CO001", 1, column, too_large())]
    assert code == 1


@pytest.mark.parametrize("name", sorted(YAML_TOO_LARGE))
def test_yaml_integer_past_the_digit_bound_on_every_yaml_path(name):
    text, column = YAML_TOO_LARGE[name]
    for source in load_every_way(text):
        assert source.documents == []
        assert findings_of(source) == [("CO001", 1, column, too_large())]


def test_yaml_integer_past_the_bound_stops_the_whole_file(tmp_path):
    text = BASELINE_YAML.replace("closed: 1440", "closed: 0x" + "f" * 4000) + "---\ncolour: x\n"
    code, found = lint_json(tmp_path, "c.yaml", text)
    assert found == [("CO001", 10, 15, too_large())]
    assert code == 1


def test_yaml_integers_within_the_bound_are_read_as_before(tmp_path):
    limit = loader.max_int_digits()
    text = BASELINE_YAML.replace("description: Messaging desk for the harbor office", "description: " + "9" * limit)
    text = text.replace("closed: 1440", "closed: -" + "9" * limit)
    code, found = lint_json(tmp_path, "c.yaml", text)
    assert [(rule, line, column) for rule, line, column, _ in found] == [
        ("CO003", 2, 14),
        ("CO106", 2, 14),
        ("CO106", 10, 15),
        ("CO402", 10, 15),
    ]
    assert code == 1


def test_yaml_float_overflow_is_a_number_not_an_error(tmp_path):
    text = BASELINE_YAML.replace("description: Messaging desk for the harbor office", "description: 1.0e+999")
    code, found = lint_json(tmp_path, "c.yaml", text)
    assert [(rule, line, column) for rule, line, column, _ in found] == [("CO003", 2, 14)]


def test_match_reports_an_unreadable_integer_instead_of_crashing(tmp_path):
    (tmp_path / "b.json").write_text('{"x": ' + "9" * 5000 + "}")
    (tmp_path / "h.yaml").write_text("x: 0x" + "f" * 4000 + "\n")
    result = co_lint("match", "--channel", "SMS", "--from", "+12065550100", "--to", "+12065550101", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert f"b.json:1: CO001 {too_large()}" in result.stderr
    assert f"h.yaml:1: CO001 {too_large()}" in result.stderr


# --------------------------------------------------------------------------- parse error messages


def test_duplicate_anchor_message_says_what_is_wrong():
    expected = "invalid YAML: found duplicate anchor; first occurrence at line 1, column 4; second occurrence"
    if getattr(yaml, "CSafeLoader", None) is None:  # PyYAML's Python composer names the anchor
        expected = expected.replace("anchor;", "anchor 'x';")
    for source in load_every_way("a: &x 1\nb: &x 2\n"):
        assert findings_of(source) == [("CO001", 2, 4, expected)]


def test_duplicate_anchor_message_without_libyaml(monkeypatch):
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    source = load_file(Path("d.yaml"), "d.yaml", b"a: &x 1\nb: &x 2\n")
    expected = "invalid YAML: found duplicate anchor 'x'; first occurrence at line 1, column 4; second occurrence"
    assert findings_of(source) == [("CO001", 2, 4, expected)]


def test_duplicate_anchor_through_the_console_script(tmp_path):
    code, found = lint_json(tmp_path, "d.yaml", "a: &x 1\nb: &x 2\n")
    assert [(rule, line, column) for rule, line, column, _ in found] == [("CO001", 2, 4)]
    assert "found duplicate anchor" in found[0][3] and "first occurrence at line 1, column 4" in found[0][3]
    assert code == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("displayName: [\n", "invalid YAML: did not find expected node content"),  # context "while parsing..."
        ("a: *nope\n", "invalid YAML: found undefined alias"),  # no context
        ("a: b: c\n", "invalid YAML: mapping values are not allowed in this context"),
    ],
)
def test_other_parse_error_messages_are_unchanged(text, message):
    if getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("libyaml's wording")
    for source in load_every_way(text):
        assert [f.message for f in source.findings] == [message]


@pytest.mark.parametrize(
    ("written", "value"),
    [("0b" + "1" * 4400, int("1" * 4400, 2)), ("0" + "7" * 4400, int("7" * 4400, 8)), ("0x" + "f" * 3500, None)],
)
def test_long_binary_octal_and_hex_integers_are_judged_by_value(written, value):
    """Their texts build in linear time: a long one that is a readable number is read (4,400
    binary digits are 1,325 decimal ones); only a value past the bound is CO001."""
    if value is None:
        value = int(written, 16)
    assert len(str(value)) <= loader.max_int_digits()
    for source in load_every_way(f"x: {written}\n"):
        assert source.findings == [] and source.documents[0].value == {"x": value}
