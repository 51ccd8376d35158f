"""A read-only or response-only field pasted from a GET response.

## What it does
Reports `createdAt`, `updatedAt`, `version`, `statusUrl`, `related` and the response-only `traitExtractionStrategyIds`, `observationExtractionStrategyIds`, `redactionConfigurationId` in a desired-state file, at the key.

## Why is this bad?
These fields are set by the API; in a file they are stale the moment it is committed and they are not part of the PUT body.

## Example
```yaml
version: 7
displayName: Harbor Desk
```

Use instead:
```yaml
displayName: Harbor Desk
```

## How to fix
Remove the field (an exported configuration keeps `id` to pair the file with its deployment).

## References
- https://www.twilio.com/docs/conversations/api/v2/configuration
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO107",
    name="read-only-property",
    level="note",
    summary="A read-only or response-only field pasted from a GET response.",
    tags=("schema",),
)
