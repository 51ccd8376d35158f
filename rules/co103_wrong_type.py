"""A value has the wrong type (or is empty where a value is required).

## What it does
Reports a value whose type differs from the schema's (a list where a mapping is expected, a string where an integer is), an empty value (`key:` with nothing after it, `~`, `null`) where a string is expected, and a document whose root is not a mapping.

## Why is this bad?
The API rejects the configuration, or a sync tool crashes on it.

## Example
```yaml
statusTimeouts:
  closed: "60"
```

Use instead:
```yaml
statusTimeouts:
  closed: 60
```

## How to fix
Write the value with the expected type.

## References
- https://www.twilio.com/docs/conversations/api/v2/configuration
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO103",
    name="wrong-type",
    level="error",
    summary="A value has the wrong type (or is empty where a value is required).",
    tags=("schema",),
)
