"""A mapping key is defined twice.

## What it does
Reports the second occurrence of a key in the same mapping, in YAML and JSON, at any depth.

## Why is this bad?
Both YAML and JSON loaders keep the later value silently: the first one, which a reviewer may be reading, is not what is deployed.

## Example
```yaml
displayName: Harbor Desk
description: Desk
displayName: Harbor Desk Two
```

Use instead:
```yaml
displayName: Harbor Desk
description: Desk
```

## How to fix
Keep one of the two keys.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from co_lint.rule import Rule

RULE = Rule(id="CO002", name="duplicate-key", level="error", summary="A mapping key is defined twice.", tags=("input",))
