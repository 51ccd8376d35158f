"""The per-configuration speed-ups keep every answer: each agrees with the plain computation it replaces.

The model walks a configuration's strings once (and sets aside the ones that can hold a
placeholder, a template or a credential), computes each capture rule's judged sides once, and
keeps one record per address value (prefix, number, E.164); rules read those instead of testing
every value themselves, and skip work behind cheap tests. Each is checked here against the
straightforward version, on generated input and on every example and conformance file.
"""

from __future__ import annotations

import copy
import importlib
import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from co_lint import vocabulary
from co_lint.jsonspans import JsonLocator
from co_lint.loader import Document, SourceFile, escape_pointer_token, load_file
from co_lint.model import WILDCARD, Configuration, comparison_key, is_opaque_text
from co_lint.numbering import _codes, _table, is_possible, possible_by_parsing, possible_uncached
from co_lint.schema import SchemaChecker
from co_lint.schemas import SCHEMA_PATH
from co_lint.secrets import _ANY_SID, _CREDENTIAL_MARK, _scan_values, find_in_text, has_credential_mark, scan
from co_lint.urls import LOCAL_SUFFIXES, TUNNEL_DOMAINS, classify_domain_suffix, normalise_host, parse_url
from co_lint.vocabulary import (
    comparable_address,
    has_template,
    is_e164,
    is_partial_wildcard,
    is_phone_like,
    is_placeholder,
)
from conftest import REPO, SHARED

co505 = importlib.import_module("co_lint.rules.co505_placeholder_value")
co208 = importlib.import_module("co_lint.rules.co208_duplicate_capture_rule")
co201 = importlib.import_module("co_lint.rules.co201_capture_not_bidirectional")
co506 = importlib.import_module("co_lint.rules.co506_invalid_resource_id")
co202 = importlib.import_module("co_lint.rules.co202_address_not_e164")
co203 = importlib.import_module("co_lint.rules.co203_voice_calltype_missing")
co207 = importlib.import_module("co_lint.rules.co207_partial_wildcard")
co209 = importlib.import_module("co_lint.rules.co209_channel_address_prefix")
co204 = importlib.import_module("co_lint.rules.co204_invalid_calltype")
co205 = importlib.import_module("co_lint.rules.co205_calltype_address_mismatch")
co206 = importlib.import_module("co_lint.rules.co206_wildcard_both_sides")
co211 = importlib.import_module("co_lint.rules.co211_impossible_phone_number")
co212 = importlib.import_module("co_lint.rules.co212_calltype_on_non_voice")

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


#: Plain addresses: digits, + and * after an optional prefix, in any case.
PLAIN = st.from_regex(r"(?i:whatsapp:|rcs:)?[0-9+*]{0,20}", fullmatch=True)


@PROFILE
@given(st.lists(st.one_of(PLAIN, TEXT), max_size=5), KEYS)
def test_short_phone_numbers_and_wildcards_are_the_only_values_left_out(values, key):
    config = _configuration({str(key): values})
    _check_strings(config)
    left_out = [value for _p, _n, value in config.strings() if (_p, _n, value) not in config.textual_strings()]
    for value in left_out:
        rest = value.strip("0123456789+*")
        assert not rest or (rest.lower() in ("whatsapp:", "rcs:") and value.startswith(rest))
        assert len(value) - len(rest) < 16  # the number after the prefix


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
        assert tuple((side, value) for side, value, _address in rule.judged_sides) == expected
        assert all(address is vocabulary.address(value) for _side, value, address in rule.judged_sides)
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


#: The schema nodes with string keywords (enum, length, pattern, format).
SCHEMA_STRING_NODES = [
    node
    for node in [*SCHEMA["properties"].values(), *SCHEMA["$defs"]["statusCallback"]["properties"].values()]
    if {"enum", "minLength", "maxLength", "pattern", "format"} & node.keys()
]


def _findings(checker: SchemaChecker, value: Any) -> tuple[list, Any]:
    document = Document(SourceFile(path=REPO, display="x"), 0, copy.deepcopy(value), JsonLocator("{}"))
    found = [(f.rule_id, f.pointer, f.message, f.at) for f in checker.check(document)]
    return found, document.value


@PROFILE
@given(DOCUMENTS)
def test_schema_walk_that_skips_unchecked_values_finds_what_the_full_walk_finds(value):
    """A value whose class a schema node accepts with no check is skipped without a call, a
    mapping or list goes straight to its check (no type test), and a list item's pointer is
    made only when needed: the same findings as visiting every value through the type test."""
    fast = SchemaChecker(SCHEMA)
    full = SchemaChecker(SCHEMA)
    for plan in full._plans.values():
        plan.unchecked = frozenset()
        plan.objects = plan.arrays = False
    assert _findings(fast, value) == _findings(full, value)


@PROFILE
@given(st.sampled_from(SCHEMA_STRING_NODES), st.one_of(TEXT, st.sampled_from(["", "GET", "${A}", "x" * 40])))
def test_schema_string_checks_before_the_template_test_find_what_the_template_test_first_finds(node, value):
    """A template value is exempt from string keywords: tested only once a keyword fails."""
    checker = SchemaChecker(SCHEMA)
    plan = checker._plan(node)
    out: list = []
    checker._string(value, plan, "/p", out)
    expected = [] if has_template(value) else [checker._string_finding(value, plan, "/p")]
    assert [(f.rule_id, f.message) for f in out] == [(f.rule_id, f.message) for f in expected if f is not None]


# -- one record per address ------------------------------------------------------------------

#: Address-like values: plain and prefixed numbers, placeholders, SIP and client forms, and any text.
ADDRESSES = st.one_of(
    PLAIN,
    TEXT,
    st.from_regex(r"(?i:whatsapp:|rcs:|client:|sip:)?[+]?[0-9xX*()\- .٣]{0,18}", fullmatch=True),
)
_PREFIXES = {"WHATSAPP": "whatsapp:", "RCS": "rcs:"}


@PROFILE
@given(ADDRESSES, st.sampled_from(["VOICE", "SMS", "RCS", "WHATSAPP", "CHAT", "FAX"]))
def test_address_record_answers_as_the_plain_functions(value, channel):
    # A fresh record: the table is the process's, and an earlier in-process run of CO211 may
    # have filled `possible` in this value's record (+12065550134 is every fixture's number).
    vocabulary._ADDRESSES.pop(value, None)
    record = vocabulary.address(value)
    assert record is vocabulary.address(value)  # made once
    rest = value.strip("0123456789+*")
    assert record.plain == (not rest or (rest.lower() in ("whatsapp:", "rcs:") and value.startswith(rest)))
    assert record.opaque == (is_placeholder(value) or has_template(value)) == is_opaque_text(value)
    lowered = value.lower()
    prefix = next((p for p in ("whatsapp:", "rcs:") if lowered.startswith(p)), None)
    assert record.prefix == prefix == vocabulary.address_prefix(value)
    assert record.written_prefix == value[: len(prefix or "")]
    assert record.number == vocabulary.strip_prefix(value)
    assert record.e164 == is_e164(record.number)
    assert record.phone_number == (is_e164(record.number) and is_phone_like(record.number))
    assert record.inert == (record.plain and len(record.number) < 16)
    assert record.possible is None  # until CO211 asks
    foreign = None if prefix is None or prefix == _PREFIXES.get(channel) else value[: len(prefix)]
    assert record.foreign_prefix(channel) == foreign == vocabulary.foreign_prefix(value, channel)


#: Near misses of the E.164 test on plain addresses (answered without the regular expression).
PLAIN_EDGES = st.sampled_from(
    ["+0123456", "+1", "+12", "+123", "+1234567", "+12345678", "+123456789012345", "+1234567890123456", "++12",
     "+1*23", "*+12", "12345678", "+", "", "whatsapp:+0123456789", "rcs:+12", "RCS:+123456789012345", "whatsapp:"]
)  # fmt: skip


@PROFILE
@given(PLAIN_EDGES, st.sampled_from(["VOICE", "WHATSAPP"]))
def test_address_record_answers_as_the_plain_functions_on_plain_edges(value, channel):
    test_address_record_answers_as_the_plain_functions.hypothesis.inner_test(value, channel)


def _plain_normal_side(address: str) -> str | None:
    """A CO201 fix's normal form of a side, computed as it was before the record's shortcut."""
    bare = comparable_address(address)
    if bare is None or not is_phone_like(bare):
        return bare
    return vocabulary.normalised_e164(bare) or bare


@PROFILE
@given(st.one_of(ADDRESSES, PLAIN_EDGES, st.just("*")))
def test_normal_side_of_an_e164_record_is_the_normalised_side(value):
    from co_lint.fixes import _normal_side

    assert _normal_side(value) == _plain_normal_side(value)


def test_address_table_starts_again_when_full(monkeypatch):
    monkeypatch.setattr(vocabulary, "_ADDRESS_LIMIT", 3)
    vocabulary._ADDRESSES.clear()
    for n in range(10):
        assert vocabulary.address(f"whatsapp:+1206555{n:04d}").number == f"+1206555{n:04d}"
        assert len(vocabulary._ADDRESSES) <= 3
    vocabulary._ADDRESSES.clear()


@PROFILE
@given(st.one_of(TEXT, st.from_regex(r"[0-9+\-(). x٣]{0,14}", fullmatch=True)))
def test_phone_like_is_the_character_test_and_the_digit_count(value):
    expected = re.fullmatch(r"[0-9+\-(). ]+", value) is not None and sum(char.isdigit() for char in value) >= 7
    assert is_phone_like.__wrapped__(value) == expected


@PROFILE
@given(TEXT)
def test_template_tests_are_the_search(value):
    assert has_template(value) == (vocabulary._TEMPLATE.search(value) is not None)
    assert vocabulary.template_spans(value) == [match.span() for match in vocabulary._TEMPLATE.finditer(value)]


@PROFILE
@given(st.one_of(HOSTS, TEXT, st.sampled_from(["example.com", "A.Example.Org.", "EXAMPLE.NET", "xexample.com"])))
def test_example_host_is_the_listing(host):
    lowered = host.lower().rstrip(".")
    domains = ("example.com", "example.org", "example.net")
    expected = any(lowered == domain or lowered.endswith("." + domain) for domain in domains)
    assert vocabulary.is_example_host(host) == expected


#: Capture rules whose sides differ in prefix, case and template, so that mirrors match only
#: without the prefix; and call types that make keys differ or unknown.
MIRROR_SIDE = st.sampled_from(["*", "+1", "+2", "whatsapp:+1", "WhatsApp:+1", "rcs:+1", "rcs:+2", "${A}", ["+1"], None])
MIRROR_RULE = st.fixed_dictionaries(
    {"from": MIRROR_SIDE, "to": MIRROR_SIDE},
    optional={"metadata": st.sampled_from([{}, {"callType": "PSTN"}, {"callType": "CLIENT"}, {"callType": "${T}"}])},
)
MIRROR_CHANNELS = st.dictionaries(
    st.sampled_from(["SMS", "VOICE", "WHATSAPP", "RCS", "CHAT"]),
    st.fixed_dictionaries({"captureRules": st.lists(MIRROR_RULE, max_size=6)}),
    max_size=3,
)


#: Sides that are phone numbers (bare or prefixed), and near misses: short, partial wildcard, foreign prefix.
PHONE_SIDE = st.sampled_from(
    ["*", "+12065550134", "+442071838750", "whatsapp:+12065550134", "WhatsApp:+12065550134", "rcs:+12065550134",
     "+1206555", "+120655", "+12", "+1206555013*", "+1٣٣٣٣٣٣٣٣", "206-555-0134", "agent-1", "${N}", ["+1"]]
)  # fmt: skip
PHONE_CHANNELS = st.dictionaries(
    st.sampled_from(["SMS", "VOICE", "WHATSAPP", "RCS", "CHAT"]),
    st.fixed_dictionaries(
        {"captureRules": st.lists(st.fixed_dictionaries({"from": PHONE_SIDE, "to": PHONE_SIDE}), max_size=5)}
    ),
    max_size=3,
)


def _unmirrored_plain(config: Configuration) -> list[str]:
    """CO201's pointers as first written: every side compared without its prefix."""
    found = []
    for channel in config.channels:
        if channel.name not in co201._CHANNELS:
            continue
        indexed, present = [], set()
        for rule in channel.capture_rules:
            if rule.from_ is None or rule.to is None:
                continue
            key = comparison_key(channel.name, rule.metadata)
            if key is None:
                continue
            entry = (key, comparable_address(rule.from_), comparable_address(rule.to))
            indexed.append((rule, entry))
            present.add(entry)
        for rule, (key, from_, to) in indexed:
            if (from_ is None and to is None) or (key, to, from_) in present:
                continue
            found.append(rule.side_pointer("to" if from_ is None else "from"))
    return found


@PROFILE
@given(st.one_of(MIRROR_CHANNELS, CHANNEL_SETTINGS))
def test_mirror_test_on_the_written_sides_first_finds_what_comparing_every_side_finds(channel_settings):
    """CO201 compares sides as written, and without their prefix only when a mirror is missing."""
    config = _configuration({"channelSettings": channel_settings})
    assert [hit.pointer for hit in co201.check(config)] == _unmirrored_plain(config)


@PROFILE
@given(st.one_of(PHONE_CHANNELS, MIRROR_CHANNELS, CHANNEL_SETTINGS))
def test_capture_rule_shortcuts_skip_only_what_the_full_tests_skip(channel_settings):
    """The cheap tests rules put before the full ones (CO202, CO203, CO206, CO207, CO209)."""
    config = _configuration({"channelSettings": channel_settings})
    for rule in config.capture_rules:
        if rule.judged_sides:
            assert not rule.is_star_star  # CO206
        for _side, value, address in rule.judged_sides:
            if WILDCARD not in value:
                assert not is_partial_wildcard(value)  # CO207
            if address.phone_number:  # CO203, CO209
                assert address.prefix or is_phone_like(value.replace(WILDCARD, ""))
                assert is_phone_like(address.number)
            if address.prefix is None:
                assert vocabulary.foreign_prefix(value, rule.channel) is None  # CO209
            assert (address.e164 and address.prefix is None) == is_e164(value)  # CO202


@PROFILE
@given(
    st.one_of(TEXT, st.sampled_from(["mem_store_2dv1ewzepeexj1t6bj7nvckjzs", "mem_store_xxx", "${ID}", ""]), st.none())
)
def test_id_shape_test_first_reports_what_the_opaque_test_first_reports(value):
    shape = co506._MEMORY_STORE
    expected = isinstance(value, str) and value != "" and not is_opaque_text(value) and shape.fullmatch(value) is None
    assert co506._misshapen(value, shape) == expected


#: Callback-like URLs: a scheme, a host and path segments that may hold placeholders (also
#: percent-encoded) or example hosts.
URL_PARTS = st.sampled_from(
    [
        "hooks.acme.net", "example.com", "A.EXAMPLE.ORG.", "your-host.io", "%3Chost%3E", "xxx", "${H}", "todo.io",
        "/", "/cb", "/your_path", "/%2e%2e%2e", "/…", "/TODO", "/a%20b", "/x/XXX", "?a=1", ":8443", "…", "<h>",
    ]
)  # fmt: skip
URL_TEXT = st.tuples(
    st.sampled_from(["https://", "http://", "${S}://", "${BASE}/", "ftp://u:p@"]),
    st.lists(st.one_of(URL_PARTS, st.text(max_size=4)), max_size=5).map("".join),
).map("".join)


@PROFILE
@given(st.one_of(URL_TEXT, TEXT))
def test_url_prefilter_lets_every_url_placeholder_through(value):
    """CO505 skips a URL's part-by-part tests when its text holds no mark of a placeholder."""
    url = parse_url(value)
    if url is None or not (url.has_authority or url.scheme_templated):
        return
    if co505._MAYBE_URL_PLACEHOLDER.search(value.lower()) is None:
        assert co505._url_placeholder(url) is None
        assert has_template(value) or not is_placeholder(value)


@PROFILE
@given(
    st.one_of(
        TEXT,
        st.text(alphabet="0123456789abcdefABCDEFbB", min_size=28, max_size=40),
        st.sampled_from(["baſic x", "BEARER x", "basıc", "bearer", "Bearer%20", "0a" * 16]),
    )
)
def test_credential_mark_halves_find_what_the_whole_mark_finds(text):
    assert has_credential_mark(text) == (_CREDENTIAL_MARK.search(text) is not None)


def test_possible_numbers_with_a_literal_national_prefix_agree_with_a_full_parse():
    """is_possible tests literal national prefixes with startswith: the same answers as parsing,
    for numbers of every country whose national part starts with such a prefix (or nearly)."""
    table, codes = _table(), _codes()
    assert table is not None and codes is not None
    prefixes = table[1]
    numbers = []
    for code, (_lengths, literals, pattern) in codes.items():
        assert (literals and "|".join(literals) == prefixes[int(code)]) or pattern == prefixes.get(int(code))
        for prefix in literals:
            for start in (prefix, prefix[:-1] + "9", "5"):
                numbers += [f"+{code}{start}{'4' * n}"[:16] for n in range(13)]
    assert [number for number in numbers if is_possible(number) != possible_by_parsing(number)] == []


@PROFILE
@given(st.one_of(PHONE_CHANNELS, MIRROR_CHANNELS, CHANNEL_SETTINGS))
def test_channels_of_phone_numbers_only_are_skipped_only_when_nothing_is_reported(channel_settings):
    """CO202, CO203, CO207 and CO209 skip a channel whose judged sides are all phone numbers."""
    config = _configuration({"channelSettings": channel_settings})
    for channel in config.channels:
        own = {"WHATSAPP": "whatsapp:", "RCS": "rcs:"}.get(channel.name)
        sides = [address for rule in channel.capture_rules for _side, _value, address in rule.judged_sides]
        expected = all(
            is_e164(address.number) and is_phone_like(address.number) and address.prefix in (None, own)
            for address in sides
        )
        assert channel.phone_numbers_only == expected
    modules = (co202, co203, co207, co209)
    fast = [[(hit.pointer, hit.message) for hit in module.check(config)] for module in modules]
    for channel in config.channels:
        channel.phone_numbers_only = False
    assert fast == [[(hit.pointer, hit.message) for hit in module.check(config)] for module in modules]


# -- what the channel build works out once -------------------------------------------------------

#: Channels whose rules are often ``from`` and ``to`` only (written pairs, inert addresses), with
#: repeats, mirrors, ``*`` → ``*``, call types, extra keys and items that are not mappings.
PAIR_SIDE = st.sampled_from(
    ["*", "+12065550134", "+12065550135", "whatsapp:+12065550134", "+1206555013", "+999123", "+1" + "2" * 15,
     "agent-1", "${N}", "+1-206", ["+1"], None]
)  # fmt: skip
PAIR_RULE = st.one_of(
    st.fixed_dictionaries({"from": PAIR_SIDE, "to": PAIR_SIDE}),
    st.fixed_dictionaries(
        {"from": PAIR_SIDE, "to": PAIR_SIDE},
        optional={
            "metadata": st.sampled_from([{}, {"callType": "CLIENT"}, {"callType": "pstn"}, None]),
            "x": st.none(),
        },
    ),
    st.fixed_dictionaries({}, optional={"from": PAIR_SIDE}),
    st.integers(),
)
PAIR_CHANNELS = st.dictionaries(
    st.sampled_from(["SMS", "VOICE", "WHATSAPP", "RCS", "CHAT"]),
    st.one_of(
        st.fixed_dictionaries({"captureRules": st.lists(PAIR_RULE, max_size=7)}),
        st.fixed_dictionaries({"captureRules": st.lists(st.fixed_dictionaries({"from": PAIR_SIDE, "to": PAIR_SIDE}))}),
        st.none(),
    ),
    max_size=4,
)
#: Every rule module that reads the channel build's shortcuts.
SHORTCUT_RULES = (co201, co202, co203, co204, co205, co206, co207, co208, co209, co211, co212)


def _written_pairs(items: Any) -> set[tuple[str, str]] | None:
    """:attr:`Channel.written_pairs` as defined: every item a mapping of exactly two string sides."""
    if not isinstance(items, list):
        return None
    if not all(isinstance(item, dict) and set(item) == {"from", "to"} for item in items):
        return None
    if not all(isinstance(item["from"], str) and isinstance(item["to"], str) for item in items):
        return None
    return {(item["from"], item["to"]) for item in items}


def _hits(config: Configuration) -> list[list[tuple[str, str, str | None]]]:
    return [[(hit.pointer, hit.message, hit.level) for hit in module.check(config)] for module in SHORTCUT_RULES]


@PROFILE
@given(st.one_of(PAIR_CHANNELS, PHONE_CHANNELS, MIRROR_CHANNELS, CHANNEL_SETTINGS))
def test_capture_rules_built_per_channel_are_the_rules_read_one_by_one(channel_settings):
    """The channel build reads each rule as the rules would: sides, metadata, written pairs."""
    config = _configuration({"channelSettings": channel_settings})
    for channel in config.channels:
        items = channel.data.get("captureRules") if isinstance(channel.data, dict) else None
        assert channel.written_pairs == _written_pairs(items)
        mappings = [(index, item) for index, item in enumerate(items or ()) if isinstance(item, dict)]
        assert [(rule.index, rule.data) for rule in channel.capture_rules] == mappings
        for rule in channel.capture_rules:
            for side, value in (("from", rule.from_), ("to", rule.to)):
                written = rule.data.get(side)
                assert value == (written if isinstance(written, str) else None)
            metadata = rule.data.get("metadata")
            assert rule.metadata == (metadata if isinstance(metadata, dict) else {})


@PROFILE
@given(st.one_of(PAIR_CHANNELS, PHONE_CHANNELS, MIRROR_CHANNELS, CHANNEL_SETTINGS))
def test_rules_that_skip_channels_of_written_pairs_find_what_reading_every_rule_finds(channel_settings):
    """CO201, CO204, CO205, CO206, CO208, CO211 and CO212 skip or shorten a channel of written
    pairs; CO211 keeps each number's answer on its address record. Same findings as without."""
    vocabulary._ADDRESSES.clear()  # records with no kept answer
    config = _configuration({"channelSettings": channel_settings})
    fast = _hits(config)
    again = _hits(config)  # CO211 now reads the kept answers
    for channel in config.channels:
        channel.written_pairs = None
        channel.phone_numbers_only = False
    vocabulary._ADDRESSES.clear()
    assert fast == again == _hits(_without_shortcuts(channel_settings))
    assert fast == _hits(config)


def _without_shortcuts(channel_settings: Any) -> Configuration:
    config = _configuration({"channelSettings": channel_settings})
    for channel in config.channels:
        channel.written_pairs = None
        channel.phone_numbers_only = False
    return config


@PROFILE
@given(st.one_of(PAIR_CHANNELS, PHONE_CHANNELS))
def test_impossible_numbers_are_those_the_plain_test_finds(channel_settings):
    """CO211 through the kept answers: the numbers :func:`is_possible` rejects, outside CLIENT rules."""
    config = _configuration({"channelSettings": channel_settings})
    expected = [
        rule.side_pointer(side)
        for channel in config.channels
        if channel.name in ("SMS", "WHATSAPP", "RCS", "VOICE")
        for rule in channel.capture_rules
        if not (channel.name == "VOICE" and rule.metadata.get("callType") == "CLIENT")
        for side, _value, address in rule.judged_sides
        if is_e164(address.number) and not is_possible(address.number)
    ]
    assert [hit.pointer for hit in co211.check(config)] == expected


@PROFILE
@given(st.from_regex(r"\+[1-9][0-9]{1,14}", fullmatch=True))
def test_possible_without_the_cache_is_what_parsing_says(number):
    assert possible_uncached(number) == possible_by_parsing(number) == is_possible(number)


@PROFILE
@given(st.one_of(PAIR_CHANNELS, PHONE_CHANNELS, CHANNEL_SETTINGS), VALUES)
def test_string_walk_after_the_channels_skips_only_rule_lists_with_no_textual_string(channel_settings, extra):
    """Once the channels are built, the walk skips their lists of inert capture rules: the
    same textual strings as the walk of a configuration whose channels were never built."""
    value = {"channelSettings": channel_settings, "other": extra, "alias": channel_settings}
    config = _configuration(value)
    config.channels  # noqa: B018 - builds the channels, and the list of lists to skip
    assert config.textual_strings() == _configuration(value).textual_strings()
    _check_strings(config)


def test_string_walk_after_the_channels_on_every_example():
    for path in FILES:
        for document in load_file(path, path.name).documents:
            config = Configuration(document)
            config.channels  # noqa: B018
            _check_strings(config)
            assert config.textual_strings() == Configuration(document).textual_strings(), path
