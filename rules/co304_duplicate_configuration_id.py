"""Two configurations have the same id.

## What it does
Reports an `id` that another configuration of the same scope also has. Each configuration gets
one result per other configuration, at its `id`, with the other's as a related location.
Placeholder and template ids are skipped: their text is not the id they will stand for.

## Why is this bad?
A file keeps `id` to pair itself with the deployed configuration (`conv_configuration_…`) that a
PUT replaces. A PUT replaces the whole configuration, so two files with the same id overwrite
each other's deployment on every apply: whichever is applied last wins, and the other's
capture rules, timeouts and intelligence configurations are deleted.

## Example
```yaml
# harbor.yaml
id: conv_configuration_6b1d4f7h0j3l6n9p2r5t8v1x4z
displayName: Harbor Desk
---
# pier.yaml (copied from harbor.yaml)
id: conv_configuration_6b1d4f7h0j3l6n9p2r5t8v1x4z
displayName: Pier Desk
```

Use instead:
```yaml
# harbor.yaml
id: conv_configuration_6b1d4f7h0j3l6n9p2r5t8v1x4z
displayName: Harbor Desk
---
# pier.yaml: no id until it is created
displayName: Pier Desk
```

## How to fix
Remove the `id` from the copied file (it gets its own when it is created), or give it the id of
its own deployed configuration.

## References
- https://www.twilio.com/docs/api/conversations/v2/configuration/update-configuration
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration, sharing_pairs
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO304",
    name="duplicate-configuration-id",
    level="error",
    summary="The same configuration id in two configurations.",
    tags=("cross-configuration",),
)

_POINTER = "/id"


def check_project(configs: list[Configuration]) -> Iterator[Hit]:
    for config, value, other, _ in sharing_pairs(configs, lambda c: c.get("id")):
        yield Hit(
            config,
            _POINTER,
            f"id {value!r} is also the id of {other.where}: applying both files makes each "
            "replace the other's deployed configuration; remove the id from the copy or give it its own",
            related=((other, _POINTER, "value", f"the same id in {other.where}"),),
        )
