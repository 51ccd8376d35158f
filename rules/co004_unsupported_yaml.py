"""A YAML tag outside the core schema, or an alias expansion that is too large.

## What it does
Reports a tag outside YAML's core schema (`!!python/object/apply:...`, `!Join`, `!!binary`) and an alias expansion that adds more than 10,000 nodes to one document (a "billion laughs"). The document is not checked further; CO002 found while reading it is still reported.

## Why is this bad?
Custom tags mean a tool other than the Twilio API interprets the file; language tags are a code-execution risk in unsafe loaders. Alias bombs exhaust memory in tools that expand them.

## Example
```yaml
description: !Join [' ', [Harbor, desk]]
```

Use instead:
```yaml
description: Harbor desk
```

## How to fix
Write plain values; expand templates before committing or use a template value (`${VAR}`).

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO004",
    name="unsupported-yaml",
    level="error",
    summary="A YAML tag outside the core schema, or an alias expansion that is too large.",
    tags=("input",),
)
