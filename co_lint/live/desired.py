"""Desired state: what a configuration file says, against what an account returns.

A file in git holds the body a team PUTs (plus ``id``, which pairs it with its deployment).
The API returns more: read-only fields (``createdAt``, ``updatedAt``, ``version``,
``statusUrl``, ``related``), response-only fields (``traitExtractionStrategyIds``,
``observationExtractionStrategyIds``, ``redactionConfigurationId``) and values it fills in by
itself (configuration-api.md §12: empty RCS and VOICE channels, ``statusTimeouts`` and
``metadata`` on every rule). This module turns a deployment into the file ``co-lint export``
writes, and compares a file with a deployment without calling those server-filled values drift.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from co_lint.loader import escape_pointer_token
from co_lint.vocabulary import CHANNELS

#: The fields a PUT sets, in the order an exported file writes them (after ``id``).
DESIRED_FIELDS = (
    "displayName",
    "description",
    "conversationGroupingType",
    "memoryStoreId",
    "memoryExtractionEnabled",
    "intelligenceConfigurationIds",
    "statusCallbacks",
    "conversationsV1Bridge",
    "channelSettings",
)
#: Fields the API returns and no request body accepts: never part of a desired state.
READ_ONLY = frozenset({"id", "createdAt", "updatedAt", "version", "statusUrl", "related"})
RESPONSE_ONLY = frozenset(
    {"traitExtractionStrategyIds", "observationExtractionStrategyIds", "redactionConfigurationId"}
)
#: Defaults the API applies to an omitted field: writing them or not is the same desired state.
DEFAULTS = {"memoryExtractionEnabled": False}

_CHANNEL_KEYS = ("statusTimeouts", "captureRules")
_TIMEOUT_KEYS = ("inactive", "closed")
_RULE_KEYS = ("from", "to", "metadata")
_CALLBACK_KEYS = ("url", "method")

#: The SDK's ConfigurationInstance attribute of each wire field (twilio 9.13).
SDK_ATTRIBUTES = {
    "id": "id",
    "displayName": "display_name",
    "description": "description",
    "conversationGroupingType": "conversation_grouping_type",
    "memoryStoreId": "memory_store_id",
    "memoryExtractionEnabled": "memory_extraction_enabled",
    "intelligenceConfigurationIds": "intelligence_configuration_ids",
    "statusCallbacks": "status_callbacks",
    "conversationsV1Bridge": "conversations_v1_bridge",
    "channelSettings": "channel_settings",
}


def from_sdk(instance: Any) -> dict:
    """A deployed configuration as the API's JSON (the fields a desired state can hold).

    The SDK keeps nested values (channels, callbacks, the bridge) as the JSON it received, so
    nothing is lost for these fields; the read-only ones are not needed.
    """
    out = {}
    for field, attribute in SDK_ATTRIBUTES.items():
        value = getattr(instance, attribute, None)
        if value is not None:
            out[field] = value
    return out


def _ordered(mapping: dict, first: tuple[str, ...]) -> dict:
    """``mapping`` with the ``first`` keys in that order, then the others sorted (stable files)."""
    keys = [key for key in first if key in mapping] + sorted(key for key in mapping if key not in first)
    return {key: mapping[key] for key in keys}


def desired_state(deployed: dict) -> dict:
    """The file ``co-lint export`` writes for a deployment: ``id`` and the PUT fields, in a stable order.

    Server-filled values are kept (a PUT of the file reproduces the deployment exactly);
    top-level nulls are dropped (an omitted field and a null one are the same request).
    """
    state: dict[str, Any] = {"id": deployed["id"]} if "id" in deployed else {}
    for field in DESIRED_FIELDS:
        value = deployed.get(field)
        if value is not None:
            state[field] = value
    settings = state.get("channelSettings")
    if isinstance(settings, dict):
        state["channelSettings"] = _ordered({name: _channel(value) for name, value in settings.items()}, CHANNELS)
    callbacks = state.get("statusCallbacks")
    if isinstance(callbacks, list):
        state["statusCallbacks"] = [_ordered(c, _CALLBACK_KEYS) if isinstance(c, dict) else c for c in callbacks]
    return state


def _channel(channel: Any) -> Any:
    if not isinstance(channel, dict):
        return channel
    channel = _ordered(channel, _CHANNEL_KEYS)
    if isinstance(channel.get("statusTimeouts"), dict):
        channel["statusTimeouts"] = _ordered(channel["statusTimeouts"], _TIMEOUT_KEYS)
    rules = channel.get("captureRules")
    if isinstance(rules, list):
        channel["captureRules"] = [_ordered(rule, _RULE_KEYS) if isinstance(rule, dict) else rule for rule in rules]
    return channel


# --------------------------------------------------------------------------- comparison


def _empty(value: Any) -> bool:
    """Says nothing: null, an empty list, or a mapping of such values. The API returns
    ``metadata: {}`` and ``inactive: null`` whether or not they were sent, so an empty value
    and an absent key are the same desired state."""
    if value is None or value == []:
        return True
    return isinstance(value, dict) and all(_empty(child) for child in value.values())


def comparable_configuration(data: dict) -> dict:
    """A file or a deployment for comparison: no id, no read-only or response-only field."""
    return {key: value for key, value in data.items() if key not in READ_ONLY and key not in RESPONSE_ONLY}


def drift(here: dict, deployed: dict) -> list[Difference]:
    """Every difference between a file and its deployment that a PUT of the file would make.

    A field the file omits takes its default on PUT (``memoryExtractionEnabled: false``): when
    the deployment holds the default too, nothing changes.
    """
    here, deployed = comparable_configuration(here), comparable_configuration(deployed)
    for key, default in DEFAULTS.items():
        if key not in here and _same(deployed.get(key, default), default):
            deployed.pop(key, None)
        elif key in here and key not in deployed:
            deployed[key] = default
    return list(differences(here, deployed))


class Difference(NamedTuple):
    """One place where a file and its deployment differ."""

    #: "changed" (both have it), "added" (only the file: a PUT sets it), "removed" (only the
    #: deployment: a PUT of the file deletes it).
    kind: str
    pointer: str
    here: Any
    deployed: Any


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def differences(here: Any, deployed: Any, pointer: str = "") -> Iterator[Difference]:
    """Where ``here`` (a file) and ``deployed`` differ, in the file's order, deployment-only last."""
    if _empty(here) and _empty(deployed):
        return
    if isinstance(here, dict) and isinstance(deployed, dict):
        for key, value in here.items():
            child = f"{pointer}/{escape_pointer_token(str(key))}"
            if key in deployed:
                yield from differences(value, deployed[key], child)
            elif not _empty(value):
                yield Difference("added", child, value, None)
        for key, value in deployed.items():
            if key not in here and not _empty(value) and not _server_default(pointer, str(key), value):
                yield Difference("removed", f"{pointer}/{escape_pointer_token(str(key))}", None, value)
    elif isinstance(here, list) and isinstance(deployed, list):
        yield from _list_differences(here, deployed, pointer)
    elif not _same(here, deployed):
        yield Difference("changed", pointer, here, deployed)


def _list_differences(here: list, deployed: list, pointer: str) -> Iterator[Difference]:
    """Lists compared as sets of items first (capture rules, ids and callbacks have no order
    the API keeps meaningful), then the items left on both sides compared in order, so that
    one edited capture rule is one difference at the field that changed."""
    waiting: dict[str, list[int]] = {}
    for index, item in enumerate(deployed):
        waiting.setdefault(_identity(item), []).append(index)
    mine: list[int] = []
    for index, item in enumerate(here):
        partners = waiting.get(_identity(item))
        if partners:
            partners.pop(0)
        else:
            mine.append(index)
    theirs = sorted(index for indexes in waiting.values() for index in indexes)
    for left, right in zip(mine, theirs, strict=False):
        yield from differences(here[left], deployed[right], f"{pointer}/{left}")
    for left in mine[len(theirs) :]:
        yield Difference("added", f"{pointer}/{left}", here[left], None)
    for right in theirs[len(mine) :]:
        yield Difference("removed", f"{pointer}/{right}", None, deployed[right])


def _identity(value: Any) -> str:
    """An item's content as a comparable text: empty values dropped, keys sorted."""

    def normal(item: Any) -> Any:
        if isinstance(item, dict):
            return {str(k): normal(v) for k, v in item.items() if not _empty(v)}
        if isinstance(item, list):
            return [normal(v) for v in item]
        return item

    return json.dumps(normal(value), sort_keys=True, default=str)


#: Values the API fills in when a request leaves them out (configuration-api.md §4.8, §12):
#: (pointer pattern of the holder, key) → the value. ``*`` stands for any one token.
SERVER_DEFAULTS: dict[tuple[str, str], Any] = {
    ("/channelSettings/RCS", "statusTimeouts"): {"closed": 15},
    ("/statusCallbacks/*", "method"): "POST",
}


def _server_default(pointer: str, key: str, value: Any) -> bool:
    """A deployed value the file leaves out that the API would fill in again on PUT: no drift.

    Also a whole channel with no capture rules: the API adds empty ``RCS`` and ``VOICE``
    channels to every configuration (§12).
    """
    if pointer == "/channelSettings" and isinstance(value, dict) and not value.get("captureRules"):
        return True
    holder = "/".join("*" if token.isdigit() else token for token in pointer.split("/"))
    default = SERVER_DEFAULTS.get((holder, key), ...)
    return default is not ... and _identity(default) == _identity(value)


#: Longest JSON Pointer a message quotes in full (keys come from the file and may be long).
POINTER_LIMIT = 120


def shown_pointer(pointer: str) -> str:
    return pointer if len(pointer) <= POINTER_LIMIT else pointer[: POINTER_LIMIT - 1] + "…"


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: JSON, credentials masked, then shortened.

    Masking comes first: a secret cut short is no longer recognisable as one, and its first
    characters would be printed.
    """
    from co_lint.secrets import mask_secrets

    text = mask_secrets(json.dumps(value, ensure_ascii=False, sort_keys=False))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- pairing


def known_id(data: dict) -> str | None:
    """The file's ``id`` when it names one: not a placeholder or a deploy-time template."""
    from co_lint.model import is_opaque_text

    identifier = data.get("id")
    if isinstance(identifier, str) and identifier.strip() and not is_opaque_text(identifier):
        return identifier
    return None


def pair(data: dict, deployed: list[dict]) -> dict | None:
    """The deployment a file describes: the one with its ``id``; without an id (or with a
    templated one), the only one with its ``displayName`` (scripts look configurations up by
    name, §12)."""
    identifier = known_id(data)
    if identifier is not None:
        return next((d for d in deployed if d.get("id") == identifier), None)
    name = data.get("displayName")
    if isinstance(name, str) and name:
        named = [d for d in deployed if d.get("displayName") == name]
        if len(named) == 1:
            return named[0]
    return None
