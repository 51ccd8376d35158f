"""A VOICE channel whose statusTimeouts is not explicitly null.

## What it does
Reports a `VOICE` channel whose `statusTimeouts` is set to anything but `null`, at the
`statusTimeouts` key, or that has no `statusTimeouts` at all, at the `VOICE` key.

## Why is this bad?
The voice timeout clock only starts when a transcription event arrives. A silent call produces
no transcription, so its conversation never leaves `ACTIVE` (Twilio's troubleshooting guide,
"Voice conversation stuck in ACTIVE"), and a short `closed` timeout can close a conversation
while a long call is still on hold. With `"statusTimeouts": null` conversations close as soon
as the final transcription event arrives. Without the key the defaults are undocumented.

## Example
```yaml
channelSettings:
  VOICE:
    statusTimeouts:
      inactive: 5
      closed: 30
    captureRules:
      - from: "*"
        to: "+12065550134"
```

Use instead:
```yaml
channelSettings:
  VOICE:
    statusTimeouts: null
    captureRules:
      - from: "*"
        to: "+12065550134"
```

## How to fix
Set `statusTimeouts: null` on the `VOICE` channel so each conversation closes with its call,
or close voice conversations yourself through the API.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/orchestrator/concepts/lifecycle
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import MISSING, Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO401",
    name="voice-status-timeouts",
    level="warning",
    summary="A VOICE channel whose statusTimeouts is not explicitly null.",
    tags=("lifecycle", "voice"),
)


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.name != "VOICE" or not isinstance(channel.data, dict):
            continue
        timeouts = channel.status_timeouts
        if timeouts is None:
            continue
        if timeouts is MISSING:
            yield Hit(
                config,
                channel.pointer,
                "VOICE has no statusTimeouts: the defaults are undocumented, and voice timers only start at "
                "a transcription event, so a silent call can stay ACTIVE; add `statusTimeouts: null` "
                "to close each conversation with its call",
                at="key",
            )
        else:
            yield Hit(
                config,
                f"{channel.pointer}/statusTimeouts",
                "VOICE statusTimeouts is set: voice timers only start at a transcription event, so a silent "
                "call stays ACTIVE and a long call can be closed while still live; use "
                "`statusTimeouts: null` to close each conversation with its call",
                at="key",
            )
