"""The same intelligence configuration id or callback URL twice in one list.

## What it does
Reports an id that appears earlier in `intelligenceConfigurationIds`, or a `url` that an
earlier entry of `statusCallbacks` already has, at the repeated one. Values are compared as
written (placeholders and templates included: the same text twice is the same value twice).

## Why is this bad?
Both lists are small and limited (at most 5 intelligence configurations, at most 2 status
callbacks in a request), so a repeat wastes a slot that was probably meant for another
value, and usually hides a copy-paste mistake: the id or URL that should have been there is
missing. A repeated callback also receives every event twice, and the API may refuse the list.

## Example
```yaml
intelligenceConfigurationIds:
  - intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b
  - intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b
```

Use instead:
```yaml
intelligenceConfigurationIds:
  - intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b
  - intelligence_configuration_8d2f5h7k0m3q6s9u1w4y7a0c3e
```

## How to fix
Remove the repeat, or replace it with the value that was meant.

## References
- https://www.twilio.com/docs/api/conversations/v2/configuration/update-configuration
- https://www.twilio.com/docs/conversations/orchestrator/webhooks
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO502",
    name="duplicate-list-item",
    level="warning",
    summary="The same intelligence configuration id or callback URL twice in one list.",
    tags=("intelligence", "callbacks"),
)


def check(config: Configuration) -> Iterator[Hit]:
    ids = config.get("intelligenceConfigurationIds")
    if isinstance(ids, list):
        first: dict[str, int] = {}
        for index, item in enumerate(ids):
            if not isinstance(item, str):
                continue
            if item in first:
                yield Hit(
                    config,
                    f"/intelligenceConfigurationIds/{index}",
                    f"intelligence configuration id {item!r} is listed twice (first at item {first[item] + 1}): "
                    "remove the repeat, or replace it with the id that was meant",
                )
            else:
                first[item] = index
    callbacks = config.get("statusCallbacks")
    if isinstance(callbacks, list):
        seen: dict[str, int] = {}
        for index, item in enumerate(callbacks):
            url = item.get("url") if isinstance(item, dict) else None
            if not isinstance(url, str):
                continue
            if url in seen:
                # The URL is not quoted: it may hold a credential (rules.md §8).
                yield Hit(
                    config,
                    f"/statusCallbacks/{index}/url",
                    f"status callback {index + 1} has the same url as callback {seen[url] + 1}: it would receive "
                    "every event twice; remove the repeat, or use the URL that was meant",
                )
            else:
                seen[url] = index
