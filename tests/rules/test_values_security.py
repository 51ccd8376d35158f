"""Placeholders, ids, templates CO505–CO507 (rules.md §7) and security CO601–CO604 (§8)."""

from __future__ import annotations

import json

import pytest

from conftest import BASELINE_YAML

# The clean baseline (conformance case 000): lines 1-15.
BASELINE = BASELINE_YAML

TOKEN = "7f3a9c1e5b2d8f4a6c0e9b3d1f5a7c2e"
ACCOUNT_SID = "AC4e8b2d6f0a3c7e1b5d9f2a6c0e4b8d3f"
API_KEY = "SK4e8b2d6f0a3c7e1b5d9f2a6c0e4b8d3f"
KEY_SECRET = "Zq9Xr2Lm4Np6Kt8Wv1Bc3Dd5Ff7Gg9Hh"


def replace(line_start: str, new_line: str) -> str:
    """The baseline with the line starting with ``line_start`` replaced (same line number)."""
    lines = BASELINE.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(line_start))
    lines[index] = new_line + "\n"
    return "".join(lines)


def with_callback(url: str) -> str:
    """The baseline plus one status callback: ``statusCallbacks`` is line 16, the url line 17, col 10."""
    return BASELINE + f"statusCallbacks:\n  - url: {url}\n"


def only(findings, rule_id):
    return [f for f in findings if f.rule_id == rule_id]


def ids(findings):
    return sorted(f.rule_id for f in findings)


def where(finding):
    return (finding.rule_id, finding.level, finding.span.start_line, finding.span.start_col)


def test_baseline_is_clean(lint_text):
    assert lint_text(BASELINE) == []


# -- CO505 placeholder-value ---------------------------------------------------------------


def test_co505_whole_description_placeholder(lint_text):
    findings = lint_text(replace("description:", "description: TODO"))
    assert [where(f) for f in findings] == [("CO505", "error", 2, 14)]
    assert "'TODO'" in findings[0].message


@pytest.mark.parametrize(
    "description",
    ["Routes harbor traffic... and pier traffic", "Your_ desk, TODO later", "the xxx team desk"],
)
def test_co505_description_is_prose(lint_text, description):
    assert only(lint_text(replace("description:", f"description: {description}")), "CO505") == []


def test_co505_description_wrapped_value_counts(lint_text):
    findings = lint_text(replace("description:", 'description: "<describe this desk>"'))
    assert [where(f) for f in findings] == [("CO505", "error", 2, 14)]


def test_co505_placeholder_address_wins_over_content_rules(lint_text):
    text = BASELINE.replace('"+12065550134"', '"+1206XXXXXXX"')
    findings = lint_text(text)
    # Both sides are the same text, so CO201 (structural) is silent; CO202/CO211 lose to CO505.
    assert [where(f) for f in findings] == [("CO505", "error", 12, 15), ("CO505", "error", 15, 13)]


def test_co505_placeholder_store_id_is_not_co506(lint_text):
    findings = lint_text(replace("memoryStoreId:", "memoryStoreId: mem_store_xxx"))
    assert [where(f) for f in findings] == [("CO505", "error", 4, 16)]


def test_co505_xxx_inside_a_real_id_is_silent(lint_text):
    text = replace("memoryStoreId:", "memoryStoreId: mem_store_5q8xxx3v7k2m9p4t6w1y0b3d5f")
    assert lint_text(text) == []


@pytest.mark.parametrize(
    "value", ["your_second_number", "your-number", "<number>", "TBD", "changeme", "placeholder", "+1 206 ..."]
)
def test_co505_placeholder_forms(lint_text, value):
    text = BASELINE + f"      - from: {json.dumps(value)}\n        to: {json.dumps(value)}\n"
    findings = only(lint_text(text), "CO505")
    assert [where(f) for f in findings] == [("CO505", "error", 16, 15), ("CO505", "error", 17, 13)]


def test_co505_prefixed_whatsapp_placeholder(lint_text):
    text = BASELINE.replace("  SMS:", "  WHATSAPP:").replace('"+12065550134"', '"whatsapp:+1XXXXXXXXXX"')
    findings = lint_text(text)
    assert [where(f) for f in findings] == [("CO505", "error", 12, 15), ("CO505", "error", 15, 13)]


def test_co505_example_host_in_callback_url(lint_text):
    findings = lint_text(with_callback("https://hooks.example.com/co-events"))
    assert [where(f) for f in findings] == [("CO505", "error", 17, 10)]
    assert "example.com" in findings[0].message


def test_co505_placeholder_path_segment_in_templated_url(lint_text):
    findings = lint_text(with_callback("https://${HOOK_HOST}/your-path"))
    assert [where(f) for f in findings] == [("CO505", "error", 17, 10), ("CO507", "note", 17, 10)]
    assert "your-path" in only(findings, "CO505")[0].message


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.acme-ops.net/co-events",
        "https://hooks.acme-ops.net/v1/boxxxed/events",
        "https://hooks.example.community/co",
    ],
)
def test_co505_real_urls_are_silent(lint_text, url):
    assert only(lint_text(with_callback(url)), "CO505") == []


def test_co505_template_value_is_not_a_placeholder(lint_text):
    findings = lint_text(replace("memoryStoreId:", "memoryStoreId: your_${STORE}"))
    assert ids(findings) == ["CO507"]


def test_co505_in_json(lint_text):
    data = {"displayName": "Harbor Desk", "memoryStoreId": "mem_store_..."}
    findings = only(lint_text(json.dumps(data), "c.json"), "CO505")
    assert [where(f) for f in findings] == [("CO505", "error", 1, 49)]


# -- CO506 invalid-resource-id -------------------------------------------------------------


def test_co506_memory_store_id(lint_text):
    findings = lint_text(replace("memoryStoreId:", "memoryStoreId: mem_store_harbor"))
    assert [where(f) for f in findings] == [("CO506", "error", 4, 16)]
    assert "mem_store_harbor" in findings[0].message and "26" in findings[0].message


@pytest.mark.parametrize(
    "value",
    [
        "mem_store_8h6k9m3p7r1t5w8y0b4d6f2j7n",  # first suffix character must be 0-7
        "mem_store_2H6K9M3P7R1T5W8Y0B4D6F2J7N",  # upper case
        "MEM_STORE_2h6k9m3p7r1t5w8y0b4d6f2j7n",
        "mem_profile_2h6k9m3p7r1t5w8y0b4d6f2j7n",
        "mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7nq",  # 27 characters
        "memora_service_123",
    ],
)
def test_co506_memory_store_id_shapes(lint_text, value):
    findings = lint_text(replace("memoryStoreId:", f"memoryStoreId: {value}"))
    assert [where(f) for f in findings] == [("CO506", "error", 4, 16)]


def test_co506_full_match_rejects_trailing_newline(lint_text):
    data = {"displayName": "Harbor Desk", "memoryStoreId": "mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n\n"}
    assert [f.rule_id for f in only(lint_text(json.dumps(data), "c.json"), "CO506")] == ["CO506"]


@pytest.mark.parametrize(
    "value", ["mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n", "mem_service_01k1etk2y5f1y9fpe2epfdtvv2", "${MEMORY_STORE_ID}"]
)
def test_co506_valid_or_templated_store_ids_are_silent(lint_text, value):
    assert only(lint_text(replace("memoryStoreId:", f"memoryStoreId: {value}")), "CO506") == []


def test_co506_empty_store_id_is_not_co506(lint_text):
    findings = lint_text(replace("memoryStoreId:", 'memoryStoreId: ""'))
    assert ids(findings) == ["CO106"]


def test_co506_configuration_id(lint_text):
    findings = lint_text(BASELINE + "id: cfg_configuration_01h9d8r0vte3hz8tykdj329t7r\n")
    assert [where(f) for f in findings] == [("CO506", "error", 16, 5)]
    assert lint_text(BASELINE + "id: conv_configuration_01h9d8r0vte3hz8tykdj329t7r\n") == []


def test_co506_intelligence_id_is_a_warning(lint_text):
    text = replace(
        "intelligenceConfigurationIds:",
        "intelligenceConfigurationIds: [intelligence_configuration_01kermhm82e5mr98nbeh1hpmbn, intel-harbor-01]",
    )
    findings = lint_text(text)
    assert [where(f) for f in findings] == [("CO506", "warning", 5, 87)]
    assert "intel-harbor-01" in findings[0].message


def test_co506_wrong_types_do_not_crash(lint_text):
    text = replace("memoryStoreId:", "memoryStoreId: {a: 1}").replace(
        "intelligenceConfigurationIds: []", "intelligenceConfigurationIds: [[2], null, {a: 1}]"
    )
    assert only(lint_text(text), "CO506") == [] and only(lint_text(text), "CO009") == []


# -- CO507 template-value ------------------------------------------------------------------


def test_co507_one_note_per_file_at_the_first_template(lint_text):
    text = "id: ${CONFIG_ID}\n" + replace("memoryStoreId:", "memoryStoreId: ${MEMORY_STORE_ID}")
    findings = lint_text(text)
    assert [where(f) for f in findings] == [("CO507", "note", 1, 5)]
    assert "2 values" in findings[0].message and "${CONFIG_ID}" in findings[0].message


def test_co507_counts_every_document_of_a_file_once(lint_text):
    text = (
        BASELINE
        + "---\n"
        + replace("memoryStoreId:", "memoryStoreId: ${STORE}")
        + "---\n"
        + with_callback("https://{{ .Values.host }}/cb")
    )
    findings = only(lint_text(text), "CO507")
    assert [where(f) for f in findings] == [("CO507", "note", 20, 16)]
    assert findings[0].message.startswith("2 values")


@pytest.mark.parametrize("value", ["$STORE_ID", "{{ store_id }}", "prefix-${ENV}-suffix"])
def test_co507_template_forms(lint_text, value):
    findings = lint_text(replace("memoryStoreId:", f"memoryStoreId: {json.dumps(value)}"))
    assert [where(f) for f in findings] == [("CO507", "note", 4, 16)]


def test_co507_silent_without_templates(lint_text):
    text = replace("description:", "description: costs $5 a month, {not a template}")
    assert only(lint_text(text), "CO507") == []


# -- CO601 credential-in-config ------------------------------------------------------------


def test_co601_account_sid_and_token_in_one_string(lint_text):
    findings = lint_text(replace("description:", f'description: "Legacy creds {ACCOUNT_SID} {TOKEN}"'))
    assert [where(f) for f in findings] == [("CO601", "error", 2, 14)]
    message = findings[0].message
    assert TOKEN not in message and ACCOUNT_SID not in message and "7f3a…7c2e" in message


def test_co601_values_of_one_mapping(lint_text):
    text = BASELINE + f"twilio:\n  account: {ACCOUNT_SID}\n  value: {TOKEN}\n"
    findings = only(lint_text(text), "CO601")
    assert [where(f) for f in findings] == [("CO601", "error", 18, 10)]


def test_co601_items_of_one_list_are_not_a_pair(lint_text):
    text = BASELINE + f"twilio: [{ACCOUNT_SID}, {TOKEN}]\n"
    assert only(lint_text(text), "CO601") == []


def test_co601_api_key_and_secret(lint_text):
    text = BASELINE + f"keys:\n  sid: {API_KEY}\n  other: {KEY_SECRET}\n"
    findings = only(lint_text(text), "CO601")
    assert [where(f) for f in findings] == [("CO601", "error", 18, 10)]
    assert KEY_SECRET not in findings[0].message


@pytest.mark.parametrize("key", ["authToken", "TWILIO_AUTH_TOKEN", "api-secret", "hookSignatures"])
def test_co601_hex_under_a_credential_name(lint_text, key):
    findings = only(lint_text(BASELINE + f"{key}: {TOKEN}\n"), "CO601")
    assert [where(f) for f in findings] == [("CO601", "error", 16, len(key) + 3)]
    assert TOKEN not in findings[0].message


@pytest.mark.parametrize("key", ["checksum", "monkey", "routing"])
def test_co601_hex_under_other_names_is_silent(lint_text, key):
    assert only(lint_text(BASELINE + f"{key}: {TOKEN}\n"), "CO601") == []


def test_co601_bearer_token_in_a_scalar_document(lint_text):
    findings = lint_text('"Authorization: Bearer hb7Qm2Xr9Lp4Kz8Wn3Vt6Ys1"\n')
    assert [where(f) for f in findings] == [("CO103", "error", 1, 1), ("CO601", "error", 1, 1)]
    assert "hb7Qm2Xr9Lp4Kz8Wn3Vt6Ys1" not in findings[1].message


@pytest.mark.parametrize(
    "text", ["Bearer short-token", "Bearer ${API_TOKEN}", "Bearer xxxxxxxxxxxxxxxxxxxxxxxx", "Basic auth for the desk"]
)
def test_co601_near_misses(lint_text, text):
    assert only(lint_text(replace("description:", f'description: "{text}"')), "CO601") == []


def test_co601_basic_credentials(lint_text):
    findings = lint_text(replace("description:", 'description: "Basic YWxpY2U6czNjcjN0"'))  # alice:s3cr3t
    assert [where(f) for f in findings] == [("CO601", "error", 2, 14)]
    assert "YWxpY2U6czNjcjN0" not in findings[0].message


def test_co601_template_does_not_hide_a_literal_secret(lint_text):
    text = replace("description:", f'description: "${{ACCOUNT}} {ACCOUNT_SID} {TOKEN}"')
    assert ids(lint_text(text)) == ["CO507", "CO601"]


def test_co601_with_co603_in_a_callback_query(lint_text):
    findings = lint_text(with_callback(f"https://hooks.harbor-ops.net/conv?signature={TOKEN}"))
    assert [where(f) for f in findings] == [("CO601", "error", 17, 10), ("CO603", "error", 17, 10)]
    assert all(TOKEN not in f.message for f in findings)


def test_co601_templated_secret_is_silent(lint_text):
    findings = lint_text(with_callback("https://hooks.harbor-ops.net/conv?secret=${HOOK_SECRET}"))
    assert [where(f) for f in findings] == [("CO507", "note", 17, 10)]


def test_co601_in_json(lint_text):
    data = {"displayName": "Harbor Desk", "authToken": TOKEN}
    findings = only(lint_text(json.dumps(data), "c.json"), "CO601")
    assert [where(f) for f in findings] == [("CO601", "error", 1, 45)]


# -- CO602 insecure-callback-url -----------------------------------------------------------


def test_co602_http(lint_text):
    findings = lint_text(with_callback("http://hooks.harbor-ops.net/conv"))
    assert [where(f) for f in findings] == [("CO602", "error", 17, 10)]


def test_co602_templated_host_keeps_a_literal_scheme(lint_text):
    findings = lint_text(with_callback("http://${HOOK_HOST}/conv"))
    assert [where(f) for f in findings] == [("CO507", "note", 17, 10), ("CO602", "error", 17, 10)]


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.harbor-ops.net/conv",
        "HTTPS://hooks.harbor-ops.net/conv",
        "${CALLBACK_URL}",
        "${SCHEME}://h.acme.com/cb",
    ],
)
def test_co602_silent(lint_text, url):
    assert only(lint_text(with_callback(url)), "CO602") == []


def test_co602_not_a_url_is_co105(lint_text):
    assert ids(lint_text(with_callback("hooks.harbor-ops.net/conv"))) == ["CO105"]


# -- CO603 callback-url-credentials --------------------------------------------------------


def test_co603_password_parameter(lint_text):
    findings = lint_text(with_callback("https://hooks.harbor-ops.net/conv?password=tide42"))
    assert [where(f) for f in findings] == [("CO603", "error", 17, 10)]
    assert "tide42" not in findings[0].message and "${HOOK_SECRET}" in findings[0].message


def test_co603_userinfo(lint_text):
    findings = lint_text(with_callback("https://ops:tide42@hooks.harbor-ops.net/conv"))
    assert [where(f) for f in findings] == [("CO603", "error", 17, 10)]
    assert "tide42" not in findings[0].message


@pytest.mark.parametrize(
    "query", ["api_key=Zq9Xr2Lm4Np6Kt8Wv1", "x-signature=Zq9Xr2Lm4Np6Kt8Wv1Bc", "AuthToken=Zq9Xr2Lm4Np6Kt8W", "pwd=x"]
)
def test_co603_credential_named_parameters(lint_text, query):
    findings = only(lint_text(with_callback(f"https://hooks.harbor-ops.net/conv?{query}")), "CO603")
    assert [where(f) for f in findings] == [("CO603", "error", 17, 10)]


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.harbor-ops.net/conv?routingKey=support&tokenType=jwt",
        "https://hooks.harbor-ops.net/conv?monkey=Zq9Xr2Lm4Np6Kt8Wv1Bc3Dd5",
        "https://hooks.harbor-ops.net/conv?secret=${HOOK_SECRET}",
        "https://ops:${HOOK_PASSWORD}@hooks.harbor-ops.net/conv",
        "https://ops@hooks.harbor-ops.net/conv",
        "https://hooks.harbor-ops.net/conv?password=",
    ],
)
def test_co603_silent(lint_text, url):
    assert only(lint_text(with_callback(url)), "CO603") == []


# -- CO604 callback-private-host -----------------------------------------------------------


def test_co604_tunnel(lint_text):
    findings = lint_text(with_callback("https://harbor-dev.ngrok-free.app/conv"))
    assert [where(f) for f in findings] == [("CO604", "warning", 17, 10)]


@pytest.mark.parametrize(
    "host",
    [
        "localhost:3000",
        "127.0.0.1",
        "10.0.0.5",
        "192.168.1.10:8443",
        "172.16.4.2",
        "[::1]",
        "[fd00::1]",
        "169.254.169.254",
        "desk.local",
        "hooks.internal",
        "api.localhost",
        "abc.trycloudflare.com",
        "abc.loca.lt",
        "abc.ngrok.io",
        "${SUB}.ngrok.app",
    ],
)
def test_co604_private_and_tunnel_hosts(lint_text, host):
    findings = only(lint_text(with_callback(f"https://{host}/conv")), "CO604")
    assert [where(f) for f in findings] == [("CO604", "warning", 17, 10)]


@pytest.mark.parametrize(
    "host", ["hooks.harbor-ops.net", "8.8.8.8", "${HOOK_HOST}", "localhost-proxy.acme.com", "local.acme.com"]
)
def test_co604_public_or_opaque_hosts_are_silent(lint_text, host):
    assert only(lint_text(with_callback(f"https://{host}/conv")), "CO604") == []


def test_co604_loses_to_co505_and_co602_still_reports(lint_text):
    findings = lint_text(with_callback("http://localhost:3000/your-hook"))
    assert ids(findings) == ["CO505"]  # CO505 wins over CO602 and CO604 at the same value


def test_co60x_wrong_types_do_not_crash(lint_text):
    text = BASELINE + "statusCallbacks: [5, {url: 7}, {url: [x]}, {method: POST}]\n"
    assert [f for f in lint_text(text) if f.rule_id.startswith("CO6") or f.rule_id == "CO009"] == []
