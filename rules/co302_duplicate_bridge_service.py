"""Two configurations use the same Conversations V1 bridge service.

## What it does
Reports a `conversationsV1Bridge.serviceId` that another configuration of the same scope also
uses. Each configuration gets one result per other configuration, at its `serviceId`, with the
other's `serviceId` as a related location. Placeholder and template service ids are skipped:
their text is not the service they will stand for.

## Why is this bad?
The API allows one configuration per Conversations V1 service (the OpenAPI spec of
`conversationsV1Bridge`: "one configuration per V1 Service SID"). Applying the second
configuration is expected to be refused (the configuration endpoints answer conflicts with
`409 Conflict`), and at most one of the two can receive that service's chat traffic: the
other configuration's chat conversations silently never appear.

## Example
```yaml
# harbor.yaml
conversationsV1Bridge:
  serviceId: IS5e8b1d4f7a0c3e6b9d2f5a8c1e4b7d0a
---
# pier.yaml
conversationsV1Bridge:
  serviceId: IS5e8b1d4f7a0c3e6b9d2f5a8c1e4b7d0a
```

Use instead:
```yaml
# harbor.yaml
conversationsV1Bridge:
  serviceId: IS5e8b1d4f7a0c3e6b9d2f5a8c1e4b7d0a
---
# pier.yaml: bridge another Conversations service, or none
conversationsV1Bridge:
  serviceId: IS0a7d4b1e8c5a2f9d6b3e0c7a4f1d8b5e
```

## How to fix
Bridge each Conversations V1 service from exactly one configuration: merge the two
configurations, or give one of them its own service.

## References
- https://www.twilio.com/docs/conversations/orchestrator/guides/classic-bridge
- https://github.com/twilio/twilio-oai/blob/main/spec/json/twilio_conversations_v2.json
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from co_lint.model import Configuration, sharing_pairs
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO302",
    name="duplicate-bridge-service",
    level="error",
    summary="The same conversationsV1Bridge.serviceId in two configurations.",
    tags=("cross-configuration", "bridge"),
)

_POINTER = "/conversationsV1Bridge/serviceId"


def _service_id(config: Configuration) -> Any:
    bridge = config.get("conversationsV1Bridge")
    return bridge.get("serviceId") if isinstance(bridge, dict) else None


def check_project(configs: list[Configuration]) -> Iterator[Hit]:
    for config, value, other, _ in sharing_pairs(configs, _service_id):
        yield Hit(
            config,
            _POINTER,
            f"bridge service {value!r} is also bridged by {other.where}: the API allows one "
            "configuration per Conversations V1 service; bridge it from one configuration only",
            related=((other, _POINTER, "value", f"the same serviceId in {other.where}"),),
        )
