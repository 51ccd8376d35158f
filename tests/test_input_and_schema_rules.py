"""CO0xx (input) and CO1xx (schema) rules: each fires at an exact line and column, and stays silent on a clean file."""

from __future__ import annotations

import pytest

from conftest import BASELINE_YAML

BASE = BASELINE_YAML


def triples(findings, prefix=""):
    return [(f.rule_id, f.span.start_line, f.span.start_col) for f in findings if f.rule_id.startswith(prefix)]


def test_clean_baseline_is_silent(lint_text):
    assert triples(lint_text(BASE)) == []


def test_clean_baseline_json_is_silent(lint_text):
    import json

    import yaml

    assert triples(lint_text(json.dumps(yaml.safe_load(BASE), indent=2), "c.json")) == []


# fmt: off
CASES = [
    # (rule, text, expected (rule, line, col) of that rule)
    ("CO001", BASE.replace("  SMS:\n", "  SMS: [\n"), [("CO001", 9, 15)]),
    ("CO001", '{\n  "displayName": "x"\n  "description": "y"\n}\n', [("CO001", 3, 3)]),
    ("CO002", BASE + "displayName: Other\n", [("CO002", 16, 1)]),
    ("CO002", BASE.replace('        to: "*"\n', '        to: "*"\n        to: "+1"\n', 1), [("CO002", 14, 9)]),
    ("CO003", BASE.replace('from: "+12065550134"', "from: +12065550134"), [("CO003", 12, 15)]),
    ("CO003", BASE.replace('to: "*"', "to: no"), [("CO003", 13, 13)]),
    ("CO003", BASE.replace("description: Messaging desk for the harbor office", "description: 2024-01-01"), [("CO003", 2, 14)]),
    ("CO004", BASE.replace("description: Messaging", "description: !Join Messaging"), [("CO004", 2, 14)]),
    ("CO004", "a: !!python/object/apply:os.system [echo hacked]\n", [("CO004", 1, 4)]),
    ("CO101", BASE.replace("    captureRules:", "    captureRule:"), [("CO101", 11, 5)]),
    ("CO101", BASE + "colour: blue\n", [("CO101", 16, 1)]),
    ("CO102", BASE.replace("memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n\n", ""), [("CO102", 1, 1)]),
    ("CO102", BASE.replace('      - from: "*"\n        to: "+12065550134"\n', '      - from: "*"\n'), [("CO102", 14, 9)]),
    ("CO103", BASE.replace("closed: 1440", 'closed: "1440"'), [("CO103", 10, 15)]),
    ("CO103", BASE.replace("description: Messaging desk for the harbor office", "description:"), [("CO103", 2, 13)]),
    ("CO103", "- just\n- a list\n", [("CO103", 1, 1)]),
    ("CO104", BASE.replace("GROUP_BY_PARTICIPANT_ADDRESSES", "group_by_profile"), [("CO104", 3, 27)]),
    ("CO105", BASE.replace("displayName: Harbor Desk", "displayName: Harbor Desk (prod)"), [("CO105", 1, 14)]),
    ("CO105", BASE + "conversationsV1Bridge:\n  serviceId: IS5F2A\n", [("CO105", 17, 14)]),
    ("CO105", BASE + "statusCallbacks:\n  - url: not a url\n", [("CO105", 17, 10)]),
    ("CO106", BASE.replace("closed: 1440", "closed: 0"), [("CO106", 10, 15)]),
    ("CO106", BASE.replace("displayName: Harbor Desk", "displayName: " + "H" * 33), [("CO106", 1, 14)]),
    ("CO106", BASE.replace("intelligenceConfigurationIds: []", "intelligenceConfigurationIds: [a, b, c, d, e, f]"), [("CO106", 5, 31)]),
    ("CO107", "version: 7\n" + BASE, [("CO107", 1, 1)]),
]
# fmt: on


@pytest.mark.parametrize(("rule", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_at_exact_position(lint_text, rule, text, expected):
    assert triples(lint_text(text), rule) == expected


def test_co003_replaces_co103_and_later_rules_see_the_source_text(lint_text):
    findings = lint_text(BASE.replace('from: "+12065550134"', "from: +12065550134"))
    assert [f.rule_id for f in findings] == ["CO003"]
    assert '"+12065550134"' in findings[0].message


def test_co107_is_a_note_and_not_also_co101(lint_text):
    findings = lint_text("createdAt: '2025-01-01T00:00:00Z'\n" + BASE)
    assert [(f.rule_id, f.level) for f in findings] == [("CO107", "note")]


def test_co104_suggests_the_right_case(lint_text):
    (finding,) = lint_text(BASE.replace("GROUP_BY_PARTICIPANT_ADDRESSES", "group_by_profile"))
    assert "did you mean 'GROUP_BY_PROFILE'" in finding.message


def test_co101_suggests_the_close_name(lint_text):
    (finding,) = lint_text(BASE.replace("    captureRules:", "    captureRule:"))
    assert "did you mean 'captureRules'" in finding.message


def test_co005_not_utf8(tmp_path):
    from conftest import lint_dir

    (tmp_path / "c.yaml").write_bytes(BASE.encode("utf-8").replace(b"harbor", b"h\xe4rbor"))
    assert triples(lint_dir(tmp_path)) == [("CO005", 1, 1)]


def test_co005_utf16_and_binary(tmp_path):
    from conftest import lint_dir

    (tmp_path / "a.yaml").write_bytes(BASE.encode("utf-16"))
    (tmp_path / "b.json").write_bytes(b"{\x00\x01}")
    assert sorted(triples(lint_dir(tmp_path))) == [("CO005", 1, 1), ("CO005", 1, 1)]


def test_utf8_bom_is_fine(tmp_path):
    from conftest import lint_dir

    (tmp_path / "c.yaml").write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert lint_dir(tmp_path) == []


def test_alias_bomb_is_co004_quickly(lint_text):
    import time

    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    start = time.perf_counter()
    findings = lint_text(bomb)
    assert time.perf_counter() - start < 1.0
    assert triples(findings) == [("CO004", 5, 8)]


def test_json_positions_for_schema_errors(lint_text):
    text = (
        '{\n  "displayName": "Harbor Desk",\n  "description": "x",\n  "conversationGroupingType": "NOPE",\n'
        '  "memoryStoreId": "mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n",\n  "intelligenceConfigurationIds": [],\n'
        '  "channelSettings": {}\n}\n'
    )
    assert triples(lint_text(text, "c.json"), "CO1") == [("CO104", 4, 31)]


def test_json_duplicate_key_at_second(lint_text):
    text = '{\n  "displayName": "A",\n  "displayName": "B"\n}\n'
    assert triples(lint_text(text, "c.json"), "CO002") == [("CO002", 3, 3)]


def test_multi_document_yaml_each_document_is_a_configuration(lint_text):
    findings = lint_text(BASE + "---\n" + BASE.replace("closed: 1440", "closed: 0"))
    assert triples(findings, "CO106") == [("CO106", 26, 15)]
    assert [f.document for f in findings if f.rule_id == "CO106"] == [1]


def test_empty_document_and_comment_only_file_are_silent(lint_text):
    assert lint_text("---\n") == []
    assert lint_text("# only a comment\n") == []


def test_trailing_newline_does_not_pass_an_anchored_pattern(lint_text):
    text = BASE + 'conversationsV1Bridge:\n  serviceId: "IS5f2a9c7e1b3d8f4a6c0e9b3d1f5a7c2e\\n"\n'
    assert triples(lint_text(text), "CO105") == [("CO105", 17, 14)]
