"""A value does not have the required format.

## What it does
Reports a value that does not match its pattern (`displayName`: letters, digits, `-`, `_`, space; `conversationsV1Bridge.serviceId`: `IS` + 32 lower-case hex) or a callback `url` that is not an absolute URL. Template values (`${VAR}`) are not judged.

## Why is this bad?
The API rejects the configuration; a callback that is not a URL is never called.

## Example
```yaml
displayName: Harbor Desk (prod)
```

Use instead:
```yaml
displayName: Harbor Desk prod
```

## How to fix
Write the value in the required format.

## References
- https://www.twilio.com/docs/conversations/api/v2/configuration
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO105",
    name="invalid-format",
    level="error",
    summary="A value does not have the required format.",
    tags=("schema",),
)
