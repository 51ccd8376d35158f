"""Conversations are grouped by profile but there is no memory store.

## What it does
Reports `conversationGroupingType: GROUP_BY_PROFILE` in a configuration whose `memoryStoreId`
is missing (at the configuration's first line) or empty (`""` or no value, at the
`memoryStoreId`).

## Why is this bad?
`GROUP_BY_PROFILE` groups communications by the customer's resolved profile, and profiles live
in a memory store: profile resolution needs the configuration's `memoryStoreId` (Twilio's
troubleshooting guide, "Participant has no profileId": "The configuration has a
`memoryStoreId` set"). Without a store no participant gets a `profileId`, so there is nothing to
group by. The API also requires a `memoryStoreId`; the schema's CO102/CO106 say the field is
missing or empty, this rule says what that breaks.

## Example
```yaml
displayName: Harbor Desk
conversationGroupingType: GROUP_BY_PROFILE
```

Use instead:
```yaml
displayName: Harbor Desk
conversationGroupingType: GROUP_BY_PROFILE
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
```

## How to fix
Set `memoryStoreId` to the id of the memory store that holds your customers' profiles, or group
by participant addresses.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/orchestrator/concepts/profiles
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import MISSING, Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO504",
    name="profile-grouping-without-store",
    level="error",
    summary="GROUP_BY_PROFILE but memoryStoreId is missing or empty.",
    tags=("memory",),
)


def check(config: Configuration) -> Iterator[Hit]:
    if config.get("conversationGroupingType") != "GROUP_BY_PROFILE":
        return
    store = config.get("memoryStoreId")
    if store is MISSING:
        yield Hit(
            config,
            "",
            "conversationGroupingType is GROUP_BY_PROFILE but there is no memoryStoreId: profiles live in a "
            "memory store, so no participant gets a profile to group by; set memoryStoreId (mem_store_…)",
            at="start",
        )
    elif store is None or store == "":
        yield Hit(
            config,
            "/memoryStoreId",
            "conversationGroupingType is GROUP_BY_PROFILE but memoryStoreId is empty: profiles live in a "
            "memory store, so no participant gets a profile to group by; set memoryStoreId (mem_store_…)",
        )
