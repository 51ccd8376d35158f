"""A configuration file that differs from its deployment in the Twilio account (`--live`).

## What it does
With `co-lint --live`, pairs each configuration file with the configuration deployed in the
account — by `id`, else by `displayName` when exactly one deployment has it — and reports, once
per configuration, every field that differs, with its JSON Pointer. Fields only the deployment
has are named as the ones a PUT of the file would delete. Read-only and response-only fields
(`createdAt`, `updatedAt`, `version`, `traitExtractionStrategyIds`, …), and values the API fills
in by itself (empty `RCS`/`VOICE` channels, `metadata: {}`, `inactive: null`), are not drift.
A file whose `id` the account does not have is reported too: a PUT of it fails.

## Why is this bad?
Git is meant to say what is deployed. When someone changes a configuration in the Console or
with a script, the file no longer tells the truth, and the next PUT of the file silently
undoes that change — or deletes a field the file never had ("a prior PUT request that omitted
this field would have deleted it", Twilio's troubleshooting guide).

## Example
```yaml
id: conv_configuration_01j9x2k4m6n8p0q2r4s6t8v0wa
displayName: Harbor Desk
channelSettings:
  SMS:
    captureRules:
      - {from: "*", to: "+13125550100"}   # deployed: +13125550101
```

## How to fix
Decide which side is right. If the deployment is, update the file (`co-lint export DIR --force`
rewrites it); if the file is, apply it. Then `co-lint --live` is silent.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/api/conversations/v2/configuration/update-configuration
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO801",
    name="live-drift",
    level="warning",
    summary="The file differs from the configuration deployed in the account (--live).",
    tags=("live", "update-safety"),
)

#: Differences a message lists before "and N more".
SHOWN = 6


def check_live(config: Configuration, account) -> Iterator[Hit]:
    from co_lint.live.desired import drift, known_id, pair, shown, shown_pointer

    identifier = known_id(config.data)
    deployed = pair(config.data, account.configurations)
    if deployed is None:
        if identifier is not None:
            yield Hit(
                config,
                "/id",
                f"id {identifier} is not a configuration of this account: a PUT of this file would fail (404); "
                "it was deleted, or the file belongs to another account",
            )
        return
    found = drift(config.data, deployed)
    if not found:
        return
    changed = [d for d in found if d.kind != "removed"]
    removed = [d for d in found if d.kind == "removed"]
    parts = []
    for item in changed[:SHOWN]:
        if item.kind == "added":
            parts.append(f"{shown_pointer(item.pointer)} only here ({shown(item.here)})")
        else:
            parts.append(f"{shown_pointer(item.pointer)} is {shown(item.here)} here, {shown(item.deployed)} deployed")
    if len(changed) > SHOWN:
        parts.append(f"and {len(changed) - SHOWN} more")
    if removed:
        lost = ", ".join(f"{shown_pointer(d.pointer)} ({shown(d.deployed, 40)})" for d in removed[:SHOWN])
        more = f" and {len(removed) - SHOWN} more" if len(removed) > SHOWN else ""
        parts.append(f"a PUT of this file would delete {lost}{more}")
    message = f"differs from deployed configuration {deployed.get('id')}: " + "; ".join(parts)
    first = found[0]
    if first.kind == "removed":  # the deleted field is not in the file: point at what holds it
        pointer, at = first.pointer.rsplit("/", 1)[0], "key"
    else:
        pointer, at = first.pointer, "value"
    if pointer == "":
        at = "first_key"
    yield Hit(
        config, pointer, message, at=at, fingerprint=f"{deployed.get('id')} " + " ".join(d.pointer for d in found)
    )
