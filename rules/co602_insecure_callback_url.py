"""A status callback URL that is not `https`.

## What it does
Reports a `statusCallbacks[].url` whose scheme is not `https` (`http://`, `ws://`, …). Templates
are opaque only where they stand: `http://${HOOK_HOST}/conv` is still reported (its scheme is
literal), `${CALLBACK_URL}` and `${SCHEME}://hooks.acme.com/conv` are not judged. A value that is not
a URL at all is CO105's.

## Why is this bad?
Twilio's webhook documentation requires callback URLs to use HTTPS with a public host. Over plain
HTTP every conversation event — participants' addresses, message text — crosses the internet
unencrypted, and anyone on the path can read or alter it; these webhooks also fire more often than
expected (the troubleshooting guide: handlers "receive more events than anticipated").

## Example
```yaml
statusCallbacks:
  - url: http://hooks.acme-ops.net/conv
```

Use instead:
```yaml
statusCallbacks:
  - url: https://hooks.acme-ops.net/conv
```

## How to fix
Serve the webhook over HTTPS (a certificate from your load balancer or a free ACME certificate)
and change the scheme to `https://`.

## References
- https://www.twilio.com/docs/conversations/orchestrator/webhooks
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.secrets import mask_secrets
from co_lint.urls import callback_urls, parse_url

RULE = Rule(
    id="CO602",
    name="insecure-callback-url",
    level="error",
    summary="A status callback URL that is not https.",
    tags=("security", "callbacks"),
    security_severity="7.5",
)


def check(config: Configuration) -> Iterator[Hit]:
    for pointer, index, value in callback_urls(config):
        url = parse_url(value)
        if url is None or url.scheme is None or url.is_https:
            continue  # not a URL (CO105), or a template stands in the scheme
        yield Hit(
            config,
            pointer,
            f"statusCallbacks[{index}].url {mask_secrets(value)!r} uses {url.scheme}:, not https: "
            "conversation events would travel unencrypted and Twilio requires HTTPS callbacks; "
            "serve the webhook over TLS and use an https:// URL",
        )
