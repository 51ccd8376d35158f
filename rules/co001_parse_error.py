"""The file is not valid YAML or JSON.

## What it does
co-lint reports the parser's first error at its position (line and column) and checks nothing else in the file.

## Why is this bad?
A configuration that does not parse cannot be deployed: a sync script or CI job applying it fails, or, worse, a hand-edited copy drifts from git.

## Example
```json
{
  "displayName": "Harbor Desk"
  "description": "Messaging desk"
}
```

Use instead:
```json
{
  "displayName": "Harbor Desk",
  "description": "Messaging desk"
}
```

## How to fix
Fix the syntax at the reported position (a missing comma, an unclosed bracket, bad indentation).

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO001", name="parse-error", level="error", summary="The file is not valid YAML or JSON.", tags=("input",)
)
