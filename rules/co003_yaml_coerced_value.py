"""An unquoted YAML scalar loads as a number, boolean or date where a string is expected.

## What it does
Reports a plain (unquoted) YAML scalar that YAML 1.1 resolves to an int, float, bool (`yes`, `no`, `on`, `off`, `true`, `false` in any case) or timestamp where the schema expects a string. Later rules judge the scalar's source text, so `from: +13125550191` is checked as the address `+13125550191`.

## Why is this bad?
`from: +13125550191` loads as the integer 13125550191: the `+` is gone and the capture rule never matches (capture rules compare addresses exactly). `to: no` becomes `false`.

## Example
```yaml
captureRules:
  - from: +13125550191
    to: "*"
```

Use instead:
```yaml
captureRules:
  - from: "+13125550191"
    to: "*"
```

## How to fix
Quote the value.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO003",
    name="yaml-coerced-value",
    level="error",
    summary="An unquoted YAML scalar loads as a number, boolean or date where a string is expected.",
    tags=("input",),
)
