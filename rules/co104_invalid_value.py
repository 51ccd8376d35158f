"""A value is not one of the allowed values.

## What it does
Reports a value outside an enumeration (`conversationGroupingType`, a callback `method`), with a did-you-mean hint for case slips and typos.

## Why is this bad?
The API rejects the configuration.

## Example
```yaml
conversationGroupingType: group_by_profile
```

Use instead:
```yaml
conversationGroupingType: GROUP_BY_PROFILE
```

## How to fix
Use one of the listed values.

## References
- https://www.twilio.com/docs/conversations/api/v2/configuration
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO104",
    name="invalid-value",
    level="error",
    summary="A value is not one of the allowed values.",
    tags=("schema",),
)
