"""A property the configuration schema does not define.

## What it does
Reports a key that the configuration schema does not know, at the key, with a did-you-mean hint.

## Why is this bad?
A misspelt key is ignored or rejected by the API: `captureRule` instead of `captureRules` means no capture rule at all.

## Example
```yaml
channelSettings:
  SMS:
    captureRule: []
```

Use instead:
```yaml
channelSettings:
  SMS:
    captureRules: []
```

## How to fix
Fix the spelling or remove the key.

## References
- https://www.twilio.com/docs/conversations/api/v2/configuration
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO101",
    name="unknown-property",
    level="error",
    summary="A property the configuration schema does not define.",
    tags=("schema",),
)
