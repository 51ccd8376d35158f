"""Is an E.164 number possible for its country code? libphonenumber's answer, cheaply.

CO211 asks this for every phone number in a file. ``phonenumbers`` is the source of truth,
but importing it costs ~75 ms (felt on every pre-commit run) and parsing ~40 µs a number
(most of a large run). ``is_possible_number`` only compares the national number's length
with the country's possible lengths, so a table generated from phonenumbers
(``co_lint/numbering_table.py``) answers exactly — when the installed phonenumbers is the
version the table came from, and when the national part cannot start with a national
prefix (parsing might strip it). Every other case asks phonenumbers itself.
``tests/rules/test_capture_rules.py`` checks the two agree.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _table():
    """The generated table, or None when the installed phonenumbers is another version."""
    from importlib.util import find_spec

    from co_lint import numbering_table

    try:
        spec = find_spec("phonenumbers")
        with open(spec.origin, encoding="utf-8") as handle:  # type: ignore[union-attr, arg-type]
            match = re.search(r"""__version__\s*=\s*["']([^"']+)""", handle.read())
    except (OSError, TypeError, AttributeError, ValueError):
        return None
    if match is None or match.group(1) != numbering_table.PHONENUMBERS_VERSION:
        return None
    return numbering_table.LENGTHS, numbering_table.PREFIXES


#: A national-prefix pattern that is only digits and ``|``: the alternatives ``match`` tries.
_LITERAL = re.compile(r"[0-9]+(?:\|[0-9]+)*")


@lru_cache(maxsize=1)
def _codes() -> dict[str, tuple[tuple[int, ...], tuple[str, ...], str | None]] | None:
    """The table keyed by the country code as written (``"1"``, ``"44"``): lengths, the literal
    national prefixes, and a national-prefix pattern that is not literal (or None); None when
    the installed phonenumbers is another version.

    An E.164 number's code has no leading zero, so its digits are the key: no ``int()`` per
    candidate length, and most prefixes (``0``, ``1``, ``0|180020``) are literals, tested with
    ``startswith`` instead of a regular expression.
    """
    table = _table()
    if table is None:
        return None
    lengths, prefixes = table
    codes: dict[str, tuple[tuple[int, ...], tuple[str, ...], str | None]] = {}
    for code, possible in lengths.items():
        prefix = prefixes.get(code)
        if prefix is not None and _LITERAL.fullmatch(prefix):
            codes[str(code)] = (possible, tuple(prefix.split("|")), None)
        else:
            codes[str(code)] = (possible, (), prefix)
    return codes


@cache
def _prefix(pattern: str) -> re.Pattern:
    """A national-prefix pattern, compiled when a number of its country is first seen: compiling
    all of them costs ~4 ms, felt on every one-file run, and a file uses a few countries."""
    return re.compile(pattern)


@lru_cache(maxsize=8192)
def possible_by_parsing(number: str) -> bool:
    """phonenumbers' own answer (an unknown country code is not possible)."""
    import phonenumbers

    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return False


#: :func:`_codes`, once asked (:data:`_UNASKED` before): read without a call for every number.
_UNASKED: Any = object()
_code_table: Any = _UNASKED


def possible_uncached(number: str) -> bool:
    """:func:`is_possible` without its cache, for a caller that keeps the answer itself (CO211
    keeps it on the address record, :attr:`co_lint.vocabulary.Address.possible`, so a number's
    second reading costs an attribute read and its first no cache entry)."""
    global _code_table
    codes = _code_table
    if codes is _UNASKED:
        codes = _code_table = _codes()
    if codes is None:
        return possible_by_parsing(number)
    # The code is 1 to 3 digits after the +: the shortest one the table has.
    entry, size = codes.get(number[1:2]), 2
    if entry is None:
        entry, size = codes.get(number[1:3]), 3
        if entry is None:
            entry, size = codes.get(number[1:4]), 4
            if entry is None:
                return possible_by_parsing(number)  # a code the table lacks: let phonenumbers decide
    national = number[size:]
    lengths, literals, pattern = entry
    if national.startswith(literals) or (pattern is not None and _prefix(pattern).match(national)):
        return possible_by_parsing(number)  # parsing might strip a national prefix
    return len(national) in lengths


@lru_cache(maxsize=65536)
def is_possible(number: str) -> bool:
    """Whether the E.164 string ``number`` is a possible number for its country code."""
    return possible_uncached(number)
