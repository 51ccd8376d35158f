"""A suppression comment that suppressed nothing.

## What it does
Reports a `# co-lint: disable=…` or `# co-lint: disable-file=…` comment, or one rule id in it,
that suppressed no finding in this run: the rule no longer reports anything on that line (or,
for `disable-file`, anywhere in the file), the id is not a rule, or the comment is not a
directive co-lint understands (`# co-lint: disabel=CO201`). Ids of rules that did not run
(`--select`, `ignore`) are not judged. The finding is at the comment. `CO008` named in a
directive is never itself reported as unused, and `# co-lint: disable-file=CO008` silences
this rule for the file (as ruff treats RUF100 in a `noqa`).

## Why is this bad?
Suppressions outlive the problems they silenced. A stale one hides the next real problem on
that line without anyone noticing, and a misspelt one suppresses nothing while looking as if
it did.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"  # co-lint: disable=CO201
        to: "*"
      - from: "*"
        to: "+12065550134"
```

Use instead:
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
      - from: "*"
        to: "+12065550134"
```

## How to fix
Remove the comment, or the ids in it that the message names.

## References
- https://docs.astral.sh/ruff/rules/unused-noqa/
"""

from co_lint.rule import Rule

RULE = Rule(
    id="CO008",
    name="unused-suppression",
    level="note",
    summary="A suppression comment that suppressed nothing.",
    tags=("input",),
)
