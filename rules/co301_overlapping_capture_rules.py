"""Two configurations claim the same address with their capture rules.

## What it does
Compares the capture rules of every configuration in one scope of the project. Two rules of
different configurations with the same comparison key (channel; on VOICE also the effective
`callType`, `PSTN` when absent; on CHAT also `metadata.chatService`) overlap when

- they have the same concrete `from` and their `to` values match (equal, or either is `*`);
- they have the same concrete `to` and their `from` values match; or
- either rule is `*` → `*`: it claims every address of its channel.

`(X, *)` in one configuration and `(*, Y)` in another, with X ≠ Y, is not an overlap: each
address belongs to one configuration. Addresses are compared after removing a `whatsapp:` or
`rcs:` prefix. Placeholder and template addresses claim nothing, but a `*` → `*` rule
elsewhere still overlaps them; a rule whose `callType` or `chatService` is unknown is compared
with nothing.

Each file gets one result per overlapping rule and other configuration, at the address the
rules share (a `*` → `*` rule at its first key; a rule overlapped by another configuration's
`*` → `*` rule at its concrete `from`, else its `to`), with the other configuration's rules as
related locations.

## Why is this bad?
Twilio's troubleshooting guide: "If multiple configurations match the same address,
Conversation Orchestrator doesn't guarantee which one handles the traffic." Conversations then
land in whichever configuration wins, with its grouping, memory store, intelligence
configurations and timeouts, and the choice can change from one message to the next.

## Example
```yaml
# harbor.yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
---
# pier.yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
```

Use instead:
```yaml
# harbor.yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550134"
        to: "*"
---
# pier.yaml
channelSettings:
  SMS:
    captureRules:
      - from: "+12065550188"
        to: "*"
```

## How to fix
Capture each address in exactly one configuration per channel (and call type). Replace a
`*` → `*` rule by the addresses it is meant for, or keep it in a configuration alone on its
channel. Configurations deployed to different accounts belong in different scopes.

## References
- https://www.twilio.com/docs/conversations/orchestrator/troubleshooting
- https://www.twilio.com/docs/conversations/orchestrator/concepts/ingestion
"""

from __future__ import annotations

from collections.abc import Iterator

from co_lint.model import Configuration
from co_lint.overlap import EVERY_ADDRESS, Entry, Overlap, OverlapIndex
from co_lint.rule import Hit, Rule

RULE = Rule(
    id="CO301",
    name="overlapping-capture-rules",
    level="error",
    summary="Capture rules of two configurations claim the same address.",
    tags=("capture-rules", "cross-configuration"),
)

_CONSEQUENCE = (
    "when several configurations match the same address, Conversation Orchestrator doesn't "
    "guarantee which one handles the traffic; capture each address in one configuration only"
)


_SHOWN = 3


def _scope(entry: Entry) -> str:
    """The comparison key in words: ``SMS``, ``VOICE (callType PSTN)``, ``CHAT (chatService IS…)``."""
    channel, extra = entry.key
    if channel == "VOICE":
        return f"VOICE (callType {extra})"
    if channel == "CHAT" and extra is not None:
        return f"CHAT (chatService {extra})"
    return channel


def _describe_all(entries: list[Entry]) -> str:
    shown = ", ".join(_describe(entry) for entry in entries[:_SHOWN])
    more = len(entries) - _SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _describe(entry: Entry) -> str:
    return f"captureRules[{entry.index}] ({entry.from_text!r} → {entry.to_text!r})"


def _message(entry: Entry, other_config: Configuration, others: list[Entry], shared: str) -> str:
    where = other_config.where
    scope = _scope(entry)
    if entry.is_star_star:
        rules = _describe_all(others)
        return (
            f"this `*` → `*` {scope} capture rule claims every address of its channel, including those "
            f"of {where} {rules}: {_CONSEQUENCE}"
        )
    if shared == EVERY_ADDRESS:
        return (
            f"{where} has a `*` → `*` {scope} capture rule, {_describe(others[0])}, that claims every "
            f"address of its channel, this rule's included: {_CONSEQUENCE}"
        )
    address = entry.side_text(shared)
    rules = _describe_all(others)
    return f"{scope} address {address!r} ({shared}) is also claimed by {where} {rules}: {_CONSEQUENCE}"


def check_project(configs: list[Configuration]) -> Iterator[Hit]:
    focus = [config for config in configs if config.reported]
    index = OverlapIndex.for_overlaps(configs, focus if len(focus) < len(configs) else None)
    # One result per (element, other configuration): placed by the first overlap found
    # (shared from, then shared to, then `*` → `*`), with every rule of the other as related.
    results: dict[tuple[int, int], _Result] = {}
    for overlap in index.overlaps():
        other_config = overlap.other.config
        slot = (id(overlap.entry), id(other_config))
        result = results.get(slot)
        if result is None:
            result = results[slot] = _Result(overlap.entry, other_config, overlap.shared)
        if id(overlap.other) not in result.seen:
            result.seen.add(id(overlap.other))
            result.overlaps.append(overlap)
    for result in results.values():
        yield result.hit()


class _Result:
    __slots__ = ("entry", "other_config", "shared", "overlaps", "seen")

    def __init__(self, entry: Entry, other_config: Configuration, shared: str) -> None:
        self.entry = entry
        self.other_config = other_config
        self.shared = shared
        self.overlaps: list[Overlap] = []
        self.seen: set[int] = set()

    def hit(self) -> Hit:
        self.overlaps.sort(key=lambda item: item.other.index)
        others = [item.other for item in self.overlaps]
        pointer, at = self.entry.location(self.shared)
        related = []
        for item in self.overlaps:
            other_pointer, other_at = item.other.location(item.shared)
            message = f"the overlapping capture rule of {self.other_config.where}: {_describe(item.other)}"
            related.append((self.other_config, other_pointer, other_at, message))
        return Hit(
            self.entry.config,
            pointer,
            _message(self.entry, self.other_config, others, self.shared),
            at=at,
            related=tuple(related),
        )
