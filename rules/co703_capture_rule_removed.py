"""A capture rule present at the base revision is gone.

## What it does
With `--base REV`, lists the capture rules a channel had at `REV` that it no longer has — no
rule of the same channel is now written the same (`from`, `to` and `metadata`; a value YAML
coerced, CO003, counts as its quoted text) — in one note per channel, at the channel's
`captureRules` key (at the channel's key when `captureRules` itself is gone). A rule whose
address or metadata was edited shows as removed (the new one is a different rule). Removing one
copy of a duplicated rule (CO208) is silent, and so are the rules of a removed channel (CO702).

## Why is this bad?
Traffic the rule captured is no longer captured by this configuration once the change is
deployed: usually intended, but a removed mirror rule (CO201) or a rule lost in a merge halves
what is captured without any error. The note makes the change visible in review.

## Example
```yaml
# at origin/main
channelSettings:
  SMS:
    captureRules:
      - {from: "+12065550134", to: "*"}
      - {from: "*", to: "+12065550134"}
# now: the inbound rule is gone
channelSettings:
  SMS:
    captureRules:
      - {from: "+12065550134", to: "*"}
```

Use instead:
```yaml
channelSettings:
  SMS:
    captureRules:
      - {from: "+12065550134", to: "*"}
      - {from: "*", to: "+12065550134"}
```

## How to fix
If the traffic should still be captured, put the rule back (or add it to the configuration that
now owns the address). Otherwise nothing: the note records the change.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/orchestrator/concepts/core
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from co_lint.changes import revision_of, show
from co_lint.model import CaptureRule, Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO703",
    name="capture-rule-removed",
    level="note",
    summary="A capture rule present at the --base revision is gone.",
    tags=("change", "capture-rules"),
)


def _key(rule: CaptureRule) -> str:
    return json.dumps(rule.data, sort_keys=True, ensure_ascii=False, default=str)


def describe(rule: CaptureRule) -> str:
    """``+12065550134 → *``, with the metadata when there is any."""
    sides = " → ".join(value if isinstance(value, str) else "?" for value in (rule.from_, rule.to))
    return f"{sides} {show(rule.metadata)}" if rule.metadata else sides


def check_change(base: Configuration, current: Configuration) -> Iterator[Hit]:
    if not (base.is_mapping and current.is_mapping):
        return
    for old in base.channels:
        new = current.channel(old.name)
        if new is None:
            continue  # the whole channel is gone: CO702
        kept = {_key(rule) for rule in new.capture_rules}
        removed, seen = [], set()
        for rule in old.capture_rules:
            key = _key(rule)
            if key not in kept and key not in seen:
                seen.add(key)
                removed.append(rule)
        if not removed:
            continue
        has_rules = isinstance(new.data, dict) and "captureRules" in new.data
        count = f"{len(removed)} capture rule{'s' * (len(removed) != 1)}"
        yield Hit(
            current,
            new.capture_rules_pointer if has_rules else new.pointer,
            f"{count} of {old.name} removed since {revision_of(base)}: "
            + "; ".join(describe(rule) for rule in removed)
            + " — that traffic is no longer captured by this configuration",
            at="key",
            fingerprint="\n".join(sorted(seen)),
        )
