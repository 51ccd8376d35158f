"""Two configurations have the same displayName.

## What it does
Reports a `displayName` that another configuration of the same scope also uses, compared
case-insensitively (`Harbor Desk` and `HARBOR desk` are the same name). Each configuration
gets one result per other configuration, at its `displayName`, with the other's as a related
location. Placeholder and template names are skipped: they are filled in at deploy time.

## Why is this bad?
Creating or updating a configuration is asynchronous, and a completed POST or PUT operation may
not return the configuration's id (Twilio's troubleshooting guide, "Completed but no resource
ID"). Tooling therefore finds the configuration it just deployed by listing configurations and
matching on `displayName`; with two configurations of the same name, it updates or deletes the
wrong one. People reading the Console cannot tell them apart either.

## Example
```yaml
# harbor.yaml
displayName: Harbor Desk
---
# pier.yaml
displayName: HARBOR desk
```

Use instead:
```yaml
# harbor.yaml
displayName: Harbor Desk
---
# pier.yaml
displayName: Pier Desk
```

## How to fix
Give every configuration of an account its own name.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/orchestrator/concepts/async-operations
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration, sharing_pairs
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO303",
    name="duplicate-display-name",
    level="warning",
    summary="The same displayName (case-insensitive) in two configurations.",
    tags=("cross-configuration",),
)

_POINTER = "/displayName"


def check_project(configs: list[Configuration]) -> Iterator[Hit]:
    pairs = sharing_pairs(configs, lambda c: c.get("displayName"), key=str.casefold)
    for config, value, other, other_value in pairs:
        yield Hit(
            config,
            _POINTER,
            f"displayName {value!r} is also used by {other.where} ({other_value!r}; names are "
            "compared ignoring case): tools that find a deployed configuration by its name "
            "pick the wrong one; give each configuration its own name",
            related=((other, _POINTER, "value", f"the same displayName in {other.where}"),),
        )
