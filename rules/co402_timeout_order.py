"""A statusTimeouts whose closed timeout is not longer than its inactive timeout.

## What it does
Reports `statusTimeouts` where `closed` ≤ `inactive`, both integers, at `closed`. Silent when
either is `null` (`inactive: null` means no INACTIVE phase) or not an integer (the schema
reports that).

## Why is this bad?
Both timeouts count minutes from the last communication; they are not chained (Twilio's
conversation lifecycle: `{inactive: 10, closed: 30}` is INACTIVE at 10 minutes and CLOSED at
30). With `closed` ≤ `inactive` the conversation closes before, or at the moment, it would
become INACTIVE: the INACTIVE phase never happens, and neither do the INACTIVE-triggered
intelligence operators and memory extraction the setting was probably meant for. It usually
means the two values were swapped, or entered in different units.

## Example
```yaml
channelSettings:
  SMS:
    statusTimeouts:
      inactive: 120
      closed: 90
```

Use instead:
```yaml
channelSettings:
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 120
```

## How to fix
Make `closed` longer than `inactive`, or set `inactive: null` when no INACTIVE phase is wanted.

## References
- https://www.twilio.com/docs/conversations/orchestrator/concepts/lifecycle
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO402",
    name="timeout-order",
    level="warning",
    summary="statusTimeouts.closed is not longer than statusTimeouts.inactive.",
    tags=("lifecycle",),
)


def _minutes(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        timeouts = channel.status_timeouts
        if not isinstance(timeouts, dict):
            continue
        inactive = _minutes(timeouts.get("inactive"))
        closed = _minutes(timeouts.get("closed"))
        if inactive is None or closed is None or closed > inactive:
            continue
        relation = "equals" if closed == inactive else "is shorter than"
        yield Hit(
            config,
            f"{channel.pointer}/statusTimeouts/closed",
            f"{channel.name} closed timeout ({closed} min) {relation} the inactive timeout ({inactive} min): "
            "both count from the last communication, so conversations close without ever becoming "
            "INACTIVE; make closed longer than inactive, or set `inactive: null`",
        )
