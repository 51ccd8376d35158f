"""A capture-rule phone number cannot exist for its country code.

## What it does
Reports an E.164-shaped address (after removing a `whatsapp:`/`rcs:` prefix) that is not a
possible number for its country code — wrong length, or a country code that does not exist —
as judged by the `phonenumbers` library (`is_possible_number`). It checks SMS, WHATSAPP, RCS and
VOICE rules of any call type but CLIENT; CHAT addresses are not phone numbers. Fictional but
possible numbers (`+1 555 …`) stay silent. Placeholders and template values are not judged.

## Why is this bad?
A number with a digit too many or too few is well-formed E.164 yet no real number: no message or
call ever has it as an address, so the capture rule never matches. The troubleshooting guide lists
invalid phone numbers as a common cause of failed configuration operations, and error 21614
("Invalid phone number") for such values.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+120655501"
        to: "*"
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
Copy the number again from the Twilio Console (Phone Numbers), with its full country code and
every digit.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/glossary/what-e164
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.numbering import possible_uncached
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO211",
    name="impossible-phone-number",
    level="warning",
    summary="A capture-rule phone number cannot exist for its country code.",
    tags=("capture-rules", "addresses"),
)

_CHANNELS = frozenset({"SMS", "WHATSAPP", "RCS", "VOICE"})


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.name not in _CHANNELS:
            continue
        # A CLIENT rule's addresses are identities; a channel of from and to only has no callType.
        voice = channel.name == "VOICE" and channel.written_pairs is None
        for rule in channel.capture_rules:
            if voice and rule.call_type == "CLIENT":
                continue
            for side, value, address in rule.judged_sides:
                if not address.e164:
                    continue
                possible = address.possible  # kept on the record: a mirror rule reads the number again
                if possible is None:
                    possible = address.possible = possible_uncached(address.number)  # after any prefix
                if possible:
                    continue
                yield Hit(
                    config,
                    rule.side_pointer(side),
                    f'"{value}" is not a possible phone number for its country code (wrong length or unknown '
                    "code): check the digits against the number in the Twilio Console",
                )
