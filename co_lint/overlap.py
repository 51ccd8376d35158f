"""Which capture rules claim which addresses: the overlap index of rules.md §5 (CO301).

Two capture rules of different configurations with the same comparison key (rules.md §0)
**claim the same address** when

- (a) they have the same concrete ``from`` and ``to`` values that match (equal, or either ``*``);
- (b) they have the same concrete ``to`` and ``from`` values that match; or
- (c) either is ``*`` → ``*``: it claims every address of its comparison key.

``(X, *)`` and ``(*, Y)`` with X ≠ Y do not overlap. Addresses are compared as written after
removing a ``whatsapp:``/``rcs:`` prefix. A placeholder, a template, a partial wildcard or an
empty value claims no address (it matches only a ``*`` on the same side), but a ``*`` → ``*``
rule elsewhere still overlaps its rule. A rule whose comparison key is unknown
(:attr:`CaptureRule.comparison_key` is None) or that lacks a side is compared with nothing.

The index is near-linear in the number of rules: rules are bucketed by (comparison key, side,
concrete address), ``*`` → ``*`` rules are kept apart per comparison key, and pairs are
only enumerated between members of one bucket that really match, grouped by configuration so
that no time is spent on pairs that are not overlaps. There is no all-pairs loop.

:meth:`OverlapIndex.overlaps` feeds CO301; :meth:`OverlapIndex.claims` answers "which rules
capture traffic from A to B" (``co-lint match``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from co_lint.loader import escape_pointer_token
from co_lint.model import CaptureRule, Configuration, comparison_key, is_opaque_text
from co_lint.vocabulary import WILDCARD, strip_prefix

#: ``Overlap.shared`` when the overlap comes from a ``*`` → ``*`` rule (case (c)).
EVERY_ADDRESS = "*"


@lru_cache(maxsize=1 << 16)
def claimed_address(value: str | None) -> str | None:
    """What one side of a rule claims: ``*``, a concrete address, or None (nothing known).

    A ``whatsapp:``/``rcs:`` prefix is removed. Placeholders and templates (rules.md §0),
    partial wildcards (compared literally they match nothing, CO207) and empty values
    claim no address.
    """
    if value is None:
        return None
    if value == WILDCARD:
        return WILDCARD
    if WILDCARD in value or is_opaque_text(value):
        return None
    address = strip_prefix(value) if ":" in value else value
    return address if address.strip() else None


def _matches(a: str | None, b: str | None) -> bool:
    """Two sides match: equal known addresses, or either is ``*``."""
    if a == WILDCARD or b == WILDCARD:
        return True
    return a is not None and a == b


class Entry:
    """One indexed capture rule: its comparison key and the addresses its sides claim.

    It names its rule by configuration, channel and index: the rule's model
    (:class:`CaptureRule`) is built only when an overlap or a query needs it, so indexing
    the 300,000 rules of a large project builds no model for the many that overlap nothing.
    """

    __slots__ = ("config", "channel", "index", "key", "from_text", "to_text", "from_", "to", "_rule")

    def __init__(
        self,
        config: Configuration,
        channel: Any,
        index: int,
        key: tuple,
        from_text: str,
        to_text: str,
        from_: str | None,
        to: str | None,
        rule: CaptureRule | None = None,
    ) -> None:
        self.config = config
        self.channel = channel
        self.index = index
        self.key = key
        #: The side values as rules see them (rules.md §1), as written.
        self.from_text = from_text
        self.to_text = to_text
        #: What each side claims: ``*``, a concrete address, or None.
        self.from_ = from_
        self.to = to
        #: The rule's model, when the caller had it (else built when :attr:`rule` is read).
        self._rule = rule

    @property
    def rule(self) -> CaptureRule:
        if self._rule is None:
            channel = self.config.channel(self.channel)
            self._rule = next(r for r in channel.capture_rules if r.index == self.index)
        return self._rule

    @property
    def is_star_star(self) -> bool:
        return self.from_ == WILDCARD and self.to == WILDCARD

    @property
    def pointer(self) -> str:
        """The rule's JSON Pointer, as :attr:`CaptureRule.pointer` (no model built for it)."""
        return f"/channelSettings/{escape_pointer_token(self.channel)}/captureRules/{self.index}"

    def side_text(self, side: str) -> str:
        return self.from_text if side == "from" else self.to_text

    def location(self, shared: str) -> tuple[str, str]:
        """(pointer, at) where this rule's part in an overlap is reported (rules.md §5).

        A ``*`` → ``*`` rule: its first key. Otherwise the shared address (``shared`` is
        ``"from"`` or ``"to"``); against a ``*`` → ``*`` rule (``shared`` is
        :data:`EVERY_ADDRESS`): its concrete ``from``, else its ``to``.
        """
        if self.is_star_star:
            return self.pointer, "first_key"
        if shared == EVERY_ADDRESS:
            shared = "from" if self.from_text != WILDCARD else "to"
        return f"{self.pointer}/{shared}", "value"


class Overlap(NamedTuple):
    """``entry`` and ``other`` (another configuration's rule) claim the same address.

    ``shared`` is the side whose concrete address both claim (``"from"`` or ``"to"``), or
    :data:`EVERY_ADDRESS` when one of them is ``*`` → ``*``.
    """

    entry: Entry
    other: Entry
    shared: str


def entry_for(rule: CaptureRule) -> Entry | None:
    """The index entry of ``rule``, or None when it is compared with nothing."""
    key = rule.comparison_key
    if key is None:
        return None
    # The schema step has already turned coerced YAML scalars back into their source text
    # (rules.md §1), so a side that is not a string here is not an address at all.
    from_text, to_text = rule.from_, rule.to
    if from_text is None or to_text is None:
        return None
    return Entry(
        rule.config,
        rule.channel,
        rule.index,
        key,
        from_text,
        to_text,
        claimed_address(from_text),
        claimed_address(to_text),
        rule,
    )


def _entries(config: Configuration, keep: _Relevance | None) -> Iterator[Entry]:
    """The entries of a configuration's capture rules, read from its values (no model built).

    A side that is not a string (a coerced YAML scalar the schema step did not see) takes the
    model's reading of it (:meth:`Configuration._address`): that configuration is indexed from
    its model instead.
    """
    settings = config.data.get("channelSettings")
    if not isinstance(settings, dict):
        return
    found: list[Entry] = []
    for channel, data in settings.items():
        rules = data.get("captureRules") if isinstance(data, dict) else None
        if not isinstance(rules, list):
            continue
        for index, item in enumerate(rules):
            if not isinstance(item, dict):
                continue
            from_, to = item.get("from"), item.get("to")
            if from_.__class__ is not str or to.__class__ is not str:
                if from_ is None or to is None:
                    continue
                yield from _model_entries(config, keep)
                return
            if keep is not None and not keep.relevant(config, channel, from_, to):
                continue
            metadata = item.get("metadata")
            key = comparison_key(channel, metadata if isinstance(metadata, dict) else {})
            if key is not None:
                found.append(Entry(config, channel, index, key, from_, to, claimed_address(from_), claimed_address(to)))
    yield from found


def _model_entries(config: Configuration, keep: _Relevance | None) -> Iterator[Entry]:
    for rule in config.capture_rules:
        if keep is None or keep.relevant(config, rule.channel, rule.from_, rule.to):
            entry = entry_for(rule)
            if entry is not None:
                yield entry


def _group_by_config(entries: Iterable[Entry]) -> dict[int, list[Entry]]:
    groups: dict[int, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(id(entry.config), []).append(entry)
    return groups


def _cross(left: Iterable[Entry], right: dict[int, list[Entry]], shared: str) -> Iterator[Overlap]:
    """Every (a, b) with a in ``left``, b in ``right`` and a different configuration.

    ``right`` is grouped by configuration, so skipping a's own configuration costs one
    step: the work is the number of pairs produced plus one per member of ``left``.
    """
    for a in left:
        own = id(a.config)
        for config_id, members in right.items():
            if config_id == own:
                continue
            for b in members:
                yield Overlap(a, b, shared)


def _stripped(values: list[str]) -> list[str]:
    """Addresses as compared (a ``whatsapp:``/``rcs:`` prefix removed), one comprehension a list."""
    if ":" not in "".join(values):
        return values
    return [value[9:] if value.startswith("whatsapp:") else strip_prefix(value) for value in values]


def _has_channel(config: Configuration, channels: set[str]) -> bool:
    settings = config.get("channelSettings")
    return isinstance(settings, dict) and any(channel in channels for channel in settings)


#: What :func:`claimed_sides` gives for one configuration: its ``from`` and ``to`` addresses
#: (every rule's, prefix removed, each once, ``*`` left out) and its wide channels.
ClaimedSides = tuple[list[str], list[str], list[str]]


def claimed_sides(value: Any) -> ClaimedSides | None:
    """The ``from`` and ``to`` addresses of every capture rule of one configuration (a
    ``whatsapp:``/``rcs:`` prefix removed; each once, and without ``*``, which is no address
    and which every mirror rule writes), and its *wide* channels: those with a ``*`` → ``*``
    rule or a side that is neither a string nor missing (a coerced value). None when it has
    no ``channelSettings`` mapping.

    What :meth:`_Relevance.repeated` counts, read from the value alone (no model built), so
    that a worker can compute it beside the file's own checks.
    """
    settings = value.get("channelSettings") if isinstance(value, dict) else None
    if not isinstance(settings, dict):
        return None
    froms: list[str] = []
    tos: list[str] = []
    wide: list[str] = []
    for channel, data in settings.items():
        rules = data.get("captureRules") if isinstance(data, dict) else None
        if isinstance(rules, list) and _add_sides(rules, froms, tos):
            wide.append(channel)
    return froms, tos, wide


def _add_sides(rules: list, froms: list[str], tos: list[str]) -> bool:
    """Append a channel's rule sides (prefix removed); True when the channel is wide.

    Lists are built by comprehensions: this sees every rule of a large project.
    """
    try:
        from_values = [item.get("from") for item in rules]
        to_values = [item.get("to") for item in rules]
    except AttributeError:  # an item that is not a mapping: rule by rule
        rules = [item for item in rules if isinstance(item, dict)]
        from_values = [item.get("from") for item in rules]
        to_values = [item.get("to") for item in rules]
    if set(map(type, from_values)) | set(map(type, to_values)) != {str}:
        pairs = [(f, t) for f, t in zip(from_values, to_values, strict=True) if f is not None and t is not None]
        if any(f.__class__ is not str or t.__class__ is not str for f, t in pairs):
            return True
        from_values, to_values = [f for f, _ in pairs], [t for _, t in pairs]
    if WILDCARD in from_values and (WILDCARD, WILDCARD) in set(zip(from_values, to_values, strict=True)):
        return True
    # Once each, without ``*``: the parent's counting pass does half the set operations.
    addresses = set(_stripped(from_values))
    addresses.discard(WILDCARD)
    froms.extend(addresses)
    addresses = set(_stripped(to_values))
    addresses.discard(WILDCARD)
    tos.extend(addresses)
    return False


class _Relevance:
    """Whether a rule can overlap a rule of the focused configurations (a cheap superset test)."""

    def __init__(self, focus: Iterable[Configuration]) -> None:
        self.configs: set[int] = set()
        self.addresses: set[str] = set()
        self.wide_channels: set[str] = set()
        #: Without a focus (:meth:`repeated`): the ``from`` and ``to`` addresses two rules
        #: claim, and the positions of the configurations holding one.
        self.from_sides: set[str] | None = None
        self.to_sides: set[str] = set()
        self.interesting: set[int] = set()
        for config in focus:
            self.configs.add(id(config))
            for rule in config.capture_rules:
                raw = (rule.data.get("from"), rule.data.get("to"))
                if raw == (WILDCARD, WILDCARD):
                    self.wide_channels.add(rule.channel)
                for value in raw:
                    if isinstance(value, str):
                        if value != WILDCARD:
                            self.addresses.add(strip_prefix(value))
                    else:
                        self.wide_channels.add(rule.channel)  # a coerced value: take no shortcut

    @classmethod
    def repeated(cls, configs: list[Configuration]) -> _Relevance:
        """Which rules can overlap any rule at all (a cheap superset test, without a focus).

        An overlap needs a ``from`` (or a ``to``) address claimed by rules of two
        configurations, or a ``*`` → ``*`` rule in the channel. The addresses of every rule are counted (this
        sees the 300,000 rules of a large project, most of which claim an address nobody
        else claims); the index is then built from the configurations holding a repeated
        one. Each configuration's addresses (:attr:`Configuration.claimed_sides`) come from
        the worker that checked its file when there was one, so a large run does this
        scan in parallel and only counts here.
        """
        self = cls(())
        held: list[tuple[int, list[str], list[str]]] = []  # (position, from addresses, to addresses)
        # Addresses two configurations claim, by set operations in C: an address is repeated
        # when a configuration claims it that an earlier one claimed too. (Repeats within one
        # configuration do not count: an overlap is between configurations.)
        from_seen: set[str] = set()
        to_seen: set[str] = set()
        from_sides: set[str] = set()
        to_sides: set[str] = set()
        for position, config in enumerate(configs):
            sides = config.claimed_sides
            if sides is None:
                continue
            froms, tos, wide = sides
            if wide:
                self.wide_channels.update(wide)
            from_sides.update(from_seen.intersection(froms))
            from_seen.update(froms)
            to_sides.update(to_seen.intersection(tos))
            to_seen.update(tos)
            held.append((position, froms, tos))
        from_sides.discard(WILDCARD)
        to_sides.discard(WILDCARD)
        self.from_sides, self.to_sides = from_sides, to_sides
        self.interesting = {
            position
            for position, froms, tos in held
            if not self.from_sides.isdisjoint(froms) or not self.to_sides.isdisjoint(tos)
        }
        return self

    def _relevant(self, channel: str, from_: Any, to: Any) -> bool:
        if channel in self.wide_channels or (from_ == WILDCARD and to == WILDCARD):
            return True
        return any(not isinstance(v, str) or (v != WILDCARD and strip_prefix(v) in self.addresses) for v in (from_, to))

    def may_matter(self, config: Configuration) -> bool:
        """Scan the raw data (building no model) for one rule that could overlap the focus.

        Runs over every configuration of a large project on each pre-commit run, so it
        keeps to set look-ups; anything unusual (a non-string side) counts as relevant.
        """
        if id(config) in self.configs:
            return True
        settings = config.get("channelSettings")
        if not isinstance(settings, dict):
            return False
        addresses = self.addresses
        for channel, data in settings.items():
            if channel in self.wide_channels:
                return True
            rules = data.get("captureRules") if isinstance(data, dict) else None
            if not isinstance(rules, list):
                continue
            for item in rules:
                if not isinstance(item, dict):
                    continue
                from_, to = item.get("from"), item.get("to")
                if from_.__class__ is not str or to.__class__ is not str:
                    return True
                if from_ in addresses or to in addresses or (from_ == WILDCARD and to == WILDCARD):
                    return True
                if (":" in from_ and strip_prefix(from_) in addresses) or (":" in to and strip_prefix(to) in addresses):
                    return True
        return False

    def relevant(self, config: Configuration, channel: Any, from_: Any, to: Any) -> bool:
        """Whether one rule (its channel and raw sides) could overlap a rule of the focus."""
        if self.from_sides is not None:
            return channel in self.wide_channels or self._shares_a_side(from_, to)
        if id(config) in self.configs:
            return True
        return self._relevant(channel, from_, to)

    def _shares_a_side(self, from_: Any, to: Any) -> bool:
        if from_.__class__ is not str or to.__class__ is not str:
            return True
        return (strip_prefix(from_) if ":" in from_ else from_) in self.from_sides or (
            strip_prefix(to) if ":" in to else to
        ) in self.to_sides


class OverlapIndex:
    """Capture rules indexed by comparison key, side and concrete address."""

    def __init__(self, rules: Iterable[CaptureRule] = ()) -> None:
        #: side → key → concrete address → the entry (or entries) whose ``side`` claims it.
        #: Nested, and a lone entry is not wrapped in a list: almost every address has one
        #: rule, and at 300,000 rules the tuples and lists cost ~80 MB.
        self._sides: dict[str, dict[tuple, dict[str, Any]]] = {"from": {}, "to": {}}
        #: key → ``*`` → ``*`` entries.
        self._star_star: dict[tuple, list[Entry]] = {}
        #: key → every entry of that key, for pairing with ``*`` → ``*`` rules.
        self._by_key: dict[tuple, list[Entry]] = {}
        for rule in rules:
            self.add(rule)

    @classmethod
    def of(cls, configs: Iterable[Configuration], focus: Iterable[Configuration] | None = None) -> OverlapIndex:
        """The index of ``configs``; with ``focus``, only what can overlap a rule of ``focus``.

        pre-commit reports on one staged file of a large project: the rules of the other
        configurations that share no address and no channel-wide ``*`` → ``*`` with the
        focused ones cannot take part in a reported overlap, and are left out cheaply.
        """
        index = cls()
        keep = _Relevance(focus) if focus is not None else None
        for config in configs:
            if not config.is_mapping or (keep is not None and not keep.may_matter(config)):
                continue
            for entry in _entries(config, keep):
                index._insert(entry)
        return index

    @classmethod
    def for_overlaps(cls, configs: list[Configuration], focus: Iterable[Configuration] | None = None) -> OverlapIndex:
        """The part of the index :meth:`overlaps` needs: rules that can overlap another rule.

        With ``focus``, as :meth:`of`; without, only rules that share an address with
        another rule or belong to a channel with a ``*`` → ``*`` rule (see
        :meth:`_Relevance.repeated`). Queries (:meth:`claims`) need :meth:`of`.
        """
        if focus is not None:
            return cls.of(configs, focus)
        index = cls()
        keep = _Relevance.repeated(configs)
        wide = keep.wide_channels
        for position, config in enumerate(configs):
            if not config.is_mapping:
                continue
            if position in keep.interesting or (wide and _has_channel(config, wide)):
                for entry in _entries(config, keep):
                    index._insert(entry)
        return index

    def add(self, rule: CaptureRule) -> Entry | None:
        entry = entry_for(rule)
        if entry is not None:
            self._insert(entry)
        return entry

    def _insert(self, entry: Entry) -> None:
        key = entry.key
        self._by_key.setdefault(key, []).append(entry)
        if entry.is_star_star:
            self._star_star.setdefault(key, []).append(entry)
            return
        if entry.from_ is not None and entry.from_ != WILDCARD:
            self._put("from", key, entry.from_, entry)
        if entry.to is not None and entry.to != WILDCARD:
            self._put("to", key, entry.to, entry)

    def _put(self, side: str, key: tuple, address: str, entry: Entry) -> None:
        addresses = self._sides[side].get(key)
        if addresses is None:
            addresses = self._sides[side][key] = {}
        current = addresses.get(address)
        if current is None:
            addresses[address] = entry
        elif current.__class__ is list:
            current.append(entry)
        else:
            addresses[address] = [current, entry]

    def _bucket(self, side: str, key: tuple, address: str) -> tuple | list:
        current = self._sides[side].get(key, {}).get(address)
        if current is None:
            return ()
        return current if current.__class__ is list else (current,)

    # -- overlaps between configurations ----------------------------------------------

    def overlaps(self) -> Iterator[Overlap]:
        """Every ordered pair of rules of different configurations that claim an address.

        Within each phase a pair appears once; a pair whose ``from`` and ``to`` are both
        shared appears once with ``shared="from"`` and once with ``shared="to"``. Shared
        ``from`` addresses come first, then shared ``to`` addresses, then ``*`` → ``*``.
        """
        for side in ("from", "to"):
            for addresses in self._sides[side].values():
                for bucket in addresses.values():
                    if bucket.__class__ is list:  # two or more rules claim this address
                        yield from self._bucket_overlaps(bucket, side)
        for key, stars in self._star_star.items():
            everyone = _group_by_config(self._by_key[key])
            yield from _cross(stars, everyone, EVERY_ADDRESS)
            star_groups = _group_by_config(stars)
            others = (entry for entry in self._by_key[key] if not entry.is_star_star)
            yield from _cross(others, star_groups, EVERY_ADDRESS)

    @staticmethod
    def _bucket_overlaps(bucket: list[Entry], side: str) -> Iterator[Overlap]:
        """Pairs in one bucket (same key, same concrete address on ``side``) whose other sides match."""
        other_side = "to" if side == "from" else "from"
        wild: list[Entry] = []
        rest: list[Entry] = []
        known: dict[str, list[Entry]] = {}
        for entry in bucket:
            value = entry.to if other_side == "to" else entry.from_
            if value == WILDCARD:
                wild.append(entry)
            else:
                rest.append(entry)
                if value is not None:
                    known.setdefault(value, []).append(entry)
        if wild:
            yield from _cross(wild, _group_by_config(bucket), side)
            yield from _cross(rest, _group_by_config(wild), side)
        for members in known.values():
            if len(members) > 1:
                yield from _cross(members, _group_by_config(members), side)

    # -- queries ----------------------------------------------------------------------

    def claims(self, key: tuple, from_: str, to: str) -> list[Entry]:
        """The indexed rules with comparison key ``key`` that capture traffic ``from_`` → ``to``.

        ``from_`` and ``to`` are concrete addresses (a ``whatsapp:``/``rcs:`` prefix is
        removed before comparing); rules with unknown sides match only through a ``*``.
        """
        want_from, want_to = claimed_address(from_), claimed_address(to)
        found: list[Entry] = []
        if want_from is not None and want_from != WILDCARD:
            for entry in self._bucket("from", key, want_from):
                if _matches(entry.to, want_to):
                    found.append(entry)
        if want_to is not None and want_to != WILDCARD:
            for entry in self._bucket("to", key, want_to):
                if entry.from_ == WILDCARD:  # a concrete matching from is already in the from bucket
                    found.append(entry)
        found.extend(self._star_star.get(key, ()))
        return found

    def keys(self) -> list[tuple]:
        """The comparison keys that have at least one indexed rule."""
        return list(self._by_key)
