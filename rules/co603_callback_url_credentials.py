"""A status callback URL that carries a password or a secret (`user:password@`, `?token=…`).

## What it does
Reports a `statusCallbacks[].url` with `user:password@` before its host, or with a query
parameter named like a credential that holds a literal secret-like value.

*Named like a credential*: split on `_`, `-` and camelCase, the name has a word (or its plural)
among `password`, `passwd`, `pwd`, `secret`, `credential` — any non-empty literal value counts —
or among `token`, `auth`, `key`, `apikey`, `signature`, `sig` — a literal value of 16 or more
characters from `[A-Za-z0-9._~+/=-]` counts (`AuthToken=<32 hex>`, `api_key`, `x-signature`; not
`monkey`, not `tokenType=jwt`, not `routingKey=support`). A template value
(`?secret=${HOOK_SECRET}`) is silent. A Twilio credential in the query is also CO601.

## Why is this bad?
The URL is sent with every event to the webhook host, and URLs end up in access logs, proxy
logs and error trackers there; the secret is also committed in git. Twilio's webhook
documentation asks for HTTPS with a public host; it has no place for credentials in the URL.

## Example
```yaml
statusCallbacks:
  - url: https://hooks.acme-ops.net/conv?password=pier-gate-7
```

Use instead:
```yaml
statusCallbacks:
  - url: https://hooks.acme-ops.net/conv?secret=${HOOK_SECRET}
```

## How to fix
A shared secret in the URL may be the only way to authenticate these callbacks. Keep it out of
git: write it as a template value (`?secret=${HOOK_SECRET}`) filled at deploy time, rotate the one
that was committed, and prefer validating the request itself where you can.

## References
- https://www.twilio.com/docs/conversations/orchestrator/webhooks
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.secrets import MASK, is_secret_like, mask, mask_secrets
from co_lint.urls import callback_urls, parse_url

RULE = Rule(
    id="CO603",
    name="callback-url-credentials",
    level="error",
    summary="A status callback URL carries a password or a secret (user:password@, ?token=…).",
    tags=("security", "callbacks"),
    security_severity="8.0",
)


def check(config: Configuration) -> Iterator[Hit]:
    for pointer, index, value in callback_urls(config):
        url = parse_url(value)
        if url is None:
            continue
        found: list[str] = []
        if url.password is not None and url.password.text and not url.password.templated:
            user = mask_secrets(url.user.text) if url.user is not None else ""
            found.append(f"a password before the host ({user}:{MASK}@)")
        for param in url.query:
            if param.value is None or param.name.templated or param.value.templated:
                continue
            name, secret = param.name.decoded, param.value.decoded
            if is_secret_like(name, secret):
                found.append(f"query parameter {mask_secrets(name)!r} ({mask(secret)})")
        if not found:
            continue
        yield Hit(
            config,
            pointer,
            f"statusCallbacks[{index}].url {mask_secrets(value)!r} carries {', '.join(found)}: it is sent "
            "to the webhook host and its logs, and it is committed in git; keep the secret out of the file "
            "with a template value (?secret=${HOOK_SECRET}) and rotate the committed one",
        )
