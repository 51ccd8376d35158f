"""co_lint.secrets (credential detection, names, masking) and co_lint.urls (template-aware URLs, hosts)."""

from __future__ import annotations

import base64
import io
import json

import pytest

from co_lint.secrets import (
    credential_tier,
    find_in_mapping,
    find_in_text,
    is_credential_name,
    is_secret_like,
    mask,
    mask_secrets,
    name_words,
    scan,
)
from co_lint.urls import classify_domain_suffix, classify_host, parse_url

TOKEN = "7f3a9c1e5b2d8f4a6c0e9b3d1f5a7c2e"
ACCOUNT_SID = "AC4e8b2d6f0a3c7e1b5d9f2a6c0e4b8d3f"
API_KEY = "SK4e8b2d6f0a3c7e1b5d9f2a6c0e4b8d3f"
KEY_SECRET = "Zq9Xr2Lm4Np6Kt8Wv1Bc3Dd5Ff7Gg9Hh"
BEARER = "hb7Qm2Xr9Lp4Kz8Wn3Vt6Ys1"
BASIC = base64.b64encode(b"alice:s3cr3t-tide").decode()


# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("AuthToken", ["auth", "token"]),
        ("api_key", ["api", "key"]),
        ("x-signature", ["x", "signature"]),
        ("APIKey", ["api", "key"]),
        ("TWILIO_AUTH_TOKEN", ["twilio", "auth", "token"]),
        ("monkey", ["monkey"]),
    ],
)
def test_name_words(name, words):
    assert name_words(name) == words


@pytest.mark.parametrize(
    ("name", "tier"),
    [
        ("password", "any"),
        ("hookPasswords", "any"),
        ("db_pwd", "any"),
        ("client-secret", "any"),
        ("credentials", "any"),
        ("AuthToken", "long"),
        ("apikey", "long"),
        ("x-signature", "long"),
        ("sig", "long"),
        ("tokenType", "long"),
        ("routingKey", "long"),
        ("monkey", None),
        ("secretary", None),
        ("keyboard", None),
        ("sigma", None),
        ("authorization", None),
    ],
)
def test_credential_tier(name, tier):
    assert credential_tier(name) == tier
    assert is_credential_name(name) is (tier is not None)


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("password", "tide42", True),
        ("password", "", False),
        ("tokenType", "jwt", False),
        ("routingKey", "support", False),
        ("AuthToken", TOKEN, True),
        ("api_key", "Zq9Xr2Lm4Np6Kt8W", True),
        ("api_key", "Zq9Xr2Lm4Np6Kt8", False),  # 15 characters
        ("api_key", "Zq9Xr2Lm4Np6Kt8W!", False),  # outside [A-Za-z0-9._~+/=-]
        ("monkey", KEY_SECRET, False),
    ],
)
def test_is_secret_like(name, value, secret):
    assert is_secret_like(name, value) is secret


# -- detection ---------------------------------------------------------------------------------


def kinds(found):
    return [credential.kind for credential in found]


def test_account_sid_with_token_in_one_string():
    found = find_in_text(f"Legacy creds {ACCOUNT_SID} {TOKEN}")
    assert kinds(found) == ["account"] and found[0].secret == TOKEN and found[0].sid == ACCOUNT_SID


def test_sid_alone_or_token_alone_is_not_a_credential():
    assert find_in_text(f"account {ACCOUNT_SID}") == []
    assert find_in_text(f"checksum {TOKEN}") == []
    assert find_in_text(TOKEN, "checksum") == []


def test_api_key_with_secret():
    found = find_in_text(f"{API_KEY}:{KEY_SECRET}")
    assert kinds(found) == ["api-key"] and found[0].secret == KEY_SECRET


def test_hex_under_a_credential_key_or_parameter():
    assert kinds(find_in_text(TOKEN, "authToken")) == ["named"]
    assert kinds(find_in_text(f"https://h.acme.com/cb?signature={TOKEN}")) == ["named"]
    assert kinds(find_in_text(f"TWILIO_AUTH_TOKEN={TOKEN}")) == ["named"]
    assert kinds(find_in_text(f'{{"authToken": "{TOKEN}"}}')) == ["named"]
    assert find_in_text(f"https://h.acme.com/cb?monkey={TOKEN}") == []


def test_bearer_and_basic():
    assert kinds(find_in_text(f"Authorization: Bearer {BEARER}")) == ["bearer"]
    assert find_in_text("Authorization: Bearer short-token") == []
    assert find_in_text("Authorization: Bearer ${API_TOKEN}") == []
    assert kinds(find_in_text(f"Authorization: Basic {BASIC}")) == ["basic"]
    assert find_in_text("we use Basic authentication here") == []
    not_a_pair = base64.b64encode(b"no colon in here").decode()
    assert find_in_text(f"Basic {not_a_pair}") == []


def test_mapping_values_pair_but_list_items_do_not():
    pairs = list(find_in_mapping({"sid": ACCOUNT_SID, "value": TOKEN, "name": "desk"}))
    assert [(key, c.kind) for key, c in pairs] == [("value", "account")]
    assert scan({"creds": [ACCOUNT_SID, TOKEN]}) == {}
    assert list(scan({"creds": {"sid": ACCOUNT_SID, "value": TOKEN}})) == ["/creds/value"]
    keyed = scan({"keys": {"sid": API_KEY, "other": KEY_SECRET}})
    assert list(keyed) == ["/keys/other"] and keyed["/keys/other"][0].kind == "api-key"


def test_scan_walks_scalars_lists_and_escapes_pointers():
    assert list(scan(f"Bearer {BEARER}")) == [""]
    assert list(scan([{"a/b": {"authToken": TOKEN}}])) == ["/0/a~1b/authToken"]
    deep: object = {"authToken": TOKEN}
    for _ in range(5000):
        deep = {"x": deep}
    assert len(scan(deep)) == 1


def test_credential_text_is_masked():
    for found in (
        find_in_text(f"{ACCOUNT_SID} {TOKEN}"),
        find_in_text(f"{API_KEY} {KEY_SECRET}"),
        find_in_text(f"signature={TOKEN}"),
        find_in_text(f"Bearer {BEARER}"),
        find_in_text(f"Basic {BASIC}"),
    ):
        assert found
        text = found[0].text
        assert found[0].secret not in text
        assert mask(found[0].secret) in text


# -- masking -----------------------------------------------------------------------------------


def test_mask():
    assert mask("0123456789abcdef0123456789abcdef") == "0123…cdef"
    assert mask("tide42") == "…"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"creds {ACCOUNT_SID} {TOKEN}", TOKEN),
        (f"creds {ACCOUNT_SID} {TOKEN}", ACCOUNT_SID),
        (f"{API_KEY} {KEY_SECRET}", KEY_SECRET),
        (f"https://h.acme.com/cb?signature={TOKEN}", TOKEN),
        (f"Authorization: Bearer {BEARER}", BEARER),
        (f"Authorization: Basic {BASIC}", BASIC),
        ("https://h.acme.com/cb?password=tide42&x=1", "tide42"),
        ("https://ops:tide42@h.acme.com/cb", "tide42"),
        ("https://h.acme.com/cb?api_key=Zq9Xr2Lm4Np6Kt8Wv1", "Zq9Xr2Lm4Np6Kt8Wv1"),
        ('{"clientSecret": "tide42"}', "tide42"),
        (f"value {TOKEN} alone", TOKEN),
    ],
)
def test_mask_secrets_hides_every_credential(text, secret):
    masked = mask_secrets(text)
    assert secret not in masked
    assert "…" in masked
    assert mask_secrets(masked) == masked  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "unknown property 'password': did you mean 'passwd'?",
        "https://h.acme.com/cb?routingKey=support&tokenType=jwt",
        "https://h.acme.com/cb?secret=${HOOK_SECRET}",
        "memoryStoreId 'mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n' is fine",
        "intelligence_configuration_01kermhm82e5mr98nbeh1hpmbn",
        "we use Basic authentication and Bearer tokens",
        "SMS address '+12065550134' (from)",
        "",
    ],
)
def test_mask_secrets_leaves_other_text_alone(text):
    assert mask_secrets(text) == text


#: Pieces the credential patterns look for (whole and broken up), and near misses.
_SECRET_PIECES = [
    ":",
    "=",
    '"',
    "://",
    "@",
    " ",
    "'",
    '"clientSecret"',
    ': "',
    '"tide42"',
    "https://ops:",
    "tide42@h.acme.com",
    "?password=",
    "Bearer ",
    "basic ",
    "QmFzaWM6dGlkZTQy",
    "Zq9Xr2Lm4Np6Kt8Wv1xx",
    "AC" + "0123456789abcdef" * 2,
    "SK" + "ABCDEF0123456789" * 2,
    "0123456789abcdef" * 2,
]


def test_mask_secrets_quick_test_never_skips_a_credential():
    """``mask_secrets`` returns most texts untouched after a quick test of the characters its
    patterns need; on every text of up to three pieces, the full pass agrees with it."""
    from itertools import product

    from co_lint.secrets import _mask_all

    for size in (1, 2, 3):
        for pieces in product(_SECRET_PIECES, repeat=size):
            text = "".join(pieces)
            assert mask_secrets(text) == (_mask_all(text) if len(text) >= 4 else text), text


def test_no_output_format_prints_a_secret(tmp_path):
    from co_lint.app import Options, run

    desk = tmp_path / "desk.yaml"
    desk.write_text(
        "displayName: Harbor Desk\n"
        f'description: "Legacy creds {ACCOUNT_SID} {TOKEN}"\n'
        f"authToken: {TOKEN}\n"
        "statusCallbacks:\n"
        f"  - url: http://ops:tide42@localhost/conv?signature={TOKEN}\n"
        f"  - url: https://hooks.acme-ops.net/conv?password=tide42&auth=Bearer%20{BEARER}\n",
        encoding="utf-8",
    )
    for output_format in ("text", "json", "sarif", "github"):
        out = io.StringIO()
        run(Options(paths=["desk.yaml"], format=output_format, cwd=tmp_path), stdout=out, stderr=io.StringIO())
        report = out.getvalue()
        assert "CO601" in report and "CO603" in report
        for secret in (TOKEN, "tide42", BEARER):
            assert secret not in report, (output_format, secret)
        if output_format == "json":
            assert {f["rule"] for f in json.loads(report)} >= {"CO601", "CO602", "CO603", "CO604"}


# -- urls --------------------------------------------------------------------------------------


def test_parse_url_marks_only_templated_parts_opaque():
    url = parse_url("http://${HOOK_HOST}/conv?secret=${S}&x=1")
    assert url is not None and url.scheme == "http" and not url.is_https
    assert url.host.templated and url.host.text == "${HOOK_HOST}"
    assert [(s.text, s.templated) for s in url.path_segments] == [("conv", False)]
    assert [(p.name.text, p.value.text, p.value.templated) for p in url.query] == [
        ("secret", "${S}", True),
        ("x", "1", False),
    ]


def test_parse_url_templates_with_url_delimiters_inside():
    url = parse_url("https://${HOST:-localhost:3000}/cb")
    assert url.host.templated and url.port is None and url.is_https
    base = parse_url("${CALLBACK_URL}")
    assert base.scheme is None and base.scheme_templated and base.host is None
    assert parse_url("${SCHEME}://h.acme.com/cb").scheme_templated


def test_parse_url_authority():
    url = parse_url("https://ops:tide42@[::1]:8443/a/b")
    assert (url.user.text, url.password.text, url.host_name, url.port.text) == ("ops", "tide42", "::1", "8443")
    assert parse_url("https://ops@h.acme.com/").password is None
    assert parse_url("hooks.acme.com/cb") is None
    assert parse_url("+12065550134") is None


def test_host_literal_suffix():
    assert parse_url("https://${SUB}.ngrok-free.app/x").host_literal_suffix == "ngrok-free.app"
    assert parse_url("https://{{ .Values.sub }}.example.com/x").host_literal_suffix == "example.com"
    assert parse_url("https://${HOST}/x").host_literal_suffix is None
    assert parse_url("https://Hooks.Acme.com./x").host_literal_suffix == "hooks.acme.com"


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST.",
        "127.0.0.1",
        "127.1",
        "[::1]",
        "10.1.2.3",
        "172.31.0.1",
        "192.168.0.10",
        "fd12::1",
        "169.254.169.254",
        "fe80::1%eth0",
        "::ffff:10.0.0.1",
        "100.101.102.103",
        "0.0.0.0",
        "desk.local",
        "svc.cluster.internal",
        "api.localhost",
        "abc.ngrok-free.app",
        "abc.ngrok.io",
        "abc.ngrok.app",
        "abc.trycloudflare.com",
        "abc.loca.lt",
        "abc.localtunnel.me",
        "abc.serveo.net",
        "desk.tail1234.ts.net",
    ],
)
def test_classify_host_private(host):
    assert classify_host(host) is not None


@pytest.mark.parametrize(
    "host", ["hooks.acme-ops.net", "8.8.8.8", "2606:4700::1111", "localhost.acme.com", "ngrok.acme.com", ""]
)
def test_classify_host_public(host):
    assert classify_host(host) is None


def test_classify_domain_suffix_of_a_templated_host():
    assert classify_domain_suffix("ngrok-free.app") is not None
    assert classify_domain_suffix("local") is not None
    assert classify_domain_suffix("acme.com") is None
