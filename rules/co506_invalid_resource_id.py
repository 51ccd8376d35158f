"""A resource id that does not have the shape Twilio gives that kind of id.

## What it does
Checks three ids in full (no partial match, no trailing newline):

- `memoryStoreId` must match `^mem_(store|service)_[0-7][0-9a-z]{25}$`, the API's own pattern
  (error);
- `id` (kept in files to pair them with deployments) must match
  `^conv_configuration_[0-9a-z]{26}$` (error);
- each `intelligenceConfigurationIds` item should match
  `^intelligence_configuration_[0-9a-z]{26}$` (warning: the API enforces no pattern there).

The message says what differs: the prefix, the length of the 26-character suffix, upper-case
letters, or the first suffix character of a memory store id (`0`–`7`). Placeholders (CO505),
template values (CO507) and empty values (CO102/CO103/CO106) are left to those rules.

## Why is this bad?
The troubleshooting guide lists "a missing or invalid `memoryStoreId`" among the reasons a
configuration operation fails immediately, and answers a 404 with "check the resource ID format"
(prefixes `mem_store_`, `conv_configuration_`). The API enforces no pattern on intelligence ids,
so a mistyped one is saved as written and links no intelligence configuration: its operators
never run for these conversations (a warning, since the API does not check it).

## Example
```yaml
memoryStoreId: mem_store_harbor
intelligenceConfigurationIds: [intel-harbor-01]
```

Use instead:
```yaml
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: [intelligence_configuration_01kermhm82e5mr98nbeh1hpmbn]
```

## How to fix
Copy the id from the Twilio Console or from the API response that created the resource
(`GET /v1/Stores` for memory stores, the Conversation Intelligence configurations list for
intelligence ids). Ids are lower-case and have exactly 26 characters after the prefix.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/api/conversations/v2/Configuration
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from co_lint.model import Configuration, is_opaque_text
from co_lint.rule import Hit, Rule
from co_lint.secrets import mask_secrets

RULE = Rule(
    id="CO506",
    name="invalid-resource-id",
    level="error",
    summary="A memory store, configuration or intelligence id does not have Twilio's id shape.",
    tags=("values", "memory", "intelligence"),
)

_MEMORY_STORE = re.compile(r"mem_(store|service)_[0-7][0-9a-z]{25}")
_CONFIGURATION = re.compile(r"conv_configuration_[0-9a-z]{26}")
_INTELLIGENCE = re.compile(r"intelligence_configuration_[0-9a-z]{26}")
_SUFFIX = re.compile(r"[0-9a-z]{26}")


def _problem(value: str, prefixes: tuple[str, ...], first_digit: bool) -> str:
    """What differs from ``<prefix><26 lower-case letters or digits>``."""
    prefix = next((p for p in prefixes if value.startswith(p)), None)
    expected = " or ".join(f"{p}…" for p in prefixes)
    if prefix is None:
        lowered = next((p for p in prefixes if value.lower().startswith(p)), None)
        if lowered is not None:
            return f"the prefix must be lower-case ({lowered})"
        return f"it should start with {expected}"
    suffix = value[len(prefix) :]
    if len(suffix) != 26:
        return f"it has {len(suffix)} characters after {prefix}, the id has 26"
    if suffix != suffix.lower():
        return "ids are lower-case"
    if _SUFFIX.fullmatch(suffix) is None:
        return f"only lower-case letters and digits follow {prefix}"
    if first_digit and suffix[0] not in "01234567":
        return f"the first character after {prefix} is 0-7"
    return f"it does not match {prefix}<26 lower-case letters or digits>"  # pragma: no cover


def _misshapen(value: object, shape: re.Pattern) -> bool:
    """A string to report: not empty, not of the id's ``shape``, and not a placeholder or template.

    The shape test comes first: most ids pass it, and the placeholder test misses its cache for
    every distinct id of a large run.
    """
    return isinstance(value, str) and value != "" and shape.fullmatch(value) is None and not is_opaque_text(value)


def check(config: Configuration) -> Iterator[Hit]:
    store = config.get("memoryStoreId")
    if _misshapen(store, _MEMORY_STORE):
        yield Hit(
            config,
            "/memoryStoreId",
            f"memoryStoreId {mask_secrets(store)!r} is not a memory store id: "
            f"{_problem(store, ('mem_store_', 'mem_service_'), True)}; a configuration operation with an "
            "invalid memoryStoreId fails "
            "(expected mem_store_ and 26 characters, e.g. mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n; "
            "copy it from the Twilio Console)",
        )
    config_id = config.get("id")
    if _misshapen(config_id, _CONFIGURATION):
        yield Hit(
            config,
            "/id",
            f"id {mask_secrets(config_id)!r} is not a configuration id: "
            f"{_problem(config_id, ('conv_configuration_',), False)} "
            "(expected conv_configuration_ and 26 lower-case letters or digits, as the API returned it)",
        )
    ids = config.get("intelligenceConfigurationIds")
    if isinstance(ids, list):
        for index, item in enumerate(ids):
            if _misshapen(item, _INTELLIGENCE):
                yield Hit(
                    config,
                    f"/intelligenceConfigurationIds/{index}",
                    f"intelligenceConfigurationIds[{index}] {mask_secrets(item)!r} is not an intelligence "
                    f"configuration id: {_problem(item, ('intelligence_configuration_',), False)}; the API does "
                    "not check it, so it links no intelligence configuration (expected "
                    "intelligence_configuration_ and 26 lower-case letters or digits)",
                    level="warning",
                )
