"""Memory extraction is enabled but there is no memory store.

## What it does
Reports `memoryExtractionEnabled: true` in a configuration whose `memoryStoreId` is missing
(at the configuration's first line) or empty (`""` or no value, at the `memoryStoreId`).

## Why is this bad?
Memory extraction writes observations and summaries into the configuration's memory store;
without one there is nowhere to write them, and extraction never produces anything (Twilio's
troubleshooting guide, "Memory extraction not producing observations": verify the extraction
flag, the store's state and that the `memoryStoreId` is correct). The API also requires a
`memoryStoreId`, and failed asynchronous operations name a missing or invalid `memoryStoreId`
as a common cause. The schema's CO102/CO106 say the field is missing or empty; this rule says
what that breaks.

## Example
```yaml
displayName: Harbor Desk
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryExtractionEnabled: true
```

Use instead:
```yaml
displayName: Harbor Desk
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
memoryExtractionEnabled: true
```

## How to fix
Set `memoryStoreId` to the id of an `ACTIVE` memory store (`mem_store_…`), or turn memory
extraction off.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/memory
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import MISSING, Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO503",
    name="memory-extraction-without-store",
    level="error",
    summary="memoryExtractionEnabled is true but memoryStoreId is missing or empty.",
    tags=("memory",),
)


def check(config: Configuration) -> Iterator[Hit]:
    if config.get("memoryExtractionEnabled") is not True:
        return
    store = config.get("memoryStoreId")
    if store is MISSING:
        yield Hit(
            config,
            "",
            "memoryExtractionEnabled is true but there is no memoryStoreId: extraction has no store to write "
            "observations and summaries into; set memoryStoreId to your memory store (mem_store_…)",
            at="start",
        )
    elif store is None or store == "":
        yield Hit(
            config,
            "/memoryStoreId",
            "memoryExtractionEnabled is true but memoryStoreId is empty: extraction has no store to write "
            "observations and summaries into; set it to your memory store (mem_store_…)",
        )
