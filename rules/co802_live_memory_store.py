"""A memoryStoreId that the account does not have, or whose store is not ACTIVE (`--live`).

## What it does
With `co-lint --live`, looks up the configuration's `memoryStoreId` among the account's memory
stores (`/v1/ControlPlane/Stores`) and reports it when no such store exists, or when the store's
`status` is `QUEUED`, `PROVISIONING` or `FAILED` rather than `ACTIVE`. Placeholders and
templates are skipped.

## Why is this bad?
Twilio's troubleshooting guide, "Memory extraction not working": "Check that the Memory Store
exists and is active … cross-reference the store ID in the configuration with the actual store".
A configuration bound to a missing or unfinished store captures conversations, but nothing is
remembered, and no error says so.

## Example
```yaml
memoryStoreId: mem_store_01j9x2k4m6n8p0q2r4s6t8v0wa   # the store is PROVISIONING
memoryExtractionEnabled: true
```

## How to fix
Use the id of an `ACTIVE` store of the same account (`GET /v1/ControlPlane/Stores`), or wait
until a new store is `ACTIVE` before applying the configuration; a `FAILED` store must be
created again.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration, unique_text
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO802",
    name="live-memory-store",
    level="error",
    summary="memoryStoreId names no memory store of the account, or one that is not ACTIVE (--live).",
    tags=("live", "memory"),
)

_WHY = {
    "QUEUED": "its creation has not started yet",
    "PROVISIONING": "it is still being created",
    "FAILED": "its creation failed; create the store again",
}


def check_live(config: Configuration, account) -> Iterator[Hit]:
    store_id = unique_text(config.get("memoryStoreId"))
    if store_id is None:
        return
    status = account.store_status(store_id)
    if status is None:
        yield Hit(
            config,
            "/memoryStoreId",
            f"memory store {store_id} does not exist in this account: nothing of these conversations is remembered",
        )
    elif status != "ACTIVE":
        why = _WHY.get(status, "only an ACTIVE store stores memory")
        yield Hit(config, "/memoryStoreId", f"memory store {store_id} is {status}, not ACTIVE: {why}")
