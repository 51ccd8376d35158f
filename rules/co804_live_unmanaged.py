"""A configuration deployed in the account that no file of the project describes (`--live`).

## What it does
With `co-lint --live`, reports each configuration of the account that no configuration file of
the project set (the files of the run, and the project's other configuration files) pairs with,
by `id` or else by `displayName`. The finding is placed at the file `co-lint export` would write
for it, in the directory of the run, which does not exist yet.

## Why is this bad?
A deployment nobody keeps in git is invisible to review and to every other rule: its capture
rules still take traffic (two configurations capturing the same address route it
unpredictably, CO301), and nothing stops it from drifting. Twilio allows at most ten
configurations per account: a forgotten one also takes a slot.

## Example
`co-lint --live configs/` with the account holding `Harbor Desk`, and no file under
`configs/` (or elsewhere in the project) with its `id` or `displayName`.

## How to fix
Export it and commit the file (`co-lint export configs/`), or delete the deployment if it is
no longer wanted.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from co_lint.model import Configuration
from co_lint.rule import FileHit, Rule

RULE = Rule(
    id="CO804",
    name="live-unmanaged",
    level="note",
    summary="A configuration deployed in the account that no file describes (--live).",
    tags=("live",),
)


def check_live_account(configs: list[Configuration], account, place: Callable[[dict], str]) -> Iterator[FileHit]:
    from co_lint.live.desired import pair

    deployed = account.configurations
    described = set()
    for config in configs:
        match = pair(config.data, deployed)
        if match is not None:
            described.add(match.get("id"))
    for configuration in deployed:
        identifier = configuration.get("id")
        if identifier in described or not isinstance(identifier, str):
            continue
        path = place(configuration)
        yield FileHit(
            path,
            f"deployed configuration {configuration.get('displayName')!r} ({identifier}) is described by no file "
            f"of the project: `co-lint export` would write it to {path}",
            fingerprint=identifier,
        )
