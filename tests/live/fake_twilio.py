"""A fake Twilio API on 127.0.0.1, so live-check tests run the real Twilio SDK without the internet.

It serves, read-only, the four collections co-lint's live checks read, in the shapes of
``../shared/reference/configuration-api.md`` and of the SDK (twilio 9.13.0) models:

- ``/v2/ControlPlane/Configurations[/{id}]`` (conversations): token pages, list key ``configurations``;
- ``/v1/ControlPlane/Stores[/{id}]`` (memory): token pages of bare ids, one fetch per store for its status;
- ``/v3/ControlPlane/Configurations[/{id}]`` (intelligence): token pages, list key ``items``;
- ``/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json`` (api): classic pages with ``next_page_uri``.

The account is plain attributes a test mutates between requests (responses are built per request).
Every request is recorded, credentials are checked on each one, any method but GET is refused
with 405, and ``fail_next`` injects 429/5xx (with ``Retry-After``) so retry code can be tested.
The page size is capped (2 by default) so a handful of resources already spans several pages.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

#: Credentials of the default account (fake values of the real shapes: AC/SK + 32 hex).
ACCOUNT_SID = "ACf3a1c0de5b7e4d2a9c8b6e1f0a2d4c7b"
AUTH_TOKEN = "9e2b4c6d8f0a1b3c5d7e9f1a2b4c6d8e"
API_KEY = "SK4d5e6f708192a3b4c5d6e7f8091a2b3c"
API_SECRET = "fakeSecretForTests0123456789abcd"

#: Memory stores of the default account, one per status (ids: ``mem_store_`` + 26 chars).
STORE_ACTIVE = "mem_store_01k1etk2y5f1y9fpe2epfdtvv2"  # the spec's own example id
STORE_QUEUED = "mem_store_01k1etk2y5f1y9fpe2epfdtvq1"
STORE_PROVISIONING = "mem_store_01k1etk2y5f1y9fpe2epfdtvp3"
STORE_FAILED = "mem_store_01k1etk2y5f1y9fpe2epfdtvf4"

#: Intelligence (v3) configurations of the default account.
INTELLIGENCE_1 = "intelligence_configuration_01k2a7m4q9s3v6x8z1c5e7g9h2"
INTELLIGENCE_2 = "intelligence_configuration_01k2a7m4q9s3v6x8z1c5e7g9h3"

#: Incoming numbers of the default account, one per configuration (555-01xx: fictional numbers).
NUMBERS = ["+12065550101", "+12065550102", "+12065550103", "+12065550104", "+12065550105"]

_CREATED = "2026-01-15T10:00:00Z"
_TTID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"
#: Twilio error codes for the statuses the fake produces (the body is ``{code, message, more_info, status}``).
_ERRORS: dict[int, tuple[int, str]] = {
    400: (20001, "Bad request"),
    401: (20003, "Authenticate"),
    403: (20003, "Permission denied"),
    404: (20404, "The requested resource was not found"),
    405: (20004, "Method not allowed"),
    429: (20429, "Too Many Requests"),
    500: (20500, "Internal Server Error"),
    502: (20502, "Bad Gateway"),
    503: (20503, "Service Unavailable"),
}


def ttid(prefix: str, seed: str) -> str:
    """A stable Twilio type id (``prefix`` + ``[0-7]`` + 25 of ``[0-9a-z]``) derived from ``seed``."""
    digest = hashlib.sha256(seed.encode()).digest()
    return prefix + "01234567"[digest[0] % 8] + "".join(_TTID_CHARS[b % 36] for b in digest[1:26])


def make_configuration(display_name: str, *, number: str = NUMBERS[0], **overrides: Any) -> dict[str, Any]:
    """A configuration in the API's full read shape, as ``GET /v2/ControlPlane/Configurations/{id}`` returns it.

    SMS captures both directions of ``number``; RCS and VOICE are the empty channels the live API fills
    in on every configuration (reference §12), and every capture rule carries ``metadata`` because the
    API always returns it. ``overrides`` replace top-level keys (camelCase, e.g. ``id=``, ``memoryStoreId=``).
    """
    config: dict[str, Any] = {
        "id": ttid("conv_configuration_", display_name),
        "displayName": display_name,
        "description": f"{display_name} conversations",
        "conversationGroupingType": "GROUP_BY_PARTICIPANT_ADDRESSES",
        "memoryStoreId": STORE_ACTIVE,
        "channelSettings": {
            "SMS": {
                "captureRules": [
                    {"from": "*", "to": number, "metadata": {}},
                    {"from": number, "to": "*", "metadata": {}},
                ],
                "statusTimeouts": {"inactive": 30, "closed": 1440},
            },
            "RCS": {"captureRules": [], "statusTimeouts": {"closed": 15, "inactive": None}},
            "VOICE": {"captureRules": [], "statusTimeouts": None},
        },
        "statusCallbacks": [],
        "intelligenceConfigurationIds": [],
        "traitExtractionStrategyIds": [],
        "observationExtractionStrategyIds": [],
        "memoryExtractionEnabled": False,
        "conversationsV1Bridge": None,
        "redactionConfigurationId": None,
        "createdAt": _CREATED,
        "updatedAt": _CREATED,
        "version": 1,
    }
    config.update(copy.deepcopy(overrides))
    return config


def make_intelligence_configuration(display_name: str, **overrides: Any) -> dict[str, Any]:
    """An Intelligence v3 configuration in the read shape of the SDK's ``ConfigurationInstance``."""
    config: dict[str, Any] = {
        "accountId": ACCOUNT_SID,
        "id": ttid("intelligence_configuration_", display_name),
        "displayName": display_name,
        "description": f"{display_name} operators",
        "version": 1,
        "rules": [
            {
                "id": ttid("intelligence_rule_", display_name),
                "operators": [{"id": ttid("intelligence_operator_", display_name)}],
                "triggers": [{"on": "CONVERSATION_END"}],
                "actions": [],
            }
        ],
        "dateCreated": _CREATED,
        "dateUpdated": _CREATED,
    }
    config.update(copy.deepcopy(overrides))
    return config


class FakeTwilio:
    """One Twilio account served over HTTP on 127.0.0.1 (a random port) until ``stop()``.

    Mutate ``configurations``, ``stores`` (id -> status), ``intelligence`` and ``numbers`` freely;
    read ``requests`` to see what the client did.
    """

    def __init__(
        self,
        account_sid: str = ACCOUNT_SID,
        auth_token: str = AUTH_TOKEN,
        api_key: str | None = None,
        api_secret: str | None = None,
        page_size_cap: int = 2,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.api_key = api_key
        self.api_secret = api_secret
        self.page_size_cap = page_size_cap
        self.configurations: list[dict[str, Any]] = []
        self.stores: dict[str, str] = {}
        self.intelligence: list[dict[str, Any]] = []
        self.numbers: list[str] = []
        #: Every request received: (method, path without query, query as a dict).
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._faults: list[list[Any]] = []  # [path_prefix, status, remaining, retry_after]
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: what replaces the scheme and host of every Twilio URL.

        It stays set after ``stop()``, so a stopped fake's url is an address nothing answers on.
        """
        if self._url is None:
            raise RuntimeError("FakeTwilio was never started")
        return self._url

    def start(self) -> FakeTwilio:
        """Serve on a free port in a daemon thread; returns self."""
        fake = self

        class Handler(_Handler):
            twilio = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        host, port = self._server.server_address[:2]
        self._url = f"http://{host}:{port}"
        self._server.daemon_threads = True
        # A short poll interval: stop() waits up to one interval, and tests stop a fake each.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-twilio", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port (idempotent)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- test controls ---------------------------------------------------------------------------

    def fail_next(self, path_prefix: str, status: int, times: int = 1, retry_after: str | None = None) -> None:
        """Answer the next ``times`` requests whose path starts with ``path_prefix`` with ``status``."""
        with self._lock:
            self._faults.append([path_prefix, status, times, retry_after])

    def methods(self) -> set[str]:
        """Every HTTP method received so far (a read-only client only ever sends GET)."""
        with self._lock:
            return {method for method, _, _ in self.requests}

    def _record(self, method: str, path: str, query: dict[str, str]) -> tuple[int, str | None] | None:
        """Record a request; return the (status, retry_after) of an injected fault it consumes, if any."""
        with self._lock:
            self.requests.append((method, path, query))
            for fault in self._faults:
                if path.startswith(fault[0]) and fault[2] > 0:
                    fault[2] -= 1
                    return fault[1], fault[3]
        return None

    def _authorised(self, header: str | None) -> bool:
        if not header or not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        pairs = {(self.account_sid, self.auth_token)}
        if self.api_key and self.api_secret:
            pairs.add((self.api_key, self.api_secret))
        return (user, password) in pairs

    # -- resources -------------------------------------------------------------------------------

    def _route(self, path: str, query: dict[str, str]) -> tuple[int, Any]:
        """Answer one authorised GET: (status, JSON body)."""
        parts = [unquote(p) for p in path.strip("/").split("/")]
        match parts:
            case ["v2", "ControlPlane", "Configurations"]:
                items = self.configurations
                if "memoryStoreId" in query:
                    items = [c for c in items if c.get("memoryStoreId") == query["memoryStoreId"]]
                return self._token_page(items, "configurations", query)
            case ["v2", "ControlPlane", "Configurations", config_id]:
                return self._one(self.configurations, config_id, path)
            case ["v1", "ControlPlane", "Stores"]:
                return self._token_page(list(self.stores), "stores", query)
            case ["v1", "ControlPlane", "Stores", store_id] if store_id in self.stores:
                return 200, self._store(store_id)
            case ["v3", "ControlPlane", "Configurations"]:
                return self._token_page(self.intelligence, "items", query)
            case ["v3", "ControlPlane", "Configurations", config_id]:
                return self._one(self.intelligence, config_id, path)
            case ["2010-04-01", "Accounts", sid, "IncomingPhoneNumbers.json"] if sid == self.account_sid:
                return self._numbers_page(path, query)
        return _error(404, f"The requested resource {path} was not found")

    def _page_size(self, query: dict[str, str], name: str) -> int:
        requested = int(query.get(name) or 50)
        if not 1 <= requested <= 1000:
            raise ValueError(name)
        return min(requested, self.page_size_cap)

    def _token_page(self, items: list[Any], key: str, query: dict[str, str]) -> tuple[int, Any]:
        """A token page: ``{key: [...], meta: {key, pageSize, nextToken, previousToken}}``."""
        try:
            size = self._page_size(query, "pageSize")
            start = _decode_token(query["pageToken"]) if query.get("pageToken") else 0
        except ValueError:
            return _error(400, "Invalid pageSize or pageToken")
        page = items[start : start + size]
        return 200, {
            key: page,
            "meta": {
                "key": key,
                "pageSize": len(page),
                "nextToken": _encode_token(start + size) if start + size < len(items) else None,
                "previousToken": _encode_token(max(start - size, 0)) if start > 0 else None,
            },
        }

    @staticmethod
    def _one(items: list[dict[str, Any]], item_id: str, path: str) -> tuple[int, Any]:
        for item in items:
            if item.get("id") == item_id:
                return 200, item
        return _error(404, f"The requested resource {path} was not found")

    def _store(self, store_id: str) -> dict[str, Any]:
        """A memory store as ``GET /v1/ControlPlane/Stores/{id}`` returns it (SDK ``StoreInstance``)."""
        return {
            "id": store_id,
            "displayName": f"store-{store_id[-6:]}",
            "description": f"Memory store ({self.stores[store_id].lower()})",
            "status": self.stores[store_id],
            "version": 1,
            "dataAsOf": _CREATED,
        }

    def _numbers_page(self, path: str, query: dict[str, str]) -> tuple[int, Any]:
        """A classic 2010 page: records under ``incoming_phone_numbers`` plus ``next_page_uri`` and friends."""
        try:
            size = self._page_size(query, "PageSize")
            page_number = int(query.get("Page") or 0)
        except ValueError:
            return _error(400, "Invalid PageSize or Page")
        start = page_number * size
        records = [self._number(n) for n in self.numbers[start : start + size]]

        def page_uri(number: int, token: str | None = None) -> str:
            params = {"PageSize": size, "Page": number} | ({"PageToken": token} if token else {})
            return f"{path}?{urlencode(params)}"

        has_next = start + size < len(self.numbers)
        return 200, {
            "incoming_phone_numbers": records,
            "page": page_number,
            "page_size": size,
            "start": start,
            "end": start + len(records) - 1 if records else start,
            "uri": f"{path}?{urlencode(query)}" if query else path,
            "first_page_uri": page_uri(0),
            "previous_page_uri": page_uri(page_number - 1) if page_number > 0 else None,
            "next_page_uri": page_uri(page_number + 1, "PA" + records[-1]["sid"]) if has_next else None,
        }

    def _number(self, number: str) -> dict[str, Any]:
        sid = "PN" + hashlib.md5(number.encode()).hexdigest()
        digits = number.removeprefix("+1")
        friendly = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if number.startswith("+1") else number
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "friendly_name": friendly,
            "phone_number": number,
            "api_version": "2010-04-01",
            "beta": False,
            "capabilities": {"voice": True, "sms": True, "mms": True, "fax": False},
            "date_created": "Thu, 15 Jan 2026 10:00:00 +0000",
            "date_updated": "Thu, 15 Jan 2026 10:00:00 +0000",
            "origin": "twilio",
            "status": "in-use",
            "voice_receive_mode": "voice",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/IncomingPhoneNumbers/{sid}.json",
        }


def default_account(**kwargs: Any) -> FakeTwilio:
    """A healthy account (not started): 5 configurations (3 pages at cap 2), a store in each status,
    2 intelligence configurations, and the incoming number each configuration captures.

    Every configuration uses the ACTIVE store and existing intelligence ids, so ``--live`` on an
    export of it reports nothing; tests break one thing at a time. ``kwargs`` go to ``FakeTwilio``
    (API key credentials are on by default so both credential forms can be exercised).
    """
    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("api_secret", API_SECRET)
    fake = FakeTwilio(**kwargs)
    fake.configurations = [
        make_configuration(
            "Harbor Desk",
            number=NUMBERS[0],
            id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1a",
            intelligenceConfigurationIds=[INTELLIGENCE_1],
        ),
        make_configuration(
            "Support Line",
            number=NUMBERS[1],
            id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1b",
            conversationGroupingType="GROUP_BY_PROFILE",
            intelligenceConfigurationIds=[INTELLIGENCE_1, INTELLIGENCE_2],
            memoryExtractionEnabled=True,
        ),
        make_configuration(
            "Sales Outreach",
            number=NUMBERS[2],
            id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1c",
            conversationGroupingType="GROUP_BY_PARTICIPANT_ADDRESSES_AND_CHANNEL_TYPE",
            statusCallbacks=[{"url": "https://hooks.example.com/co/status", "method": "POST"}],
        ),
        make_configuration(
            "Clinic Reminders",
            number=NUMBERS[3],
            id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1d",
            conversationGroupingType="GROUP_BY_PROFILE",
            intelligenceConfigurationIds=[INTELLIGENCE_2],
        ),
        make_configuration("Field Service", number=NUMBERS[4], id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1e"),
    ]
    fake.stores = {
        STORE_ACTIVE: "ACTIVE",
        STORE_QUEUED: "QUEUED",
        STORE_PROVISIONING: "PROVISIONING",
        STORE_FAILED: "FAILED",
    }
    fake.intelligence = [
        make_intelligence_configuration("Call Summaries", id=INTELLIGENCE_1, accountId=fake.account_sid),
        make_intelligence_configuration("Sentiment", id=INTELLIGENCE_2, accountId=fake.account_sid),
    ]
    fake.numbers = list(NUMBERS)
    return fake


def _encode_token(offset: int) -> str:
    """An opaque, URL-safe base64 page token (the spec's form) holding the list offset."""
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _decode_token(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ValueError(token) from exc
    name, _, offset = text.partition(":")
    if name != "offset" or not offset.isdigit():
        raise ValueError(token)
    return int(offset)


def _error(status: int, message: str | None = None) -> tuple[int, dict[str, Any]]:
    """Twilio's error body: ``{code, message, more_info, status}``."""
    code, default = _ERRORS.get(status, (status, "Error"))
    return status, {
        "code": code,
        "message": message or default,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class _Handler(BaseHTTPRequestHandler):
    """Turns one HTTP request into a call on ``twilio`` (set by ``FakeTwilio.start`` on a subclass)."""

    twilio: FakeTwilio

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)  # drain any body so the client sees our answer, not a reset
        split = urlsplit(self.path)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        fault = self.twilio._record(self.command, split.path, query)
        headers: dict[str, str] = {}
        if fault is not None:
            status, body = _error(fault[0])
            if fault[1] is not None:
                headers["Retry-After"] = fault[1]
        elif self.command != "GET":
            status, body = _error(405)
            headers["Allow"] = "GET"
        elif not self.twilio._authorised(self.headers.get("Authorization")):
            status, body = _error(401)
            headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
        else:
            status, body = self.twilio._route(split.path, query)
        self._send(status, body, headers)

    def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Twilio-Request-Id", "RQ" + uuid.uuid4().hex)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``FakeTwilio.requests`` instead of stderr."""
