"""The same capture rule appears twice in one channel.

## What it does
Reports a capture rule whose `from`, `to` and `metadata` are the same as an earlier rule's in
the same channel of the same configuration, at the later rule's first key. Values are compared
as written (an absent `metadata` equals `{}`); placeholder and template values are compared by
their text. `whatsapp:+1…` and `+1…` are different texts: mixing them is CO209's.

## Why is this bad?
A duplicate adds nothing — capture rules match exactly — but it counts against the limit of
100 capture rules per channel, and it usually is a copy-paste slip: the rule that was meant to
be written (often the mirror, which the troubleshooting guide requires: "one with your Twilio
address as `from`, one as `to`") is missing.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
      - from: "+12065550134"
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
Delete the duplicate, or change it into the rule that was meant.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import MISSING, CaptureRule, Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO208",
    name="duplicate-capture-rule",
    level="warning",
    summary="The same capture rule appears twice in one channel.",
    tags=("capture-rules",),
)


def _as_written(value: object) -> str:
    """A comparable text for any loaded value (dicts compared regardless of key order)."""
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{k!r}:{_as_written(v)}" for k, v in value.items())) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_as_written(v) for v in value) + "]"
    return repr(value)


def _side_key(value: object) -> object:
    """A side as the duplicate test compares it. Most sides are strings: a string is its own
    key (two strings are equal exactly when their ``repr`` is), which saves building a
    ``repr`` for every side; any other value is its :func:`_as_written` text in a tuple, so
    that it never equals a string."""
    return value if value.__class__ is str else (_as_written(value),)


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        pairs = channel.written_pairs
        if pairs is not None and len(pairs) == len(channel.capture_rules):
            continue  # rules of from and to only, no two alike (most channels)
        seen: dict[tuple[object, object, str], CaptureRule] = {}
        for rule in channel.capture_rules:
            data = rule.data
            from_, to, metadata = data.get("from", MISSING), data.get("to", MISSING), data.get("metadata", MISSING)
            key = (  # a string side is its own key: no call for it
                from_ if from_.__class__ is str else _side_key(from_),
                to if to.__class__ is str else _side_key(to),
                "{}" if metadata is MISSING else _as_written(metadata),
            )
            first = seen.get(key)
            if first is None:
                seen[key] = rule
                continue
            yield Hit(
                config,
                rule.pointer,
                f"{channel.name} capture rule #{rule.index + 1} repeats rule #{first.index + 1} "
                "(same from, to and metadata): delete it or change it into the rule that was meant",
                at="first_key",
                related=((config, first.pointer, "first_key", "first defined here"),),
            )
