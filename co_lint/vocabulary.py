"""The shared vocabulary of rules.md §0, written once: address forms, placeholders, templates.

Rules ask these questions instead of carrying their own regular expressions, so that every
rule agrees on what a phone number, a short code, a placeholder or a template value is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

WILDCARD = "*"
CHANNELS = ("VOICE", "SMS", "RCS", "WHATSAPP", "CHAT")
CALL_TYPES = ("PSTN", "CLIENT", "PUBLIC_SIP", "SIP")

_E164 = re.compile(r"\+[1-9]\d{1,14}")
#: Only digits and ``+ - ( ) . space``, with at least 7 digits: one match, no count afterwards.
_PHONE_LIKE = re.compile(r"[+\-(). ]*(?:[0-9][+\-(). ]*){7,}")
_SHORT_CODE = re.compile(r"\d{3,6}")
_TEMPLATE = re.compile(r"\$\{[^}]*\}|\{\{.*?\}\}|\$[A-Z][A-Z0-9_]*")
_X_TOKEN = re.compile(r"x{3,}", re.IGNORECASE)
_X_RUN = re.compile(r"[xX]{3,}")
_TOKEN_SPLIT = re.compile(r"[_\-./]")
_PLACEHOLDER_WORDS = frozenset({"todo", "tbd", "changeme", "placeholder"})
_EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
_EXAMPLE_TAILS = tuple("." + domain for domain in _EXAMPLE_DOMAINS)
_PREFIXES = ("whatsapp:", "rcs:")
#: The characters of a phone number or the wildcard: no placeholder or template is made of them.
PLAIN_ADDRESS_CHARS = "0123456789+*"
_CHANNEL_PREFIXES = {"WHATSAPP": "whatsapp:", "RCS": "rcs:"}


# -- addresses -----------------------------------------------------------------------


@lru_cache(maxsize=65536)
def is_e164(value: str) -> bool:
    """``^\\+[1-9]\\d{1,14}$``, matched in full (no trailing newline slips through)."""
    return _E164.fullmatch(value) is not None


@lru_cache(maxsize=65536)
def is_phone_like(value: str) -> bool:
    """Only digits and ``+ - ( ) . space``, with at least 7 digits."""
    return _PHONE_LIKE.fullmatch(value) is not None


def is_short_code(value: str) -> bool:
    """3–6 digits only: a legitimate SMS address."""
    return _SHORT_CODE.fullmatch(value) is not None


def is_bare_identity(value: str) -> bool:
    """Not phone-like and no ``:`` (a CLIENT identity such as ``agent-alice``)."""
    return not is_phone_like(value) and ":" not in value


def is_sip_uri(value: str) -> bool:
    return value.lower().startswith(("sip:", "sips:"))


def _prefix_of(value: str) -> str | None:
    """``whatsapp:`` or ``rcs:`` when the address carries one (any case), else None."""
    if ":" not in value:  # both prefixes end with one (most addresses have none)
        return None
    lowered = value.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            return prefix
    return None


address_prefix = lru_cache(maxsize=65536)(_prefix_of)


def plain_address_prefix(value: str) -> str | None:
    """For a plain address, only digits, ``+`` and ``*`` after an optional ``whatsapp:``/``rcs:``
    prefix (any case): that prefix as written, ``""`` when there is none. None for any other value.

    A plain address (a phone number, the wildcard, a prefixed number) is never a placeholder or
    a template, and the test is cheaper than theirs: most addresses pass it.
    """
    rest = value.strip(PLAIN_ADDRESS_CHARS)  # empty when every character is plain
    if not rest:
        return ""
    return rest if rest.lower() in _PREFIXES and value.startswith(rest) else None


def strip_prefix(value: str) -> str:
    """The address with a ``whatsapp:``/``rcs:`` prefix removed, for comparing across rules."""
    prefix = address_prefix(value)
    return value[len(prefix) :] if prefix else value


def channel_prefix(channel: str) -> str | None:
    """The address prefix a channel's own addresses may carry: ``whatsapp:`` or ``rcs:``."""
    return _CHANNEL_PREFIXES.get(channel)


def foreign_prefix(value: str, channel: str) -> str | None:
    """The ``whatsapp:``/``rcs:`` prefix of ``value`` (as written) when it belongs to another channel."""
    return address(value).foreign_prefix(channel)


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
    ``1`` become ``+1…`` (NANP). Anything else is ambiguous without a region, and so is a
    national part written with a leading ``0`` after the country code (``+44 (0)20 …``,
    ``+44 020 …``): that ``0`` is dialled only at home in most countries (``+442…``) but is
    part of the number in a few (Italy's ``+39 06 …``), so no digit of it is guessed.
    """
    if _trunk_zero(value):
        return None
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


def _trunk_zero(value: str) -> bool:
    """Whether the digits after an international prefix and a country code written apart
    (``+44``, ``0044``, ``00 44``) start with ``0``, or a ``(0)`` is written."""
    if "(0)" in value:
        return True
    text = value.strip()
    groups = re.findall(r"[0-9]+", text)
    if text.startswith("+"):
        country, rest = (groups[0], groups[1:]) if groups else ("", [])
    elif groups and groups[0] == "00":
        country, rest = (groups[1], groups[2:]) if len(groups) > 1 else ("", [])
    elif groups and groups[0].startswith("00"):
        country, rest = groups[0][2:], groups[1:]
    else:
        return False
    return 1 <= len(country) <= 3 and bool(rest) and rest[0].startswith("0")


# -- templates and placeholders ------------------------------------------------------


def has_template(value: str) -> bool:
    """Holds a deploy-time template expression: ``${…}``, ``{{…}}`` or ``$NAME``."""
    # Every expression holds one of the two marks, and most values neither: they need no search
    # (and take no place in the cache).
    return ("$" in value or "{{" in value) and _holds_template(value)


@lru_cache(maxsize=65536)
def _holds_template(value: str) -> bool:
    return _TEMPLATE.search(value) is not None


def template_spans(value: str) -> list[tuple[int, int]]:
    if not has_template(value):
        return []
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


@lru_cache(maxsize=65536)
def _opaque_string(value: str) -> bool:
    return is_placeholder(value) or has_template(value)


def is_opaque_text(value: Any) -> bool:
    """A placeholder or template string (rules.md §0): content rules skip it."""
    if value.__class__ is not str:
        return False
    # Most values are addresses: the test is cheaper than the full one, whose cache misses on
    # the 300,000 distinct addresses of a large run.
    if plain_address_prefix(value) is not None:
        return False
    return _opaque_string(value)


# -- one address, once ---------------------------------------------------------------


#: A plain address whose part after the prefix is shorter than this holds no credential (a run
#: of 16 token characters, which the ``:`` of a prefix interrupts, or the word ``basic``), nor a
#: placeholder or template (they need another character): :attr:`Address.inert`.
INERT_NUMBER_LENGTH = 16
#: The longest :attr:`Address.inert` value: the number and the longest prefix (``whatsapp:``).
INERT_MAX_LENGTH = INERT_NUMBER_LENGTH - 1 + len("whatsapp:")


class Address:
    """What the capture-rule rules ask about one address value, worked out once per value.

    A configuration writes each address twice (a rule and its mirror), and the model (is it
    opaque?), the string walk (is it a short plain address?), CO202, CO203, CO209 and CO211
    (its prefix, the number after it, whether that is E.164) each asked again: cached
    look-ups, each a cache miss for most of the 300,000 distinct addresses of a large run.
    :func:`address` makes one record per value and hands the same one to every caller: read
    it, never change it.
    """

    __slots__ = ("plain", "inert", "opaque", "prefix", "written_prefix", "number", "e164", "phone_number", "possible")

    #: Only digits, ``+`` and ``*`` after an optional prefix (:func:`plain_address_prefix`).
    plain: bool
    #: :attr:`plain` with fewer than 16 characters after the prefix: it holds no placeholder,
    #: template or credential (see :data:`INERT_NUMBER_LENGTH`), so
    #: :meth:`co_lint.model.Configuration.textual_strings` leaves it out.
    inert: bool
    #: A placeholder or template (rules.md §0): content rules do not judge it.
    opaque: bool
    #: ``whatsapp:`` or ``rcs:`` (lower case) when the value carries one, else None.
    prefix: str | None
    #: The prefix as written (``WhatsApp:``), ``""`` when there is none.
    written_prefix: str
    #: The value without its prefix (:func:`strip_prefix`).
    number: str
    #: :attr:`number` is E.164 (:func:`is_e164`).
    e164: bool
    #: :attr:`number` is E.164 with 7 ASCII digits or more, so phone-like too (:func:`is_phone_like`).
    phone_number: bool
    #: Whether :attr:`number`, when E.164, is possible for its country code
    #: (:func:`co_lint.numbering.is_possible`): None until CO211 asks, which then keeps the answer
    #: here (the one field a reader fills; a mirror rule reads the number again).
    possible: bool | None

    def __init__(self, value: str) -> None:
        # plain_address_prefix, inline: one strip tells most addresses apart (no call).
        rest = value.strip(PLAIN_ADDRESS_CHARS)  # empty when every character is plain
        if not rest:
            written, prefix = "", None
        elif rest.lower() in _PREFIXES and value.startswith(rest):
            written, prefix = rest, rest.lower()
        else:  # not plain: a placeholder, a template, an identity, a URI, a number with separators
            self.plain = self.inert = False
            self.opaque = _opaque_string(value)
            prefix = _prefix_of(value)
            written = value[: len(prefix)] if prefix else ""
            self.prefix, self.written_prefix = prefix, written
            number = self.number = value[len(written) :]
            e164 = self.e164 = _E164.fullmatch(number) is not None  # is_e164, without its cache
            self.phone_number = e164 and len(number) > 7 and number.isascii()  # \d takes any digit
            self.possible = None
            return
        # A plain address: only digits, + and * after the prefix, all ASCII, so `\+[1-9]\d{1,14}`
        # is a length, a + and digits, tested without the regular expression (several times
        # cheaper, and most addresses of a large run are new).
        self.plain, self.opaque = True, False
        self.prefix, self.written_prefix = prefix, written
        number = self.number = value[len(written) :] if written else value
        size = len(number)
        self.inert = size < INERT_NUMBER_LENGTH
        self.e164 = e164 = 2 < size < 17 and number[0] == "+" and number[1] != "0" and number[1:].isdigit()
        self.phone_number = e164 and size > 7
        self.possible = None

    def foreign_prefix(self, channel: str) -> str | None:
        """The prefix as written when it belongs to a channel other than ``channel``."""
        prefix = self.prefix
        if prefix is None or prefix == _CHANNEL_PREFIXES.get(channel):
            return None
        return self.written_prefix


_ADDRESSES: dict[str, Address] = {}
#: The records made so far, by value: ``ADDRESS_RECORDS.get(value)`` is :func:`address` without
#: the call when the record exists (a value's second reading, its mirror rule's, the string
#: walk's). Read it, never write it: :func:`address` fills it.
ADDRESS_RECORDS = _ADDRESSES
#: Records kept at most: the table starts again when full (a large run's addresses are distinct,
#: and one configuration's repeats are what it is for).
_ADDRESS_LIMIT = 65536


def address(value: str) -> Address:
    """The :class:`Address` record of ``value``, made once."""
    found = _ADDRESSES.get(value)
    if found is None:
        if len(_ADDRESSES) >= _ADDRESS_LIMIT:
            _ADDRESSES.clear()
        found = _ADDRESSES[value] = Address(value)
    return found


def is_example_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host in _EXAMPLE_DOMAINS or host.endswith(_EXAMPLE_TAILS)
