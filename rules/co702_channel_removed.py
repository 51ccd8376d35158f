"""A channel present at the base revision is gone.

## What it does
With `--base REV`, reports each channel of `channelSettings` at `REV` that the configuration no
longer has, at the `channelSettings` key (at the configuration's first key when `channelSettings`
itself is gone). Its capture rules are not listed again by CO703.

## Why is this bad?
A PUT replaces the whole configuration: the channel's capture rules are deleted from the live
configuration, and its traffic silently stops being captured — no conversations, no memory, no
intelligence for it. Conversations already open keep the configuration version they started
with, so the gap shows only in new traffic.

## Example
```yaml
# at origin/main
channelSettings:
  SMS:
    captureRules:
      - {from: "+12065550134", to: "*"}
      - {from: "*", to: "+12065550134"}
  WHATSAPP:
    captureRules:
      - {from: "whatsapp:+12065550134", to: "*"}
      - {from: "*", to: "whatsapp:+12065550134"}
# now: WHATSAPP deleted
channelSettings:
  SMS:
    captureRules:
      - {from: "+12065550134", to: "*"}
      - {from: "*", to: "+12065550134"}
```

Use instead: keep the channel, or move it to the configuration that should capture it in the
same change.

## How to fix
Put the channel back, or, if its traffic should no longer be captured, suppress the finding
so the decision is recorded in review.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/api/conversations/v2/configuration/update-configuration
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.changes import revision_of
from co_lint.model import MISSING, Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO702",
    name="channel-removed",
    level="warning",
    summary="A channel present at the --base revision is gone: its traffic stops being captured.",
    tags=("change", "capture-rules"),
)


def check_change(base: Configuration, current: Configuration) -> Iterator[Hit]:
    settings = current.get("channelSettings")
    if not (base.is_mapping and current.is_mapping):
        return
    if not (settings is MISSING or settings is None or isinstance(settings, dict)):
        return  # channelSettings of the wrong type: CO103 says so, and no channel can be compared
    present = {channel.name for channel in current.channels}
    pointer, at = ("/channelSettings", "key") if isinstance(settings, dict) else ("", "first_key")
    for channel in base.channels:
        if channel.name in present:
            continue
        count = len(channel.capture_rules)
        rules = f"{count} capture rule{'s' * (count != 1)}"
        yield Hit(
            current,
            pointer,
            f"channel {channel.name} was removed (at {revision_of(base)} it had {rules}): its traffic is no "
            "longer captured by this configuration",
            at=at,
            fingerprint=channel.name,
        )
