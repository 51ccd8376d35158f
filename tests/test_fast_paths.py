"""The speed-ups keep every answer: each fast path agrees with the plain computation it skips.

CO505 and CO601 rule out most strings with one search before the detailed checks; CO601
reads the configuration's shared string list instead of walking the values again. Each is
checked here against the slow way, on generated input and on every example and
conformance file.
"""

from __future__ import annotations

import importlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from co_lint.loader import Document, SourceFile, load_file
from co_lint.model import Configuration
from co_lint.secrets import _ANY_SID, _CANDIDATE, _scan_values, find_in_mapping, find_in_text, scan
from conftest import REPO, SHARED

co505 = importlib.import_module("co_lint.rules.co505_placeholder_value")

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
#: Pieces that make placeholders, templates, URLs and credentials, mixed with arbitrary text.
PIECES = st.sampled_from(
    [
        "todo", "TBD", "ChangeMe", "placeholder", "your_", "Your-", "xXx", "...", "…", "<", ">", "${A}",
        "{{ a }}", "$AB", "//", "https://", "example.com", "whatsapp:", "sip:", "basic ", "BASIC%20",
        "bearer ", "AC" + "0a" * 16, "SK" + "b1" * 16, "0a" * 16, "token=", "+1206", " ", "\n", "İ", "ſ",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=6).map("".join)
KEYS = st.one_of(st.sampled_from(["authToken", "apiKey", "password", "description", "a/b", "x~y", "url"]), TEXT)
VALUES = st.recursive(
    st.one_of(TEXT, st.none(), st.integers(), st.booleans()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)
FILES = sorted((REPO / "examples").rglob("*.yaml")) + sorted(
    (SHARED / "conformance" / "cases").glob("*/project/*.y*ml")
)


def _configuration(value) -> Configuration:
    return Configuration(Document(SourceFile(path=REPO / "x.json", display="x.json"), 0, value, None))


@PROFILE
@given(TEXT, st.booleans())
def test_placeholder_prefilter_lets_every_placeholder_through(text: str, prose: bool):
    if co505.placeholder_reason(text, prose=prose) is not None:
        assert co505._MAYBE_PLACEHOLDER.search(text.lower()) is not None


@PROFILE
@given(TEXT, KEYS)
def test_credential_prefilter_lets_every_credential_through(text: str, name: str):
    if find_in_text(text, name):
        assert _CANDIDATE.search(text) is not None or "basic" in text.lower()


#: Mapping values: random text, and the SID and secret shapes that pair up into a credential.
PAIR_VALUES = st.one_of(TEXT, st.just("AC" + "0a" * 16), st.just("SK" + "0b" * 16), st.just("0a" * 16))


@PROFILE
@given(st.dictionaries(KEYS, PAIR_VALUES, max_size=4))
def test_a_credential_made_of_two_values_always_holds_a_sid(mapping: dict):
    """The shared-string scan only runs the mapping walk when some value holds a SID: no
    credential of a mapping may exist without one."""
    if list(find_in_mapping(mapping)):
        assert any(_ANY_SID.search(value) for value in mapping.values())


@PROFILE
@given(VALUES)
def test_scan_of_the_shared_strings_is_the_scan_of_the_values(value):
    config = _configuration(value)
    assert scan(value, config.strings()) == _scan_values(value)


def test_scan_of_the_shared_strings_on_every_example():
    for path in FILES:
        for document in load_file(path, path.name).documents:
            config = Configuration(document)
            assert scan(config.data, config.strings()) == _scan_values(config.data), path


SEGMENTS = st.lists(st.sampled_from(["a", "b", "..", ".", "c d", "x.yaml", "é"]), min_size=0, max_size=5)


@PROFILE
@given(SEGMENTS, SEGMENTS, st.booleans())
def test_display_path_is_pathlib_relative_to(cwd_parts: list[str], path_parts: list[str], relative: bool):
    """The string version names a file as ``Path.relative_to`` did: lexically, ``..`` kept."""
    from pathlib import Path

    from co_lint.discovery import display_path

    cwd = Path("/", *[p for p in cwd_parts if p not in (".", "..")])
    path = Path(*path_parts) if relative and path_parts else Path("/", *path_parts)
    full = path.absolute()
    try:
        expected = full.relative_to(cwd).as_posix()
    except ValueError:
        expected = full.as_posix()
    assert display_path(path, cwd) == expected


def test_discover_walk_selects_as_the_settings_globs_do(tmp_path):
    """The walk joins names as strings; include/exclude globs still see root-relative paths."""
    from co_lint.discovery import discover, selected
    from co_lint.settings import load_settings

    names = ["a.yaml", "sub/b.JSON", "sub/deep/c.yml", "sub/deep/h.yaml", "skip/d.yaml", "sub/skip/e.yaml"]
    names += [".hidden/f.yaml", "g.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}\n")
    (tmp_path / ".co-lint.yaml").write_text("exclude: ['skip/', 'sub/deep/*.yml']\n")
    settings = load_settings(tmp_path)
    found = discover([tmp_path, tmp_path / "sub"], settings).files
    got = sorted(path.relative_to(tmp_path).as_posix() for path in found)
    # A glob without "/" names a directory at any depth (sub/skip too), as in .gitignore.
    assert got == ["a.yaml", "sub/b.JSON", "sub/deep/h.yaml"]
    assert len(found) == len(set(found))  # the second path adds nothing twice
    assert all(selected(name, settings) for name in got)


def _matches_glob_by_glob(relative: str, patterns: list[str]) -> bool:
    """Discovery's glob test as first written: each glob on its own."""
    from co_lint.discovery import glob_regex

    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if glob_regex(pattern).match(relative) or ("/" not in pattern and glob_regex(pattern).match(name)):
            return True
        if glob_regex(pattern + "/**").match(relative):
            return True
    return False


GLOB_PIECES = st.sampled_from(["*", "**", "**/", "?", "/", "a", "b.yaml", ".json", "x", "[", "(", "|", "."])
GLOBS = st.lists(st.lists(GLOB_PIECES, max_size=5).map("".join), max_size=4)
PATHS = st.lists(st.sampled_from(["a", "b.yaml", "x", "/", ".", "c.json", "(", "|", "aa"]), max_size=6).map("".join)


@PROFILE
@given(GLOBS, PATHS)
def test_one_alternation_matches_as_each_glob_does(patterns, relative):
    """Discovery tests every file of a monorepo against the include and exclude lists with
    one alternation per list; it must answer as the globs one by one."""
    from co_lint.discovery import matches

    assert matches(relative, patterns) == _matches_glob_by_glob(relative, patterns)
