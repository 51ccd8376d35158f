"""A VOICE capture rule's address does not have the form its `callType` expects.

## What it does
Reports a concrete VOICE address whose form does not fit the rule's explicit `callType`:

- `CLIENT` with a phone-like address, or with a `client:` prefix (the identity is written bare:
  `agent-1`);
- `PUBLIC_SIP` with an address that is neither a `sip:`/`sips:` URI nor phone-like;
- an explicit `PSTN` with a `sip:` URI or a bare identity.

Placeholders and template values are not judged; a `*` inside a longer value is CO207's.

## Why is this bad?
Conversation Orchestrator reads the address according to the call type (channels page: CLIENT is
a bare client identity, PUBLIC_SIP a SIP URI or E.164, PSTN an E.164 number), and capture rules
compare addresses exactly. A CLIENT rule for `+15551234567` never matches a client leg, so the
calls it was meant for create no conversation (the troubleshooting guide: "Verify that the `to`
address matches the actual address format for that call type").

## Example
```yaml
channelSettings:
  VOICE:
    statusTimeouts: null
    captureRules:
      - from: "*"
        to: "+12065550134"
        metadata:
          callType: "CLIENT"
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
Either change the address to the form of the call type, or change the call type to the one the
address belongs to (`PSTN` for a phone number, `CLIENT` for an identity, `PUBLIC_SIP` for a SIP URI).

## References
- https://www.twilio.com/docs/conversations/orchestrator/concepts/channels
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.vocabulary import is_bare_identity, is_client_form, is_phone_like, is_sip_uri

RULE = Rule(
    id="CO205",
    name="calltype-address-mismatch",
    level="warning",
    summary="A VOICE capture rule's address does not have the form its callType expects.",
    tags=("capture-rules", "voice"),
)


def _problem(call_type: str, value: str) -> str | None:
    """Why ``value`` does not fit ``call_type``, or None when it fits."""
    if call_type == "CLIENT":
        if is_phone_like(value):
            return (
                "is a phone number, but a CLIENT rule matches a Twilio Client identity (such as agent-1): "
                "use callType PSTN for a phone number"
            )
        if is_client_form(value):
            return f'has a client: prefix, but CLIENT identities are written bare: write "{value[7:]}"'
    elif call_type == "PUBLIC_SIP":
        if not is_sip_uri(value) and not is_phone_like(value):
            return (
                "is neither a sip:/sips: URI nor a phone number, which PUBLIC_SIP expects: "
                "use callType CLIENT for a client identity"
            )
    elif call_type == "PSTN":
        if is_sip_uri(value):
            return "is a SIP URI, but a PSTN rule matches phone numbers: use callType PUBLIC_SIP"
        if is_bare_identity(value):
            return "is not a phone number, but a PSTN rule matches phone numbers: use callType CLIENT for an identity"
    return None


def check(config: Configuration) -> Iterator[Hit]:
    channel = config.channel("VOICE")
    if channel is None or channel.written_pairs is not None:  # no rule has metadata
        return
    for rule in channel.capture_rules:
        call_type = rule.call_type
        if not isinstance(call_type, str) or call_type not in ("CLIENT", "PUBLIC_SIP", "PSTN"):
            continue
        for side, value, _address in rule.judged_sides:
            if not value.strip():
                continue
            problem = _problem(call_type, value)
            if problem:
                yield Hit(config, rule.side_pointer(side), f'{call_type} address "{value}" {problem}')
