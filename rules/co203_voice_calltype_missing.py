"""A VOICE capture rule without `callType` has an address that is not a phone number.

## What it does
Reports a VOICE capture rule that has no `metadata.callType` and a concrete address that is not
phone-like — a bare client identity (`agent-alice`), a `client:` form or a `sip:` URI — at that
address. The message suggests `CLIENT` or `PUBLIC_SIP`. Placeholders and template values are not
judged; a `whatsapp:`/`rcs:` prefix is CO209's.

## Why is this bad?
Twilio's troubleshooting guide ("CLIENT or SIP calls aren't captured"): passive voice capture
rules default to PSTN matching, and a rule without `callType` doesn't capture CLIENT or SIP calls.
Matched as a PSTN phone number, an identity or a SIP URI never matches, so the rule captures
nothing and no conversation is created for those calls.

## Example
```yaml
channelSettings:
  VOICE:
    statusTimeouts: null
    captureRules:
      - from: "*"
        to: "agent-mira"
```

Use instead:
```yaml
channelSettings:
  VOICE:
    statusTimeouts: null
    captureRules:
      - from: "*"
        to: "agent-mira"
        metadata:
          callType: "CLIENT"
```

## How to fix
Add `metadata: {callType: CLIENT}` for a Twilio Client identity, or `callType: PUBLIC_SIP` for a
SIP URI. For many or dynamic client identities, use active TwiML ingestion instead.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/orchestrator/concepts/channels
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import MISSING, Configuration
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import WILDCARD, is_client_form, is_phone_like, is_sip_uri

RULE = Rule(
    id="CO203",
    name="voice-calltype-missing",
    level="error",
    summary="A VOICE capture rule without callType has an address that is not a phone number.",
    tags=("capture-rules", "voice"),
)


def check(config: Configuration) -> Iterator[Hit]:
    channel = config.channel("VOICE")
    if channel is None or channel.phone_numbers_only:  # most channels: nothing to report
        return
    for rule in channel.capture_rules:
        if rule.call_type is not MISSING:
            continue
        for side, value, address in rule.judged_sides:
            if address.phone_number:
                continue  # most addresses, without the tests below (after a prefix, CO209's)
            # A `*` inside the value is CO207's; a foreign channel prefix is CO209's.
            if not value.strip() or is_phone_like(value.replace(WILDCARD, "")) or address.prefix:
                continue
            if is_sip_uri(value):
                fix = "add metadata callType: PUBLIC_SIP"
            elif is_client_form(value):
                fix = f'add metadata callType: CLIENT and write the bare identity "{value[7:]}"'
            else:
                fix = "add metadata callType: CLIENT (or PUBLIC_SIP for a SIP address)"
            yield Hit(
                config,
                rule.side_pointer(side),
                f'VOICE address "{value}" is not a phone number, but the rule has no callType, so it is '
                f"matched as PSTN and captures nothing: {fix}",
            )
