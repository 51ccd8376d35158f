"""A non-VOICE capture rule has a `callType`.

## What it does
Reports `metadata.callType` on a capture rule of SMS, WHATSAPP, RCS or CHAT, at the `callType`
key.

## Why is this bad?
`callType` is a voice concept: the channels page documents it for VOICE rules only (PSTN, CLIENT,
PUBLIC_SIP), and messaging rules normally carry no metadata. Capture-rule metadata is extra
matching criteria, so on a messaging channel the key is at best ignored and at worst makes the
rule match nothing — and it usually means the rule was copied from a VOICE block or pasted under
the wrong channel.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
        metadata:
          callType: "PSTN"
```

Use instead:
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
```

## How to fix
Remove `callType` from the rule, or move the rule under `VOICE` if it was meant for calls.

## References
- https://www.twilio.com/docs/conversations/orchestrator/concepts/channels
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO212",
    name="calltype-on-non-voice",
    level="warning",
    summary="A non-VOICE capture rule has a callType.",
    tags=("capture-rules",),
)

_CHANNELS = frozenset({"SMS", "WHATSAPP", "RCS", "CHAT"})


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.name not in _CHANNELS or channel.written_pairs is not None:  # no rule has metadata
            continue
        for rule in channel.capture_rules:
            if "callType" in rule.metadata:
                yield Hit(
                    config,
                    f"{rule.pointer}/metadata/callType",
                    f"callType is a VOICE setting, but this rule is under {channel.name}: remove it, "
                    "or move the rule under VOICE",
                    at="key",
                )
