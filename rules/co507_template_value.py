"""Values filled at deploy time (`${…}`, `{{…}}`, `$NAME`) were not checked.

## What it does
Counts the string values that hold a deploy-time template expression — `${…}`, `{{…}}` or
`$NAME` (an upper-case identifier) anywhere in the value — and reports one note per file, at
the first of them, saying how many there are.

A template value is opaque to content rules (address forms, ids, URL schemes and hosts, the
schema's pattern, format and length checks): co-lint cannot know what it will become. Structural
rules still compare its text (CO201, CO208, CO502), CO601 still reports a literal secret next to
it, and in a URL only the templated part is opaque (`http://${HOST}/cb` is still CO602).

## Why is this bad?
It is not, in itself: teams that fill values at deploy time (envsubst, Helm-style tools, scripts)
keep these files in git on purpose. The note says what co-lint could not check, so nobody takes a
clean result for a checked `memoryStoreId` or callback URL. The values still have to be valid once
filled in: the troubleshooting guide lists "a missing or invalid `memoryStoreId`" and invalid phone
numbers among the reasons a configuration operation fails immediately.

## Example
```yaml
id: ${CONFIG_ID}
memoryStoreId: ${MEMORY_STORE_ID}
```

Use instead (lint the rendered file, or keep the template and silence the note):
```yaml
id: conv_configuration_01h9d8r0vte3hz8tykdj329t7r
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
```

## How to fix
Nothing to fix when templating is the team's practice: silence the note with the usual ignore
(`--ignore CO507`, or `ignore: [CO507]` in `.co-lint.yaml`). To have the values checked, run co-lint on the
rendered files as well.

## References
- https://www.twilio.com/docs/api/conversations/v2/Configuration
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule
from co_lint.schema import readable_path
from co_lint.secrets import mask_secrets
from co_lint.vocabulary import has_template

RULE = Rule(
    id="CO507",
    name="template-value",
    level="note",
    summary="Template values (${…}, {{…}}, $NAME) are filled at deploy time and were not checked.",
    tags=("values", "templates"),
)


def _templates(config: Configuration) -> list[tuple[str, str]]:
    return [(pointer, value) for pointer, _name, value in config.textual_strings() if has_template(value)]


def check(config: Configuration) -> Iterator[Hit]:
    """One note per file, on the first document that holds a template, counting the whole file."""
    found = _templates(config)
    if not found:
        return
    document = config.document
    siblings = [d for d in document.source.documents if d is not document and isinstance(d.value, dict)]
    if any(_templates(Configuration(d)) for d in siblings if d.index < document.index):
        return  # an earlier document of this file carries the note
    count = len(found) + sum(len(_templates(Configuration(d))) for d in siblings if d.index > document.index)
    pointer, value = found[0]
    others = count - 1
    more = f" and {others} more value{'s' if others != 1 else ''}" if others else ""
    total = "1 value holds" if count == 1 else f"{count} values hold"
    yield Hit(
        config,
        pointer,
        f"{total} a deploy-time template expression and so {'was' if count == 1 else 'were'} not "
        f"checked: {readable_path(pointer)} ({mask_secrets(value)!r}){more}; lint the rendered file "
        "to check them, or ignore CO507 if templating is your practice",
    )
