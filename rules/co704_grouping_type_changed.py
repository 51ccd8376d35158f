"""conversationGroupingType differs from the base revision.

## What it does
With `--base REV`, reports a `conversationGroupingType` whose value differs from the one the
configuration had at `REV`, at the value. Values are compared as written; a placeholder or
template value on either side is skipped (what it will be is not known). A removed
`conversationGroupingType` is CO701.

## Why is this bad?
The grouping type cannot be changed after a configuration is created: how communications are
grouped into conversations is fixed for its lifetime. The change fails on deploy, or leaves a
live configuration that no longer matches the file.

## Example
```yaml
# at origin/main
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
# now
conversationGroupingType: GROUP_BY_PROFILE
```

Use instead: keep `GROUP_BY_PARTICIPANT_ADDRESSES` here, and create a new configuration (a new
file, without the old `id`) with `GROUP_BY_PROFILE`; move the capture rules to it in the same
change and retire the old one.

## How to fix
Revert the value, and create a new configuration for the new grouping type.

## References
- https://www.twilio.com/docs/conversations/orchestrator/concepts/core
- https://www.twilio.com/docs/api/conversations/v2/configuration/update-configuration
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.changes import revision_of, show
from co_lint.model import Configuration, is_opaque_text
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO704",
    name="grouping-type-changed",
    level="error",
    summary="conversationGroupingType differs from the --base revision: it cannot change after creation.",
    tags=("change", "update-safety"),
)

_FIELD = "conversationGroupingType"


def check_change(base: Configuration, current: Configuration) -> Iterator[Hit]:
    old, new = base.get(_FIELD), current.get(_FIELD)
    if not (isinstance(old, str) and isinstance(new, str)) or old == new:
        return
    if is_opaque_text(old) or is_opaque_text(new):
        return
    yield Hit(
        current,
        f"/{_FIELD}",
        f"conversationGroupingType changed from {show(old)} (at {revision_of(base)}) to {show(new)}: it cannot "
        "change after creation; keep the old value and create a new configuration for the new grouping type",
    )
