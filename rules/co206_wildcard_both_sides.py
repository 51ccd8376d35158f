"""A capture rule has `*` on both sides.

## What it does
Reports a capture rule with `from: "*"` and `to: "*"` on SMS, VOICE, WHATSAPP or RCS, at the
rule's first key. CHAT is exempt: its documented bridged rule is `*` → `*` with `chatService`.

## Why is this bad?
`*` means "any address" for that field, so `*` → `*` captures every message (or every call) of
the channel on the whole account, not just this team's numbers. It then overlaps every other
configuration's rules, and the troubleshooting guide warns that when several configurations
match the same address, Conversation Orchestrator doesn't guarantee which one handles the
traffic. On VOICE, every captured call also gets real-time transcription, which is billed.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "*"
        to: "*"
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
List the Twilio addresses this configuration owns, each with a pair of rules (`X` → `*` and
`*` → `X`).

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/orchestrator/concepts/ingestion
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import WILDCARD

RULE = Rule(
    id="CO206",
    name="wildcard-both-sides",
    level="error",
    summary="A capture rule has * on both sides.",
    tags=("capture-rules",),
)

_CHANNELS = frozenset({"SMS", "VOICE", "WHATSAPP", "RCS"})


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.name not in _CHANNELS:
            continue
        pairs = channel.written_pairs
        if pairs is not None and (WILDCARD, WILDCARD) not in pairs:
            continue  # rules of from and to only, none from * to *
        for rule in channel.capture_rules:
            if rule.judged_sides or not rule.is_star_star:  # a judged side is never *: no call
                continue
            extra = " and transcribes every call (billed)" if channel.name == "VOICE" else ""
            yield Hit(
                config,
                rule.pointer,
                f'{channel.name} capture rule from "*" to "*" captures all {channel.name} traffic of the account'
                f"{extra}, overlapping every other configuration: list this configuration's own addresses instead",
                at="first_key",
            )
