"""A status callback URL whose host is private, local or a development tunnel.

## What it does
Reports a `statusCallbacks[].url` whose host is `localhost`, a loopback, private, link-local or
shared (carrier-grade NAT) IP address, a name under `.local`, `.internal` or `.localhost`, or a
development tunnel (`*.ngrok-free.app`, `*.ngrok.io`, `*.ngrok.app`, `*.trycloudflare.com`,
`*.loca.lt`, `*.localtunnel.me`, `*.serveo.net`, `*.ts.net` and the like). A templated host is
opaque, except for its literal domain (`${SUB}.ngrok-free.app` is still a tunnel).

## Why is this bad?
Twilio's webhook documentation requires callback URLs with a public host: Twilio cannot reach a
private address, so every event is lost. A tunnel works only while someone's laptop runs it; a
public project was seen with `statusCallbacks` pointing at an ngrok URL, and dev hosts left in
production configurations are a recorded failure mode (webhooks left pointing at dev and tailnet
hosts).

## Example
```yaml
statusCallbacks:
  - url: https://harbor-dev.ngrok-free.app/conv
```

Use instead:
```yaml
statusCallbacks:
  - url: https://hooks.acme-ops.net/conv
```

## How to fix
Point the callback at the deployed, public webhook host. Keep tunnel URLs in a development
configuration that is never deployed, or fill the host in at deploy time (`https://${HOOK_HOST}/conv`).

## References
- https://www.twilio.com/docs/conversations/orchestrator/webhooks
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.secrets import mask_secrets
from co_lint.urls import callback_urls, classify_domain_suffix, classify_host, parse_url

RULE = Rule(
    id="CO604",
    name="callback-private-host",
    level="warning",
    summary="A status callback host that is private, local or a development tunnel.",
    tags=("security", "callbacks"),
    security_severity="5.0",
)


def check(config: Configuration) -> Iterator[Hit]:
    for pointer, index, value in callback_urls(config):
        url = parse_url(value)
        if url is None or url.host is None:
            continue
        if url.host.templated:
            suffix = url.host_literal_suffix
            reason = classify_domain_suffix(suffix) if suffix else None
        else:
            reason = classify_host(url.host.text)
        if reason is None:
            continue
        yield Hit(
            config,
            pointer,
            f"statusCallbacks[{index}].url {mask_secrets(value)!r} points at {reason}: Twilio needs a public "
            "HTTPS host to deliver events, so they are lost once this machine or tunnel is gone; use the "
            "deployed webhook host",
        )
