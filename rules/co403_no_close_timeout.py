"""A configuration whose conversations may never close.

## What it does
Reports (as a note) a configuration with no channel at all, at its first key, and an `SMS`,
`WHATSAPP`, `RCS` or `CHAT` channel whose `statusTimeouts` has no integer `closed` (absent,
`null`, or without `closed`), at the channel key. `VOICE` is CO401's: there `null` is the
recommended value. A `closed` of the wrong type is the schema's to report.

## Why is this bad?
A conversation without a close timeout may stay `ACTIVE` indefinitely, and end-of-conversation
work never runs: `CONVERSATION_END` intelligence operators fire on `CLOSED`, and memory
extraction has not fired while a conversation is still `ACTIVE` (Twilio's troubleshooting guide,
"Memory extraction not producing observations"). A public project recorded a conversation that
stayed ACTIVE for days with `channelSettings: {}`. It is a note, not a warning: the defaults the
server applies when `statusTimeouts` is omitted are undocumented and may close conversations.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
      - from: "*"
        to: "+12065550134"
```

Use instead:
```yaml
channelSettings:
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 1440
    captureRules:
      - from: "+12065550134"
        to: "*"
      - from: "*"
        to: "+12065550134"
```

## How to fix
Give each messaging channel `statusTimeouts` with an integer `closed` (minutes after the last
communication), or close conversations explicitly through the API.

## References
- https://www.twilio.com/docs/conversations/orchestrator/concepts/lifecycle
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import MISSING, Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO403",
    name="no-close-timeout",
    level="note",
    summary="A configuration or messaging channel without a closed timeout: conversations may never close.",
    tags=("lifecycle",),
)

_MESSAGING = frozenset({"SMS", "WHATSAPP", "RCS", "CHAT"})
_CONSEQUENCE = "its conversations may never close, so CONVERSATION_END operators and memory summaries never run"


def check(config: Configuration) -> Iterator[Hit]:
    settings = config.get("channelSettings")
    if settings is MISSING or (isinstance(settings, dict) and not settings):
        yield Hit(
            config,
            "",
            f"this configuration has no channel at all: {_CONSEQUENCE}; add a channel with "
            "`statusTimeouts.closed`, or close conversations through the API",
            at="first_key",
        )
        return
    for channel in config.channels:
        if channel.name not in _MESSAGING or not isinstance(channel.data, dict):
            continue
        timeouts = channel.status_timeouts
        if timeouts is MISSING:
            what = "has no statusTimeouts"
        elif timeouts is None:
            what = "has `statusTimeouts: null`"
        elif isinstance(timeouts, dict):
            closed = timeouts.get("closed")
            if closed is not None:
                continue  # an integer, or a wrong type the schema reports, or an opaque template
            what = "has no statusTimeouts.closed"
        else:
            continue  # a wrong type (the schema reports it) or a template value
        yield Hit(
            config,
            channel.pointer,
            f"{channel.name} {what}: {_CONSEQUENCE}; set `statusTimeouts.closed` (minutes after the last "
            "communication)",
            at="key",
        )
