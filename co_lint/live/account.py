"""What co-lint reads from a Twilio account, each part once and only when a rule needs it.

Lists are followed to their last page by the SDK: token pages (``meta.nextToken``) for
configurations, memory stores (whose list holds ids only: a store's ``status`` needs one fetch,
made only for the stores a file references) and Intelligence v3 configurations (list key
``items``); classic ``next_page_uri`` pages for incoming phone numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, TypeVar

from twilio.base.exceptions import TwilioException, TwilioRestException

from co_lint.live import DEFAULT_TIMEOUT, AccountError
from co_lint.live.client import (
    Credentials,
    ReadOnlyHttpClient,
    credentials_from_env,
    make_client,
)
from co_lint.live.desired import from_sdk

#: Records asked for per page (the API allows up to 1000; the SDK's default is 50).
PAGE_SIZE = 200

T = TypeVar("T")


class Account:
    """One account, read lazily through the SDK; every failure is an :class:`AccountError`."""

    def __init__(self, client: Any, http_client: ReadOnlyHttpClient, credentials: Credentials) -> None:
        self.client = client
        self.http = http_client
        self.credentials = credentials
        self._store_status: dict[str, str | None] = {}

    @classmethod
    def connect(cls, api_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> Account:
        """The account of the credentials in the environment (nothing is sent yet)."""
        credentials = credentials_from_env()
        http_client = ReadOnlyHttpClient(credentials, api_url=api_url, timeout=timeout)
        return cls(make_client(credentials, http_client), http_client, credentials)

    @property
    def origin(self) -> str:
        """Where the account was read, for file headers and messages (no credential)."""
        return self.http.api_url or "https://conversations.twilio.com"

    def _read(self, what: str, read: Callable[[], T]) -> T:
        try:
            return read()
        except TwilioRestException as exc:
            detail = f": {exc.msg}" if exc.msg else ""
            raise AccountError(self.http.clean(f"cannot read {what} (HTTP {exc.status}{detail})")) from exc
        except TwilioException as exc:  # a list page that was not 200: the response rides in args
            response = exc.args[1] if len(exc.args) > 1 else None
            status = getattr(response, "status_code", None)
            detail = self.http.error_detail(response) if response is not None else f": {exc.args[0]}"
            raise AccountError(self.http.clean(f"cannot read {what} (HTTP {status}{detail})")) from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # JSON of another shape
            raise AccountError(
                self.http.clean(f"cannot read {what}: an answer of an unexpected shape ({exc})")
            ) from exc

    @cached_property
    def configurations(self) -> list[dict]:
        """Every Conversation Orchestrator configuration, as the API's JSON."""
        return self._read(
            "the configurations (/v2/ControlPlane/Configurations)",
            lambda: [
                from_sdk(item) for item in self.client.conversations.v2.configurations.stream(page_size=PAGE_SIZE)
            ],
        )

    @cached_property
    def store_ids(self) -> frozenset[str]:
        """The ids of every memory store (the list holds ids only)."""
        return self._read(
            "the memory stores (/v1/ControlPlane/Stores)",
            lambda: frozenset(self.client.memory.v1.stores.stream(page_size=PAGE_SIZE)),
        )

    def store_status(self, store_id: str) -> str | None:
        """A store's status (QUEUED, PROVISIONING, ACTIVE, FAILED), or None when there is no such store."""
        if store_id not in self._store_status:
            if store_id not in self.store_ids:
                self._store_status[store_id] = None
            else:
                store = self._read(
                    f"memory store {store_id} (/v1/ControlPlane/Stores/{store_id})",
                    lambda: self.client.memory.v1.stores(store_id).fetch(),
                )
                self._store_status[store_id] = store.status
        return self._store_status[store_id]

    @cached_property
    def intelligence_ids(self) -> frozenset[str]:
        """The ids of every Conversational Intelligence (v3) configuration."""
        return self._read(
            "the intelligence configurations (/v3/ControlPlane/Configurations)",
            lambda: frozenset(
                item.id for item in self.client.intelligence.v3.configurations.stream(page_size=PAGE_SIZE)
            ),
        )

    @cached_property
    def phone_numbers(self) -> frozenset[str]:
        """The account's incoming phone numbers, in E.164."""
        return self._read(
            "the incoming phone numbers (/2010-04-01/Accounts/…/IncomingPhoneNumbers.json)",
            lambda: frozenset(
                item.phone_number
                for item in self.client.api.v2010.account.incoming_phone_numbers.stream(page_size=PAGE_SIZE)
            ),
        )
