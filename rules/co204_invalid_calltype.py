"""A VOICE capture rule's `callType` is not a documented value.

## What it does
Checks `metadata.callType` of VOICE capture rules. A value other than `PSTN`, `CLIENT`,
`PUBLIC_SIP` or `SIP` is an error, with a did-you-mean hint (`pstn` → `PSTN`). `SIP` is a
warning: older material and the API description use it, but the documented value is
`PUBLIC_SIP`. Placeholders and template values are not judged. `callType` on other channels is
CO212's.

## Why is this bad?
The call type decides how Conversation Orchestrator reads the rule's address: the channels page
documents `PSTN`, `CLIENT` and `PUBLIC_SIP`, and rules without a usable call type fall back to PSTN
matching (the troubleshooting guide: "Passive voice capture rules default to PSTN matching").
Values are case-sensitive: `pstn` or `Client` is not a call type, so the update is rejected or the
rule does not capture the calls it was written for.

## Example
```yaml
channelSettings:
  VOICE:
    statusTimeouts: null
    captureRules:
      - from: "*"
        to: "sip:desk@harbor-ops.sip.twilio.com"
        metadata:
          callType: "SIP"
```

Use instead:
```yaml
channelSettings:
  VOICE:
    statusTimeouts: null
    captureRules:
      - from: "*"
        to: "sip:desk@harbor-ops.sip.twilio.com"
        metadata:
          callType: "PUBLIC_SIP"
```

## How to fix
Use one of `PSTN`, `CLIENT` or `PUBLIC_SIP`, written in upper case.

## References
- https://www.twilio.com/docs/conversations/orchestrator/concepts/channels
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration, is_opaque_text
from co_lint.rule import Hit, Rule
from co_lint.suggest import closest

RULE = Rule(
    id="CO204",
    name="invalid-calltype",
    level="error",
    summary="A VOICE capture rule's callType is not a documented value.",
    tags=("capture-rules", "voice"),
)

_DOCUMENTED = ("PSTN", "CLIENT", "PUBLIC_SIP")


def check(config: Configuration) -> Iterator[Hit]:
    channel = config.channel("VOICE")
    if channel is None or channel.written_pairs is not None:  # no rule has metadata
        return
    for rule in channel.capture_rules:
        value = rule.call_type
        if not isinstance(value, str) or value in _DOCUMENTED or is_opaque_text(value):
            continue
        pointer = f"{rule.pointer}/metadata/callType"
        if value == "SIP":
            yield Hit(
                config,
                pointer,
                'callType "SIP" is not a documented call type: use "PUBLIC_SIP" for SIP calls',
                level="warning",
            )
            continue
        match = closest(value, (*_DOCUMENTED, "SIP"))
        if match == "SIP":
            match = "PUBLIC_SIP"
        hint = f' (did you mean "{match}"?)' if match else ""
        yield Hit(
            config,
            pointer,
            f'callType "{value}" is not a call type{hint}: use PSTN, CLIENT or PUBLIC_SIP (values are case-sensitive)',
        )
