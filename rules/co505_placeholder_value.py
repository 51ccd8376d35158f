"""A placeholder that someone forgot to replace: `TODO`, `your_…`, `<…>`, `…`, `xxx`, `example.com`.

## What it does
Reports every string value that is a placeholder (rules.md §0): a value that (in any case) contains
`...` or `…`, starts with `your_` or `your-`, is wrapped as `<…>`, is one of `TODO`, `TBD`,
`changeme`, `placeholder`, has a `_`/`-`/`.`/`/`-delimited token made only of three or more `x`
(`mem_store_xxx`), or is phone-like apart from a run of three or more `x` (`+1206XXXXXXX`). In a
URL, its host and each path segment are judged too, and a host that is `example.com`,
`example.org`, `example.net` or under them (RFC 2606) is a placeholder. In `description`, which
is prose, only a whole-value `TODO`, `TBD`, `changeme`, `placeholder` or `<…>` counts.

`xxx` inside a longer token is not a placeholder (`mem_store_5q8xxx3v7k…` is a real id). In a
templated URL only the literal parts are judged (`https://${HOST}/your-path` is reported).
No other rule judges a placeholder's content (it is not the value it stands for); structural
rules such as CO201 still compare its text.

## Why is this bad?
A placeholder reaches the API as a literal value. The troubleshooting guide lists "a missing or
invalid `memoryStoreId`" and invalid phone numbers among the reasons a configuration operation
fails immediately; a placeholder address such as `+1206XXXXXXX` captures no traffic at all, and
a callback to `hooks.example.com` delivers every conversation event to nobody.

## Example
```yaml
memoryStoreId: mem_store_xxx
channelSettings:
  SMS:
    captureRules:
      - from: "+1206XXXXXXX"
        to: "*"
```

Use instead:
```yaml
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
```

## How to fix
Replace the placeholder with the real value: the memory store id from the Twilio Console, your
Twilio number in E.164, your real webhook host. If the value is filled at deploy time, write it
as a template expression (`${MEMORY_STORE_ID}`) instead, which CO507 counts as a note.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/api/conversations/v2/Configuration
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.schema import readable_path
from co_lint.secrets import mask_secrets
from co_lint.urls import ParsedUrl, parse_url
from co_lint.vocabulary import has_template, is_example_host, is_placeholder

RULE = Rule(
    id="CO505",
    name="placeholder-value",
    level="error",
    summary="A placeholder value (TODO, your_…, <…>, xxx, example.com) was never replaced.",
    tags=("values",),
)

#: ``whatsapp:``, ``rcs:``, ``client:``, ``sip:``: the address after it is judged too.
_SCHEME_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?!//)")
#: Something every placeholder, template and URL holds, in the value's lower case (a superset
#: of :func:`placeholder_reason`'s tests): most values (phone numbers, ids, enums) have none
#: and skip the detailed checks. Literal alternatives only: ``re`` then scans for their first
#: characters (twice as fast as with a character class among them).
_MAYBE_PLACEHOLDER = re.compile(r"\$|<|…|\{\{|//|\.\.\.|your[_-]|xxx|todo|tbd|changeme|placeholder")
#: Something a URL holds, in its lower case, when its host or a path segment may be a
#: placeholder or an example host (a superset of :func:`_url_placeholder`'s tests, ``%`` for
#: what decoding may turn into one): most callback URLs have none, and skip those tests.
_MAYBE_URL_PLACEHOLDER = re.compile(r"%|<|…|\.\.\.|your[_-]|xxx|todo|tbd|changeme|placeholder|example\.(?:com|org|net)")


def _url_placeholder(url: ParsedUrl) -> str | None:
    """The placeholder part of a URL (host or a path segment), judging literal parts only."""
    host = url.host
    if host is not None and host.text:
        if not host.templated:
            name = url.host_name or ""
            if is_placeholder(host.decoded) or is_example_host(name):
                return f"host {host.text!r}"
        else:
            suffix = url.host_literal_suffix
            if suffix and is_example_host(suffix):
                return f"host {host.text!r}"
    for segment in url.path_segments:
        if not segment.templated and is_placeholder(segment.decoded):
            return f"path segment {segment.text!r}"
    return None


def placeholder_reason(value: str, *, prose: bool = False) -> str | None:
    """Why ``value`` is a placeholder (a phrase), or None."""
    if prose:
        if has_template(value):
            return None
        return "the value" if is_placeholder(value, prose=True) else None
    templated = has_template(value)
    url = parse_url(value) if templated or "//" in value else None
    if url is not None and (url.has_authority or url.scheme_templated):
        if _MAYBE_URL_PLACEHOLDER.search(value.lower()) is None:
            return None
        if not templated and is_placeholder(value):
            return "the value"
        return _url_placeholder(url)
    if templated:
        return None  # a template value is opaque (rules.md §0); CO507 counts it
    if is_placeholder(value):
        return "the value"
    prefix = _SCHEME_PREFIX.match(value)
    if prefix is not None and is_placeholder(value[prefix.end() :]):
        return "the address"
    return None


def check(config: Configuration) -> Iterator[Hit]:
    for pointer, name, value in config.textual_strings():
        if _MAYBE_PLACEHOLDER.search(value.lower()) is None:
            continue
        reason = placeholder_reason(value, prose=name == "description")
        if reason is None:
            continue
        shown = mask_secrets(value)
        where = readable_path(pointer)
        if reason in ("the value", "the address"):
            detail = f"{where} is a placeholder ({shown!r})"
        else:
            detail = f"{where} ({shown!r}) has a placeholder {mask_secrets(reason)}"
        yield Hit(
            config,
            pointer,
            f"{detail} that was never replaced: the API receives it as written; put the real value here "
            "(or a deploy-time template such as ${NAME} if it is filled in at deploy time)",
        )
