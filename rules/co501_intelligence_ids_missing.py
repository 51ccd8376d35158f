"""A configuration without an intelligenceConfigurationIds key.

## What it does
Reports a configuration that has no `intelligenceConfigurationIds` key, at its first key. An
explicit empty list (`intelligenceConfigurationIds: []`) says "none" on purpose and is silent.

## Why is this bad?
A PUT replaces the whole configuration: a field it omits is deleted. A file without
`intelligenceConfigurationIds`, applied with PUT, removes the intelligence configurations linked
to the live configuration, and their operators silently stop firing (Twilio's troubleshooting
guide, "Intelligence operators not firing": "A prior PUT request that omitted this field would
have deleted it"). The API accepts such a PUT without an error.

## Example
```yaml
displayName: Harbor Desk
description: Messaging desk for the harbor office
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
```

Use instead:
```yaml
displayName: Harbor Desk
description: Messaging desk for the harbor office
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: []
```

## How to fix
Write the intelligence configuration ids the configuration should keep, or `[]` when it
should have none.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/api/conversations/v2/configuration/update-configuration
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO501",
    name="intelligence-ids-missing",
    level="warning",
    summary="No intelligenceConfigurationIds key: a PUT without it deletes the live ones.",
    tags=("update-safety", "intelligence"),
)


def check(config: Configuration) -> Iterator[Hit]:
    if config.is_mapping and not config.has("intelligenceConfigurationIds"):
        yield Hit(
            config,
            "",
            "no intelligenceConfigurationIds: a PUT without this key deletes the intelligence configurations "
            "linked to the live configuration; list them, or write `intelligenceConfigurationIds: []` for none",
            at="first_key",
        )
