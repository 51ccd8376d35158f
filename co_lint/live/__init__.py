"""Live account checks: co-lint reads a Twilio account and compares it with the files.

Twilio's troubleshooting page says, again and again, "fetch your configuration and inspect
it". ``co-lint export DIR`` writes an account's configurations as desired-state files (how a
team starts keeping them in git); ``co-lint --live`` lints files and compares them with the
account (CO801–CO805): drift, memory stores, intelligence configurations, unmanaged
deployments and phone numbers the account does not own.

Everything here goes through the official Twilio SDK (the optional extra
``co-lint[live]``), which the core install and offline runs never import, and through one
HTTP client (:mod:`co_lint.live.client`) that sends nothing but GET requests.
"""

from __future__ import annotations

from co_lint.types import Abort

INSTALL_HINT = "live checks need the Twilio SDK: pip install 'co-lint[live]'"
#: Seconds each request to Twilio may take (``--api-timeout``).
DEFAULT_TIMEOUT = 30.0


class AccountError(Abort):
    """The account cannot be read (credentials, network, API errors): exit code 2, no findings."""


def require_sdk() -> None:
    """Fail with the install command when the ``live`` extra is not installed."""
    try:
        import twilio.rest  # noqa: F401
    except ImportError as exc:
        raise AccountError(INSTALL_HINT) from exc
