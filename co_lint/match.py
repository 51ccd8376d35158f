"""``co-lint match``: which configuration captures this traffic, and why not (issue 14).

The first problem on Twilio's troubleshooting page is "Conversations not being created",
and its first steps are done by eye: read every configuration's capture rules, check both
directions, check the E.164 form, check ``callType`` on voice. co-lint already holds every
configuration of the project with its rules indexed (:class:`co_lint.overlap.OverlapIndex`,
the index of CO301), so it answers the question directly:

* **matches** are exactly what Conversation Orchestrator matches (rules.md §0): a rule with
  the traffic's comparison key (channel; on VOICE the effective call type, ``PSTN`` when
  absent; on CHAT the ``chatService``) whose sides are each the whole value ``*`` or the
  traffic's address as written, after removing a ``whatsapp:``/``rcs:`` prefix. They come
  from :meth:`OverlapIndex.claims`, the same code CO301 relies on, so the two agree.
* **near misses** explain a miss: rules that *would* capture the traffic after one
  correction — the same number in another form, the other direction only, another channel,
  another call type or chat service (a VOICE rule without ``callType`` for a client identity
  or SIP address), a partial wildcard. Each is found by a few dictionary look-ups (other
  spellings of the traffic, the swapped direction, auxiliary indexes of addresses written in
  other forms), never by scanning every rule, and then judged by :func:`explain`.

Input addresses are taken as written: the point is to test the exact string Twilio reports
(the Debugger, a message or call log). Only the prefix handling of rules.md §0 applies.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from co_lint.model import Configuration
from co_lint.overlap import Entry, OverlapIndex, claimed_address
from co_lint.reporters.printable import (
    error_line,
    json_text,
    line_start_path,
    no_legacy_commands,
    printable,
    printable_path,
    warning_line,
)
from co_lint.types import Record
from co_lint.vocabulary import (
    CALL_TYPES,
    CHANNELS,
    WILDCARD,
    address_prefix,
    channel_prefix,
    foreign_prefix,
    is_client_form,
    is_e164,
    is_partial_wildcard,
    is_phone_like,
    normalised_e164,
    strip_prefix,
)

EXIT_ONE, EXIT_NOT_ONE, EXIT_USAGE = 0, 1, 2

#: The keys of a traffic object (``--traffic`` lines and the ``traffic`` of the JSON output).
TRAFFIC_KEYS = ("channel", "from", "to", "callType", "chatService")
#: How the command line names them, for error messages about command-line traffic.
OPTION_NAMES = {
    "channel": "--channel",
    "from": "--from",
    "to": "--to",
    "callType": "--call-type",
    "chatService": "--chat-service",
}
FORMATS = ("text", "json")

#: Near-miss kinds, grouped under the troubleshooting step that finds them (text output).
STEP_MATCH = "Step 1: check that capture rules match (channel, both directions, wildcards)"
STEP_FORMAT = (
    "Step 2: verify the address format (capture rules compare addresses exactly: E.164 with + and country code)"
)
STEP_CALL_TYPE = "CLIENT or SIP calls: verify that the callType metadata is present on the capture rule"
STEPS = {
    "direction": STEP_MATCH,
    "channel": STEP_MATCH,
    "chatService": STEP_MATCH,
    "partial": STEP_MATCH,
    "form": STEP_FORMAT,
    "callType": STEP_CALL_TYPE,
}
_STEP_ORDER = (STEP_MATCH, STEP_FORMAT, STEP_CALL_TYPE)
#: The seed's words for several matches (troubleshooting step 4).
NOT_GUARANTEED = (
    "if multiple configurations match the same address, Conversation Orchestrator doesn't "
    "guarantee which one handles the traffic"
)
_SHOWN_PER_STEP = 10


class TrafficError(ValueError):
    """A traffic description that cannot be evaluated: a usage error (exit 2), one line."""


# --------------------------------------------------------------------------- traffic


class Traffic(NamedTuple):
    """One message or call to evaluate, its addresses exactly as given."""

    channel: str
    from_: str
    to: str
    #: VOICE only: the call type, ``PSTN`` when none was given (rules.md §0); else None.
    call_type: str | None = None
    #: Whether the call type was given (a PSTN default is worth saying in a reason).
    call_type_given: bool = False
    #: CHAT only: the Conversations service the message belongs to, or None.
    chat_service: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        """The comparison key of rules.md §0 that a capture rule must have to match."""
        if self.channel == "VOICE":
            return ("VOICE", self.call_type)
        if self.channel == "CHAT":
            return ("CHAT", self.chat_service)
        return (self.channel, None)

    def side(self, side: str) -> str:
        return self.from_ if side == "from" else self.to

    def as_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "from": self.from_,
            "to": self.to,
            "callType": self.call_type,
            "chatService": self.chat_service,
        }

    def describe(self) -> str:
        """``SMS from A to B``, ``VOICE call (callType CLIENT) from A to B``, ``CHAT (chatService IS…) …``."""
        if self.channel == "VOICE":
            given = "" if self.call_type_given else ", no call type given"
            head = f"VOICE call (callType {self.call_type}{given})"
        elif self.channel == "CHAT":
            head = f"CHAT (chatService {self.chat_service})" if self.chat_service else "CHAT (no chatService)"
        else:
            head = self.channel
        return f"{head} from {self.from_} to {self.to}"


def parse_traffic(raw: Any, names: dict[str, str] | None = None) -> Traffic:
    """A :class:`Traffic` from a ``--traffic`` line or the command-line options.

    ``names`` maps each key to how the user wrote it (``--call-type`` on the command line,
    ``'callType'`` in a file), so that the one-line error names what to change.
    """
    names = names or {key: repr(key) for key in TRAFFIC_KEYS}
    if not isinstance(raw, dict):
        raise TrafficError(f"a traffic line must be a JSON object with {', '.join(TRAFFIC_KEYS)}")
    for key in raw:
        if key not in TRAFFIC_KEYS:
            from co_lint.suggest import did_you_mean

            raise TrafficError(f"unknown key {key!r}{did_you_mean(str(key), TRAFFIC_KEYS)}")
    channel = raw.get("channel")
    if channel is None:
        raise TrafficError(f"{names['channel']} is required ({', '.join(CHANNELS)})")
    if not isinstance(channel, str) or channel.upper() not in CHANNELS:
        from co_lint.suggest import did_you_mean

        raise TrafficError(
            f"unknown channel {channel!r}{did_you_mean(str(channel), CHANNELS)}: one of {', '.join(CHANNELS)}"
        )
    channel = channel.upper()
    addresses = []
    for key in ("from", "to"):
        value = raw.get(key)
        if value is None:
            raise TrafficError(f"{names[key]} is required: the address exactly as Twilio reports it")
        if not isinstance(value, str) or not value:
            raise TrafficError(f"{names[key]} must be a non-empty address, not {value!r}")
        if value == WILDCARD:
            raise TrafficError(
                f"{names[key]} '*' is the capture-rule wildcard, not an address: give the address Twilio reports"
            )
        addresses.append(value)
    call_type, given = raw.get("callType"), "callType" in raw and raw["callType"] is not None
    if given and channel != "VOICE":
        raise TrafficError(f"{names['callType']} applies to VOICE traffic only, not {channel}")
    if given:
        if not isinstance(call_type, str) or call_type.upper() not in CALL_TYPES:
            from co_lint.suggest import did_you_mean

            hint = did_you_mean(str(call_type), CALL_TYPES)
            raise TrafficError(f"unknown call type {call_type!r}{hint}: one of {', '.join(CALL_TYPES)}")
        call_type = call_type.upper()
    elif channel == "VOICE":
        call_type = "PSTN"  # rules.md §0: the effective call type is PSTN when absent
    service = raw.get("chatService")
    if service is not None:
        if channel != "CHAT":
            raise TrafficError(f"{names['chatService']} applies to CHAT traffic only, not {channel}")
        if not isinstance(service, str) or not service:
            raise TrafficError(f"{names['chatService']} must be a non-empty service id, not {service!r}")
    return Traffic(channel, addresses[0], addresses[1], call_type, given, service)


def read_traffic_file(text: str, display: str) -> list[Traffic]:
    """Every query of a ``--traffic`` file: one JSON object a line; blank lines are skipped."""
    queries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrafficError(f"{display}:{number}: not a JSON object: {exc.msg}") from exc
        except ValueError as exc:  # an integer of more than 4,300 digits
            raise TrafficError(f"{display}:{number}: not a JSON object: {exc}") from exc
        try:
            queries.append(parse_traffic(raw))
        except TrafficError as exc:
            raise TrafficError(f"{display}:{number}: {exc}") from exc
    if not queries:
        raise TrafficError(f"{display}: no traffic in the file (one JSON object a line)")
    return queries


# --------------------------------------------------------------------------- results


class Found:
    """A capture rule that matches the traffic, or a near miss with its one-line reason."""

    __slots__ = ("entry", "kind", "reason", "pointer", "at", "scope", "notes")

    def __init__(
        self,
        entry: Entry,
        kind: str,
        reason: str,
        pointer: str,
        at: str,
        scope: str = "",
        notes: list[str] | None = None,
    ) -> None:
        self.entry = entry
        self.kind = kind  # "match" or a near-miss kind of STEPS
        self.reason = reason
        self.pointer = pointer
        self.at = at
        self.scope = scope
        self.notes: list[str] = [] if notes is None else notes

    @property
    def config(self) -> Configuration:
        return self.entry.config

    @property
    def file(self) -> str:
        return self.config.path

    @property
    def line(self) -> int | None:
        """1-based line of the located element (None for an in-memory configuration)."""
        document = self.config.document
        if document.locator is None:
            return None
        return document.span(self.pointer, self.at).start_line

    @property
    def display_name(self) -> str | None:
        name = self.config.get("displayName", None)
        return name if isinstance(name, str) else None

    def rule_as_written(self) -> dict[str, Any]:
        """The capture rule as the file has it (an unquoted YAML number as its source text)."""
        rule = dict(self.entry.rule.data)
        rule["from"], rule["to"] = self.entry.from_text, self.entry.to_text
        return rule

    def sort_key(self) -> tuple:
        return (self.file, self.config.document.index, self.line or 0, self.pointer)


class Answer(Record):
    """What ``match`` says about one traffic description."""

    __slots__ = ("traffic", "matches", "near_misses", "configurations", "notes")

    def __init__(
        self,
        traffic: Traffic,
        matches: list[Found],
        near_misses: list[Found],
        configurations: int,
        notes: list[str] | None = None,
    ) -> None:
        self.traffic = traffic
        self.matches = matches
        self.near_misses = near_misses
        #: How many configurations were searched.
        self.configurations = configurations
        #: Query-level notes (text output): an address with another channel's prefix.
        self.notes: list[str] = [] if notes is None else notes

    def configurations_by_scope(self) -> dict[str, list[Configuration]]:
        """The distinct configurations that capture the traffic, per scope, in order."""
        scopes: dict[str, list[Configuration]] = {}
        for found in self.matches:
            members = scopes.setdefault(found.scope, [])
            if all(config is not found.config for config in members):
                members.append(found.config)
        return scopes

    @property
    def captured_by(self) -> list[Configuration]:
        return [config for members in self.configurations_by_scope().values() for config in members]

    @property
    def verdict(self) -> str:
        """``one``, ``several`` (two configurations of one scope) or ``none``.

        Scopes are accounts or environments (README): one configuration in each of them is
        not ambiguous, as CO301 does not compare across scopes either.
        """
        scopes = self.configurations_by_scope()
        if not scopes:
            return "none"
        return "several" if any(len(members) > 1 for members in scopes.values()) else "one"

    def as_json(self) -> dict[str, Any]:
        return {
            "traffic": self.traffic.as_json(),
            "matches": [
                {
                    "file": printable_path(found.file),
                    "line": found.line,
                    "displayName": found.display_name,
                    "pointer": found.pointer,
                    "rule": found.rule_as_written(),
                }
                for found in self.matches
            ],
            "near_misses": [
                {
                    "file": printable_path(found.file),
                    "line": found.line,
                    "pointer": found.pointer,
                    "reason": found.reason,
                }
                for found in self.near_misses
            ],
        }


# --------------------------------------------------------------------------- address forms


def _e164_of(address: str) -> str | None:
    """The E.164 number ``address`` stands for when that is unambiguous, else None."""
    if is_e164(address):
        return address
    return normalised_e164(address) if is_phone_like(address) else None


def _national_digits(address: str) -> str | None:
    """The digits of a phone-like address written without ``+`` and country code, else None.

    ``(800) 555-0100`` → ``8005550100``; a national trunk ``0`` is dropped
    (``020 7946 0000`` → ``2079460000``). International forms (``+…``, ``00…``) are None:
    :func:`_e164_of` reads them.
    """
    if not is_phone_like(address) or address.lstrip().startswith("+"):
        return None
    digits = "".join(char for char in address if char.isdigit())
    if digits.startswith("00"):
        return None
    if digits.startswith("0"):
        digits = digits[1:]
    return digits if 7 <= len(digits) <= 14 else None


def _national_suffixes(e164: str) -> Iterator[str]:
    """The national numbers an E.164 number may be written as: its digits after a 1–3 digit country code."""
    digits = e164[1:]
    for cut in (1, 2, 3):
        if len(digits) - cut >= 7:
            yield digits[cut:]


def another_form(rule: str, traffic: str) -> str | None:
    """Why ``rule`` (a rule's address) is ``traffic`` written another way, or None.

    Both are compared after removing a ``whatsapp:``/``rcs:`` prefix (rules.md §0); a
    difference that remains is a miss, since capture rules compare addresses exactly.
    """
    if rule == traffic:
        return None
    if is_client_form(rule) and rule[7:] == traffic:
        return (
            f"{rule!r} has the client: prefix of Twilio call logs; capture rules name the bare identity "
            f"{traffic!r} (CO205)"
        )
    if is_client_form(traffic) and traffic[7:] == rule:
        return (
            f"the rule names the bare identity {rule!r}, and the address {traffic!r} is compared exactly: "
            "whether Conversation Orchestrator removes the client: prefix of call logs is undocumented"
        )
    exactly = "capture rules compare addresses exactly"
    rule_e164, traffic_e164 = _e164_of(rule), _e164_of(traffic)
    if rule_e164 is not None and rule_e164 == traffic_e164:
        if traffic == traffic_e164:  # the traffic is right, the rule is not
            if "+" + rule == traffic:
                return f"{rule!r} lacks the '+' of {traffic}: {exactly} (E.164)"
            return f"{rule!r} is {traffic} written in another form: {exactly}, so write it {traffic!r} (E.164)"
        if rule == rule_e164:
            return (
                f"the rule captures {rule}, and {traffic!r} is the same number in another form: {exactly}; "
                "test with the address exactly as Twilio reports it (E.164)"
            )
        return f"{rule!r} and {traffic!r} are {rule_e164} written in other forms: {exactly} (E.164)"
    if traffic_e164 is not None:
        national = _national_digits(rule)
        if national is not None and national in _national_suffixes(traffic_e164):
            return f"{rule!r} lacks the + and country code of {traffic_e164}: {exactly} (E.164)"
    if rule_e164 is not None:
        national = _national_digits(traffic)
        if national is not None and national in _national_suffixes(rule_e164):
            return (
                f"the rule captures {rule_e164}, and {traffic!r} lacks its + and country code: {exactly}; "
                "test with the address exactly as Twilio reports it (E.164)"
            )
    return None


class _Side(NamedTuple):
    """How one side of a rule relates to one address of the traffic."""

    relation: str | None  # "exact", "form", "partial" or None
    why: str = ""


def _glob(pattern: str) -> re.Pattern:
    return re.compile(".*".join(re.escape(part) for part in pattern.split(WILDCARD)), re.DOTALL)


def _relate(entry: Entry, side: str, address: str) -> _Side:
    """Whether the rule's ``side`` captures ``address``: exactly, in another form, or as a partial wildcard."""
    claimed = entry.from_ if side == "from" else entry.to
    wanted = claimed_address(address)
    if claimed == WILDCARD or (claimed is not None and claimed == wanted):
        return _Side("exact")
    text = entry.side_text(side)
    bare = strip_prefix(text)
    if is_partial_wildcard(bare) and wanted is not None and _glob(bare).fullmatch(wanted):
        return _Side(
            "partial",
            f"{text!r} has `*` inside a longer value: compared literally, it matches nothing; only the "
            "whole value `*` is a wildcard (CO207)",
        )
    if claimed is not None and wanted is not None:
        why = another_form(claimed, wanted)
        if why:
            return _Side("form", why)
    return _Side(None)


def _mirror(entry: Entry) -> str:
    mirror: dict[str, Any] = {"from": entry.to_text, "to": entry.from_text}
    if entry.rule.data.get("metadata"):
        mirror["metadata"] = entry.rule.data["metadata"]
    return json.dumps(mirror, ensure_ascii=False, default=str)


def _direction_reason(entry: Entry) -> str:
    from_text, to_text = entry.from_text, entry.to_text
    if to_text == WILDCARD:
        what = f"captures traffic from {from_text} only, and this traffic goes to it"
    elif from_text == WILDCARD:
        what = f"captures traffic to {to_text} only, and this traffic comes from it"
    else:
        what = f"captures {from_text} → {to_text} only, the opposite direction"
    return f"{what}: make the rules bidirectional, add {_mirror(entry)}"


def _call_type_reason(entry: Entry, traffic: Traffic) -> tuple[str, str, str]:
    """(reason, pointer, at) for a VOICE rule of another call type."""
    rule = entry.rule
    wanted = traffic.call_type
    default = "" if traffic.call_type_given else " (no call type was given: PSTN)"
    if "callType" not in rule.metadata:
        reason = (
            f"has no callType, so it captures PSTN calls only (passive voice rules default to PSTN matching); "
            f'add "metadata": {{"callType": "{wanted}"}} to capture this {wanted} call'
        )
        side = "from" if entry.from_text != WILDCARD else "to"
        return reason, rule.side_pointer(side), "value"
    written = entry.key[1]
    reason = f"is for callType {written}, and this call is {wanted}{default}"
    if {written, wanted} == {"SIP", "PUBLIC_SIP"}:
        reason += ": call types are compared as written (SIP is not PUBLIC_SIP, CO204)"
    elif written.upper() == wanted:
        reason += f": call types are compared as written, so write {wanted!r} (CO204)"
    elif written in ("CLIENT", "PUBLIC_SIP", "SIP") and not traffic.call_type_given:
        reason += f": if it is a {written} call, say so (--call-type {written})"
    return reason, f"{rule.pointer}/metadata/callType", "value"


def _chat_service_reason(entry: Entry, traffic: Traffic) -> tuple[str, str, str]:
    rule = entry.rule
    written = entry.key[1]
    wanted = f"chat service {traffic.chat_service}" if traffic.chat_service else "no chat service"
    if written is None:
        return f"has no chatService, and this traffic names {wanted}", rule.pointer, "first_key"
    return (
        f"is for chatService {written}, and this traffic has {wanted}",
        f"{rule.pointer}/metadata/chatService",
        "value",
    )


def _channel_reason(entry: Entry, traffic: Traffic, sides: tuple[str, ...]) -> str:
    """The rule captures these addresses on another channel; say so, naming a telling prefix."""
    channel = entry.rule.channel
    for side in sides:
        text = entry.side_text(side)
        prefix = address_prefix(text)
        if prefix and channel_prefix(channel) == prefix:
            return (
                f"captures {text!r} on {channel} (the {prefix} prefix marks {channel} traffic), and this traffic "
                f"is {traffic.channel}: a capture rule belongs to one channel"
            )
    for side in sides:
        given = traffic.side(side)
        prefix = address_prefix(given)
        if prefix and prefix == channel_prefix(traffic.channel) and not address_prefix(entry.side_text(side)):
            return (
                f"captures {entry.side_text(side)!r} on {channel}, without the {prefix} prefix: "
                f"{traffic.channel} traffic such as {given!r} is matched against {traffic.channel} rules only"
            )
    return (
        f"captures these addresses on {channel}, and this traffic is {traffic.channel}: "
        "a capture rule belongs to one channel"
    )


def explain(entry: Entry, traffic: Traffic) -> tuple[str, str, str, str] | None:
    """(kind, reason, pointer, at) when ``entry`` misses ``traffic`` by one correction, else None.

    A rule that matches, or that would need two corrections (another channel *and* another
    form), is not a near miss: the list stays short and every line names the one change.
    """
    rule = entry.rule
    if entry.key == traffic.key:
        relations = (_relate(entry, "from", traffic.from_), _relate(entry, "to", traffic.to))
        if all(r.relation is not None for r in relations):
            for side, relation in zip(("from", "to"), relations, strict=True):
                if relation.relation != "exact":
                    return relation.relation, relation.why, rule.side_pointer(side), "value"
            return None  # a match
        swapped = (_relate(entry, "from", traffic.to), _relate(entry, "to", traffic.from_))
        if all(r.relation == "exact" for r in swapped):
            return "direction", _direction_reason(entry), rule.pointer, "first_key"
        return None
    exact = all(_relate(entry, side, traffic.side(side)).relation == "exact" for side in ("from", "to"))
    if not exact:
        return None
    if entry.key[0] == traffic.channel:
        if traffic.channel == "VOICE":
            reason, pointer, at = _call_type_reason(entry, traffic)
            return "callType", reason, pointer, at
        reason, pointer, at = _chat_service_reason(entry, traffic)
        return "chatService", reason, pointer, at
    if entry.is_star_star:
        return None  # it claims every address of its own channel: no hint for this one
    sides = tuple(side for side in ("from", "to") if entry.side_text(side) != WILDCARD)
    return "channel", _channel_reason(entry, traffic, sides), rule.pointer, "first_key"


# --------------------------------------------------------------------------- the index


class MatchIndex:
    """The capture rules of a project set, indexed for matching traffic and finding near misses.

    Matching is :meth:`OverlapIndex.claims`. The auxiliary indexes hold, per rule side,
    what near misses need: every concrete address whatever the comparison key (another
    channel or call type), addresses written in another form by the E.164 number or bare
    identity they stand for, national numbers by their digits, and partial wildcards per
    comparison key. Building is one pass over the rules; a query is a few look-ups.
    """

    def __init__(
        self,
        configs: Iterable[Configuration],
        scope_of: Callable[[Configuration], str] = lambda config: "",
    ) -> None:
        self.overlap = OverlapIndex()
        self.configurations = 0
        self._scopes: dict[int, str] = {}
        #: (side, address) → entries whose side claims the concrete address, any comparison key.
        self._by_address: dict[tuple[str, str], list[Entry]] = {}
        #: channel → ``*`` → ``*`` entries (another call type or chat service on that channel).
        self._star_star: dict[str, list[Entry]] = {}
        #: (key, side, E.164 number or bare identity) → entries written in another form.
        self._forms: dict[tuple, list[Entry]] = {}
        #: (key, side, national digits) → entries written without + and country code.
        self._national: dict[tuple, list[Entry]] = {}
        #: key → entries with a partial wildcard on a side.
        self._partial: dict[tuple, list[Entry]] = {}
        for config in configs:
            if not config.is_mapping:
                continue
            self.configurations += 1
            self._scopes[id(config)] = scope_of(config)
            for rule in config.capture_rules:
                entry = self.overlap.add(rule)
                if entry is not None:
                    self._add(entry)

    def _add(self, entry: Entry) -> None:
        key = entry.key
        if entry.is_star_star:
            self._star_star.setdefault(key[0], []).append(entry)
            return
        partial = False
        for side in ("from", "to"):
            claimed = entry.from_ if side == "from" else entry.to
            if claimed is None:
                partial = partial or is_partial_wildcard(strip_prefix(entry.side_text(side)))
                continue
            if claimed == WILDCARD:
                continue
            self._by_address.setdefault((side, claimed), []).append(entry)
            if is_client_form(claimed):
                self._forms.setdefault((key, side, claimed[7:]), []).append(entry)
            elif not is_e164(claimed) and is_phone_like(claimed):  # E.164, the usual form, has no other
                number = _e164_of(claimed)
                if number is not None and number != claimed:
                    self._forms.setdefault((key, side, number), []).append(entry)
                national = _national_digits(claimed)
                if national is not None:
                    self._national.setdefault((key, side, national), []).append(entry)
        if partial:
            self._partial.setdefault(key, []).append(entry)

    def scope(self, entry: Entry) -> str:
        return self._scopes.get(id(entry.config), "")

    def query(self, traffic: Traffic) -> Answer:
        """Every rule that captures ``traffic``; when none does, the near misses."""
        matches = []
        for entry in self.overlap.claims(traffic.key, traffic.from_, traffic.to):
            found = Found(entry, "match", "", entry.rule.pointer, "first_key", self.scope(entry))
            found.notes = _prefix_notes(entry, traffic)
            matches.append(found)
        matches.sort(key=Found.sort_key)
        near: list[Found] = []
        if not matches:
            seen: set[int] = set()
            for entry in self._candidates(traffic):
                if id(entry) in seen:
                    continue
                seen.add(id(entry))
                judged = explain(entry, traffic)
                if judged is not None:
                    kind, reason, pointer, at = judged
                    near.append(Found(entry, kind, reason, pointer, at, self.scope(entry)))
            near.sort(key=Found.sort_key)
        notes = [
            f"{value!r} carries the {foreign} prefix of another channel; Twilio reports {traffic.channel} "
            "addresses without it"
            for value in (traffic.from_, traffic.to)
            if (foreign := foreign_prefix(value, traffic.channel))
        ]
        return Answer(traffic, matches, near, self.configurations, notes)

    def _candidates(self, traffic: Traffic) -> Iterator[Entry]:
        """Rules that may be near misses (a superset; :func:`explain` judges each), by look-ups only."""
        key, overlap = traffic.key, self.overlap
        wanted = {side: claimed_address(traffic.side(side)) for side in ("from", "to")}
        # The other direction only.
        yield from overlap.claims(key, traffic.to, traffic.from_)
        # The traffic's addresses in other spellings (the traffic is written in another form).
        for side in ("from", "to"):
            address = wanted[side]
            if address is None:
                continue
            spellings = {_e164_of(address), address[7:] if is_client_form(address) else None} - {None, address}
            for spelling in spellings:
                if side == "from":
                    yield from overlap.claims(key, spelling, traffic.to)
                else:
                    yield from overlap.claims(key, traffic.from_, spelling)
        # Rules written in another form, partial wildcards.
        for side in ("from", "to"):
            address = wanted[side]
            if address is None:
                continue
            yield from self._forms.get((key, side, address), ())
            number = _e164_of(address)
            if number is not None:
                yield from self._forms.get((key, side, number), ())
                for national in _national_suffixes(number):
                    yield from self._national.get((key, side, national), ())
        yield from self._partial.get(key, ())
        # Another channel, call type or chat service.
        for side in ("from", "to"):
            if wanted[side] is not None:
                yield from self._by_address.get((side, wanted[side]), ())
        yield from self._star_star.get(traffic.channel, ())


def _prefix_notes(entry: Entry, traffic: Traffic) -> list[str]:
    """A match that holds only once a ``whatsapp:``/``rcs:`` prefix is removed (rules.md §0) is worth a note."""
    notes = []
    for side in ("from", "to"):
        written, given = entry.side_text(side), traffic.side(side)
        if written != WILDCARD and written != given:
            prefix = address_prefix(written) or address_prefix(given)
            notes.append(
                f"the rule writes {written!r} and the traffic {given!r}: co-lint matches them without the "
                f"{prefix} prefix (rules.md §0), but one user reports that a rule written in one form does not "
                "match traffic in the other; write the form Twilio reports (CO209)"
            )
    return notes


# --------------------------------------------------------------------------- output


def _where(found: Found, scoped: bool) -> str:
    line = found.line
    name = found.display_name or "(no displayName)"
    document = found.config.document.index
    file = line_start_path(found.file)  # it starts the line (after indentation)
    label = f"{file}:{line}" if line is not None else file
    extra = f", document {document + 1}" if document else ""
    scope = f", scope {found.scope or '(default)'}" if scoped else ""
    return f"{label}: {name}{extra}{scope}"


def _name(config: Configuration) -> str:
    name = config.get("displayName", None)
    return name if isinstance(name, str) else printable_path(config.path)


def _own_addresses_notes(answer: Answer, members: list[Configuration]) -> Iterator[str]:
    """Explain pairs of capturing configurations that CO301 does not report (rules.md §5).

    CO301 reports two configurations whose matching rules share a concrete ``from``, a
    concrete ``to``, or a ``*`` → ``*`` rule. What remains is one configuration claiming the
    sender and the other the recipient: traffic between two of the account's own addresses.
    """
    claims: dict[int, set[str]] = {}
    for found in answer.matches:
        entry = found.entry
        mine = claims.setdefault(id(found.config), set())
        if entry.is_star_star:
            mine.add("*")
        else:
            mine.update(side for side in ("from", "to") if entry.side_text(side) != WILDCARD)
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            a, b = claims[id(first)], claims[id(second)]
            if "*" in a or "*" in b or a & b:
                continue  # CO301 reports this pair
            sender, recipient = (first, second) if "from" in a else (second, first)
            yield (
                f"{answer.traffic.from_} is captured by {_name(sender)} and {answer.traffic.to} by "
                f"{_name(recipient)}: traffic between two captured addresses matches both; CO301 does not report "
                "this case, since each address belongs to one configuration (rules.md §5)"
            )


def _rule_text(found: Found) -> str:
    return json.dumps(found.rule_as_written(), ensure_ascii=False, default=str)


def render_text(answer: Answer, scoped: bool = False) -> str:
    """One answer in words, in the order of the troubleshooting page's steps.

    Lines quote the traffic and the files (addresses, names): a terminal escape or a lone
    surrogate in them is escaped, one line at a time (each line is one element).
    """
    return no_legacy_commands("\n".join(printable(line) for line in _text_lines(answer, scoped))) + "\n"


def _text_lines(answer: Answer, scoped: bool) -> list[str]:
    out = [answer.traffic.describe()]
    out += [f"  note: {note}" for note in answer.notes]
    scopes = answer.configurations_by_scope()
    if answer.verdict == "one":
        names = ", ".join(_name(config) for config in answer.captured_by)
        if len(scopes) == 1:
            out.append(f"Captured by 1 configuration: {names}.")
        else:
            out.append(
                f"Captured by 1 configuration in each of {len(scopes)} scopes ({', '.join(sorted(scopes))}): {names}."
            )
    for scope, members in scopes.items():
        if len(members) > 1:
            where = f" of scope {scope}" if scoped and scope else ""
            names = ", ".join(_name(config) for config in members)
            out.append(
                f"Captured by {len(members)} configurations{where} ({names}): {NOT_GUARANTEED} "
                "(troubleshooting step 4). Capture each address in one configuration only."
            )
            out += [f"  note: {note}" for note in _own_addresses_notes(answer, members)]
    if answer.matches:
        for found in answer.matches:
            out.append(f"  {_where(found, scoped)}: {_rule_text(found)}")
            out += [f"    note: {note}" for note in found.notes]
        return out
    count = answer.configurations
    plural = "configuration" if count == 1 else "configurations"
    out.append(
        f"Not captured: no capture rule of the {count} {plural} matches this traffic, so no conversation is created."
    )
    if not answer.near_misses:
        out.append(
            "  No capture rule names these addresses in any form, on any channel. Add capture rules for your "
            'Twilio address to the configuration that should capture it, both directions: one with it as "from" '
            '(to "*"), one as "to" (from "*").'
        )
        return out
    out.append("Near misses, in the order of the troubleshooting steps:")
    by_step: dict[str, list[Found]] = {}
    for found in answer.near_misses:
        by_step.setdefault(STEPS[found.kind], []).append(found)
    for step in _STEP_ORDER:
        members = by_step.get(step)
        if not members:
            continue
        out.append(f"  {step}")
        for found in members[:_SHOWN_PER_STEP]:
            out.append(f"    {_where(found, scoped)}: {found.reason}")
        if len(members) > _SHOWN_PER_STEP:
            out.append(f"    … and {len(members) - _SHOWN_PER_STEP} more (--format json lists them all)")
    return out


def render(answers: list[Answer], format: str, scoped: bool = False) -> str:
    """Text blocks separated by a blank line (with a summary for several queries), or JSON Lines."""
    if format == "json":  # a lone surrogate (in a --traffic line, a file) as its JSON escape
        return "".join(json_text(json.dumps(a.as_json(), ensure_ascii=False, default=str)) + "\n" for a in answers)
    text = "\n".join(render_text(answer, scoped) for answer in answers)
    if len(answers) > 1:
        counts = {verdict: sum(a.verdict == verdict for a in answers) for verdict in ("one", "several", "none")}
        text += (
            f"\n{len(answers)} queries: {counts['one']} captured by exactly one configuration, "
            f"{counts['several']} by several, {counts['none']} not captured.\n"
        )
    return text


def _warn_unread(display: str, finding: Any, stderr: TextIO) -> None:
    """A given file that could not be read (CO001/CO004/CO005): the lint run's message, masked and
    escaped as a report's would be (the parser's message may quote the file's text)."""
    from co_lint.secrets import mask_secrets

    message = printable(mask_secrets(finding.message.splitlines()[0]))
    where = f"{display}:{finding.span.start_line}: {finding.rule_id}"
    print(warning_line(f"{where} {message}: its capture rules were not evaluated"), file=stderr)


def exit_code(answers: list[Answer]) -> int:
    """0 when every query is captured by exactly one configuration (per scope), else 1."""
    return EXIT_ONE if all(answer.verdict == "one" for answer in answers) else EXIT_NOT_ONE


# --------------------------------------------------------------------------- the command


class MatchOptions(Record):
    __slots__ = ("paths", "traffic", "traffic_file", "format", "config", "scope", "cwd", "stdin_text")

    def __init__(
        self,
        paths: list[str] | None = None,
        traffic: dict[str, str] | None = None,
        traffic_file: str | None = None,
        format: str = "text",
        config: str | None = None,
        scope: str | None = None,
        cwd: Path | None = None,
        stdin_text: str | None = None,
    ) -> None:
        self.paths: list[str] = [] if paths is None else paths
        #: Command-line traffic (keys of :data:`TRAFFIC_KEYS`; absent options left out).
        self.traffic: dict[str, str] = {} if traffic is None else traffic
        #: ``--traffic FILE`` (``-``: standard input).
        self.traffic_file = traffic_file
        self.format = format
        self.config = config
        #: Only the configurations of this scope of the settings (``--scope``).
        self.scope = scope
        self.cwd: Path = Path.cwd() if cwd is None else cwd
        #: What ``--traffic -`` reads (tests pass it; else standard input).
        self.stdin_text = stdin_text


def run(options: MatchOptions, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """One ``co-lint match`` run; returns the exit code. Never raises for bad input."""
    import gc

    from co_lint.app import UsageError

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    # As in a lint run: loading builds many small objects that live until the end, and the
    # cyclic collector would walk them again and again for nothing (a third of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(options, stdout, stderr)
    except (UsageError, TrafficError) as exc:
        print(error_line(exc), file=stderr)
        return EXIT_USAGE
    finally:
        if collecting:
            gc.enable()


def _queries(options: MatchOptions) -> list[Traffic]:
    from co_lint.app import UsageError

    if options.traffic_file is not None:
        if options.traffic:
            given = ", ".join(OPTION_NAMES[key] for key in options.traffic)
            raise UsageError(f"--traffic FILE describes the traffic: leave out {given}")
        if options.traffic_file == "-":
            text = options.stdin_text if options.stdin_text is not None else sys.stdin.read()
            return read_traffic_file(text, "<stdin>")
        path = options.cwd / options.traffic_file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise UsageError(f"{options.traffic_file}: cannot read the traffic file: {reason}") from exc
        return read_traffic_file(text, options.traffic_file)
    return [parse_traffic(options.traffic, OPTION_NAMES)]


def _run(options: MatchOptions, stdout: TextIO, stderr: TextIO) -> int:
    from co_lint.app import Options, UsageError, build_settings
    from co_lint.discovery import absolute, discover, display_path, project_files, relative_to_root
    from co_lint.loader import load_file

    if options.format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {options.format!r}")
    queries = _queries(options)  # usage errors first, before any file is read
    settings = build_settings(Options(config=options.config, cwd=options.cwd))
    if options.scope is not None and options.scope not in settings.scopes:
        known = ", ".join(sorted(settings.scopes)) or "none: the settings define no scopes"
        raise UsageError(f"unknown scope {options.scope!r} (scopes: {known})")
    # The same files a lint run reads: the given paths (default .) and the project set.
    found = discover([options.cwd / p for p in (options.paths or ["."])], settings)
    errors = found.errors(options.cwd)
    given = {absolute(path) for path in found.files}
    project = project_files(settings, given)
    configs: list[Configuration] = []
    for path in [*found.files, *project]:
        key, display = absolute(path), display_path(path, options.cwd)
        try:
            source = load_file(path, display)
        except OSError as exc:
            if key in given:
                errors.append(f"{display}: cannot read: {exc.strerror or exc}")
            continue
        unread = [f for f in source.findings if f.rule_id in ("CO001", "CO004", "CO005")]
        if unread and key in given:
            _warn_unread(display, unread[0], stderr)
        for document in source.documents:
            config = Configuration(document)
            # As for CO3xx: a project file nobody named joins only if it looks like a configuration.
            if config.is_mapping and (key in given or config.looks_like_configuration):
                configs.append(config)
    if errors:
        for message in errors:  # their paths may be any bytes: escaped as such
            print(error_line(message), file=stderr)
        return EXIT_USAGE

    def scope_of(config: Configuration) -> str:
        if not settings.scopes:
            return ""
        return settings.scope_of(relative_to_root(options.cwd / config.path, settings.root))

    if options.scope is not None:
        configs = [config for config in configs if scope_of(config) == options.scope]
    index = MatchIndex(configs, scope_of)
    answers = [index.query(traffic) for traffic in queries]
    stdout.write(render(answers, options.format, scoped=bool(settings.scopes) and options.scope is None))
    return exit_code(answers)
