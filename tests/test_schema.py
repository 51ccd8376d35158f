"""co-lint's schema walk must agree with the reference validator (jsonschema) on validity.

The schema file stays standard JSON Schema; co-lint interprets it itself for speed and
precise findings (see co_lint/schema.py). These tests keep the two from drifting. Known,
documented differences are excluded: `format` (jsonschema does not check it by default)
and template values (opaque to pattern and length checks, rules.md §0).
"""

from __future__ import annotations

import copy
import json
from urllib.parse import urlsplit

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from co_lint.loader import SourceFile, load_file
from co_lint.schema import SchemaChecker
from co_lint.schemas import SCHEMA_PATH
from conftest import REPO, SHARED

SCHEMA = json.loads(SCHEMA_PATH.read_text())
FORMATS = jsonschema.FormatChecker(formats=())
# An independent, plain reading of "absolute URI" (jsonschema's own needs the rfc3987 package).
FORMATS.checks("uri")(
    lambda v: not isinstance(v, str) or (bool(urlsplit(v).scheme) and not set(v) & set(' <>"{}|\\^`'))
)
REFERENCE = jsonschema.Draft202012Validator(SCHEMA, format_checker=FORMATS)
CHECKER = SchemaChecker(SCHEMA)
BASE = yaml.safe_load((REPO / "examples" / "clean" / "harbor-messaging.yaml").read_text())


def our_errors(value) -> list[str]:
    from co_lint.jsonspans import JsonLocator
    from co_lint.loader import Document

    document = Document(SourceFile(path=REPO, display="x"), 0, copy.deepcopy(value), JsonLocator("{}"))
    return [f.rule_id for f in CHECKER.check(document) if f.rule_id not in ("CO107",)]


def test_schema_is_valid_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_clean_examples_are_valid_for_both():
    for path in (REPO / "examples" / "clean").iterdir():
        for document in load_file(path, path.name).documents:
            assert REFERENCE.is_valid(document.value), path
            assert our_errors(document.value) == [], path


def test_exported_configuration_shape_is_accepted():
    """configuration-api.md §12: what the live API returns lints with no schema error."""
    exported = copy.deepcopy(BASE)
    exported.update(
        {
            "id": "conv_configuration_01jb6k2m9p4r7t1v5x8z3c6f9h",
            "version": 3,
            "createdAt": "2026-01-01T00:00:00Z",
            "updatedAt": "2026-01-02T00:00:00Z",
        }
    )
    exported["channelSettings"]["RCS"] = {"captureRules": [], "statusTimeouts": {"closed": 15, "inactive": None}}
    exported["channelSettings"]["VOICE"] = {"captureRules": [], "statusTimeouts": None}
    exported["channelSettings"]["SMS"]["captureRules"][0]["metadata"] = {}
    assert REFERENCE.is_valid(exported)
    assert our_errors(exported) == []


def test_conformance_documents_agree():
    checked = 0
    for path in sorted((SHARED / "conformance" / "cases").glob("*/project/*")):
        source = load_file(path, path.name)
        if source.findings:
            continue
        for document in source.documents:
            text_values = json.dumps(document.value, default=str)
            if "${" in text_values or "{{" in text_values:
                continue
            ours = [e for e in our_errors(document.value) if e != "CO003"]
            assert (ours == []) == REFERENCE.is_valid(json.loads(text_values)), (path, ours)
            checked += 1
    assert checked > 50


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["", "*", "+12065550134", "GROUP_BY_PROFILE", "POST", "https://x.y/z", "IS" + "a" * 32, "X" * 600]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["from", "to", "url", "x"]), st.text(max_size=5), max_size=3),
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


PATHS = list(_paths(BASE))[1:]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PATHS),
            st.sampled_from(["set", "delete", "add"]),
            VALUES,
            st.sampled_from(["extra", "captureRule", "closed", "method", "metadata"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutations_agree_with_jsonschema(mutations):
    value = copy.deepcopy(BASE)
    for path, action, new, key in mutations:
        parent = value
        try:
            for token in path[:-1]:
                parent = parent[token]
            last = path[-1]
            if action == "set":
                parent[last] = new
            elif action == "delete" and isinstance(parent, dict):
                del parent[last]
            elif action == "add" and isinstance(parent[last], dict):
                parent[last][key] = new
        except (KeyError, IndexError, TypeError):
            continue
    text = json.dumps(value)
    if "${" in text or "{{" in text or "$" in text:
        return
    reference_errors = list(REFERENCE.iter_errors(value))
    ours = our_errors(value)
    assert (ours == []) == (reference_errors == []), (ours, [e.message for e in reference_errors], value)


def _without_records() -> SchemaChecker:
    """A checker whose walk never takes the record fast path (every mapping goes through _object)."""
    checker = SchemaChecker(SCHEMA)
    for plan in checker._plans.values():
        plan.record = None
    return checker


PLAIN_WALK = _without_records()
RULE_ITEMS = st.one_of(
    VALUES,
    st.dictionaries(st.sampled_from(["from", "to", "metadata", "x"]), VALUES, max_size=4),
    st.fixed_dictionaries({"from": VALUES, "to": VALUES}),
)


def test_capture_rules_take_the_record_path():
    channels = CHECKER._root.properties["channelSettings"][1]
    for name in ("SMS", "WHATSAPP", "RCS", "VOICE", "CHAT"):
        assert channels.properties[name][1].properties["captureRules"][1].items.record == (
            frozenset({"from", "to"}),
            (("from", frozenset({str})), ("to", frozenset({str}))),
        )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RULE_ITEMS, max_size=6))
def test_the_record_path_finds_what_the_walk_finds(items):
    """Capture rules of every shape: findings and repaired values as the plain walk gives them."""
    from co_lint.jsonspans import JsonLocator
    from co_lint.loader import Document

    value = copy.deepcopy(BASE)
    value["channelSettings"]["SMS"]["captureRules"] = items
    results = []
    for checker in (CHECKER, PLAIN_WALK):
        document = Document(SourceFile(path=REPO, display="x"), 0, copy.deepcopy(value), JsonLocator("{}"))
        found = [(f.rule_id, f.pointer, f.message, f.at) for f in checker.check(document)]
        results.append((found, document.value))
    assert results[0] == results[1]
