"""An intelligenceConfigurationIds entry that the account does not have (`--live`).

## What it does
With `co-lint --live`, looks up every id of `intelligenceConfigurationIds` among the account's
Conversational Intelligence configurations (`/v3/ControlPlane/Configurations`) and reports each
one the account does not have. Placeholders and templates are skipped.

## Why is this bad?
Twilio's troubleshooting guide, "Intelligence operators not firing": verify that
`intelligenceConfigurationIds` is set and names real intelligence configurations. An id of a
deleted configuration, of another account, or with a typo links nothing: the operators never
run, and conversations go unanalysed without an error.

## Example
```yaml
intelligenceConfigurationIds:
  - intelligence_configuration_01j9x2k4m6n8p0q2r4s6t8v0wa   # deleted last week
```

## How to fix
Use the id of an existing intelligence configuration (`GET /v3/ControlPlane/Configurations`),
or remove the entry.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration, unique_text
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO803",
    name="live-intelligence-configuration",
    level="error",
    summary="An intelligenceConfigurationIds entry names no intelligence configuration of the account (--live).",
    tags=("live", "intelligence"),
)


def check_live(config: Configuration, account) -> Iterator[Hit]:
    ids = config.get("intelligenceConfigurationIds")
    if not isinstance(ids, list):
        return
    for index, value in enumerate(ids):
        identifier = unique_text(value)
        if identifier is not None and identifier not in account.intelligence_ids:
            yield Hit(
                config,
                f"/intelligenceConfigurationIds/{index}",
                f"intelligence configuration {identifier} does not exist in this account: its operators never run",
            )
