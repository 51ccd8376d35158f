"""The typed view of a configuration that every rule receives.

Rules never walk raw dicts or compute line numbers: they read channels and capture rules
from here, with their JSON Pointers, and the §0 vocabulary (effective call type,
comparison key, opaque values) computed once. Parts of the wrong type are skipped
silently: the schema check reports them, and no rule crashes on a malformed file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from co_lint.loader import Document, escape_pointer_token
from co_lint.vocabulary import CHANNELS, WILDCARD, has_template, is_placeholder

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()


_PLAIN = re.compile(r"[0-9+*]*").fullmatch


@lru_cache(maxsize=65536)
def _opaque_string(value: str) -> bool:
    return is_placeholder(value) or has_template(value)


def is_opaque_text(value: Any) -> bool:
    """A placeholder or template string (rules.md §0): content rules skip it."""
    if value.__class__ is not str:
        return False
    # Most values are plain phone numbers: no placeholder or template can be made of these
    # characters, and the check is cheaper than a cache look-up over 300,000 addresses.
    return _PLAIN(value) is None and _opaque_string(value)


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


@dataclass(slots=True, eq=False)
class CaptureRule:
    """One capture rule of one channel."""

    config: Configuration
    channel: str
    index: int
    pointer: str
    data: dict
    from_: str | None
    to: str | None
    metadata: dict[str, Any]

    def side_pointer(self, side: str) -> str:
        """Pointer of the ``from`` or ``to`` value."""
        return f"{self.pointer}/{side}"

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


@dataclass(slots=True, eq=False)
class Channel:
    """One entry of ``channelSettings``."""

    config: Configuration
    name: str
    pointer: str
    data: Any
    capture_rules: list[CaptureRule] = field(default_factory=list)

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
    def channels(self) -> list[Channel]:
        settings = self.get("channelSettings")
        if not isinstance(settings, dict):
            return []
        channels = []
        for name, data in settings.items():
            pointer = f"/channelSettings/{escape_pointer_token(name)}"
            channel = Channel(self, name, pointer, data)
            rules = data.get("captureRules") if isinstance(data, dict) else None
            if isinstance(rules, list):
                for index, item in enumerate(rules):
                    if not isinstance(item, dict):
                        continue
                    metadata = item.get("metadata")
                    channel.capture_rules.append(
                        CaptureRule(
                            config=self,
                            channel=name,
                            index=index,
                            pointer=f"{pointer}/captureRules/{index}",
                            data=item,
                            from_=self._address(item.get("from"), f"{pointer}/captureRules/{index}/from"),
                            to=self._address(item.get("to"), f"{pointer}/captureRules/{index}/to"),
                            metadata=metadata if isinstance(metadata, dict) else {},
                        )
                    )
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
            self._strings = self._walk_strings()
        return self._strings

    def release(self) -> None:
        """Drop what can be computed again (the string list, the document's node positions).

        The engine calls it once a configuration's own rules have run, so that a run over
        10,000 files holds values, not parse trees.
        """
        self._strings = None
        release = getattr(self.document.locator, "release", None)
        if release is not None:
            release()

    def _walk_strings(self) -> list[tuple[str, str, str]]:
        # Every rule that scans strings waits on this walk: it builds a list directly and
        # escapes a key only when it holds ``~`` or ``/`` (measured: ~10% faster).
        strings: list[tuple[str, str, str]] = []
        stack: list[tuple[str, str, Any]] = [("", "", self.data)]
        pop, push, append = stack.pop, stack.append, strings.append
        while stack:
            pointer, name, value = pop()
            if isinstance(value, str):
                append((pointer, name, value))
            elif isinstance(value, dict):
                for key, child in reversed(value.items()):
                    text = str(key)
                    token = escape_pointer_token(text) if "~" in text or "/" in text else text
                    push((f"{pointer}/{token}", text, child))
            elif isinstance(value, list):
                for index in range(len(value) - 1, -1, -1):
                    push((f"{pointer}/{index}", name, value[index]))
        return strings


def sharing_pairs(
    configs: list[Configuration], value_of: Callable[[Configuration], str | None], key: Callable[[str], str] = str
) -> Iterator[tuple[Configuration, str, Configuration, str]]:
    """Every ordered pair of configurations whose values are equal under ``key``.

    For the "must be unique across configurations" rules (CO302–CO304): grouped by value,
    so the work is the number of configurations plus the number of pairs produced.
    ``value_of`` returns None for a configuration that has no comparable value.
    """
    groups: dict[str, list[tuple[Configuration, str]]] = {}
    for config in configs:
        value = value_of(config)
        if value is not None:
            groups.setdefault(key(value), []).append((config, value))
    for members in groups.values():
        if len(members) > 1:
            for config, value in members:
                for other, other_value in members:
                    if other is not config:
                        yield config, value, other, other_value


def unique_text(value: Any) -> str | None:
    """A value compared for uniqueness: a non-blank string that is not a placeholder or template."""
    if not isinstance(value, str) or not value.strip() or is_opaque_text(value):
        return None
    return value
