"""A Twilio credential (auth token, API key secret, bearer token, password) is committed in the file.

## What it does
Scans every string of the file, callback URLs included, and documents that are not a
configuration at all (a scalar or a list), for:

- an Account SID (`AC` + 32 hex) next to a 32-hex auth token, in the same string or in the
  values of one mapping (not in the items of one list);
- an API key (`SK` + 32 hex) next to a 32-character secret, likewise;
- a 32-hex value under a key or query parameter named like a credential (`authToken`,
  `TWILIO_AUTH_TOKEN`, `api_key`, `?signature=`, …);
- `Bearer ` followed by a token of 16 or more characters;
- `Basic ` followed by base64 that decodes to `user:password`.

Placeholders and template values never hide a literal secret next to them. One finding per
value, at the value; every message and every output format masks the secret (`0123…cdef`).

## Why is this bad?
Nothing in a configuration body needs a credential. An Account SID with its Auth Token (or an API
key with its secret) is full access to the account through HTTP Basic Auth (the troubleshooting
guide: "Verify your Account SID … and Auth Token, and that you're using HTTP Basic Auth"), and a
secret in git stays in its history for everyone who can clone the repository.

## Example
(Shown masked here; the real file holds the full values.)
```yaml
description: "Legacy creds AC4e8b…8d3f 7f3a…7c2e"   # an Account SID and its 32-hex auth token
statusCallbacks:
  - url: https://hooks.acme-ops.net/conv?signature=7f3a…7c2e   # 32 hex under a credential name
```

Use instead:
```yaml
description: Messaging desk for the harbor office
statusCallbacks:
  - url: https://hooks.acme-ops.net/conv?signature=${HOOK_SIGNATURE}
```

## How to fix
Treat the secret as leaked: rotate it (a new Auth Token or API key in the Twilio Console) and
remove it from the file. Keep credentials in environment variables or a secret store, and write a
template value (`${HOOK_SECRET}`) where the file needs one at deploy time. Removing the line does
not remove it from git history.

## References
- https://www.twilio.com/docs/iam/api/authtoken
- https://www.twilio.com/docs/iam/api-keys
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.schema import readable_path
from co_lint.secrets import scan

RULE = Rule(
    id="CO601",
    name="credential-in-config",
    level="error",
    summary="A Twilio credential (auth token, API key secret, bearer token, password) is in the file.",
    tags=("security",),
    raw=True,
    # Critical on GitHub (above 9.0): full account access for anyone who can read the repository
    # (CVSS 3.1 AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:N is 9.1). "9.0" would fall between GitHub's bands.
    security_severity="9.1",
)


def check(config: Configuration) -> Iterator[Hit]:
    for pointer, credentials in scan(config.data, config.textual_strings()).items():
        found = "; ".join(credential.text for credential in credentials)
        where = readable_path(pointer) if pointer else "the document"
        yield Hit(
            config,
            pointer,
            f"{where} holds {found}: anyone who can read the repository can use it; rotate it in the "
            "Twilio Console and keep it out of git (an environment variable, or a template value such "
            "as ${TWILIO_AUTH_TOKEN})",
            fingerprint=found,  # masked: the raw secret never leaves the rule
        )
