"""An SMS or PSTN voice capture address that is not a phone number of the account (`--live`).

## What it does
With `co-lint --live`, reads the account's incoming phone numbers and checks every capture rule
of `SMS`, and of `VOICE` for PSTN calls (no `callType`, or `PSTN`): of the rule's E.164 sides
(not `*`, placeholders, templates or short codes), at least one must be a number of the
account. When none is, each such side is reported (one finding for the rule when both are).

## Why is this bad?
Twilio's troubleshooting guide: a capture rule's address must match the traffic exactly. A
number the account does not own never sends or receives its traffic — usually a typo in a
digit, or a number of another account or one that was released — so the rule captures
nothing, silently.

## Example
```yaml
channelSettings:
  SMS:
    captureRules:
      - {from: "*", to: "+13125550109"}   # the account owns +13125550190
```

## How to fix
Correct the number to one the account owns (Console › Phone Numbers, or
`GET /2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json`), or buy or port the number first.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration, is_opaque_text
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import is_e164

RULE = Rule(
    id="CO805",
    name="live-address-not-owned",
    level="warning",
    summary="An SMS or PSTN VOICE capture address is not an incoming phone number of the account (--live).",
    tags=("live", "capture-rules"),
)


def check_live(config: Configuration, account) -> Iterator[Hit]:
    for rule in config.capture_rules:
        if rule.channel != "SMS" and rule.effective_call_type != "PSTN":
            continue
        sides = [
            side
            for side in ("from", "to")
            if isinstance(rule.side(side), str) and not is_opaque_text(rule.side(side)) and is_e164(rule.side(side))
        ]
        if not sides or any(rule.side(side) in account.phone_numbers for side in sides):
            continue
        if len(sides) == 1:
            number = rule.side(sides[0])
            yield Hit(
                config,
                rule.side_pointer(sides[0]),
                f"{number} is not an incoming phone number of this account: this {rule.channel} rule captures nothing",
            )
        else:
            yield Hit(
                config,
                rule.pointer,
                f"neither {rule.from_} nor {rule.to} is an incoming phone number of this account: "
                f"this {rule.channel} rule captures nothing",
                at="first_key",
            )
