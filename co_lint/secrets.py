"""Credentials in configuration text: detection (rules.md §8 CO601), names, and masking.

One place knows what a Twilio credential looks like, so CO601 (a credential anywhere in
the file), CO603 (a secret in a callback URL) and every output format agree:

* an Account SID (``AC`` + 32 hex) next to a 32-hex auth token, in one string or in the
  values of one mapping (not the items of one list);
* an API key (``SK`` + 32 hex) next to a 32-character secret, likewise;
* a 32-hex value under a key or query parameter *named like a credential*;
* ``Bearer`` followed by a token of 16 or more characters;
* ``Basic`` followed by base64 that decodes to ``user:password``.

*Named like a credential* (rules.md §8 CO603): the name, split on ``_``, ``-`` (any
punctuation) and camelCase, has a word (or its plural) among ``password``, ``passwd``,
``pwd``, ``secret``, ``credential`` — any non-empty value counts — or among ``token``,
``auth``, ``key``, ``apikey``, ``signature``, ``sig`` — a value of 16 or more characters
from ``[A-Za-z0-9._~+/=-]`` counts.

:func:`mask_secrets` masks every credential it finds in any text as ``0123…cdef`` (first
four and last four characters; shorter secrets become ``…``). The engine runs it on every
finding message; rules quote values through it too.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from co_lint.loader import escape_pointer_token
from co_lint.vocabulary import is_placeholder

_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
ACCOUNT_SID = re.compile(_NOT_ALNUM_BEFORE + r"AC[0-9a-fA-F]{32}" + _NOT_ALNUM_AFTER)
API_KEY_SID = re.compile(_NOT_ALNUM_BEFORE + r"SK[0-9a-fA-F]{32}" + _NOT_ALNUM_AFTER)
#: A standalone 32-hex run: an auth token's shape (the hex of an ``AC``/``SK`` SID is not standalone).
HEX32 = re.compile(_NOT_ALNUM_BEFORE + r"[0-9a-fA-F]{32}" + _NOT_ALNUM_AFTER)
_HEX32_VALUE = re.compile(r"[0-9a-fA-F]{32}")
#: An API key secret: 32 letters and digits.
_KEY_SECRET = re.compile(_NOT_ALNUM_BEFORE + r"[0-9A-Za-z]{32}" + _NOT_ALNUM_AFTER)
#: The separator may be URL-encoded (``Bearer%20…``, ``Bearer+…`` in a query string).
_BEARER = re.compile(r"\b(bearer(?:\s|%20|\+)+)([A-Za-z0-9._~+/=-]{16,})", re.IGNORECASE)
_BASIC = re.compile(r"\b(basic(?:\s|%20|\+)+)([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])", re.IGNORECASE)
#: ``name=value`` or ``name: value`` (also quoted, as in JSON or a header) with a 32-hex value.
_NAMED_HEX = re.compile(
    r"(?<![A-Za-z0-9_.\-])([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?[ \t]*[=:][ \t]*[\"']?([0-9a-fA-F]{32})" + _NOT_ALNUM_AFTER
)
#: For masking: ``name=value`` (query strings, env lines) and ``"name": "value"`` (JSON).
_ASSIGNMENT = re.compile(r"(?<![A-Za-z0-9_.\-])([A-Za-z_][A-Za-z0-9_.\-]*)(=)([^&\s#\"'<>]+)")
_JSON_PAIR = re.compile(r"\"([A-Za-z_][A-Za-z0-9_.\-]*)\"(\s*:\s*\")([^\"\\]+)(?=\")")
_USERINFO = re.compile(r"(://[^/?#@\s:]*:)([^/?#@\s]+)(?=@)")
_BASIC_PAIR = re.compile(r"[^:\x00-\x1f\x7f]+:[^\x00-\x1f\x7f]+")

_NAME_CHUNKS = re.compile(r"[^A-Za-z0-9]+")
_CAMEL_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_CANDIDATE = re.compile(r"[A-Za-z0-9._~+/=-]{16}")
_SECRET_VALUE = re.compile(r"[A-Za-z0-9._~+/=-]{16,}")
#: Every credential :func:`find_in_text` reports holds a run of 32 hex digits (in an Account SID,
#: an API key SID, an auth token, a named secret) or the word Bearer or Basic (any case, as the
#: patterns above match them): a value with none holds no credential. Most ids and URLs have
#: none, and this one search is cheaper than the detailed ones.
_CREDENTIAL_MARK = re.compile(r"[0-9a-fA-F]{32}|bearer|basic", re.IGNORECASE)
#: Its two halves, searched apart by :func:`has_credential_mark`.
_HEX_RUN = re.compile(r"[0-9a-fA-F]{32}")
_CREDENTIAL_WORD = re.compile(r"bearer|basic", re.IGNORECASE)
#: An Account SID or API key SID: the only way two values of one mapping make a credential.
_ANY_SID = re.compile(_NOT_ALNUM_BEFORE + r"(?:AC|SK)[0-9a-fA-F]{32}" + _NOT_ALNUM_AFTER)
#: Any non-empty value under these names is a secret.
PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "secret", "credential"})
#: A long token-like value under these names is a secret (``tokenType=jwt`` is not).
TOKEN_WORDS = frozenset({"token", "auth", "key", "apikey", "signature", "sig"})

MASK = "…"


# -- names ---------------------------------------------------------------------------------


def name_words(name: str) -> list[str]:
    """``AuthToken`` → ``["auth", "token"]``; ``x-api_KEY`` → ``["x", "api", "key"]``."""
    words: list[str] = []
    for chunk in _NAME_CHUNKS.split(name):
        words.extend(word.lower() for word in _CAMEL_WORDS.findall(chunk))
    return words


def _has_word(words: list[str], vocabulary: frozenset[str]) -> bool:
    return any(word in vocabulary or (word.endswith("s") and word[:-1] in vocabulary) for word in words)


def credential_tier(name: str) -> str | None:
    """``"any"`` for password-like names, ``"long"`` for token-like names, else None."""
    words = name_words(name)
    if _has_word(words, PASSWORD_WORDS):
        return "any"
    if _has_word(words, TOKEN_WORDS):
        return "long"
    return None


def is_credential_name(name: str) -> bool:
    """Named like a credential (rules.md §8): ``AuthToken``, ``api_key``, ``x-signature``; not ``monkey``."""
    return credential_tier(name) is not None


def is_secret_like(name: str, value: str) -> bool:
    """A literal ``value`` under ``name`` that CO603 counts as a secret (the caller rules out templates)."""
    tier = credential_tier(name)
    if tier == "any":
        return value != ""
    if tier == "long":
        return _SECRET_VALUE.fullmatch(value) is not None
    return False


# -- masking ---------------------------------------------------------------------------------


def mask(secret: str) -> str:
    """``0123…cdef`` for a secret of 16 or more characters; ``…`` for a shorter one."""
    return f"{secret[:4]}{MASK}{secret[-4:]}" if len(secret) >= 16 else MASK


def basic_credentials(encoded: str) -> tuple[str, str] | None:
    """``(user, password)`` when ``encoded`` is base64 of ``user:password``, else None."""
    padded = encoded + "=" * (-len(encoded) % 4)
    try:
        decoded = base64.b64decode(padded, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if _BASIC_PAIR.fullmatch(decoded) is None:
        return None
    user, _, password = decoded.partition(":")
    return user, password


def _is_literal(value: str) -> bool:
    return "$" not in value and "{" not in value


def _mask_basic(match: re.Match) -> str:
    if basic_credentials(match.group(2)) is None:
        return match.group(0)
    return match.group(1) + mask(match.group(2))


def _mask_named(match: re.Match) -> str:
    """Group 1 is the name and group 3 the value (``name=value`` and ``"name": "value"``)."""
    name, value = match.group(1), match.group(3)
    if value == MASK or not _is_literal(value) or not is_secret_like(name, value):
        return match.group(0)
    return match.group(0)[: match.start(3) - match.start(0)] + mask(value)


def _mask_userinfo(match: re.Match) -> str:
    password = match.group(2)
    if password == MASK or not _is_literal(password):
        return match.group(0)
    return match.group(1) + mask(password)


def mask_secrets(text: str) -> str:
    """``text`` with every credential masked (``0123…cdef``): safe to print, idempotent."""
    if not text or len(text) < 4:
        return text
    if "=" not in text and '"' not in text and "://" not in text and not has_credential_mark(text):
        # Every pattern of :func:`_mask_all` needs one of these: a ``name=``, a ``"name": "``,
        # a ``://`` userinfo, or a 32-hex run or Bearer/Basic. Most texts have none: JSON
        # Pointers, and messages that quote values with ``repr`` (CO301's name two addresses).
        return text
    return _mask_all(text)


def _mask_all(text: str) -> str:
    """:func:`mask_secrets` without its quick test (``tests/test_secrets.py`` compares the two)."""
    has_api_key = API_KEY_SID.search(text) is not None
    text = _BASIC.sub(_mask_basic, text)
    text = _BEARER.sub(lambda m: m.group(1) + mask(m.group(2)), text)
    text = _USERINFO.sub(_mask_userinfo, text)
    text = _ASSIGNMENT.sub(_mask_named, text)
    text = _JSON_PAIR.sub(_mask_named, text)
    text = ACCOUNT_SID.sub(lambda m: mask(m.group()), text)
    text = API_KEY_SID.sub(lambda m: mask(m.group()), text)
    text = HEX32.sub(lambda m: mask(m.group()), text)
    if has_api_key:
        text = _KEY_SECRET.sub(lambda m: mask(m.group()), text)
    return text


# -- detection ------------------------------------------------------------------------------


def has_credential_mark(text: str) -> bool:
    """Whether ``_CREDENTIAL_MARK`` finds something in ``text``, at a fraction of its cost.

    The one expression tries the case-insensitive words at every position as well as the hex
    run: the run alone needs no IGNORECASE (its class holds both cases), and the words only
    in a text with a ``b`` (no other character matches ``b`` in any case). Every string of
    every file passes through this test.
    """
    if len(text) >= 32 and _HEX_RUN.search(text) is not None:  # a shorter text holds no run
        return True
    return ("b" in text or "B" in text) and _CREDENTIAL_WORD.search(text) is not None


class Credential(NamedTuple):
    """One credential found in a value. ``secret`` is the raw text: never print it, use :attr:`text`."""

    kind: str  # "account", "api-key", "named", "bearer", "basic"
    secret: str
    sid: str = ""
    #: For ``name=value`` inside a string: the parameter's name (a key's name is the finding's location).
    name: str = ""

    @property
    def text(self) -> str:
        """A masked description for a message."""
        if self.kind == "account":
            return f"an Account SID ({mask(self.sid)}) with an auth token ({mask(self.secret)})"
        if self.kind == "api-key":
            return f"an API key ({mask(self.sid)}) with its secret ({mask(self.secret)})"
        if self.kind == "named":
            where = f" in {mask_secrets(self.name)}=" if self.name else ""
            return f"a 32-hex secret{where} ({mask(self.secret)}), named like a credential"
        if self.kind == "bearer":
            return f"a bearer token ({mask(self.secret)})"
        return f"HTTP Basic credentials ({mask(self.secret)})"


def find_in_text(text: str, name: str = "") -> list[Credential]:
    """Credentials in one string; ``name`` is the key the string is under (if any)."""
    if _CANDIDATE.search(text) is None and "basic" not in text.lower():
        return []  # every other credential has a run of 16 token characters
    if not has_credential_mark(text):
        return []
    found: list[Credential] = []
    sid = ACCOUNT_SID.search(text)
    if sid is not None:
        token = HEX32.search(text)
        if token is not None:
            found.append(Credential("account", token.group(), sid=sid.group()))
    key = API_KEY_SID.search(text)
    if key is not None:
        secret = _KEY_SECRET.search(text)
        if secret is not None:
            found.append(Credential("api-key", secret.group(), sid=key.group()))
    if name and _HEX32_VALUE.fullmatch(text.strip()) and is_credential_name(name):
        found.append(Credential("named", text.strip()))  # the message names the key already
    for match in _NAMED_HEX.finditer(text):
        if is_credential_name(match.group(1)):
            found.append(Credential("named", match.group(2), name=match.group(1)))
    for match in _BEARER.finditer(text):
        token = match.group(2)
        if not is_placeholder(token):
            found.append(Credential("bearer", token))
    for match in _BASIC.finditer(text):
        if basic_credentials(match.group(2)) is not None:
            found.append(Credential("basic", match.group(2)))
    return _unique(found)


def find_in_mapping(mapping: dict) -> Iterator[tuple[Any, Credential]]:
    """A SID in one value of ``mapping`` and its secret in another: ``(key of the secret, credential)``."""
    values = [(key, value) for key, value in mapping.items() if isinstance(value, str) and len(value) >= 32]
    if len(values) < 2:
        return
    for pattern, secret_pattern, kind in ((ACCOUNT_SID, HEX32, "account"), (API_KEY_SID, _KEY_SECRET, "api-key")):
        sids = [(key, match.group()) for key, value in values if (match := pattern.search(value))]
        if not sids:
            continue
        for key, value in values:
            others = [sid for sid_key, sid in sids if sid_key != key]
            if not others:
                continue
            secret = next(
                (m.group() for m in secret_pattern.finditer(value) if pattern.fullmatch(m.group()) is None), None
            )
            if secret is not None:
                yield key, Credential(kind, secret, sid=others[0])


def scan(data: Any, strings: Iterable[tuple[str, str, str]] | None = None) -> dict[str, list[Credential]]:
    """Every credential in a loaded document, by JSON Pointer of the value that holds the secret.

    ``strings`` is the document's ``(pointer, key name, value)`` list in document order
    (:meth:`co_lint.model.Configuration.strings`, which CO505 walks too), or any part of it
    that keeps every string that can hold a credential (``textual_strings``). With it, one
    search rules out most strings, and the walk over every value (for a SID and its secret in
    two values of one mapping) runs only when some string holds a SID. The result is the same.
    """
    if strings is None:
        return _scan_values(data)
    results: dict[str, list[Credential]] = {}
    for pointer, name, value in strings:
        if not has_credential_mark(value):
            continue  # find_in_text's own test, without the call: most strings stop here; no SID either
        # (find_in_text's other first test, a run of 16 token characters or "basic", passes for a SID.)
        if _ANY_SID.search(value) is not None:
            return _scan_values(data)
        found = find_in_text(value, name)
        if found:
            results[pointer] = found
    return results


def _scan_values(data: Any) -> dict[str, list[Credential]]:
    """:func:`scan` by walking every value: iterative (deep documents cannot overflow the
    stack); a string's key name is that of the nearest mapping key (list items inherit it)."""
    results: dict[str, list[Credential]] = {}
    stack: list[tuple[str, str, Any]] = [("", "", data)]
    while stack:
        pointer, name, value = stack.pop()
        if isinstance(value, str):
            found = find_in_text(value, name)
            if found:
                results.setdefault(pointer, []).extend(found)
        elif isinstance(value, dict):
            for key, credential in find_in_mapping(value):
                results.setdefault(f"{pointer}/{escape_pointer_token(key)}", []).append(credential)
            for key, child in reversed(list(value.items())):
                stack.append((f"{pointer}/{escape_pointer_token(key)}", str(key), child))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((f"{pointer}/{index}", name, value[index]))
    return {pointer: _unique(found) for pointer, found in results.items()}


def _unique(found: list[Credential]) -> list[Credential]:
    seen: set[str] = set()
    unique = []
    for credential in found:
        if credential.secret not in seen:
            seen.add(credential.secret)
            unique.append(credential)
    return unique
