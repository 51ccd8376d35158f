"""Did-you-mean hints, shared by the schema (CO101, CO104) and rules such as CO204."""

from __future__ import annotations

from collections.abc import Iterable


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice a typo or a case slip most likely meant, or None."""
    choices = list(choices)
    lowered = value.lower()
    for choice in choices:
        if choice.lower() == lowered:
            return choice
    import difflib

    matches = difflib.get_close_matches(value, choices, n=1, cutoff=0.75)
    if not matches:
        by_lower = {choice.lower(): choice for choice in choices}
        matches = [by_lower[m] for m in difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=0.75)]
    return matches[0] if matches else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` or an empty string."""
    match = closest(value, choices)
    return f" (did you mean {match!r}?)" if match else ""
