"""memoryStoreId differs from the base revision.

## What it does
With `--base REV`, reports a `memoryStoreId` whose value differs from the one the configuration
had at `REV`, at the value. Values are compared as written; a placeholder or template value on
either side is skipped (filling in a placeholder is not a change of store). A removed
`memoryStoreId` is CO701.

## Why is this bad?
Profiles and memories live in a memory store, and there is no reconciliation across stores: after
the change, identity resolution and extraction use the new store, while every profile, trait and
observation collected so far stays in the old one. Returning customers are unknown again, and
conversations already open keep the configuration version they started with.

## Example
```yaml
# at origin/main
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
# now
memoryStoreId: mem_store_5q8s1u4w7y0a3c6e9g2i5k8m1n
```

## How to fix
If the store was changed by mistake, revert it. If the move is intended, plan the migration of
the profiles (or accept starting afresh) and suppress the finding.

## References
- https://www.twilio.com/docs/conversations/memory/getting-started
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.changes import revision_of, show
from co_lint.model import Configuration, is_opaque_text
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO705",
    name="memory-store-changed",
    level="warning",
    summary="memoryStoreId differs from the --base revision: existing profiles stay in the old store.",
    tags=("change", "memory"),
)

_FIELD = "memoryStoreId"


def check_change(base: Configuration, current: Configuration) -> Iterator[Hit]:
    old, new = base.get(_FIELD), current.get(_FIELD)
    if not (isinstance(old, str) and isinstance(new, str)) or old == new:
        return
    if is_opaque_text(old) or is_opaque_text(new) or not old.strip():
        return
    yield Hit(
        current,
        f"/{_FIELD}",
        f"memoryStoreId changed from {show(old)} (at {revision_of(base)}) to {show(new)}: existing profiles and "
        "memories stay in the old store (stores are not reconciled) and returning customers are not recognised",
    )
