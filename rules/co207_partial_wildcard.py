"""A capture-rule address has `*` inside a longer value.

## What it does
Reports an address such as `+1206555*`, `agent-*` or `*@example.com`: a `*` that is not the
whole value. Every channel is checked, CHAT included. Template values are not judged.

## Why is this bad?
Only the whole value `*` is a wildcard ("any address" for that field). Capture rules compare
addresses exactly, with no pattern matching (the troubleshooting guide: "Capture rules compare
addresses exactly"), so a partial wildcard is compared literally and matches nothing: the
numbers it was meant to cover are never captured.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+1206555*"
        to: "*"
```

Use instead:
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
      - from: "+12065550188"
        to: "*"
```

## How to fix
List each address explicitly (with its mirror rule), or use the whole value `*`.

## References
- https://www.twilio.com/docs/conversations/orchestrator/concepts/ingestion
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import CHANNELS, WILDCARD, is_partial_wildcard

RULE = Rule(
    id="CO207",
    name="partial-wildcard",
    level="error",
    summary="A capture-rule address has * inside a longer value.",
    tags=("capture-rules",),
)


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.name not in CHANNELS or channel.phone_numbers_only:  # no * in a phone number
            continue
        for rule in channel.capture_rules:
            for side, value, _address in rule.judged_sides:
                if WILDCARD not in value or not is_partial_wildcard(value):  # most hold no *: no call
                    continue
                yield Hit(
                    config,
                    rule.side_pointer(side),
                    f'address "{value}" has * inside a longer value: only the whole value "*" is a wildcard, '
                    "so this is compared literally and matches nothing; list the addresses explicitly",
                )
