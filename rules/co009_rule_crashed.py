"""A rule raised an exception while checking this file.

## What it does
Reports a rule (built-in, plug-in or a team's own) that raised, with the rule's id, name and the exception. The other rules still run.

## Why is this bad?
A crashing rule checks nothing: without this finding the file would look clean.

## Example
```text
(any input that makes a rule raise)
```

Use instead:
```text
(the rule fixed)
```

## How to fix
Report the crash to the rule's author with the file that triggers it.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO009",
    name="rule-crashed",
    level="error",
    summary="A rule raised an exception while checking this file.",
    tags=("input",),
)
