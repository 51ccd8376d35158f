"""A phone-number address is not in E.164 format.

## What it does
Reports a capture-rule address that its channel's form requires to be a phone number but that
is not E.164 (`+`, country code, digits only, at most 15 digits):

- SMS: any address but a short code (3–6 digits);
- VOICE with `callType` PSTN (or no `callType`) and PUBLIC_SIP: a phone-like address;
- WHATSAPP: every address, after an optional `whatsapp:` prefix (`whatsapp:+1` is reported);
- RCS: a phone-like address after an optional `rcs:` prefix (sender ids such as `brand_agent`
  are fine).

The message gives the E.164 form when it is unambiguous (separators removed, `00` → `+`, eleven
digits starting with `1` → `+1…`). Placeholders and template values are not judged.

## Why is this bad?
Capture rules compare addresses exactly, with no normalisation: Twilio's troubleshooting guide
says your Twilio number must include the `+` and the country code, and error 21614 ("Invalid
phone number") asks for E.164 with no spaces or dashes. `206-555-0134` never equals the
`+12065550134` Twilio reports, so the rule captures nothing — or the configuration update fails.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - from: "206-555-0134"
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
Write the number in E.164: a leading `+`, the country code, and digits only.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/glossary/what-e164
- https://www.twilio.com/docs/conversations/orchestrator/concepts/channels
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import CaptureRule, Channel, Configuration
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import Address, is_phone_like, is_short_code, normalised_e164

RULE = Rule(
    id="CO202",
    name="address-not-e164",
    level="error",
    summary="A phone-number address is not in E.164 format.",
    tags=("capture-rules", "addresses"),
)


def _phone_part(rule: CaptureRule, value: str, address: Address) -> tuple[str, str] | None:
    """(prefix as written, the part that must be E.164) when the channel form requires it
    and that part is not E.164 (``value`` itself is not: the caller ruled it out)."""
    channel = rule.channel
    if channel == "SMS":
        return None if is_short_code(value) else ("", value)
    if channel == "VOICE":
        if rule.effective_call_type in ("PSTN", "PUBLIC_SIP") and is_phone_like(value):
            return "", value
        return None
    if channel in ("WHATSAPP", "RCS") and not address.e164:  # the number after the prefix
        if channel == "WHATSAPP" or is_phone_like(address.number):
            return address.written_prefix, address.number
    return None


def check(config: Configuration) -> Iterator[Hit]:
    for channel in config.channels:
        if channel.phone_numbers_only:
            continue  # every address is E.164, bare or after the channel's own prefix
        yield from _check_channel(config, channel)


def _check_channel(config: Configuration, channel: Channel) -> Iterator[Hit]:
    """The findings of one channel."""
    for rule in channel.capture_rules:
        for side, value, address in rule.judged_sides:
            if address.e164 and address.prefix is None:
                continue  # every channel's form accepts an E.164 number (most addresses are one)
            found = _phone_part(rule, value, address)
            if found is None:
                continue
            head, number = found
            where = rule.channel if rule.channel != "VOICE" else f"VOICE ({rule.effective_call_type})"
            message = f'{where} address "{value}" is not an E.164 phone number'
            fixed = normalised_e164(number) if is_phone_like(number) else None
            if fixed:
                message += f': write "{head}{fixed}"'
            else:
                message += ": write it as + then the country code and digits only (e.g. +12065550134)"
            message += "; capture rules compare addresses exactly"
            yield Hit(config, rule.side_pointer(side), message)
