"""The fake Twilio API, checked with the real SDK (twilio 9.13): if the SDK reads it, co-lint's live
tests exercise the same code paths as against the real account."""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests  # noqa: E402 - installed with twilio
from twilio.base.exceptions import TwilioException, TwilioRestException  # noqa: E402
from twilio.http.http_client import TwilioHttpClient  # noqa: E402
from twilio.rest import Client  # noqa: E402

from .fake_twilio import (  # noqa: E402
    ACCOUNT_SID,
    API_KEY,
    API_SECRET,
    AUTH_TOKEN,
    STORE_ACTIVE,
    FakeTwilio,
    default_account,
)

CONFIGURATIONS = "/v2/ControlPlane/Configurations"


class RedirectingHttpClient(TwilioHttpClient):
    """Sends every SDK request to ``base_url``, keeping the API's own path and query (the SDK's extension point)."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base = urlsplit(base_url)
        assert self.session is not None
        self.session.trust_env = False  # an HTTP(S)_PROXY in the environment must not catch 127.0.0.1

    def request(self, method: str, url: str, *args: Any, **kwargs: Any):
        parts = urlsplit(url)
        url = urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, parts.fragment))
        return super().request(method, url, *args, **kwargs)


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with default_account() as account:
        yield account


def client_for(fake: FakeTwilio, username: str = ACCOUNT_SID, password: str = AUTH_TOKEN, **kwargs: Any) -> Client:
    return Client(username, password, http_client=RedirectingHttpClient(fake.url), **kwargs)


def raw_get(fake: FakeTwilio, path: str, method: str = "GET") -> tuple[int, dict[str, str], Any]:
    """One request without the SDK, to see headers the SDK does not keep (Retry-After, Allow)."""
    request = urllib.request.Request(fake.url + path, method=method, data=b"{}" if method != "GET" else None)
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_configurations_stream_across_three_pages(fake: FakeTwilio) -> None:
    records = list(client_for(fake).conversations.v2.configurations.stream(page_size=2))

    assert [r.id for r in records] == [c["id"] for c in fake.configurations]
    pages = [q for m, p, q in fake.requests if p == CONFIGURATIONS]
    assert len(pages) == 3
    assert pages[0] == {"pageSize": "2"}
    assert all(q["pageSize"] == "2" and q["pageToken"] for q in pages[1:])
    # The server-filled channels of reference §12 come through the SDK untouched.
    channels = records[0].channel_settings
    assert channels["RCS"] == {"captureRules": [], "statusTimeouts": {"closed": 15, "inactive": None}}
    assert channels["VOICE"] == {"captureRules": [], "statusTimeouts": None}
    assert all("metadata" in rule for rule in channels["SMS"]["captureRules"])


def test_configuration_page_size_is_capped_and_fetch_works(fake: FakeTwilio) -> None:
    client = client_for(fake)
    page = client.conversations.v2.configurations.page(page_size=50)
    assert page.page_size == 2 and page.next_token
    one = client.conversations.v2.configurations(fake.configurations[3]["id"]).fetch()
    assert one.display_name == "Clinic Reminders"


def test_stores_list_ids_then_fetch_status(fake: FakeTwilio) -> None:
    client = client_for(fake)
    ids = list(client.memory.v1.stores.stream())

    assert ids == list(fake.stores)  # bare strings: the list holds ids only
    assert {i: client.memory.v1.stores(i).fetch().status for i in ids} == fake.stores


def test_intelligence_configurations(fake: FakeTwilio) -> None:
    client = client_for(fake)
    records = list(client.intelligence.v3.configurations.stream())

    assert [r.id for r in records] == [c["id"] for c in fake.intelligence]
    assert client.intelligence.v3.configurations(records[1].id).fetch().display_name == "Sentiment"


def test_incoming_numbers_classic_paging(fake: FakeTwilio) -> None:
    numbers = list(client_for(fake).api.v2010.account.incoming_phone_numbers.stream(page_size=2))

    assert [n.phone_number for n in numbers] == fake.numbers
    assert all(n.sid.startswith("PN") and n.account_sid == ACCOUNT_SID for n in numbers)
    pages = [q for m, p, q in fake.requests if p.endswith("/IncomingPhoneNumbers.json")]
    assert [q.get("Page") for q in pages] == [None, "1", "2"]  # later pages follow next_page_uri
    assert all(q["PageToken"].startswith("PAPN") for q in pages[1:])


def test_missing_resources_are_404(fake: FakeTwilio) -> None:
    client = client_for(fake)
    with pytest.raises(TwilioRestException) as missing:
        client.memory.v1.stores("mem_store_01k1etk2y5f1y9fpe2epfdtvzz").fetch()
    assert (missing.value.status, missing.value.code) == (404, 20404)
    assert raw_get(fake, "/v9/Nothing")[0] == 404
    assert raw_get(fake, "/2010-04-01/Accounts/AC" + "0" * 32 + "/IncomingPhoneNumbers.json")[0] == 404


def test_credentials(fake: FakeTwilio) -> None:
    with pytest.raises(TwilioRestException) as wrong:
        client_for(fake, ACCOUNT_SID, "not-the-token").memory.v1.stores(STORE_ACTIVE).fetch()
    assert (wrong.value.status, wrong.value.code) == (401, 20003)
    # A failing *list* page raises a bare TwilioException carrying the response, not TwilioRestException.
    with pytest.raises(TwilioException) as listing:
        list(client_for(fake, ACCOUNT_SID, "not-the-token").conversations.v2.configurations.stream())
    assert not isinstance(listing.value, TwilioRestException)
    assert listing.value.args[1].status_code == 401
    # API key + secret, with the account SID, is the other accepted pair.
    keyed = client_for(fake, API_KEY, API_SECRET, account_sid=ACCOUNT_SID)
    assert keyed.memory.v1.stores(STORE_ACTIVE).fetch().status == "ACTIVE"
    assert len(list(keyed.api.v2010.account.incoming_phone_numbers.stream())) == 5


def test_fail_next_then_success(fake: FakeTwilio) -> None:
    fake.fail_next("/v1/ControlPlane/Stores", 429, times=2, retry_after="1")
    client = client_for(fake)
    with pytest.raises(TwilioRestException) as limited:
        client.memory.v1.stores(STORE_ACTIVE).fetch()
    assert (limited.value.status, limited.value.code) == (429, 20429)
    status, headers, body = raw_get(fake, "/v1/ControlPlane/Stores")
    assert (status, headers["Retry-After"], body["status"]) == (429, "1", 429)
    assert client.memory.v1.stores(STORE_ACTIVE).fetch().status == "ACTIVE"  # faults used up


def test_only_get_is_served_and_everything_is_recorded(fake: FakeTwilio) -> None:
    status, headers, body = raw_get(fake, CONFIGURATIONS, method="POST")
    assert (status, headers["Allow"], body["code"]) == (405, "GET", 20004)
    list(client_for(fake).conversations.v2.configurations.stream())
    assert fake.methods() == {"POST", "GET"}
    assert fake.requests[0] == ("POST", CONFIGURATIONS, {})


def test_default_account_is_healthy_and_realistic() -> None:
    fake = default_account()
    intelligence_ids = {c["id"] for c in fake.intelligence}
    assert sorted(fake.stores.values()) == ["ACTIVE", "FAILED", "PROVISIONING", "QUEUED"]
    for config in fake.configurations:
        assert re.fullmatch(r"conv_configuration_[0-7][0-9a-z]{25}", config["id"])
        assert fake.stores[config["memoryStoreId"]] == "ACTIVE"
        assert set(config["intelligenceConfigurationIds"]) <= intelligence_ids
        sms = config["channelSettings"]["SMS"]["captureRules"]
        assert {r["from"] for r in sms} | {r["to"] for r in sms} <= {"*", *fake.numbers}
    assert all(re.fullmatch(r"mem_store_[0-7][0-9a-z]{25}", s) for s in fake.stores)
    assert all(re.fullmatch(r"intelligence_configuration_[0-7][0-9a-z]{25}", i) for i in intelligence_ids)
    assert len({c["displayName"] for c in fake.configurations}) == 5


def test_stopped_fake_is_unreachable() -> None:
    fake = default_account().start()
    fake.stop()
    with pytest.raises(requests.exceptions.ConnectionError):  # what the SDK lets through: not a Twilio error
        list(client_for(fake).conversations.v2.configurations.stream())
