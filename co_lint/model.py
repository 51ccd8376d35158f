"""The typed view of a configuration that every rule receives.

Rules never walk raw dicts or compute line numbers: they read channels and capture rules
from here, with their JSON Pointers, and the §0 vocabulary (effective call type,
comparison key, opaque values) computed once. Parts of the wrong type are skipped
silently: the schema check reports them, and no rule crashes on a malformed file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import cached_property
from typing import Any

from co_lint.loader import Document, escape_pointer_token
from co_lint.vocabulary import (
    ADDRESS_RECORDS,
    CHANNELS,
    INERT_MAX_LENGTH,
    WILDCARD,
    Address,
    address,
    channel_prefix,
    is_opaque_text,
)

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()


def effective_call_type(channel: Any, metadata: dict) -> str | None:
    """VOICE only: ``metadata.callType`` as written, or PSTN when absent; None off VOICE or
    when unknown (a placeholder, template or non-string)."""
    if channel != "VOICE":
        return None
    call_type = metadata.get("callType", MISSING)
    if call_type is MISSING:
        return "PSTN"
    if not isinstance(call_type, str) or is_opaque_text(call_type):
        return None
    return call_type


def comparison_key(channel: Any, metadata: dict) -> tuple[str, str | None] | None:
    """Channel, plus the effective call type on VOICE or chatService on CHAT (rules.md §0).

    None when the call type or chat service is unknown (a placeholder, template or
    non-string): such a rule is compared with nothing. A function of the raw values, so the
    overlap index can key a rule without building its model.
    """
    if channel == "VOICE":
        call_type = effective_call_type(channel, metadata)
        return None if call_type is None else ("VOICE", call_type)
    if channel == "CHAT":
        service = metadata.get("chatService", MISSING)
        if service is MISSING:
            return ("CHAT", None)
        if not isinstance(service, str) or is_opaque_text(service):
            return None
        return ("CHAT", service)
    return (channel, None)


class CaptureRule:
    """One capture rule of one channel.

    A large run builds one for each of hundreds of thousands of rules, and a dozen rules read
    each one, so it is a slotted class whose fields :func:`_capture_rules` works out for a whole
    channel at once (the constructor only stores them); its JSON Pointer is made only when
    asked (most rules need it only to report), and :attr:`judged_sides`, where most
    capture-rule rules start, is computed once there instead of in every rule.
    """

    __slots__ = ("config", "channel", "index", "data", "from_", "to", "metadata", "judged_sides", "_channel_pointer")

    config: Configuration
    channel: str
    index: int
    data: dict
    #: ``from`` as rules judge it: the string, or a coerced YAML scalar's source text
    #: (:meth:`Configuration._address`); None for any other value.
    from_: str | None
    #: ``to``, likewise.
    to: str | None
    #: ``metadata``, or ``{}`` when it is absent or not a mapping.
    metadata: dict[str, Any]
    #: The sides content rules judge (CO202, CO203, CO205, CO207, CO209, CO211), as
    #: ``(side, value, address)`` in the order from, to: a string that is concrete (not the
    #: wildcard) and not opaque (a placeholder or template, rules.md §0), with its
    #: :class:`~co_lint.vocabulary.Address` record (prefix, number, E.164), which those rules
    #: read instead of asking again. Structural rules (CO201, CO208) compare every side and
    #: do not use it.
    judged_sides: tuple[tuple[str, str, Address], ...]

    def __init__(
        self,
        config: Configuration,
        channel: str,
        channel_pointer: str,
        index: int,
        data: dict,
        from_: str | None,
        to: str | None,
        metadata: dict[str, Any],
        judged_sides: tuple[tuple[str, str, Address], ...],
    ) -> None:
        self.config = config
        self.channel = channel
        self._channel_pointer = channel_pointer
        self.index = index
        self.data = data
        self.from_ = from_
        self.to = to
        self.metadata = metadata
        self.judged_sides = judged_sides

    def __repr__(self) -> str:
        return f"CaptureRule({self.pointer!r}, from_={self.from_!r}, to={self.to!r}, metadata={self.metadata!r})"

    @property
    def pointer(self) -> str:
        """JSON Pointer of the rule (``/channelSettings/SMS/captureRules/3``)."""
        return f"{self._channel_pointer}/captureRules/{self.index}"

    def side_pointer(self, side: str) -> str:
        """Pointer of the ``from`` or ``to`` value."""
        return f"{self._channel_pointer}/captureRules/{self.index}/{side}"

    def side(self, side: str) -> str | None:
        return self.from_ if side == "from" else self.to

    @property
    def call_type(self) -> Any:
        """``metadata.callType`` as written (MISSING when absent)."""
        return self.metadata.get("callType", MISSING)

    @property
    def effective_call_type(self) -> str | None:
        """VOICE only: callType as written, or PSTN when absent; None off VOICE or unknown."""
        return effective_call_type(self.channel, self.metadata)

    @property
    def comparison_key(self) -> tuple[str, str | None] | None:
        """Channel, plus the effective call type on VOICE or chatService on CHAT (see
        :func:`comparison_key`)."""
        return comparison_key(self.channel, self.metadata)

    @property
    def is_complete(self) -> bool:
        """Both sides are strings."""
        return isinstance(self.from_, str) and isinstance(self.to, str)

    @property
    def is_star_star(self) -> bool:
        return self.from_ == WILDCARD and self.to == WILDCARD

    @property
    def metadata_key(self) -> tuple:
        """Metadata as a comparable value (an absent metadata equals ``{}``)."""
        return tuple(sorted((str(k), repr(v)) for k, v in self.metadata.items()))


def _capture_rules(
    config: Configuration, channel: str, pointer: str, items: list
) -> tuple[list[CaptureRule], bool, set[tuple[str, str]] | None, bool]:
    """What :attr:`Configuration.channels` knows of a channel's ``captureRules`` list ``items``.

    That is the :class:`CaptureRule` of each mapping in it; :attr:`Channel.phone_numbers_only`;
    :attr:`Channel.written_pairs`; and whether ``items`` holds no string
    :meth:`Configuration.textual_strings` keeps (every item a mapping of exactly ``from`` and
    ``to``, each the wildcard or an inert address, see
    :attr:`~co_lint.vocabulary.Address.inert`), so that the string walk skips the list.

    One loop for the whole channel: every capture-rule rule waits on it, and it makes the
    address records the string walk and those rules read. A value's record is read from the
    table without a call when it exists (a mirror rule writes the same address again).
    """
    own_prefix = channel_prefix(channel)
    records = ADDRESS_RECORDS.get
    rules: list[CaptureRule] = []
    append = rules.append
    pairs: set[tuple[str, str]] | None = set()
    phone_numbers_only = quiet = True
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            pairs, quiet = None, False
            continue
        from_, to = item.get("from"), item.get("to")
        if from_.__class__ is str and to.__class__ is str and len(item) == 2:  # most rules
            metadata: dict[str, Any] = {}
            if pairs is not None:
                pairs.add((from_, to))
        else:
            pairs, quiet = None, False
            if from_.__class__ is not str:
                from_ = config._address(from_, f"{pointer}/captureRules/{index}/from")
            if to.__class__ is not str:
                to = config._address(to, f"{pointer}/captureRules/{index}/to")
            metadata = item.get("metadata")
            if not isinstance(metadata, dict):
                metadata = {}
        # A side content rules judge: a concrete string (not the wildcard) that is not opaque
        # (rules.md §0). Tested here, without a call for the wildcard or a known address.
        if from_ is None or from_ == WILDCARD:
            from_address = None
        else:
            from_address = records(from_) or address(from_)
            if from_address.opaque:
                from_address, quiet = None, False
            else:
                if quiet and not from_address.inert:
                    quiet = False
                if phone_numbers_only and not (
                    from_address.phone_number and (from_address.prefix is None or from_address.prefix == own_prefix)
                ):
                    phone_numbers_only = False
        if to is None or to == WILDCARD:
            to_address = None
        else:
            to_address = records(to) or address(to)
            if to_address.opaque:
                to_address, quiet = None, False
            else:
                if quiet and not to_address.inert:
                    quiet = False
                if phone_numbers_only and not (
                    to_address.phone_number and (to_address.prefix is None or to_address.prefix == own_prefix)
                ):
                    phone_numbers_only = False
        if from_address is None:
            judged: tuple[tuple[str, str, Address], ...] = () if to_address is None else (("to", to, to_address),)
        elif to_address is None:
            judged = (("from", from_, from_address),)
        else:
            judged = (("from", from_, from_address), ("to", to, to_address))
        append(CaptureRule(config, channel, pointer, index, item, from_, to, metadata, judged))
    return rules, phone_numbers_only, pairs, quiet


class Channel:
    """One entry of ``channelSettings``."""

    __slots__ = ("config", "name", "pointer", "data", "capture_rules", "phone_numbers_only", "written_pairs")

    def __init__(self, config: Configuration, name: str, pointer: str, data: Any) -> None:
        self.config = config
        self.name = name
        self.pointer = pointer
        self.data = data
        self.capture_rules: list[CaptureRule] = []
        #: Every side content rules judge is an E.164 phone number (7 digits or more), bare or
        #: after the channel's own prefix (``whatsapp:`` under WHATSAPP): CO202, CO203, CO207 and
        #: CO209's prefix test have nothing to say about such a channel (most are) and skip it.
        #: False claims nothing.
        self.phone_numbers_only = False
        #: When every item of ``captureRules`` is a mapping of exactly ``from`` and ``to``, both
        #: strings (no metadata: most channels), the set of their ``(from, to)`` pairs as
        #: written; else None. CO201 and CO208 compare rules through it (a duplicate rule makes
        #: the set smaller than the list), and CO204, CO205, CO206 and CO212 skip a channel with it.
        self.written_pairs: set[tuple[str, str]] | None = None

    def __repr__(self) -> str:
        return f"Channel({self.pointer!r}, {len(self.capture_rules)} capture rules)"

    @property
    def known(self) -> bool:
        return self.name in CHANNELS

    @property
    def status_timeouts(self) -> Any:
        """The ``statusTimeouts`` value, MISSING when the key is absent."""
        if not isinstance(self.data, dict):
            return MISSING
        return self.data.get("statusTimeouts", MISSING)

    @property
    def capture_rules_pointer(self) -> str:
        return f"{self.pointer}/captureRules"


class Configuration:
    """One configuration document, with typed access for rules."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.data = document.value
        self.is_mapping = isinstance(self.data, dict)
        self._strings: list[tuple[str, str, str]] | None = None
        self._textual_strings: list[tuple[str, str, str]] | None = None
        #: ``id()`` of the ``captureRules`` lists that hold no textual string (see
        #: :func:`_capture_rules`), filled by :attr:`channels`: :meth:`textual_strings` skips them.
        self._quiet_lists: set[int] = set()
        #: False for a project configuration co-lint was not asked to report on: it is only
        #: there for cross-configuration rules, which may skip work that reports nothing.
        self.reported = True

    @property
    def path(self) -> str:
        return self.document.source.display

    def get(self, key: str, default: Any = MISSING) -> Any:
        """A top-level value, or ``default`` (MISSING) when absent or the root is not a mapping."""
        return self.data.get(key, default) if self.is_mapping else default

    @property
    def where(self) -> str:
        """How messages name this configuration: its file, and the document when not the first."""
        index = self.document.index
        return f"{self.path} (document {index + 1})" if index else self.path

    @property
    def looks_like_configuration(self) -> bool:
        """A mapping with a key only a configuration has (for project files nobody named)."""
        return self.is_mapping and any(
            key in self.data for key in ("channelSettings", "conversationGroupingType", "memoryStoreId")
        )

    def has(self, key: str) -> bool:
        return self.is_mapping and key in self.data

    @cached_property
    def claimed_sides(self) -> tuple[list[str], list[str], list[str]] | None:
        """The addresses CO301's counting pass reads (:func:`co_lint.overlap.claimed_sides`).

        A worker that checked the file sets it beforehand (:func:`co_lint.parallel.gather`),
        so the parent of a large run only counts.
        """
        from co_lint.overlap import claimed_sides

        return claimed_sides(self.data)

    @cached_property
    def channels(self) -> list[Channel]:
        settings = self.get("channelSettings")
        if not isinstance(settings, dict):
            return []
        channels = []
        for name, data in settings.items():
            pointer = f"/channelSettings/{escape_pointer_token(name)}"
            channel = Channel(self, name, pointer, data)
            items = data.get("captureRules") if isinstance(data, dict) else None
            if isinstance(items, list):
                rules, channel.phone_numbers_only, channel.written_pairs, quiet = _capture_rules(
                    self, name, pointer, items
                )
                channel.capture_rules = rules
                if quiet:
                    self._quiet_lists.add(id(items))
            else:
                channel.phone_numbers_only = True  # no judged side at all
            channels.append(channel)
        return channels

    def _address(self, value: Any, pointer: str) -> str | None:
        """A capture-rule side as rules judge it: the string, or a coerced YAML scalar's source text.

        rules.md §1: ``from: +13125550191`` is judged as ``+13125550191``. The schema step
        repairs such values before a lint run's rules; commands that skip it (``match``,
        ``--base`` on the base version) get the same reading here.
        """
        if value.__class__ is str:
            return value
        if isinstance(value, (bool, int, float, date)):
            return self.document.plain_scalar_text(pointer)
        return None

    def channel(self, name: str) -> Channel | None:
        for channel in self.channels:
            if channel.name == name:
                return channel
        return None

    @property
    def capture_rules(self) -> Iterator[CaptureRule]:
        for channel in self.channels:
            yield from channel.capture_rules

    def strings(self) -> list[tuple[str, str, str]]:
        """Every string value in document order, as (pointer, key name, value).

        The key name is that of the nearest mapping key (list items inherit it). Computed
        once per configuration (several rules scan every string). Iterative: deep documents
        cannot overflow the stack.
        """
        if self._strings is None:
            self._strings = self._walk_strings(textual_only=False)
        return self._strings

    def textual_strings(self) -> list[tuple[str, str, str]]:
        """The strings of :meth:`strings` that can hold a placeholder, a template or a credential.

        That is all but the plain addresses (digits, ``+`` and ``*`` after an optional
        ``whatsapp:``/``rcs:`` prefix) whose part after the prefix is shorter than 16
        characters: phone numbers and the wildcard, most of a configuration's strings. A
        placeholder or a template needs another character, and a credential a run of 16 token
        characters (which the ``:`` of a prefix interrupts) or the word ``basic``. CO505, CO507
        and CO601 read this list, each with its own test still applied to every value in it.
        Computed once per configuration, by a walk that makes no pointer or entry for the other
        values (measured: 15 % fewer instructions than the walk of :meth:`strings`), and that
        skips a channel's ``captureRules`` list of inert rules altogether once :attr:`channels`
        has been built (CO201, the first rule, builds it): most lists are such, and they are
        most of a configuration's values (measured: a third of the instructions of CO505).
        """
        if self._textual_strings is None:
            self._textual_strings = self._walk_strings(textual_only=True)
        return self._textual_strings

    def release(self) -> None:
        """Drop what can be computed again (the string list, the document's node positions).

        The engine calls it once a configuration's own rules have run, so that a run over
        10,000 files holds values, not parse trees. The channel models go too: each capture
        rule points back at its configuration, and with the cyclic collector off (a lint run)
        that cycle would keep every file's models until the process ends (~100 MB in the
        parent of a 10,000-file run, which checks half of the files itself).
        """
        self._strings = self._textual_strings = None
        self.__dict__.pop("channels", None)
        self._quiet_lists = set()  # ids of lists the channels vouched for: made again with them
        release = getattr(self.document.locator, "release", None)
        if release is not None:
            release()

    def _walk_strings(self, textual_only: bool) -> list[tuple[str, str, str]]:
        """The list of :meth:`strings`, or with ``textual_only`` that of :meth:`textual_strings`.

        Every rule that scans strings waits on this walk, so it keeps the open container in
        local variables and the enclosing ones on a stack, takes a string as soon as it meets
        it (no stack entry per value), makes a pointer only for what it keeps (a container's
        own pointer only once it keeps something in it or opens a container inside: most
        capture rules keep nothing), and escapes a key only when it holds ``~`` or ``/``.
        """
        data = self.data
        if isinstance(data, str):  # a document that is one string (CO601 still scans it)
            return [("", "", data)]
        strings: list[tuple[str, str, str]] = []
        append = strings.append
        records = ADDRESS_RECORDS.get
        quiet_lists = self._quiet_lists
        items: Iterator[tuple[Any, Any]]
        if isinstance(data, dict):
            mapping, items = True, iter(data.items())
        elif isinstance(data, list):
            mapping, items = False, iter(enumerate(data))
        else:
            return strings
        # The open container: its pointer (None until made), its parent's pointer and its own
        # token, its key name (list items inherit it), whether it is a mapping, its (key, child)
        # pairs. The enclosing containers wait on the stack, innermost last.
        pointer: str | None = ""
        parent = own = name = ""
        stack: list[tuple[str | None, str, Any, str, bool, Iterator[tuple[Any, Any]]]] = []
        while True:
            for key, child in items:
                if isinstance(child, str):
                    if textual_only and len(child) <= INERT_MAX_LENGTH:
                        if child == WILDCARD:
                            continue
                        # Shared with the capture-rule rules: one test per distinct value.
                        if (records(child) or address(child)).inert:
                            continue
                    container = None
                elif isinstance(child, dict):
                    container = True
                elif isinstance(child, list):
                    if textual_only and id(child) in quiet_lists:
                        continue  # a channel's capture rules of inert addresses (most are)
                    container = False
                else:
                    continue
                if mapping:
                    child_name = str(key)
                    token = escape_pointer_token(child_name) if "~" in child_name or "/" in child_name else child_name
                else:
                    child_name, token = name, key
                if pointer is None:
                    pointer = f"{parent}/{own}"
                if container is None:
                    append((f"{pointer}/{token}", child_name, child))
                else:
                    stack.append((pointer, parent, own, name, mapping, items))
                    pointer, parent, own, name, mapping = None, pointer, token, child_name, container
                    items = iter(child.items() if container else enumerate(child))
                    break
            else:
                if not stack:
                    return strings
                pointer, parent, own, name, mapping, items = stack.pop()


def sharing_pairs(
    configs: list[Configuration], value_of: Callable[[Configuration], Any], key: Callable[[str], str] = str
) -> Iterator[tuple[Configuration, str, Configuration, str]]:
    """Every ordered pair of configurations whose values are equal under ``key``.

    For the "must be unique across configurations" rules (CO302–CO304): grouped by value,
    so the work is the number of configurations plus the number of pairs produced.
    ``value_of`` returns a configuration's value as written; only strings that
    :func:`unique_text` keeps are compared. That test (placeholder and template patterns)
    is applied only to a value that another configuration shares: almost every id and name
    is unique, and a large project has tens of thousands.
    """
    groups: dict[str, list[tuple[Configuration, str]]] = {}
    for config in configs:
        value = value_of(config)
        if isinstance(value, str):
            groups.setdefault(key(value), []).append((config, value))
    for members in groups.values():
        if len(members) > 1:
            members = [member for member in members if unique_text(member[1]) is not None]
            for config, value in members:
                for other, other_value in members:
                    if other is not config:
                        yield config, value, other, other_value


def unique_text(value: Any) -> str | None:
    """A value compared for uniqueness: a non-blank string that is not a placeholder or template."""
    if not isinstance(value, str) or not value.strip() or is_opaque_text(value):
        return None
    return value
