"""A channel has more than 100 capture rules.

## What it does
Reports a channel whose `captureRules` list holds more than 100 rules, at the `captureRules` key.

## Why is this bad?
Twilio's Conversation Orchestrator skill states a limit of 100 capture rules per channel per
configuration. A longer list is rejected when the configuration is created or updated; the
asynchronous operation fails ("malformed capture rules" is a common cause of an immediate failure
in the troubleshooting guide), and the live configuration keeps its old rules.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:   # 102 rules: 51 numbers, both directions
      - from: "+12065551000"
        to: "*"
      - from: "*"
        to: "+12065551000"
      # ...
```

Use instead:
```yaml
# desk-a.yaml: the first 50 numbers; desk-b.yaml: the rest
channelSettings:
  SMS:
    captureRules:
      - from: "+12065551000"
        to: "*"
      - from: "*"
        to: "+12065551000"
      # ...
```

## How to fix
Split the numbers across several configurations (each number in exactly one of them), or
capture high-volume or dynamic traffic through active ingestion instead.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://github.com/twilio/ai/blob/main/skills/twilio/twilio-conversation-orchestrator/SKILL.md
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import CHANNELS

RULE = Rule(
    id="CO210",
    name="too-many-capture-rules",
    level="warning",
    summary="A channel has more than 100 capture rules.",
    tags=("capture-rules", "limits"),
)

LIMIT = 100


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.name not in CHANNELS or not isinstance(channel.data, dict):
            continue
        rules = channel.data.get("captureRules")
        if isinstance(rules, list) and len(rules) > LIMIT:
            yield Hit(
                config,
                channel.capture_rules_pointer,
                f"{channel.name} has {len(rules)} capture rules, more than the {LIMIT} allowed per channel: "
                "split the addresses across configurations",
                at="key",
            )
