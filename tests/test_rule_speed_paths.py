"""The per-configuration speed-ups keep every answer: each agrees with the plain computation it replaces.

The model walks a configuration's strings once (and sets aside the ones that can hold a
placeholder, a template or a credential), and computes each capture rule's judged sides once;
rules read those instead of testing every value themselves. Each is checked here against the
straightforward version, on generated input and on every example and conformance file.
"""

from __future__ import annotations

import copy
import importlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from co_lint.jsonspans import JsonLocator
from co_lint.loader import Document, SourceFile, escape_pointer_token, load_file
from co_lint.model import WILDCARD, Configuration, is_opaque_text
from co_lint.schema import SchemaChecker
from co_lint.schemas import SCHEMA_PATH
from co_lint.secrets import _ANY_SID, _CREDENTIAL_MARK, _scan_values, find_in_text, scan
from co_lint.urls import LOCAL_SUFFIXES, TUNNEL_DOMAINS, classify_domain_suffix, normalise_host
from co_lint.vocabulary import has_template, is_placeholder
from conftest import REPO, SHARED

co505 = importlib.import_module("co_lint.rules.co505_placeholder_value")
co208 = importlib.import_module("co_lint.rules.co208_duplicate_capture_rule")

PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
#: Pieces of addresses, placeholders, templates and credentials, mixed with arbitrary text.
PIECES = st.sampled_from(
    [
        "*", "+1206", "5550134", "0", "whatsapp:", "rcs:", "WhatsApp:", "sip:", "client:", "xxx", "XX", "...",
        "${A}", "{{ a }}", "$AB", "todo", "<", ">", "basic ", "bearer ", "AC" + "0a" * 16, "0a" * 16,
        "1234567890123456", " ", "İ", "ſ", "~", "/",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=5).map("".join)
KEYS = st.one_of(
    st.sampled_from(["from", "to", "authToken", "description", "url", "a/b", "x~y"]), TEXT, st.integers(), st.none()
)
VALUES = st.recursive(
    st.one_of(TEXT, st.none(), st.integers(), st.booleans()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)
SIDE = st.one_of(TEXT, st.just("*"), st.none(), st.just(["+1206"]))  # a number needs a parsed file
CAPTURE_RULE = st.fixed_dictionaries(
    {},
    optional={
        "from": SIDE,
        "to": SIDE,
        "metadata": st.one_of(
            st.none(),
            st.fixed_dictionaries({}, optional={"callType": st.sampled_from(["PSTN", "CLIENT", "${T}", 1])}),
        ),
    },
)
CHANNEL_SETTINGS = st.dictionaries(
    st.sampled_from(["SMS", "VOICE", "WHATSAPP", "RCS", "CHAT", "FAX"]),
    st.fixed_dictionaries({"captureRules": st.lists(st.one_of(CAPTURE_RULE, st.integers()), max_size=6)}),
    max_size=4,
)
FILES = sorted((REPO / "examples").rglob("*.yaml")) + sorted(
    (SHARED / "conformance" / "cases").glob("*/project/*.y*ml")
)


def _configuration(value: Any) -> Configuration:
    return Configuration(Document(SourceFile(path=REPO / "x.json", display="x.json"), 0, value, None))


def _plain_walk(data: Any) -> list[tuple[str, str, str]]:
    """Every string in document order, recursively: what :meth:`Configuration.strings` must return."""
    found: list[tuple[str, str, str]] = []

    def visit(pointer: str, name: str, value: Any) -> None:
        if isinstance(value, str):
            found.append((pointer, name, value))
        elif isinstance(value, dict):
            for key, child in value.items():
                visit(f"{pointer}/{escape_pointer_token(str(key))}", str(key), child)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                visit(f"{pointer}/{index}", name, child)

    visit("", "", data)
    return found


def _check_strings(config: Configuration) -> None:
    strings = config.strings()
    assert strings == _plain_walk(config.data)
    textual = config.textual_strings()
    assert [item for item in strings if item in textual] == textual  # a part, in document order
    for _pointer, name, value in strings:
        if (_pointer, name, value) in textual:
            continue
        # Left out: nothing CO505, CO507 or CO601 looks for can be in it.
        assert co505.placeholder_reason(value, prose=name == "description") is None
        assert co505._MAYBE_PLACEHOLDER.search(value.lower()) is None
        assert not has_template(value)
        assert not find_in_text(value, name)
        assert _ANY_SID.search(value) is None


@PROFILE
@given(VALUES)
def test_string_walk_is_the_plain_walk(value):
    _check_strings(_configuration(value))


@PROFILE
@given(st.lists(st.text(alphabet="0123456789+*", max_size=20), max_size=5), KEYS)
def test_short_phone_numbers_and_wildcards_are_the_only_values_left_out(values, key):
    config = _configuration({str(key): values})
    _check_strings(config)
    left_out = [value for _p, _n, value in config.strings() if (_p, _n, value) not in config.textual_strings()]
    assert all(len(value) < 16 for value in left_out)


def test_string_walk_on_every_example():
    for path in FILES:
        for document in load_file(path, path.name).documents:
            _check_strings(Configuration(document))


def _judged(value: Any) -> bool:
    """What every content rule tested before reading an address side."""
    return isinstance(value, str) and value != WILDCARD and not is_opaque_text(value)


@PROFILE
@given(CHANNEL_SETTINGS)
def test_judged_sides_are_the_string_sides_content_rules_judge(channel_settings):
    config = _configuration({"channelSettings": channel_settings})
    for rule in config.capture_rules:
        expected = tuple((side, rule.side(side)) for side in ("from", "to") if _judged(rule.side(side)))
        assert rule.judged_sides == expected
        assert rule.pointer == f"/channelSettings/{rule.channel}/captureRules/{rule.index}"
        assert rule.side_pointer("to") == f"{rule.pointer}/to"


@PROFILE
@given(VALUES)
def test_scan_of_the_textual_strings_is_the_scan_of_the_values(value):
    config = _configuration(value)
    assert scan(value, config.textual_strings()) == _scan_values(value)


@PROFILE
@given(TEXT, KEYS)
def test_every_credential_holds_the_mark_the_scan_looks_for(text, name):
    if find_in_text(text, "" if name is None else str(name)) or _ANY_SID.search(text):
        assert _CREDENTIAL_MARK.search(text) is not None


def test_scan_of_the_textual_strings_on_every_example():
    for path in FILES:
        for document in load_file(path, path.name).documents:
            config = Configuration(document)
            assert scan(config.data, config.textual_strings()) == _scan_values(config.data), path


#: Few distinct sides, so that rules repeat; lists and mappings never equal a string.
FEW_SIDES = st.sampled_from(["*", "+1", "['+1']", "{'a': 1}", ["+1"], {"a": 1}, None])
FEW_RULES = st.fixed_dictionaries(
    {}, optional={"from": FEW_SIDES, "to": FEW_SIDES, "metadata": st.sampled_from([{}, {"callType": "PSTN"}, None])}
)


@PROFILE
@given(
    st.one_of(
        CHANNEL_SETTINGS,
        st.dictionaries(st.just("SMS"), st.fixed_dictionaries({"captureRules": st.lists(FEW_RULES, max_size=8)})),
    )
)
def test_duplicate_rules_are_those_written_alike(channel_settings):
    """CO208 compares string sides as themselves: the same pairs as comparing every side's text."""
    config = _configuration({"channelSettings": channel_settings})
    expected = []
    for channel in config.channels:
        seen: dict[tuple[str, str, str], Any] = {}
        for rule in channel.capture_rules:
            metadata = rule.data.get("metadata", co208.MISSING)
            key = (
                co208._as_written(rule.data.get("from", co208.MISSING)),
                co208._as_written(rule.data.get("to", co208.MISSING)),
                "{}" if metadata is co208.MISSING else co208._as_written(metadata),
            )
            if key in seen:
                expected.append((rule.pointer, seen[key].pointer))
            else:
                seen[key] = rule
    found = [(hit.pointer, hit.related[0][1]) for hit in co208.check(config)]
    assert found == expected


#: Host names built from the labels of the listed local and tunnel domains, and others.
HOSTS = st.lists(
    st.sampled_from(["a", "ngrok", "io", "ngrok-free", "app", "local", "internal", "localhost", "ts", "net", "x", ""]),
    max_size=4,
).map(".".join)


def _classify_by_listing(suffix: str) -> str | None:
    """:func:`classify_domain_suffix` as one test per listed name."""
    suffix = normalise_host(suffix)
    if not suffix:
        return None
    if suffix == "localhost":
        return "localhost"
    for local in LOCAL_SUFFIXES:
        if suffix == local or suffix.endswith("." + local):
            return f"a .{local} name ({suffix}) that only resolves on a local network"
    for domain in TUNNEL_DOMAINS:
        if suffix == domain or suffix.endswith("." + domain):
            return f"a development tunnel ({domain})"
    return None


@PROFILE
@given(st.one_of(HOSTS, st.sampled_from(TUNNEL_DOMAINS + LOCAL_SUFFIXES), TEXT))
def test_domain_suffix_classification_is_the_listing(host):
    assert classify_domain_suffix(host) == _classify_by_listing(host)


@PROFILE
@given(st.one_of(TEXT, st.from_regex(r"(?i:whatsapp:|rcs:)?[0-9+*xX]{0,16}", fullmatch=True)))
def test_opaque_text_is_a_placeholder_or_a_template(value):
    """The address fast path changes no answer: opaque is exactly placeholder or template."""
    assert is_opaque_text(value) == (is_placeholder(value) or has_template(value))


SCHEMA = json.loads(SCHEMA_PATH.read_text())
#: Mapping keys as the loaders give them: strings.
TEXT_KEYS = st.one_of(st.sampled_from(["from", "to", "url", "a/b", "x~y", "callType"]), TEXT)
#: Configuration-shaped values: every property of the schema, with values of any type.
SCALARS = st.one_of(TEXT, st.none(), st.booleans(), st.integers(-2, 3), st.floats(allow_nan=False, width=16))
ANY_VALUE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT_KEYS, inner, max_size=3)),
    max_leaves=8,
)
CAPTURE = st.dictionaries(
    st.sampled_from(["from", "to", "metadata", "extra"]),
    st.one_of(SCALARS, st.dictionaries(st.sampled_from(["callType", "x"]), SCALARS, max_size=2)),
    max_size=4,
)
CHANNEL = st.dictionaries(
    st.sampled_from(["captureRules", "statusTimeouts", "other"]),
    st.one_of(
        st.lists(st.one_of(CAPTURE, SCALARS), max_size=4),
        st.dictionaries(st.sampled_from(["inactive", "closed", "x"]), SCALARS, max_size=3),
        SCALARS,
    ),
    max_size=3,
)
DOCUMENTS = st.dictionaries(
    st.sampled_from([*SCHEMA["properties"], "unknown"]),
    st.one_of(ANY_VALUE, st.dictionaries(st.sampled_from(["SMS", "VOICE", "FAX"]), CHANNEL, max_size=3)),
    max_size=8,
)


def _findings(checker: SchemaChecker, value: Any) -> tuple[list, Any]:
    document = Document(SourceFile(path=REPO, display="x"), 0, copy.deepcopy(value), JsonLocator("{}"))
    found = [(f.rule_id, f.pointer, f.message, f.at) for f in checker.check(document)]
    return found, document.value


@PROFILE
@given(DOCUMENTS)
def test_schema_walk_that_skips_unchecked_values_finds_what_the_full_walk_finds(value):
    """A value whose class a schema node accepts with no check is skipped without a call:
    the same findings as visiting every value."""
    fast = SchemaChecker(SCHEMA)
    full = SchemaChecker(SCHEMA)
    for plan in full._plans.values():
        plan.unchecked = frozenset()
    assert _findings(fast, value) == _findings(full, value)
