"""A top-level field present at the base revision is gone.

## What it does
With `--base REV`, reports each top-level field the configuration had at `REV` that the file
no longer has, naming the field and its old value (credentials masked), at the configuration's
first key. Every field the API accepts counts (`displayName`, `description`,
`conversationGroupingType`, `memoryStoreId`, `statusCallbacks`, `intelligenceConfigurationIds`,
`memoryExtractionEnabled`, `conversationsV1Bridge`, …) except `id` (it is not sent) and
`channelSettings` (a removed channel is CO702). Removing a read-only field (CO107) or an unknown
one (CO101) is a clean-up and silent, and so is removing a field whose old value held nothing to
lose (`null`, `""`, `[]`, `{}`, `false`). A removed `intelligenceConfigurationIds` is reported
here and not also as CO501.

## Why is this bad?
A configuration is applied with PUT, which replaces the whole resource: a field deleted from the
file is deleted from, or reset on, the live configuration on the next deploy. Deleting
`intelligenceConfigurationIds` unlinks the intelligence configurations and their operators stop
firing; deleting `statusCallbacks` stops the webhooks; deleting `memoryExtractionEnabled: true`
turns extraction off. The API accepts such a PUT without an error.

## Example
```yaml
# at origin/main
displayName: Harbor Desk
intelligenceConfigurationIds:
  - intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b
statusCallbacks:
  - url: https://hooks.harbor-ops.net/conversations
# now: both fields deleted
displayName: Harbor Desk
```

Use instead:
```yaml
displayName: Harbor Desk
intelligenceConfigurationIds:
  - intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b
statusCallbacks:
  - url: https://hooks.harbor-ops.net/conversations
```

## How to fix
Put the field back. If the removal is intended, write the empty value on purpose
(`intelligenceConfigurationIds: []`, `statusCallbacks: []`) so the intent is visible in review,
or suppress the finding.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/api/conversations/v2/configuration/update-configuration
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from co_lint.changes import revision_of, show
from co_lint.model import Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO701",
    name="field-removed",
    level="warning",
    summary="A top-level field present at the --base revision is gone: the next PUT deletes or resets it.",
    tags=("change", "update-safety"),
)

#: Not judged here: ``id`` is not sent with a PUT, and a removed channel is CO702.
_NOT_FIELDS = frozenset({"id", "channelSettings"})


@lru_cache(maxsize=1)
def writable_fields() -> frozenset[str]:
    """The top-level fields the API accepts: the schema's properties that are not read-only."""
    import json

    from co_lint.schemas import SCHEMA_PATH

    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        properties = json.load(handle)["properties"]
    return frozenset(name for name, schema in properties.items() if not schema.get("readOnly")) - _NOT_FIELDS


def _nothing_to_lose(value: object) -> bool:
    return value is None or value is False or (isinstance(value, (str, list, dict)) and not value)


def check_change(base: Configuration, current: Configuration) -> Iterator[Hit]:
    if not (base.is_mapping and current.is_mapping):
        return
    fields = writable_fields()
    for name, value in base.data.items():
        if name not in fields or current.has(name) or _nothing_to_lose(value):
            continue
        yield Hit(
            current,
            "",
            f"`{name}` was removed (at {revision_of(base)}: {show(value)}): the next PUT deletes or resets it "
            "on the live configuration; put it back, or write an empty value on purpose",
            at="first_key",
            fingerprint=name,
        )
