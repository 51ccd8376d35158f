"""A capture-rule address has a channel prefix that does not fit its channel.

## What it does
Reports, at the address:

- a `whatsapp:` or `rcs:` prefix under another channel (`whatsapp:+1…` under SMS, `rcs:…` under
  WHATSAPP), on every channel, CHAT included;
- a WHATSAPP or RCS channel that mixes prefixed and bare phone addresses (`whatsapp:+1…` in one
  rule, `+1…` in another): one result per channel, at the first phone address whose form differs
  from the channel's first phone address. RCS sender ids (`rcs:brand_agent`) do not count.

Placeholders and template values are not judged.

## Why is this bad?
Capture rules compare addresses exactly. A `whatsapp:` address under SMS is never the address of
an SMS message, so the rule captures nothing. WhatsApp and RCS addresses appear both bare (the
channels page) and prefixed (the API reference); the documented examples use one form per
configuration. Mixing them makes it unclear which form the traffic carries, and a rule and its
mirror that differ only in the prefix may not be the pair the troubleshooting guide asks for
("one with your Twilio address as `from`, one as `to`").

## Example
```yaml
channelSettings:
  WHATSAPP:
    captureRules:
      - from: "whatsapp:+12065550134"
        to: "*"
      - from: "*"
        to: "+12065550134"
```

Use instead:
```yaml
channelSettings:
  WHATSAPP:
    captureRules:
      - from: "whatsapp:+12065550134"
        to: "*"
      - from: "*"
        to: "whatsapp:+12065550134"
```

## How to fix
Move a prefixed address under the channel it names, or remove the prefix. In a WHATSAPP or RCS
channel, write every phone address in the same form.

## References
- https://www.twilio.com/docs/conversations/orchestrator/concepts/channels
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import CaptureRule, Configuration
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import CHANNELS, Address, channel_prefix, is_phone_like

RULE = Rule(
    id="CO209",
    name="channel-address-prefix",
    level="warning",
    summary="A capture-rule address has a channel prefix that does not fit its channel.",
    tags=("capture-rules", "addresses"),
)


def _as_written(rule: CaptureRule, sides: tuple[tuple[str, str, Address], ...]) -> tuple[tuple[str, str, Address], ...]:
    """Both judged sides of ``rule`` in the order the file writes them (``to`` may come first):
    the channel's first phone address is the first one written."""
    for key in rule.data:
        if key == "to":
            return sides[::-1]
        if key == "from":
            break
    return sides


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.name not in CHANNELS:
            continue
        own = channel_prefix(channel.name)
        if own is None and channel.phone_numbers_only:
            continue  # no prefix at all: a channel without its own reports only foreign ones
        first_form: bool | None = None  # whether the channel's first phone address is prefixed
        mixed_reported = False
        for rule in channel.capture_rules:
            sides = rule.judged_sides
            for side, value, address in _as_written(rule, sides) if len(sides) == 2 else sides:
                foreign = address.foreign_prefix(channel.name) if address.prefix is not None else None
                if foreign:
                    yield Hit(
                        config,
                        rule.side_pointer(side),
                        f'address "{value}" has a {foreign} prefix under {channel.name}: it is never the address '
                        f"of {channel.name} traffic; move the rule under {foreign[:-1].upper()} or remove the prefix",
                    )
                    continue
                if own is None or mixed_reported:
                    continue
                prefixed = address.prefix is not None  # then it is the channel's own
                if not address.phone_number and not is_phone_like(address.number):  # most are, without a call
                    continue
                if first_form is None:
                    first_form = prefixed
                elif prefixed != first_form:
                    mixed_reported = True
                    if prefixed:
                        fix = f'write it without the prefix, "{value[len(own) :]}"'
                    else:
                        fix = f'write it with the prefix, "{own}{value}"'
                    yield Hit(
                        config,
                        rule.side_pointer(side),
                        f'{channel.name} address "{value}" is written '
                        f"{'with' if prefixed else 'without'} the {own} prefix, but this channel's first phone "
                        f"address is written {'without' if prefixed else 'with'} it: {fix}, one form per channel",
                    )
