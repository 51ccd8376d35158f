"""Capture rules CO201–CO212 (rules.md §4): each rule fires where it must, and only there."""

from __future__ import annotations

import json

import pytest

HEADER = """\
displayName: Harbor Desk
description: Messaging desk for the harbor office
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: []
channelSettings:
"""
# The clean baseline (conformance case 000): HEADER is lines 1-6, the channel key is line 7.
BASELINE = (
    HEADER
    + """\
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 1440
    captureRules:
      - from: "+12065550134"
        to: "*"
      - from: "*"
        to: "+12065550134"
"""
)

TIMEOUTS = {
    "VOICE": "    statusTimeouts: null\n",
}
MESSAGING_TIMEOUTS = "    statusTimeouts:\n      inactive: 30\n      closed: 1440\n"


def config(channel: str, rules: str, *, extra_channels: str = "") -> str:
    """A clean configuration with one channel whose captureRules are ``rules`` (indented items).

    Line numbers: the channel key is line 7; with messaging timeouts ``captureRules`` is line 11
    and the first rule's first key line 12; on VOICE (``statusTimeouts: null``) they are 9 and 10.
    """
    timeouts = TIMEOUTS.get(channel, MESSAGING_TIMEOUTS)
    return HEADER + f"  {channel}:\n" + timeouts + "    captureRules:\n" + rules + extra_channels


PAIR = """\
      - from: "+12065550134"
        to: "*"
      - from: "*"
        to: "+12065550134"
"""


def only(findings, rule_id):
    return [f for f in findings if f.rule_id == rule_id]


def where(findings, rule_id):
    return [(f.level, f.span.start_line, f.span.start_col) for f in only(findings, rule_id)]


def assert_clean(findings):
    """No capture-rule finding and no crash at all."""
    assert [f for f in findings if f.rule_id.startswith("CO2") or f.rule_id == "CO009"] == []


def test_baseline_is_clean(lint_text):
    assert_clean(lint_text(BASELINE))


# --------------------------------------------------------------------------- CO201


def test_co201_one_wildcard_without_opposite_rule(lint_text):
    text = config("SMS", PAIR + '      - from: "+12065550188"\n        to: "*"\n')
    findings = lint_text(text)
    assert where(findings, "CO201") == [("error", 16, 15)]
    assert '{from: "*", to: "+12065550188"}' in only(findings, "CO201")[0].message


def test_co201_inbound_only_rule_is_at_its_to(lint_text):
    text = config("SMS", PAIR + '      - from: "*"\n        to: "+12065550188"\n')
    assert where(lint_text(text), "CO201") == [("error", 17, 13)]


def test_co201_both_concrete_needs_mirror_at_from(lint_text):
    text = config("SMS", PAIR + '      - from: "+12065550188"\n        to: "+17185550163"\n')
    assert where(lint_text(text), "CO201") == [("error", 16, 15)]


def test_co201_both_concrete_with_mirror_is_silent(lint_text):
    rules = PAIR + (
        '      - from: "+12065550188"\n        to: "+17185550163"\n'
        '      - from: "+17185550163"\n        to: "+12065550188"\n'
    )
    assert only(lint_text(config("SMS", rules)), "CO201") == []


def test_co201_is_a_note_on_voice(lint_text):
    text = config("VOICE", '      - from: "*"\n        to: "+12065550134"\n')
    assert where(lint_text(text), "CO201") == [("note", 11, 13)]


def test_co201_error_on_whatsapp_and_rcs(lint_text):
    for channel, address in (("WHATSAPP", "whatsapp:+12065550134"), ("RCS", "rcs:harbor_desk_agent")):
        text = config(channel, f'      - from: "{address}"\n        to: "*"\n')
        assert where(lint_text(text), "CO201") == [("error", 12, 15)], channel


def test_co201_never_on_chat(lint_text):
    text = config("CHAT", '      - from: "*"\n        to: "user-123"\n')
    assert only(lint_text(text), "CO201") == []


def test_co201_prefix_removed_before_comparing(lint_text):
    rules = '      - from: "whatsapp:+12065550134"\n        to: "*"\n      - from: "*"\n        to: "+12065550134"\n'
    assert only(lint_text(config("WHATSAPP", rules)), "CO201") == []


def test_co201_voice_mirror_needs_same_call_type(lint_text):
    rules = (
        '      - from: "+12065550134"\n        to: "*"\n'
        '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "PUBLIC_SIP"\n'
    )
    findings = lint_text(config("VOICE", rules))
    assert where(findings, "CO201") == [("note", 10, 15), ("note", 13, 13)]


def test_co201_voice_absent_call_type_equals_pstn(lint_text):
    rules = (
        '      - from: "+12065550134"\n        to: "*"\n'
        '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "PSTN"\n'
    )
    assert only(lint_text(config("VOICE", rules)), "CO201") == []


def test_co201_compares_placeholders_and_templates_as_text(lint_text):
    rules = (
        '      - from: "${DESK_NUMBER}"\n        to: "*"\n'
        '      - from: "*"\n        to: "${DESK_NUMBER}"\n'
        '      - from: "your_second_number"\n        to: "*"\n'
    )
    assert where(lint_text(config("SMS", rules)), "CO201") == [("error", 16, 15)]


def test_co201_unknown_call_type_is_compared_with_nothing(lint_text):
    rules = '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "${CALL_TYPE}"\n'
    assert only(lint_text(config("VOICE", rules)), "CO201") == []


def test_co201_star_star_is_not_its_business(lint_text):
    assert only(lint_text(config("SMS", '      - from: "*"\n        to: "*"\n')), "CO201") == []


def test_co201_in_json(lint_text):
    data = {
        "displayName": "Harbor Desk",
        "description": "Desk",
        "conversationGroupingType": "GROUP_BY_PARTICIPANT_ADDRESSES",
        "memoryStoreId": "mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n",
        "intelligenceConfigurationIds": [],
        "channelSettings": {"SMS": {"captureRules": [{"from": "*", "to": "+12065550134"}]}},
    }
    findings = lint_text(json.dumps(data, indent=2), "c.json")
    assert [(f.level, f.span.start_line) for f in only(findings, "CO201")] == [("error", 12)]


# --------------------------------------------------------------------------- CO202


def test_co202_sms_not_e164_with_normalised_form(lint_text):
    rules = '      - from: "206-555-0134"\n        to: "*"\n      - from: "*"\n        to: "206-555-0134"\n'
    findings = lint_text(config("SMS", rules))
    assert where(findings, "CO202") == [("error", 12, 15), ("error", 15, 13)]
    assert only(findings, "CO201") == []  # mirrored as written


@pytest.mark.parametrize(
    ("value", "fixed"),
    [("0044 20 7946 0000", "+442079460000"), ("1 (206) 555-0134", "+12065550134"), ("+1 206 555 0134", "+12065550134")],
)
def test_co202_message_gives_unambiguous_e164(lint_text, value, fixed):
    rules = f'      - from: "{value}"\n        to: "*"\n      - from: "*"\n        to: "{value}"\n'
    messages = [f.message for f in only(lint_text(config("SMS", rules)), "CO202")]
    assert len(messages) == 2 and all(f'"{fixed}"' in m for m in messages)


def test_co202_ambiguous_number_gets_no_suggestion(lint_text):
    rules = '      - from: "2065550134"\n        to: "*"\n      - from: "*"\n        to: "2065550134"\n'
    messages = [f.message for f in only(lint_text(config("SMS", rules)), "CO202")]
    assert len(messages) == 2 and all('write "+' not in m for m in messages)


def test_co202_whatsapp_prefixed_too_short(lint_text):
    rules = '      - from: "whatsapp:+1"\n        to: "*"\n      - from: "*"\n        to: "whatsapp:+1"\n'
    assert where(lint_text(config("WHATSAPP", rules)), "CO202") == [("error", 12, 15), ("error", 15, 13)]


def test_co202_whatsapp_keeps_prefix_in_suggestion(lint_text):
    rules = '      - from: "whatsapp:206-555-0134"\n        to: "*"\n      - from: "*"\n        to: "whatsapp:206-555-0134"\n'
    messages = [f.message for f in only(lint_text(config("WHATSAPP", rules)), "CO202")]
    assert messages and all('"whatsapp:+12065550134"' not in m for m in messages)  # ambiguous: 10 digits
    rules = rules.replace("206-555-0134", "1-206-555-0134")
    messages = [f.message for f in only(lint_text(config("WHATSAPP", rules)), "CO202")]
    assert len(messages) == 2 and all('"whatsapp:+12065550134"' in m for m in messages)


def test_co202_voice_pstn_and_public_sip_when_phone_like(lint_text):
    rules = (
        '      - from: "(206) 555-0134"\n        to: "*"\n'
        '      - from: "*"\n        to: "(206) 555-0134"\n        metadata:\n          callType: "PUBLIC_SIP"\n'
    )
    assert where(lint_text(config("VOICE", rules)), "CO202") == [("error", 10, 15), ("error", 13, 13)]


@pytest.mark.parametrize(
    ("channel", "value"),
    [
        ("SMS", "48213"),  # short code
        ("RCS", "rcs:harbor_desk_agent"),  # sender id
        ("RCS", "rcs:+12065550134"),
        ("WHATSAPP", "+12065550134"),
        ("CHAT", "user 123"),
    ],
)
def test_co202_legitimate_addresses_are_silent(lint_text, channel, value):
    rules = f'      - from: "{value}"\n        to: "*"\n      - from: "*"\n        to: "{value}"\n'
    assert_clean(lint_text(config(channel, rules)))


def test_co202_silent_on_client_sip_placeholder_and_template(lint_text):
    rules = (
        '      - from: "*"\n        to: "206-555-0134"\n        metadata:\n          callType: "CLIENT"\n'
        '      - from: "*"\n        to: "sip:desk@harbor-ops.sip.twilio.com"\n        metadata:\n'
        '          callType: "PUBLIC_SIP"\n'
    )
    assert only(lint_text(config("VOICE", rules)), "CO202") == []
    rules = '      - from: "+1206XXXXXXX"\n        to: "*"\n      - from: "${NUMBER}"\n        to: "*"\n'
    assert only(lint_text(config("SMS", rules)), "CO202") == []


# --------------------------------------------------------------------------- CO203


def test_co203_bare_identity_without_call_type(lint_text):
    rules = '      - from: "agent-mira"\n        to: "*"\n      - from: "*"\n        to: "agent-mira"\n'
    findings = lint_text(config("VOICE", rules))
    assert where(findings, "CO203") == [("error", 10, 15), ("error", 13, 13)]
    assert only(findings, "CO202") == [] and only(findings, "CO205") == []
    assert "CLIENT" in only(findings, "CO203")[0].message


def test_co203_sip_uri_suggests_public_sip(lint_text):
    rules = '      - from: "*"\n        to: "sip:desk@harbor-ops.sip.twilio.com"\n'
    findings = only(lint_text(config("VOICE", rules)), "CO203")
    assert [(f.span.start_line, f.span.start_col) for f in findings] == [(11, 13)]
    assert "PUBLIC_SIP" in findings[0].message


def test_co203_silent_with_call_type_or_phone_number(lint_text):
    rules = (
        '      - from: "*"\n        to: "agent-mira"\n        metadata:\n          callType: "CLIENT"\n'
        '      - from: "*"\n        to: "+12065550134"\n'
        '      - from: "*"\n        to: "206 555 0134"\n'
        '      - from: "*"\n        to: "${AGENT}"\n'
    )
    assert only(lint_text(config("VOICE", rules)), "CO203") == []


# --------------------------------------------------------------------------- CO204


def test_co204_wrong_case_is_an_error_with_hint(lint_text):
    rules = '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "pstn"\n'
    findings = lint_text(config("VOICE", rules))
    assert where(findings, "CO204") == [("error", 13, 21)]
    assert '"PSTN"' in only(findings, "CO204")[0].message


def test_co204_sip_is_a_warning(lint_text):
    rules = '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "SIP"\n'
    findings = lint_text(config("VOICE", rules))
    assert where(findings, "CO204") == [("warning", 13, 21)]
    assert "PUBLIC_SIP" in only(findings, "CO204")[0].message


def test_co204_unknown_value_is_an_error(lint_text):
    rules = '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "WEBRTC"\n'
    assert where(lint_text(config("VOICE", rules)), "CO204") == [("error", 13, 21)]


@pytest.mark.parametrize("value", ["PSTN", "CLIENT", "PUBLIC_SIP", "${CALL_TYPE}"])
def test_co204_documented_and_template_values_are_silent(lint_text, value):
    rules = f'      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "{value}"\n'
    assert only(lint_text(config("VOICE", rules)), "CO204") == []


def test_co204_not_on_sms(lint_text):
    rules = PAIR.replace('        to: "*"\n', '        to: "*"\n        metadata:\n          callType: "pstn"\n', 1)
    findings = lint_text(config("SMS", rules))
    assert only(findings, "CO204") == [] and len(only(findings, "CO212")) == 1


# --------------------------------------------------------------------------- CO205


def test_co205_client_with_phone_number(lint_text):
    rules = '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "CLIENT"\n'
    assert where(lint_text(config("VOICE", rules)), "CO205") == [("warning", 11, 13)]


def test_co205_client_prefix(lint_text):
    rules = '      - from: "*"\n        to: "client:agent-mira"\n        metadata:\n          callType: "CLIENT"\n'
    findings = lint_text(config("VOICE", rules))
    assert where(findings, "CO205") == [("warning", 11, 13)]
    assert '"agent-mira"' in only(findings, "CO205")[0].message


def test_co205_public_sip_with_identity_and_pstn_with_sip(lint_text):
    rules = (
        '      - from: "*"\n        to: "agent-mira"\n        metadata:\n          callType: "PUBLIC_SIP"\n'
        '      - from: "*"\n        to: "sip:desk@harbor-ops.sip.twilio.com"\n        metadata:\n'
        '          callType: "PSTN"\n'
        '      - from: "*"\n        to: "agent-mira"\n        metadata:\n          callType: "PSTN"\n'
    )
    assert where(lint_text(config("VOICE", rules)), "CO205") == [
        ("warning", 11, 13),
        ("warning", 15, 13),
        ("warning", 19, 13),
    ]


def test_co205_matching_forms_are_silent(lint_text):
    rules = (
        '      - from: "*"\n        to: "agent-mira"\n        metadata:\n          callType: "CLIENT"\n'
        '      - from: "*"\n        to: "sips:desk@harbor-ops.sip.twilio.com"\n        metadata:\n'
        '          callType: "PUBLIC_SIP"\n'
        '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "PUBLIC_SIP"\n'
        '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "PSTN"\n'
        '      - from: "*"\n        to: "<agent identity>"\n        metadata:\n          callType: "PSTN"\n'
    )
    assert only(lint_text(config("VOICE", rules)), "CO205") == []


# --------------------------------------------------------------------------- CO206


def test_co206_star_star_on_sms_at_first_key(lint_text):
    findings = lint_text(config("SMS", PAIR + '      - to: "*"\n        from: "*"\n'))
    assert where(findings, "CO206") == [("error", 16, 9)]


def test_co206_star_star_on_voice(lint_text):
    rules = '      - from: "*"\n        to: "*"\n        metadata:\n          callType: "PSTN"\n'
    findings = lint_text(config("VOICE", rules))
    assert where(findings, "CO206") == [("error", 10, 9)]
    assert "transcribes" in only(findings, "CO206")[0].message


def test_co206_chat_bridged_star_star_is_silent(lint_text):
    rules = '      - from: "*"\n        to: "*"\n        metadata:\n          chatService: "IS5e8b1d4f7a0c3e6b9d2f5a8c1e4b7d0a"\n'
    assert_clean(lint_text(config("CHAT", rules)))


# --------------------------------------------------------------------------- CO207


def test_co207_partial_wildcard(lint_text):
    rules = '      - from: "+1206555*"\n        to: "*"\n      - from: "*"\n        to: "+1206555*"\n'
    findings = lint_text(config("SMS", rules))
    assert where(findings, "CO207") == [("error", 12, 15), ("error", 15, 13)]
    assert only(findings, "CO202") == [] and only(findings, "CO211") == []


def test_co207_on_chat_and_voice_identity(lint_text):
    rules = '      - from: "*"\n        to: "user-*"\n'
    assert where(lint_text(config("CHAT", rules)), "CO207") == [("error", 13, 13)]
    rules = '      - from: "*"\n        to: "+1206555*"\n'
    findings = lint_text(config("VOICE", rules))
    assert where(findings, "CO207") == [("error", 11, 13)]
    assert only(findings, "CO203") == []  # phone-like apart from the *: not a callType problem


def test_co207_whole_wildcard_is_silent(lint_text):
    assert only(lint_text(BASELINE), "CO207") == []


# --------------------------------------------------------------------------- CO208


def test_co208_duplicate_rule_at_second(lint_text):
    findings = lint_text(config("SMS", PAIR + '      - from: "+12065550134"\n        to: "*"\n'))
    assert where(findings, "CO208") == [("warning", 16, 9)]
    assert findings and only(findings, "CO208")[0].related[0].span.start_line == 12


def test_co208_absent_metadata_equals_empty(lint_text):
    rules = PAIR + '      - from: "*"\n        to: "+12065550134"\n        metadata: {}\n'
    assert where(lint_text(config("SMS", rules)), "CO208") == [("warning", 16, 9)]


def test_co208_different_metadata_or_prefix_is_not_a_duplicate(lint_text):
    rules = (
        '      - from: "*"\n        to: "+12065550134"\n'
        '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "CLIENT"\n'
    )
    assert only(lint_text(config("VOICE", rules)), "CO208") == []
    rules = '      - from: "whatsapp:+12065550134"\n        to: "*"\n      - from: "+12065550134"\n        to: "*"\n'
    assert only(lint_text(config("WHATSAPP", rules)), "CO208") == []


def test_co208_same_rule_in_two_channels_is_not_a_duplicate(lint_text):
    text = config("SMS", PAIR, extra_channels="  WHATSAPP:\n" + MESSAGING_TIMEOUTS + "    captureRules:\n" + PAIR)
    assert only(lint_text(text), "CO208") == []


# --------------------------------------------------------------------------- CO209


def test_co209_foreign_prefix(lint_text):
    rules = '      - from: "whatsapp:+12065550134"\n        to: "*"\n      - from: "*"\n        to: "whatsapp:+12065550134"\n'
    findings = lint_text(config("SMS", rules))
    assert where(findings, "CO209") == [("warning", 12, 15), ("warning", 15, 13)]
    assert only(findings, "CO202") == []


def test_co209_foreign_prefix_on_chat_and_rcs_under_whatsapp(lint_text):
    assert where(lint_text(config("CHAT", '      - from: "*"\n        to: "rcs:harbor_agent"\n')), "CO209") == [
        ("warning", 13, 13)
    ]
    rules = '      - from: "rcs:+12065550134"\n        to: "*"\n      - from: "*"\n        to: "rcs:+12065550134"\n'
    assert where(lint_text(config("WHATSAPP", rules)), "CO209") == [("warning", 12, 15), ("warning", 15, 13)]


def test_co209_mixed_forms_once_at_first_differing_address(lint_text):
    rules = (
        '      - from: "whatsapp:+12065550134"\n        to: "*"\n'
        '      - from: "*"\n        to: "whatsapp:+12065550134"\n'
        '      - from: "+12065550188"\n        to: "*"\n'
        '      - from: "*"\n        to: "+12065550188"\n'
    )
    assert where(lint_text(config("WHATSAPP", rules)), "CO209") == [("warning", 16, 15)]


def test_co209_rcs_sender_ids_do_not_count(lint_text):
    rules = (
        '      - from: "rcs:harbor_desk_agent"\n        to: "*"\n'
        '      - from: "*"\n        to: "rcs:harbor_desk_agent"\n'
        '      - from: "+12065550188"\n        to: "*"\n'
        '      - from: "*"\n        to: "+12065550188"\n'
    )
    assert only(lint_text(config("RCS", rules)), "CO209") == []


def test_co209_one_form_is_silent(lint_text):
    assert_clean(lint_text(config("WHATSAPP", PAIR)))
    assert_clean(lint_text(config("WHATSAPP", PAIR.replace('"+1', '"whatsapp:+1'))))


# --------------------------------------------------------------------------- CO210


def rules_for(count_numbers: int) -> str:
    return "".join(
        f'      - from: "+120655510{n:02d}"\n        to: "*"\n      - from: "*"\n        to: "+120655510{n:02d}"\n'
        for n in range(count_numbers)
    )


def test_co210_more_than_100_rules(lint_text):
    findings = lint_text(config("SMS", rules_for(51)))
    assert where(findings, "CO210") == [("warning", 11, 5)]
    assert "102" in only(findings, "CO210")[0].message


def test_co210_exactly_100_rules_is_silent(lint_text):
    assert_clean(lint_text(config("SMS", rules_for(50))))


# --------------------------------------------------------------------------- CO211


def test_co211_impossible_number(lint_text):
    rules = '      - from: "+120655501"\n        to: "*"\n      - from: "*"\n        to: "+120655501"\n'
    assert where(lint_text(config("SMS", rules)), "CO211") == [("warning", 12, 15), ("warning", 15, 13)]


def test_co211_unknown_country_code_and_whatsapp_prefix(lint_text):
    rules = '      - from: "whatsapp:+99912345678"\n        to: "*"\n      - from: "*"\n        to: "whatsapp:+99912345678"\n'
    assert where(lint_text(config("WHATSAPP", rules)), "CO211") == [("warning", 12, 15), ("warning", 15, 13)]


def test_co211_voice_any_call_type_but_client(lint_text):
    rules = (
        '      - from: "*"\n        to: "+120655501"\n        metadata:\n          callType: "SIP"\n'
        '      - from: "*"\n        to: "+120655501"\n        metadata:\n          callType: "CLIENT"\n'
    )
    assert where(lint_text(config("VOICE", rules)), "CO211") == [("warning", 11, 13)]


@pytest.mark.parametrize("value", ["+15555550147", "+442079460000", "+12065550134"])
def test_co211_possible_numbers_are_silent(lint_text, value):
    rules = f'      - from: "{value}"\n        to: "*"\n      - from: "*"\n        to: "{value}"\n'
    assert_clean(lint_text(config("SMS", rules)))


def test_co211_not_on_chat(lint_text):
    assert only(lint_text(config("CHAT", '      - from: "*"\n        to: "+120655501"\n')), "CO211") == []


# --------------------------------------------------------------------------- CO212


def test_co212_call_type_on_sms_at_the_key(lint_text):
    rules = PAIR.replace('        to: "*"\n', '        to: "*"\n        metadata:\n          callType: "PSTN"\n', 1)
    assert where(lint_text(config("SMS", rules)), "CO212") == [("warning", 15, 11)]


def test_co212_on_chat(lint_text):
    rules = '      - from: "*"\n        to: "*"\n        metadata:\n          callType: "CLIENT"\n'
    assert where(lint_text(config("CHAT", rules)), "CO212") == [("warning", 15, 11)]


def test_co212_silent_on_voice(lint_text):
    rules = '      - from: "*"\n        to: "+12065550134"\n        metadata:\n          callType: "PSTN"\n'
    assert only(lint_text(config("VOICE", rules)), "CO212") == []


# --------------------------------------------------------------------------- robustness


MALFORMED = [
    "  SMS: []\n",
    "  SMS:\n    captureRules: {from: '*'}\n",
    "  SMS:\n    captureRules:\n      - 42\n      - [a, b]\n      - from: 12\n        to: null\n      - {}\n",
    "  VOICE:\n    captureRules:\n      - from: '*'\n        to: agent\n        metadata: [callType]\n",
    "  VOICE:\n    captureRules:\n      - from: '*'\n        to: ''\n        metadata:\n          callType: 7\n",
    "  WHATSAPP:\n    captureRules:\n      - from: ['+1']\n        to: {a: b}\n        metadata: null\n",
    "  42: {}\n",
]


@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_configurations_never_crash(lint_text, body):
    findings = lint_text(HEADER + body)
    assert only(findings, "CO009") == []


def test_non_mapping_documents_are_skipped(lint_text):
    findings = lint_text("- from: '*'\n  to: '*'\n")
    assert [f for f in findings if f.rule_id.startswith("CO2") or f.rule_id == "CO009"] == []


def test_co211_fast_path_agrees_with_a_full_parse():
    """is_possible's (country code, length) shortcut gives the same answer as phonenumbers.parse."""
    import random

    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    from co_lint.numbering import _table, is_possible, possible_by_parsing

    assert _table() is not None, "co_lint/numbering_table.py is stale: run scripts/generate_numbering_table.py"

    rng = random.Random(7)
    codes = sorted(COUNTRY_CODE_TO_REGION_CODE)
    numbers = [f"+{rng.choice(codes)}{rng.randrange(10**n, 10 ** (n + 1))}" for n in range(1, 13) for _ in range(120)]
    numbers += [f"+{c}0{rng.randrange(10**7, 10**8)}" for c in codes]  # national prefix 0 after the code
    numbers = [n for n in numbers if len(n) <= 16]
    disagreements = [n for n in numbers if is_possible(n) != possible_by_parsing(n)]
    assert disagreements == []


def test_numbering_table_is_generated_from_the_installed_phonenumbers():
    import subprocess
    import sys

    from conftest import REPO

    generated = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_numbering_table.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert generated == (REPO / "co_lint" / "numbering_table.py").read_text()
