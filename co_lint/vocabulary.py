"""The shared vocabulary of rules.md §0, written once: address forms, placeholders, templates.

Rules ask these questions instead of carrying their own regular expressions, so that every
rule agrees on what a phone number, a short code, a placeholder or a template value is.
"""

from __future__ import annotations

import re
from functools import lru_cache

WILDCARD = "*"
CHANNELS = ("VOICE", "SMS", "RCS", "WHATSAPP", "CHAT")
CALL_TYPES = ("PSTN", "CLIENT", "PUBLIC_SIP", "SIP")

_E164 = re.compile(r"\+[1-9]\d{1,14}")
_PHONE_CHARS = re.compile(r"[0-9+\-(). ]+")
_SHORT_CODE = re.compile(r"\d{3,6}")
_TEMPLATE = re.compile(r"\$\{[^}]*\}|\{\{.*?\}\}|\$[A-Z][A-Z0-9_]*")
_X_TOKEN = re.compile(r"x{3,}", re.IGNORECASE)
_X_RUN = re.compile(r"[xX]{3,}")
_TOKEN_SPLIT = re.compile(r"[_\-./]")
_PLACEHOLDER_WORDS = frozenset({"todo", "tbd", "changeme", "placeholder"})
_EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
_PREFIXES = ("whatsapp:", "rcs:")
#: The characters of a phone number or the wildcard: no placeholder or template is made of them.
PLAIN_ADDRESS_CHARS = "0123456789+*"
_CHANNEL_PREFIXES = {"WHATSAPP": "whatsapp:", "RCS": "rcs:"}


# -- addresses -----------------------------------------------------------------------


@lru_cache(maxsize=65536)
def is_e164(value: str) -> bool:
    """``^\\+[1-9]\\d{1,14}$``, matched in full (no trailing newline slips through)."""
    return _E164.fullmatch(value) is not None


def digit_count(value: str) -> int:
    return sum(char.isdigit() for char in value)


@lru_cache(maxsize=65536)
def is_phone_like(value: str) -> bool:
    """Only digits and ``+ - ( ) . space``, with at least 7 digits."""
    return _PHONE_CHARS.fullmatch(value) is not None and digit_count(value) >= 7


def is_short_code(value: str) -> bool:
    """3–6 digits only: a legitimate SMS address."""
    return _SHORT_CODE.fullmatch(value) is not None


def is_bare_identity(value: str) -> bool:
    """Not phone-like and no ``:`` (a CLIENT identity such as ``agent-alice``)."""
    return not is_phone_like(value) and ":" not in value


def is_sip_uri(value: str) -> bool:
    return value.lower().startswith(("sip:", "sips:"))


@lru_cache(maxsize=65536)
def address_prefix(value: str) -> str | None:
    """``whatsapp:`` or ``rcs:`` when the address carries one (any case), else None."""
    lowered = value.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            return prefix
    return None


def is_plain_address(value: str) -> bool:
    """Only digits, ``+`` and ``*``, after an optional ``whatsapp:``/``rcs:`` prefix (any case).

    Such a value (a phone number, the wildcard, a prefixed number) is never a placeholder or
    a template, and the test is cheaper than theirs: most addresses pass it.
    """
    rest = value.strip(PLAIN_ADDRESS_CHARS)  # empty when every character is plain
    return not rest or (rest.lower() in _PREFIXES and value.startswith(rest))


def strip_prefix(value: str) -> str:
    """The address with a ``whatsapp:``/``rcs:`` prefix removed, for comparing across rules."""
    prefix = address_prefix(value)
    return value[len(prefix) :] if prefix else value


def channel_prefix(channel: str) -> str | None:
    """The address prefix a channel's own addresses may carry: ``whatsapp:`` or ``rcs:``."""
    return _CHANNEL_PREFIXES.get(channel)


def foreign_prefix(value: str, channel: str) -> str | None:
    """The ``whatsapp:``/``rcs:`` prefix of ``value`` (as written) when it belongs to another channel."""
    prefix = address_prefix(value)
    if prefix is None or prefix == _CHANNEL_PREFIXES.get(channel):
        return None
    return value[: len(prefix)]


def is_partial_wildcard(value: str) -> bool:
    """``*`` inside a longer value (only the whole value ``*`` is a wildcard)."""
    return WILDCARD in value and value != WILDCARD


def is_client_form(value: str) -> bool:
    """A ``client:<identity>`` address, as Twilio Voice webhooks show CLIENT legs."""
    return value[:7].lower() == "client:"


def comparable_address(value: str) -> str | None:
    """An address as capture rules compare it across rules: None for the wildcard ``*``,
    else the value as written with a ``whatsapp:``/``rcs:`` prefix removed (rules.md §0)."""
    return None if value == WILDCARD else strip_prefix(value)


def normalised_e164(value: str) -> str | None:
    """The E.164 form of a phone-like value when it is unambiguous, else None.

    Separators are removed; a leading ``00`` becomes ``+``; eleven digits starting with
    ``1`` become ``+1…`` (NANP). Anything else is ambiguous without a region.
    """
    digits = "".join(char for char in value if char.isdigit())
    if value.strip().startswith("+"):
        candidate = "+" + digits
    elif digits.startswith("00"):
        candidate = "+" + digits[2:]
    elif len(digits) == 11 and digits.startswith("1"):
        candidate = "+" + digits
    else:
        return None
    return candidate if is_e164(candidate) else None


# -- templates and placeholders ------------------------------------------------------


@lru_cache(maxsize=65536)
def has_template(value: str) -> bool:
    """Holds a deploy-time template expression: ``${…}``, ``{{…}}`` or ``$NAME``."""
    return _TEMPLATE.search(value) is not None


def template_spans(value: str) -> list[tuple[int, int]]:
    return [match.span() for match in _TEMPLATE.finditer(value)]


@lru_cache(maxsize=65536)
def is_placeholder(value: str, *, prose: bool = False) -> bool:
    """Text someone forgot to replace (rules.md §0 "Placeholder").

    ``prose`` is for ``description``: there only a whole-value word or ``<…>`` counts.
    """
    stripped = value.strip()
    lowered = stripped.lower()
    if not stripped:
        return False
    if lowered in _PLACEHOLDER_WORDS or (stripped.startswith("<") and stripped.endswith(">")):
        return True
    if prose:
        return False
    if "..." in stripped or "…" in stripped:
        return True
    if lowered.startswith(("your_", "your-")):
        return True
    if "xxx" not in lowered:  # both x-run forms below need three x in a row
        return False
    if any(_X_TOKEN.fullmatch(token) for token in _TOKEN_SPLIT.split(stripped)):
        return True
    # Phone-like once the x's stand for digits (``+1XXXXXXXXXX``); ``xxx7`` is not.
    return _X_RUN.search(stripped) is not None and is_phone_like(stripped.replace("x", "0").replace("X", "0"))


def is_example_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in _EXAMPLE_DOMAINS)
