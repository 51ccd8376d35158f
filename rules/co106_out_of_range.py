"""A value is too long, too short, too small, or a list has too many items.

## What it does
Reports `displayName` over 32 characters, `description` over 512, an empty `memoryStoreId`, timeouts below 1 minute, more than 2 `statusCallbacks` or more than 5 `intelligenceConfigurationIds`.

## Why is this bad?
The API rejects the configuration.

## Example
```yaml
statusTimeouts:
  closed: 0
```

Use instead:
```yaml
statusTimeouts:
  closed: 60
```

## How to fix
Bring the value within the limit.

## References
- https://www.twilio.com/docs/conversations/api/v2/configuration
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO106",
    name="out-of-range",
    level="error",
    summary="A value is too long, too short, too small, or a list has too many items.",
    tags=("schema",),
)
