"""CO401–CO403 (lifecycle) and CO501–CO504 (memory, intelligence, update safety)."""

from __future__ import annotations

import pytest

from conftest import BASELINE_YAML

BASELINE = BASELINE_YAML

SMS_TIMEOUTS = "    statusTimeouts:\n      inactive: 30\n      closed: 1440\n"


def only(findings, rule_id: str) -> list[tuple[str, int, int]]:
    return [(f.level, f.span.start_line, f.span.start_col) for f in findings if f.rule_id == rule_id]


def with_channel(channel: str, timeouts: str) -> str:
    """The baseline with its SMS channel renamed and its statusTimeouts replaced (channel key: line 7)."""
    return BASELINE.replace("  SMS:\n", f"  {channel}:\n").replace(SMS_TIMEOUTS, timeouts)


MINE = ("CO401", "CO402", "CO403", "CO501", "CO502", "CO503", "CO504")


def message(findings, rule_id: str) -> str:
    return next(f.message for f in findings if f.rule_id == rule_id)


def test_baseline_is_silent(lint_text):
    findings = lint_text(BASELINE)
    assert [f.rule_id for f in findings if f.rule_id in MINE or f.rule_id == "CO009"] == []


# --------------------------------------------------------------------------- CO401


def test_co401_voice_timeouts_object_at_the_key(lint_text):
    findings = lint_text(with_channel("VOICE", "    statusTimeouts:\n      closed: 60\n"))
    assert only(findings, "CO401") == [("warning", 8, 5)]
    assert "statusTimeouts: null" in message(findings, "CO401")


def test_co401_voice_timeouts_absent_at_the_voice_key(lint_text):
    findings = lint_text(with_channel("VOICE", ""))
    assert only(findings, "CO401") == [("warning", 7, 3)]


def test_co401_voice_timeouts_null_is_silent(lint_text):
    findings = lint_text(with_channel("VOICE", "    statusTimeouts: null\n"))
    assert only(findings, "CO401") == []


def test_co401_other_channels_are_silent(lint_text):
    assert only(lint_text(BASELINE), "CO401") == []
    assert only(lint_text(with_channel("WHATSAPP", "")), "CO401") == []


def test_co401_json(lint_text):
    text = """{
  "displayName": "Harbor Desk",
  "intelligenceConfigurationIds": [],
  "channelSettings": {
    "VOICE": {
      "statusTimeouts": {"inactive": 5, "closed": 30}
    }
  }
}
"""
    assert only(lint_text(text, "c.json"), "CO401") == [("warning", 6, 7)]


# --------------------------------------------------------------------------- CO402


def test_co402_closed_before_inactive_at_closed(lint_text):
    findings = lint_text(BASELINE.replace("inactive: 30", "inactive: 120").replace("closed: 1440", "closed: 90"))
    assert only(findings, "CO402") == [("warning", 10, 15)]
    text = message(findings, "CO402")
    assert "90" in text and "120" in text


def test_co402_equal_timeouts(lint_text):
    findings = lint_text(BASELINE.replace("inactive: 30", "inactive: 1440"))
    assert only(findings, "CO402") == [("warning", 10, 15)]


def test_co402_on_voice_too(lint_text):
    findings = lint_text(with_channel("VOICE", "    statusTimeouts:\n      inactive: 30\n      closed: 10\n"))
    assert only(findings, "CO402") == [("warning", 10, 15)]


@pytest.mark.parametrize(
    "timeouts",
    [
        "    statusTimeouts:\n      inactive: 30\n      closed: 1440\n",
        "    statusTimeouts:\n      inactive: null\n      closed: 90\n",
        "    statusTimeouts:\n      inactive: 120\n      closed: null\n",
        "    statusTimeouts:\n      inactive: 120\n",
        "    statusTimeouts:\n      inactive: 120\n      closed: '90'\n",
        "    statusTimeouts:\n      inactive: true\n      closed: 1\n",
        "    statusTimeouts: null\n",
        "    statusTimeouts: [30, 10]\n",
    ],
)
def test_co402_silent(lint_text, timeouts):
    findings = lint_text(BASELINE.replace(SMS_TIMEOUTS, timeouts))
    assert only(findings, "CO402") == []


# --------------------------------------------------------------------------- CO403


def test_co403_no_channel_at_first_key(lint_text):
    text = BASELINE[: BASELINE.index("channelSettings:")] + "channelSettings: {}\n"
    findings = lint_text("# harbor desk\n" + text)
    assert only(findings, "CO403") == [("note", 2, 1)]


def test_co403_channel_settings_absent(lint_text):
    text = BASELINE[: BASELINE.index("channelSettings:")]
    assert only(lint_text(text), "CO403") == [("note", 1, 1)]


@pytest.mark.parametrize(
    "channel, timeouts",
    [
        ("SMS", ""),
        ("WHATSAPP", "    statusTimeouts: null\n"),
        ("RCS", "    statusTimeouts:\n      inactive: 30\n"),
        ("CHAT", "    statusTimeouts:\n      inactive: 30\n      closed: null\n"),
    ],
)
def test_co403_messaging_channel_without_closed_at_channel_key(lint_text, channel, timeouts):
    findings = lint_text(with_channel(channel, timeouts))
    assert only(findings, "CO403") == [("note", 7, 3)]


@pytest.mark.parametrize(
    "channel, timeouts",
    [
        ("SMS", "    statusTimeouts:\n      closed: 60\n"),
        ("VOICE", ""),  # VOICE is CO401's
        ("VOICE", "    statusTimeouts: null\n"),
        ("SMS", "    statusTimeouts:\n      closed: sixty\n"),  # a wrong type is the schema's
        ("SMS", "    statusTimeouts: ${SMS_TIMEOUTS}\n"),
    ],
)
def test_co403_silent(lint_text, channel, timeouts):
    findings = lint_text(with_channel(channel, timeouts))
    assert only(findings, "CO403") == []


def test_co403_wrong_channel_settings_type_is_left_to_the_schema(lint_text):
    text = BASELINE[: BASELINE.index("channelSettings:")] + "channelSettings: [SMS]\n"
    findings = lint_text(text)
    assert only(findings, "CO403") == []
    assert not [f for f in findings if f.rule_id == "CO009"]


# --------------------------------------------------------------------------- CO501


def test_co501_missing_at_first_key_after_a_comment(lint_text):
    findings = lint_text("# harbor desk\n" + BASELINE.replace("intelligenceConfigurationIds: []\n", ""))
    assert only(findings, "CO501") == [("warning", 2, 1)]
    assert "intelligenceConfigurationIds: []" in message(findings, "CO501")


def test_co501_json_at_first_key(lint_text):
    text = '{\n  "displayName": "Harbor Desk",\n  "channelSettings": {}\n}\n'
    assert only(lint_text(text, "c.json"), "CO501") == [("warning", 2, 3)]


def test_co501_empty_list_and_null_are_present(lint_text):
    assert only(lint_text(BASELINE), "CO501") == []
    text = BASELINE.replace("intelligenceConfigurationIds: []", "intelligenceConfigurationIds:")
    assert only(lint_text(text), "CO501") == []


# --------------------------------------------------------------------------- CO502

ID_A = "intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b"
ID_B = "intelligence_configuration_8d2f5h7k0m3q6s9u1w4y7a0c3e"


def test_co502_duplicate_intelligence_id_at_the_second(lint_text):
    ids = f"intelligenceConfigurationIds:\n  - {ID_A}\n  - {ID_B}\n  - {ID_A}\n"
    findings = lint_text(BASELINE.replace("intelligenceConfigurationIds: []\n", ids))
    assert only(findings, "CO502") == [("warning", 8, 5)]


def test_co502_every_repeat_is_reported(lint_text):
    ids = f"intelligenceConfigurationIds: [{ID_A}, {ID_A}, {ID_A}]\n"
    findings = lint_text(BASELINE.replace("intelligenceConfigurationIds: []\n", ids))
    assert [line for _, line, _ in only(findings, "CO502")] == [5, 5]


def test_co502_duplicate_callback_url_at_its_url(lint_text):
    callbacks = (
        "statusCallbacks:\n"
        "  - url: https://hooks.acme.com/co?token=0123456789abcdef0123456789abcdef\n"
        "  - url: https://hooks.acme.com/co?token=0123456789abcdef0123456789abcdef\n"
        "    method: GET\n"
    )
    findings = lint_text(BASELINE + callbacks)
    assert only(findings, "CO502") == [("warning", 18, 10)]
    # The URL may hold a credential: it is not quoted.
    assert "0123456789abcdef" not in message(findings, "CO502")


def test_co502_distinct_values_are_silent(lint_text):
    ids = f"intelligenceConfigurationIds:\n  - {ID_A}\n  - {ID_B}\n"
    callbacks = "statusCallbacks:\n  - url: https://hooks.acme.com/a\n  - url: https://hooks.acme.com/b\n"
    findings = lint_text(BASELINE.replace("intelligenceConfigurationIds: []\n", ids) + callbacks)
    assert only(findings, "CO502") == []


def test_co502_placeholders_are_compared_as_written(lint_text):
    ids = "intelligenceConfigurationIds:\n  - intelligence_configuration_xxx\n  - intelligence_configuration_xxx\n"
    findings = lint_text(BASELINE.replace("intelligenceConfigurationIds: []\n", ids))
    assert only(findings, "CO502") == [("warning", 7, 5)]


# --------------------------------------------------------------------------- CO503 / CO504

NO_STORE = BASELINE.replace("memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n\n", "")


def test_co503_extraction_without_store_at_the_mapping(lint_text):
    findings = lint_text(NO_STORE + "memoryExtractionEnabled: true\n")
    assert only(findings, "CO503") == [("error", 1, 1)]


@pytest.mark.parametrize("empty", ['""', "", "~"])
def test_co503_extraction_with_empty_store_at_the_value(lint_text, empty):
    text = BASELINE.replace("mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n", empty) + "memoryExtractionEnabled: true\n"
    findings = lint_text(text)
    assert [(level, line) for level, line, _ in only(findings, "CO503")] == [("error", 4)]


def test_co503_json_missing_store_at_the_opening_brace(lint_text):
    text = '{\n  "displayName": "Harbor Desk",\n  "memoryExtractionEnabled": true\n}\n'
    assert only(lint_text(text, "c.json"), "CO503") == [("error", 1, 1)]


@pytest.mark.parametrize(
    "text",
    [
        BASELINE + "memoryExtractionEnabled: true\n",
        NO_STORE + "memoryExtractionEnabled: false\n",
        NO_STORE + "memoryExtractionEnabled: 'true'\n",
        NO_STORE,
    ],
)
def test_co503_silent(lint_text, text):
    assert only(lint_text(text), "CO503") == []


def test_co504_profile_grouping_without_store(lint_text):
    text = NO_STORE.replace("GROUP_BY_PARTICIPANT_ADDRESSES", "GROUP_BY_PROFILE")
    findings = lint_text(text)
    assert only(findings, "CO504") == [("error", 1, 1)]
    assert only(findings, "CO503") == []


def test_co504_profile_grouping_with_empty_store(lint_text):
    text = BASELINE.replace("GROUP_BY_PARTICIPANT_ADDRESSES", "GROUP_BY_PROFILE").replace(
        "mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n", '""'
    )
    assert only(lint_text(text), "CO504") == [("error", 4, 16)]


@pytest.mark.parametrize(
    "text",
    [
        BASELINE.replace("GROUP_BY_PARTICIPANT_ADDRESSES", "GROUP_BY_PROFILE"),
        NO_STORE,
        NO_STORE.replace("GROUP_BY_PARTICIPANT_ADDRESSES", "GROUP_BY_PARTICIPANT_ADDRESSES_AND_CHANNEL_TYPE"),
    ],
)
def test_co504_silent(lint_text, text):
    assert only(lint_text(text), "CO504") == []
