"""A capture rule has no rule for the opposite direction.

## What it does
Checks that every capture rule of an SMS, WHATSAPP, RCS or VOICE channel is mirrored in the
same configuration. A rule with one wildcard side (`from: X, to: "*"`) needs a rule with the
same comparison key (channel; on VOICE also the effective `callType`) that has `X` on the
opposite side and `*` on the other (`from: "*", to: X`). A rule with both sides concrete
(`from: X, to: Y`) needs its mirror (`from: Y, to: X`). Addresses are compared as written after
a `whatsapp:`/`rcs:` prefix is removed; placeholder and template values are compared by their
text too (this is a structural rule). The finding is at the concrete address (for a rule with
both sides concrete, at its `from`).

It is an error on SMS, WHATSAPP and RCS, and a note on VOICE, where capturing only inbound calls
is a common deliberate choice. CHAT is never checked: bridged chat uses one `*` → `*` rule.

## Why is this bad?
A capture rule matches one direction only. Twilio's troubleshooting guide lists one-directional
rules as the first cause of "No conversation created after sending a message": make capture
rules bidirectional, one with your Twilio address as `from`, one as `to`. Without the mirror,
the replies sent from your number (or the messages it receives) are never captured, and the
conversation holds only half of the exchange.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "*"
        to: "+12065550134"
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
Add the mirror rule the message names, with the same `metadata` (on VOICE, the same
`callType`). On VOICE, if capturing only inbound calls is intended, ignore the rule for that file.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/orchestrator/concepts/ingestion
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import CaptureRule, Configuration, comparison_key
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import comparable_address

RULE = Rule(
    id="CO201",
    name="capture-not-bidirectional",
    level="error",
    summary="A capture rule has no rule for the opposite direction.",
    tags=("capture-rules",),
)

#: Channels this rule checks, and the level when it differs from the default.
_CHANNELS = {"SMS": None, "WHATSAPP": None, "RCS": None, "VOICE": "note"}


def _mirror_hint(channel: str, from_: str, to: str, call_type: object) -> str:
    hint = f'{{from: "{from_}", to: "{to}"'
    if channel == "VOICE" and isinstance(call_type, str):
        hint += f', metadata: {{callType: "{call_type}"}}'
    return hint + "}"


def _all_mirrored(pairs: set[tuple[str, str]]) -> bool:
    """Whether every ``(from, to)`` of ``pairs`` has its mirror ``(to, from)`` in it.

    For a channel whose rules are ``from`` and ``to`` only (:attr:`Channel.written_pairs`):
    they share one comparison key, so this is the test below for all of them, without an
    entry per rule (most channels are such, and all mirrored).
    """
    for from_, to in pairs:  # noqa: SIM110 - a quarter faster than all() over a generator
        if (to, from_) not in pairs:
            return False
    return True


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.name not in _CHANNELS:
            continue
        pairs = channel.written_pairs
        if pairs is not None and _all_mirrored(pairs):
            continue  # rules of from and to only (one comparison key), each with its mirror as written
        level = _CHANNELS[channel.name]
        # (comparison key, from, to) of every complete rule, as written: a rule whose mirror is
        # written the same way (most are) needs nothing more. Only when some mirror is missing
        # are addresses compared without their prefix, with wildcards as None.
        written: list[tuple[CaptureRule, tuple]] = []
        present: set[tuple] = set()
        empty_key = comparison_key(channel.name, {})  # the key of the rules with no metadata
        for rule in channel.capture_rules:
            from_, to = rule.from_, rule.to
            if from_ is None or to is None:  # a side that is not a string
                continue
            key = comparison_key(channel.name, rule.metadata) if rule.metadata else empty_key
            if key is None:  # unknown callType: compared with nothing (rules.md §0)
                continue
            entry = (key, from_, to)
            written.append((rule, entry))
            present.add(entry)
        # A rule with * on both sides is its own mirror.
        missing = [(rule, entry) for rule, entry in written if (entry[0], entry[2], entry[1]) not in present]
        if not missing:
            continue
        compared = {(key, comparable_address(from_), comparable_address(to)) for key, from_, to in present}
        for rule, (key, from_, to) in missing:
            from_, to = comparable_address(from_), comparable_address(to)
            if (key, to, from_) in compared:
                continue
            call_type = rule.call_type
            if to is None:
                side, address = "from", rule.from_
                message = (
                    f'{channel.name} capture rule captures traffic from "{address}" but no rule captures '
                    f"traffic to it: add {_mirror_hint(channel.name, '*', address, call_type)}"
                )
            elif from_ is None:
                side, address = "to", rule.to
                message = (
                    f'{channel.name} capture rule captures traffic to "{address}" but no rule captures '
                    f"traffic from it: add {_mirror_hint(channel.name, address, '*', call_type)}"
                )
            else:
                side = "from"
                message = (
                    f'{channel.name} capture rule from "{rule.from_}" to "{rule.to}" has no mirror rule: '
                    f"add {_mirror_hint(channel.name, rule.to, rule.from_, call_type)}"
                )
            if channel.name == "VOICE":
                message += " (ignore this note if capturing one direction of calls is intended)"
            else:
                message += " so both directions of the conversation are captured"
            yield Hit(config, rule.side_pointer(side), message, level=level)
