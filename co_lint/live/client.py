"""The Twilio SDK client co-lint uses: credentials, ``--api-url``, retries, read-only.

Everything co-lint asks of an account goes through :class:`ReadOnlyHttpClient`, the SDK's own
extension point (``Client(http_client=...)``). It is the one place that

* sends only GET requests: any other method is refused before it leaves the process, so no
  code path of co-lint can change an account;
* replaces the scheme and host of every URL with ``--api-url`` (a proxy, or one local server
  standing in for conversations, memory, intelligence and api.twilio.com alike), keeping the
  API's own paths;
* retries 429 and 5xx answers with backoff, honouring ``Retry-After`` (the SDK neither retries
  nor keeps response headers on its exceptions), with a timeout on every request;
* turns 401/403, network failures and exhausted retries into one clear :class:`AccountError`
  (exit 2) that names the variable to check and never shows a credential.
"""

from __future__ import annotations

import email.utils
import os
import re
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from co_lint.live import DEFAULT_TIMEOUT, AccountError

#: Answers worth asking again: rate limited, or the service is briefly unwell.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ATTEMPTS = 5
#: Longest wait between two attempts, whatever Retry-After asks.
MAX_WAIT = 60.0
READ_METHODS = frozenset({"GET", "HEAD"})

_ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
_API_KEY_SID = re.compile(r"SK[0-9a-fA-F]{32}")


class Credentials(NamedTuple):
    """Who co-lint authenticates as: an auth token, or an API key and secret, for one account."""

    account_sid: str
    username: str
    password: str
    #: The environment variables they came from, for messages (never their values).
    variables: tuple[str, ...]

    def hint(self) -> str:
        names = " and ".join(self.variables)
        return (
            f"check {names} (an Account SID starts with AC and has 34 characters"
            + (", an API key SID starts with SK" if "TWILIO_API_KEY" in self.variables else "")
            + ")"
        )

    def masked_account(self) -> str:
        return f"{self.account_sid[:2]}…{self.account_sid[-4:]}"

    def __repr__(self) -> str:
        """Never the secret: a traceback or a debug print may show a repr."""
        return f"Credentials({self.masked_account()}, username={self.username[:2]}…, password=…, {self.variables})"


def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials:
    """Credentials the way Twilio's own tools take them, from the environment.

    ``TWILIO_API_KEY`` + ``TWILIO_API_SECRET`` (+ ``TWILIO_ACCOUNT_SID``) when an API key is
    set, else ``TWILIO_ACCOUNT_SID`` + ``TWILIO_AUTH_TOKEN``. Values are checked for their
    shape here, so a pasted auth token in the SID variable fails before any request.
    """
    env = os.environ if environ is None else environ
    sid = env.get("TWILIO_ACCOUNT_SID", "").strip()
    key = env.get("TWILIO_API_KEY", "").strip()
    secret = env.get("TWILIO_API_SECRET", "").strip()
    token = env.get("TWILIO_AUTH_TOKEN", "").strip()
    if key or secret:
        needed = {"TWILIO_API_KEY": key, "TWILIO_API_SECRET": secret, "TWILIO_ACCOUNT_SID": sid}
        missing = [name for name, value in needed.items() if not value]
        if missing:
            raise AccountError(f"API key credentials need {', '.join(missing)} too (set in the environment)")
        if not _API_KEY_SID.fullmatch(key):
            raise AccountError(f"TWILIO_API_KEY must start with SK and have 34 characters (it has {len(key)})")
        credentials = Credentials(sid, key, secret, ("TWILIO_API_KEY", "TWILIO_API_SECRET", "TWILIO_ACCOUNT_SID"))
    elif sid and token:
        credentials = Credentials(sid, sid, token, ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"))
    else:
        raise AccountError(
            "live checks need credentials in the environment: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, "
            "or TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_ACCOUNT_SID"
        )
    if not _ACCOUNT_SID.fullmatch(sid):
        raise AccountError(f"TWILIO_ACCOUNT_SID must start with AC and have 34 characters (it has {len(sid)})")
    return credentials


def check_api_url(api_url: str) -> str:
    """``--api-url`` as given, once it is an http(s) URL with a host (no query, no fragment)."""
    try:
        parts = urlsplit(api_url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        shown = f", not {api_url!r}" if "@" not in api_url else ""  # never echo a password
        raise AccountError(f"--api-url must be an http:// or https:// URL with a host{shown}")
    if parts.username is not None or parts.password is not None:
        # The SDK sends Twilio's credentials itself; a user:password here would only end up
        # in messages and exported files. A proxy's credentials belong in HTTPS_PROXY.
        raise AccountError("--api-url must not hold a user or password (use HTTPS_PROXY for a proxy's credentials)")
    return api_url.rstrip("/")


def retry_delay(retry_after: str | None, attempt: int, now: Callable[[], datetime] | None = None) -> float:
    """Seconds to wait before attempt ``attempt + 1``: ``Retry-After`` (seconds or an HTTP
    date) when the server sent it, else exponential backoff from half a second; at most MAX_WAIT."""
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            # Never sooner than the backoff: a "Retry-After: 0" must not turn five attempts
            # into a burst against a service that is already refusing.
            return min(max(float(value), backoff(attempt)), MAX_WAIT)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            current = now() if now else datetime.now(timezone.utc)
            return min(max((when - current).total_seconds(), backoff(attempt)), MAX_WAIT)
    return backoff(attempt)


def backoff(attempt: int) -> float:
    """Exponential backoff from half a second, at most MAX_WAIT."""
    return min(0.5 * 2**attempt, MAX_WAIT)


class ReadOnlyHttpClient(TwilioHttpClient):
    """The SDK's HTTP client, made read-only, redirectable, patient and discreet (module docstring)."""

    def __init__(
        self,
        credentials: Credentials,
        api_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(timeout=timeout)
        self.credentials = credentials
        self.api_url = check_api_url(api_url) if api_url else None
        self.sleep = sleep
        #: Every request sent, as (method, URL): what ``co-lint`` did to the account.
        self.sent: list[tuple[str, str]] = []

    def redirect(self, url: str) -> str:
        """``url`` with the scheme and host of ``--api-url`` (and its path as a prefix)."""
        if not self.api_url:
            return url
        base, parts = urlsplit(self.api_url), urlsplit(url)
        return urlunsplit((base.scheme, base.netloc, base.path + parts.path, parts.query, parts.fragment))

    def request(self, method: str, url: str, params=None, data=None, headers=None, auth=None, timeout=None, **kwargs):
        method = method.upper()
        if method not in READ_METHODS:
            raise AccountError(f"co-lint only reads from Twilio: refused to send {method} {urlsplit(url).path}")
        url = self.redirect(url)
        where = f"{method} {self._shown(url)}"
        for attempt in range(ATTEMPTS):
            self.sent.append((method, url))
            try:
                response = super().request(method, url, params, data, headers, auth, timeout, **kwargs)
            except requests.exceptions.RequestException as exc:
                if attempt == 0:  # a network failure: one more try, then stop
                    self.sleep(retry_delay(None, attempt))
                    continue
                if isinstance(exc, requests.exceptions.Timeout):
                    failure = f"no answer to {where} within {timeout or self.timeout:g} s"
                else:
                    failure = f"cannot reach {self._shown(url, path=False)} ({self._reason(exc)})"
                raise AccountError(self.clean(failure)) from exc
            if response.status_code == 401:
                raise AccountError(
                    self.clean(f"Twilio refused the credentials (HTTP 401 for {where}): {self.credentials.hint()}")
                )
            if response.status_code == 403:
                raise AccountError(
                    self.clean(
                        f"Twilio denied access to {where} (HTTP 403{self.error_detail(response)}): the credentials "
                        "cannot read it; give the API key read access, or --ignore the rule that needs it"
                    )
                )
            if 200 <= response.status_code < 300 and not _is_json_object(response.text):
                kind = response.headers.get("Content-Type", "no content type").split(";")[0]
                raise AccountError(
                    self.clean(f"{where} answered HTTP {response.status_code} with {kind}, not Twilio's JSON")
                    + (" (is --api-url right?)" if self.api_url else "")
                )
            if response.status_code not in RETRY_STATUSES:
                return response
            if attempt + 1 == ATTEMPTS:
                detail = self.error_detail(response)
                raise AccountError(self.clean(f"HTTP {response.status_code} for {where}{detail} ({ATTEMPTS} attempts)"))
            self.sleep(retry_delay(response.headers.get("Retry-After"), attempt))
        raise AssertionError("unreachable")  # the loop returns or raises

    def clean(self, text: str) -> str:
        """A message without the secret, whatever a server or library put in it."""
        from co_lint.secrets import mask_secrets

        if self.credentials.password:
            text = text.replace(self.credentials.password, "…")
        return mask_secrets(text)

    def _shown(self, url: str, path: bool = True) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}{parts.path if path else ''}"

    @staticmethod
    def _reason(exc: Exception) -> str:
        if isinstance(exc, requests.exceptions.SSLError):
            return "TLS failed; behind a proxy with its own certificate, set REQUESTS_CA_BUNDLE"
        text = str(exc)
        for known, said in _REASONS:
            if known in text:
                return said
        return type(exc).__name__

    @staticmethod
    def error_detail(response: Response) -> str:
        """``: message`` from a Twilio error body, or nothing."""
        try:
            import json

            message = json.loads(response.text).get("message")
        except (ValueError, AttributeError):
            message = None
        return f": {message}" if isinstance(message, str) and message else ""


_REASONS = (
    ("Connection refused", "connection refused"),
    ("Name or service not known", "unknown host"),
    ("nodename nor servname", "unknown host"),
    ("Temporary failure in name resolution", "unknown host"),
    ("No route to host", "no route to host"),
    ("timed out", "timed out"),
)


def _is_json_object(text: str) -> bool:
    """A body the SDK can read: one JSON object (every Twilio answer is one)."""
    import json

    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def make_client(credentials: Credentials, http_client: ReadOnlyHttpClient) -> Client:
    """The SDK client; region and edge come from ``TWILIO_REGION``/``TWILIO_EDGE`` as usual."""
    return Client(credentials.username, credentials.password, credentials.account_sid, http_client=http_client)
