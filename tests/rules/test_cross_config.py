"""CO301–CO304: rules that compare configurations of one scope (rules.md §5)."""

from __future__ import annotations

import time
from pathlib import Path

from co_lint.loader import Document, SourceFile
from co_lint.model import Configuration
from co_lint.overlap import OverlapIndex, claimed_address
from conftest import lint_dir

HEAD = """\
displayName: {name}
description: Messaging desk for the harbor office
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: []
"""


def sms(name: str, *rules: tuple[str, str]) -> str:
    """A clean configuration (lines 1–11 fixed) whose SMS rules start at line 12, two lines each."""
    lines = [HEAD.format(name=name), "channelSettings:\n  SMS:\n    statusTimeouts:\n      inactive: 30\n"]
    lines.append("      closed: 1440\n    captureRules:\n")
    for from_, to in rules:
        lines.append(f'      - from: "{from_}"\n        to: "{to}"\n')
    return "".join(lines)


def channel(name: str, channel_name: str, rules: str, extra: str = "") -> str:
    """A clean configuration with one channel; its first rule line is line 12."""
    timeouts = (
        "    statusTimeouts: null\n"
        if channel_name == "VOICE"
        else ("    statusTimeouts:\n      inactive: 30\n      closed: 1440\n")
    )
    return (
        HEAD.format(name=name)
        + extra
        + f"channelSettings:\n  {channel_name}:\n"
        + timeouts
        + "    captureRules:\n"
        + rules
    )


def pair(from_: str = "+12065550134") -> tuple[tuple[str, str], tuple[str, str]]:
    return (from_, "*"), ("*", from_)


def lint_files(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return lint_dir(tmp_path)


def rows(findings, rule_id: str) -> list[tuple[str, str, int, int]]:
    return sorted((f.path, f.level, f.span.start_line, f.span.start_col) for f in findings if f.rule_id == rule_id)


# --------------------------------------------------------------------------- CO301


def test_co301_same_address_one_result_per_rule_at_the_shared_address(tmp_path):
    findings = lint_files(
        tmp_path, {"harbor.yaml": sms("Harbor Desk", *pair()), "pier.yaml": sms("Pier Desk", *pair())}
    )
    assert rows(findings, "CO301") == [
        ("harbor.yaml", "error", 12, 15),  # from of (X, *)
        ("harbor.yaml", "error", 15, 13),  # to of (*, X)
        ("pier.yaml", "error", 12, 15),
        ("pier.yaml", "error", 15, 13),
    ]
    first = next(f for f in findings if f.rule_id == "CO301" and f.path == "harbor.yaml" and f.span.start_line == 12)
    assert "+12065550134" in first.message and "pier.yaml" in first.message
    assert [(r.path, r.span.start_line, r.span.start_col) for r in first.related] == [("pier.yaml", 12, 15)]


def test_co301_disjoint_addresses_are_silent(tmp_path):
    # (X, *) in one and (*, Y) in the other, X != Y: each address belongs to one configuration.
    findings = lint_files(
        tmp_path,
        {
            "harbor.yaml": sms("Harbor Desk", ("+12065550134", "*")),
            "pier.yaml": sms("Pier Desk", ("*", "+12065550188")),
            "quay.yaml": sms("Quay Desk", ("*", "+12065550134")),  # to X vs harbor's from X: not the same side
        },
    )
    assert rows(findings, "CO301") == []


def test_co301_both_concrete_shared_on_both_sides_gives_one_result_at_from(tmp_path):
    rule = ("+12065550134", "+12065550188")
    findings = lint_files(tmp_path, {"a.yaml": sms("Harbor Desk", rule), "b.yaml": sms("Pier Desk", rule)})
    assert rows(findings, "CO301") == [("a.yaml", "error", 12, 15), ("b.yaml", "error", 12, 15)]


def test_co301_shared_to_with_wildcard_from_is_at_to(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": sms("Harbor Desk", ("+12065550134", "+12065550188")),
            "b.yaml": sms("Pier Desk", ("*", "+12065550188")),
        },
    )
    assert rows(findings, "CO301") == [("a.yaml", "error", 13, 13), ("b.yaml", "error", 13, 13)]


def test_co301_concrete_to_sides_that_differ_do_not_overlap(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": sms("Harbor Desk", ("+12065550134", "+12065550188")),
            "b.yaml": sms("Pier Desk", ("+12065550134", "+12065550199")),
        },
    )
    assert rows(findings, "CO301") == []


def test_co301_one_result_per_other_configuration(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": sms("Harbor Desk", ("+12065550134", "*")),
            "b.yaml": sms("Pier Desk", ("+12065550134", "*")),
            "c.yaml": sms("Quay Desk", ("+12065550134", "*"), ("+12065550134", "+12065550199")),
        },
    )
    got = rows(findings, "CO301")
    # a: one per other configuration (b, c); c's first rule: one per b and a; c's second rule overlaps
    # a's and b's (X, *) through its from.
    assert got.count(("a.yaml", "error", 12, 15)) == 2
    assert got.count(("b.yaml", "error", 12, 15)) == 2
    assert got.count(("c.yaml", "error", 12, 15)) == 2
    assert got.count(("c.yaml", "error", 14, 15)) == 2
    assert len(got) == 8
    # a's result against c lists both of c's rules as related locations.
    against_c = [f for f in findings if f.rule_id == "CO301" and f.path == "a.yaml" and "c.yaml" in f.message]
    assert len(against_c) == 1
    assert [(r.path, r.span.start_line) for r in against_c[0].related] == [("c.yaml", 12), ("c.yaml", 14)]


def test_co301_prefix_removed_before_comparing(tmp_path):
    a = channel("Harbor Desk", "WHATSAPP", '      - from: "whatsapp:+12065550134"\n        to: "*"\n')
    b = channel("Pier Desk", "WHATSAPP", '      - from: "+12065550134"\n        to: "*"\n')
    findings = lint_files(tmp_path, {"a.yaml": a, "b.yaml": b})
    assert rows(findings, "CO301") == [("a.yaml", "error", 12, 15), ("b.yaml", "error", 12, 15)]


def test_co301_other_channel_is_silent(tmp_path):
    a = channel("Harbor Desk", "WHATSAPP", '      - from: "+12065550134"\n        to: "*"\n')
    findings = lint_files(tmp_path, {"a.yaml": a, "b.yaml": sms("Pier Desk", ("+12065550134", "*"))})
    assert rows(findings, "CO301") == []


def voice(call_type: str | None, address: str = "+12065550134") -> str:
    meta = f"        metadata:\n          callType: {call_type}\n" if call_type else ""
    return f'      - from: "*"\n        to: "{address}"\n' + meta


def test_co301_voice_absent_call_type_is_pstn(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": channel("Harbor Desk", "VOICE", voice(None)),
            "b.yaml": channel("Pier Desk", "VOICE", voice("PSTN")),
        },
    )
    assert rows(findings, "CO301") == [("a.yaml", "error", 11, 13), ("b.yaml", "error", 11, 13)]


def test_co301_voice_call_types_compared_as_written(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": channel("Harbor Desk", "VOICE", voice("SIP")),
            "b.yaml": channel("Pier Desk", "VOICE", voice("PUBLIC_SIP")),
            "c.yaml": channel("Quay Desk", "VOICE", voice(None)),
        },
    )
    assert rows(findings, "CO301") == []


def chat(service: str | None, from_: str = "*", to: str = "*") -> str:
    meta = f'        metadata:\n          chatService: "{service}"\n' if service else ""
    return f'      - from: "{from_}"\n        to: "{to}"\n' + meta


SERVICE_A = "IS5e8b1d4f7a0c3e6b9d2f5a8c1e4b7d0a"
SERVICE_B = "IS0a7d4b1e8c5a2f9d6b3e0c7a4f1d8b5e"


def test_co301_star_star_at_first_key_and_other_rule_at_its_concrete_from(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": channel("Harbor Desk", "CHAT", chat(SERVICE_A)),
            "b.yaml": channel("Pier Desk", "CHAT", chat(SERVICE_A, from_="user-1", to="*")),
            "c.yaml": channel("Quay Desk", "CHAT", chat(SERVICE_A, from_="*", to="user-2")),
        },
    )
    assert rows(findings, "CO301") == [
        ("a.yaml", "error", 12, 9),  # the `*` → `*` rule, at its first key: once per other configuration
        ("a.yaml", "error", 12, 9),
        ("b.yaml", "error", 12, 15),  # concrete from
        ("c.yaml", "error", 13, 13),  # from is `*`: its to
    ]


def test_co301_chat_service_is_part_of_the_key(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": channel("Harbor Desk", "CHAT", chat(SERVICE_A)),
            "b.yaml": channel("Pier Desk", "CHAT", chat(SERVICE_B)),
            "c.yaml": channel("Quay Desk", "CHAT", chat(None, from_="user-1", to="*")),
        },
    )
    assert rows(findings, "CO301") == []


def test_co301_template_address_claims_nothing_but_star_star_overlaps_it(tmp_path):
    template = sms("Harbor Desk", *pair("${DESK_NUMBER}"))
    same_template = sms("Pier Desk", *pair("${DESK_NUMBER}"))
    concrete = sms("Quay Desk", *pair())
    findings = lint_files(tmp_path, {"a.yaml": template, "b.yaml": same_template, "c.yaml": concrete})
    assert rows(findings, "CO301") == []
    star = sms("Dock Desk", ("*", "*"))
    findings = lint_files(tmp_path, {"d.yaml": star})
    got = rows(findings, "CO301")
    assert ("a.yaml", "error", 12, 15) in got and ("a.yaml", "error", 15, 13) in got
    assert got.count(("d.yaml", "error", 12, 9)) == 3  # one per other configuration


def test_co301_placeholder_side_matches_only_a_wildcard(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": sms("Harbor Desk", ("+1XXXXXXXXXX", "+12065550188")),
            "b.yaml": sms("Pier Desk", ("+1XXXXXXXXXX", "+12065550188")),
        },
    )
    assert rows(findings, "CO301") == []
    findings = lint_files(tmp_path, {"c.yaml": sms("Quay Desk", ("*", "+12065550188"))})
    assert rows(findings, "CO301") == [
        ("a.yaml", "error", 13, 13),
        ("b.yaml", "error", 13, 13),
        ("c.yaml", "error", 13, 13),
        ("c.yaml", "error", 13, 13),
    ]


def test_co301_unknown_comparison_key_is_compared_with_nothing(tmp_path):
    unknown = channel("Harbor Desk", "VOICE", voice("${CALL_TYPE}"))
    star = channel("Pier Desk", "VOICE", '      - from: "*"\n        to: "*"\n')
    findings = lint_files(tmp_path, {"a.yaml": unknown, "b.yaml": star})
    assert rows(findings, "CO301") == []


def test_co301_same_configuration_is_not_compared_with_itself(tmp_path):
    findings = lint_files(tmp_path, {"a.yaml": sms("Harbor Desk", *pair(), ("+12065550134", "*"), ("*", "*"))})
    assert rows(findings, "CO301") == []


def test_co301_documents_of_one_file_are_configurations(tmp_path):
    text = sms("Harbor Desk", *pair()) + "---\n" + sms("Pier Desk", ("*", "+12065550134"))
    findings = lint_files(tmp_path, {"desk.yaml": text})
    assert rows(findings, "CO301") == [("desk.yaml", "error", 15, 13), ("desk.yaml", "error", 29, 13)]


def test_co301_unquoted_number_is_compared_by_its_source_text(tmp_path):
    unquoted = sms("Harbor Desk", ("*", "*")).replace(
        '- from: "*"\n        to: "*"', "- from: +12065550134\n        to: '*'"
    )
    findings = lint_files(tmp_path, {"a.yaml": unquoted, "b.yaml": sms("Pier Desk", *pair())})
    assert rows(findings, "CO301") == [("a.yaml", "error", 12, 15), ("b.yaml", "error", 12, 15)]


def test_co301_json_files(tmp_path):
    import json

    def config(name: str) -> str:
        data = {
            "displayName": name,
            "description": "Messaging desk",
            "conversationGroupingType": "GROUP_BY_PARTICIPANT_ADDRESSES",
            "memoryStoreId": "mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n",
            "intelligenceConfigurationIds": [],
            "channelSettings": {
                "SMS": {
                    "statusTimeouts": {"inactive": 30, "closed": 1440},
                    "captureRules": [{"from": "*", "to": "+12065550134"}, {"from": "+12065550134", "to": "*"}],
                }
            },
        }
        return json.dumps(data, indent=2)

    findings = lint_files(tmp_path, {"a.json": config("Harbor Desk"), "b.json": config("Pier Desk")})
    assert rows(findings, "CO301") == [
        ("a.json", "error", 16, 17),  # "to" of rule 0
        ("a.json", "error", 19, 19),  # "from" of rule 1
        ("b.json", "error", 16, 17),
        ("b.json", "error", 19, 19),
    ]


def test_co301_malformed_rules_do_not_crash(tmp_path):
    broken = HEAD.format(name="Harbor Desk") + (
        "channelSettings:\n  SMS:\n    captureRules:\n"
        "      - from: [1, 2]\n        to: '*'\n"
        "      - to: '+12065550134'\n"
        "      - 7\n"
        "      - from: '*'\n        to: '+12065550134'\n        metadata: [x]\n"
        "  VOICE: null\n  CHAT:\n    captureRules: {from: '*'}\n"
    )
    findings = lint_files(tmp_path, {"a.yaml": broken, "b.yaml": sms("Pier Desk", *pair())})
    assert not [f for f in findings if f.rule_id == "CO009"]
    assert rows(findings, "CO301") == [("a.yaml", "error", 14, 13), ("b.yaml", "error", 15, 13)]


# --------------------------------------------------------------------------- the index


def test_claimed_address():
    assert claimed_address("*") == "*"
    assert claimed_address("whatsapp:+12065550134") == "+12065550134"
    assert claimed_address("RCS:brand_agent") == "brand_agent"
    assert claimed_address("${NUMBER}") is None
    assert claimed_address("your_number") is None
    assert claimed_address("+1206*") is None  # a partial wildcard matches nothing
    assert claimed_address("") is None


def in_memory(name: str, data: dict) -> Configuration:
    source = SourceFile(path=Path(name), display=name)
    return Configuration(Document(source, 0, data, None))


def test_index_claims_answers_which_rules_capture_traffic():
    a = in_memory("a.yaml", {"channelSettings": {"SMS": {"captureRules": [{"from": "+12065550134", "to": "*"}]}}})
    b = in_memory("b.yaml", {"channelSettings": {"SMS": {"captureRules": [{"from": "*", "to": "+12065550188"}]}}})
    c = in_memory("c.yaml", {"channelSettings": {"SMS": {"captureRules": [{"from": "*", "to": "*"}]}}})
    index = OverlapIndex.of([a, b, c])
    paths = lambda found: sorted(entry.rule.config.path for entry in found)  # noqa: E731
    assert paths(index.claims(("SMS", None), "+12065550134", "+15550001111")) == ["a.yaml", "c.yaml"]
    assert paths(index.claims(("SMS", None), "+12065550134", "+12065550188")) == ["a.yaml", "b.yaml", "c.yaml"]
    assert paths(index.claims(("SMS", None), "+15550001111", "+15550002222")) == ["c.yaml"]
    assert index.claims(("VOICE", "PSTN"), "+12065550134", "+12065550188") == []


def generated_configs(count: int) -> list[Configuration]:
    """``count`` configurations of 10 SMS rules each; a few pairs deliberately overlap.

    Every configuration also has a rule from a shared head-office number to its own agent
    number and back: 10,000-entry buckets with no overlap in them, which an all-pairs loop
    inside a bucket would not get through.
    """
    configs = []
    for i in range(count):
        numbers = [f"+1206{i:06d}{k}" for k in range(4)]
        if i % 1000 == 1:
            numbers[0] = f"+1206{i - 1:06d}0"  # shares configuration i-1's first number
        rules = [{"from": n, "to": "*"} for n in numbers] + [{"from": "*", "to": n} for n in numbers]
        rules.append({"from": "+18005550100", "to": f"+1312{i:07d}"})
        rules.append({"from": f"+1415{i:07d}", "to": "+18005550100"})
        channels = {"SMS": {"captureRules": rules}}
        if i in (10, 20):
            rule = {"from": "*", "to": "*"} if i == 10 else {"from": "*", "to": "agent-20"}
            channels["VOICE"] = {"captureRules": [{**rule, "metadata": {"callType": "CLIENT"}}]}
        configs.append(in_memory(f"c{i}.yaml", {"channelSettings": channels}))
    return configs


def test_co301_scales_to_ten_thousand_configurations():
    from co_lint.rules.co301_overlapping_capture_rules import check_project

    configs = generated_configs(10_000)
    assert sum(len(list(c.capture_rules)) for c in configs) == 100_002
    start = time.perf_counter()
    hits = list(check_project(configs))
    elapsed = time.perf_counter() - start
    # 10 overlapping pairs × (2 rules × 2 configurations) + the CLIENT `*` → `*` pair.
    assert len(hits) == 42, elapsed
    assert {hit.config.path for hit in hits} >= {"c0.yaml", "c1.yaml", "c9000.yaml", "c9001.yaml", "c10.yaml"}


def _overlap_rows(index: OverlapIndex) -> list[tuple]:
    def name(entry):
        return (entry.config.path, entry.channel, entry.index)

    return sorted((name(o.entry), name(o.other), o.shared) for o in index.overlaps())


def random_configs(rng, count: int) -> list[Configuration]:
    """Small configurations drawing addresses from a small pool, so that many overlap."""
    pool = ["+12065550100", "+12065550101", "whatsapp:+12065550100", "WhatsApp:+12065550101", "*", "*", "*"]
    pool += ["{{phone}}", "+1206*", "", "client:agent"]
    configs = []
    for i in range(count):
        channels = {}
        for channel in rng.sample(["SMS", "WHATSAPP", "VOICE", "CHAT"], rng.randint(1, 3)):
            rules = []
            for _ in range(rng.randint(0, 4)):
                rule = {"from": rng.choice(pool), "to": rng.choice(pool)}
                if rng.random() < 0.1:
                    rule["to"] = rng.choice([12065550100, None, True])  # coerced or missing
                if channel == "VOICE" and rng.random() < 0.5:
                    rule["metadata"] = {"callType": rng.choice(["PSTN", "CLIENT", "SIP"])}
                rules.append(rule)
            channels[channel] = {"captureRules": rules}
        source = SourceFile(path=Path(f"r{i}.yaml"), display=f"r{i}.yaml")
        configs.append(Configuration(Document(source, 0, {"channelSettings": channels}, _NoPositions())))
    return configs


class _NoPositions:
    """A locator for values built in memory: a coerced side has no source text (not an address)."""

    def plain_scalar_text(self, pointer: str) -> None:
        return None


def test_overlap_index_for_overlaps_finds_what_the_full_index_finds():
    """CO301's index holds only rules that can overlap: the same overlaps as every rule indexed."""
    import random

    rng = random.Random(7)
    for _ in range(200):
        configs = random_configs(rng, rng.randint(2, 6))
        assert _overlap_rows(OverlapIndex.for_overlaps(configs)) == _overlap_rows(OverlapIndex.of(configs))
    # Unique bidirectional numbers and a head-office number every configuration shares: the
    # index holds the shared number's rules and the overlapping ones, not the unique numbers.
    configs = generated_configs(50)
    full, part = OverlapIndex.of(configs), OverlapIndex.for_overlaps(configs)
    assert _overlap_rows(part) == _overlap_rows(full) != []
    assert sum(map(len, part._by_key.values())) < sum(map(len, full._by_key.values())) // 4


# --------------------------------------------------------------------------- CO302


def bridge(name: str, service: str) -> str:
    return sms(name, *pair()).replace(
        "intelligenceConfigurationIds: []\n",
        f"intelligenceConfigurationIds: []\nconversationsV1Bridge:\n  serviceId: {service}\n",
    )


def test_co302_same_bridge_service(tmp_path):
    findings = lint_files(
        tmp_path,
        {"a.yaml": bridge("Harbor Desk", SERVICE_A), "b.yaml": bridge("Pier Desk", SERVICE_A).replace("0134", "0188")},
    )
    assert rows(findings, "CO302") == [("a.yaml", "error", 7, 14), ("b.yaml", "error", 7, 14)]
    hit = next(f for f in findings if f.rule_id == "CO302" and f.path == "a.yaml")
    assert SERVICE_A in hit.message and "b.yaml" in hit.message
    assert [(r.path, r.span.start_line, r.span.start_col) for r in hit.related] == [("b.yaml", 7, 14)]


def test_co302_three_configurations_one_result_per_other(tmp_path):
    files = {f"{n}.yaml": bridge(f"Desk {n}", SERVICE_A).replace("0134", f"01{i}0") for i, n in enumerate("abc")}
    findings = lint_files(tmp_path, files)
    assert [row[0] for row in rows(findings, "CO302")] == ["a.yaml"] * 2 + ["b.yaml"] * 2 + ["c.yaml"] * 2


def test_co302_different_and_template_services_are_silent(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": bridge("Harbor Desk", SERVICE_A),
            "b.yaml": bridge("Pier Desk", SERVICE_B).replace("0134", "0188"),
            "c.yaml": bridge("Quay Desk", "${BRIDGE_SERVICE}").replace("0134", "0199"),
            "d.yaml": bridge("Dock Desk", "${BRIDGE_SERVICE}").replace("0134", "0177"),
        },
    )
    assert rows(findings, "CO302") == []


# --------------------------------------------------------------------------- CO303


def test_co303_same_display_name_ignoring_case(tmp_path):
    findings = lint_files(
        tmp_path, {"a.yaml": sms("Harbor Desk", *pair()), "b.yaml": sms("HARBOR desk", *pair("+12065550188"))}
    )
    assert rows(findings, "CO303") == [("a.yaml", "warning", 1, 14), ("b.yaml", "warning", 1, 14)]
    hit = next(f for f in findings if f.rule_id == "CO303" and f.path == "b.yaml")
    assert "HARBOR desk" in hit.message and "a.yaml" in hit.message
    assert [(r.path, r.span.start_line) for r in hit.related] == [("a.yaml", 1)]


def test_co303_different_placeholder_and_template_names_are_silent(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": sms("Harbor Desk", *pair()),
            "b.yaml": sms("Harbor Desk 2", *pair("+12065550188")),
            "c.yaml": sms("${DESK_NAME}", *pair("+12065550199")),
            "d.yaml": sms("${DESK_NAME}", *pair("+12065550177")),
            "e.yaml": sms("TODO", *pair("+12065550166")),
            "f.yaml": sms("todo", *pair("+12065550155")),
        },
    )
    assert rows(findings, "CO303") == []


def test_co303_blank_and_non_string_names_are_silent_beside_a_real_pair(tmp_path):
    """Only shared names that are real text count: blank names and JSON numbers (a YAML ``42``
    is compared as its text, rules.md §1) shared by two configurations are silent, while a
    real shared name in the same project still fires."""
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": sms("' '", *pair()),
            "b.yaml": sms("' '", *pair("+12065550188")),
            "c.json": '{"displayName": 42}',
            "d.json": '{"displayName": 42}',
            "e.yaml": sms("Bay Desk", *pair("+12065550166")),
            "f.yaml": sms("BAY DESK", *pair("+12065550155")),
        },
    )
    assert [row[0] for row in rows(findings, "CO303")] == ["e.yaml", "f.yaml"]


# --------------------------------------------------------------------------- CO304


CONFIG_ID = "conv_configuration_6b1d4f7h0j3l6n9p2r5t8v1x4z"


def test_co304_same_id(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": f"id: {CONFIG_ID}\n" + sms("Harbor Desk", *pair()),
            "b.yaml": f"id: {CONFIG_ID}\n" + sms("Pier Desk", *pair("+12065550188")),
        },
    )
    assert rows(findings, "CO304") == [("a.yaml", "error", 1, 5), ("b.yaml", "error", 1, 5)]
    hit = next(f for f in findings if f.rule_id == "CO304" and f.path == "a.yaml")
    assert CONFIG_ID in hit.message and [r.path for r in hit.related] == ["b.yaml"]


def test_co304_different_missing_and_template_ids_are_silent(tmp_path):
    findings = lint_files(
        tmp_path,
        {
            "a.yaml": f"id: {CONFIG_ID}\n" + sms("Harbor Desk", *pair()),
            "b.yaml": "id: conv_configuration_0b1d4f7h0j3l6n9p2r5t8v1x4z\n" + sms("Pier Desk", *pair("+12065550188")),
            "c.yaml": sms("Quay Desk", *pair("+12065550199")),
            "d.yaml": sms("Dock Desk", *pair("+12065550177")),
            "e.yaml": "id: ${CONFIG_ID}\n" + sms("Bay Desk", *pair("+12065550166")),
            "f.yaml": "id: ${CONFIG_ID}\n" + sms("Cove Desk", *pair("+12065550155")),
        },
    )
    assert rows(findings, "CO304") == []
