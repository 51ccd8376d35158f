"""A required property is missing.

## What it does
Reports a required key that is absent, at the mapping that lacks it: `displayName`, `description`, `conversationGroupingType`, `memoryStoreId` and `channelSettings` at the top; `from` and `to` in a capture rule; `url` in a status callback; `serviceId` in `conversationsV1Bridge`.

## Why is this bad?
The API rejects a PUT without its required fields (the operation fails asynchronously), and a capture rule without `to` is malformed.

## Example
```yaml
captureRules:
  - from: "*"
```

Use instead:
```yaml
captureRules:
  - from: "*"
    to: "+12065550134"
```

## How to fix
Add the property.

## References
- https://www.twilio.com/docs/conversations/api/v2/configuration
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO102", name="missing-property", level="error", summary="A required property is missing.", tags=("schema",)
)
