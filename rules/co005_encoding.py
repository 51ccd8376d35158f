"""The file is not UTF-8 text.

## What it does
Reports a file that is not valid UTF-8 (a UTF-8 byte order mark is fine), that is UTF-16, that contains NUL bytes, or that is too large to be a configuration. Located at line 1, column 1; nothing else in the file is checked.

## Why is this bad?
The API takes JSON in UTF-8; a file in another encoding is deployed garbled or not at all.

## Example
```text
(a file saved as UTF-16 or Latin-1)
```

Use instead:
```text
(the same file saved as UTF-8)
```

## How to fix
Re-save the file as UTF-8.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from co_lint.rule import Rule

RULE = Rule(id="CO005", name="encoding", level="error", summary="The file is not UTF-8 text.", tags=("input",))
