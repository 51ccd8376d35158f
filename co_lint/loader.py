"""Read a file once and turn it into documents: parsed values plus a way to locate nodes.

One loader for YAML and JSON. Input problems (CO001 parse error, CO002 duplicate key,
CO004 unsupported YAML, CO005 encoding) become findings of the file, never exceptions.

YAML is read with libyaml's C parser when available, never with a constructor that could
build a tag's object, so loading is safe by construction. There are two paths, with the
same result for every input:

* the **event path** (:func:`_read_events`) reads libyaml's events and builds plain values in
  a tight loop, resolving plain scalars with PyYAML's own implicit-resolver table. It keeps
  no node tree: a document's positions are composed again only when a finding needs one
  (:class:`YamlLocator`). It serves the ordinary configuration, in less than half the time
  of the composed path, and has no findings of its own: at anything unusual (an anchor or
  alias, an explicit tag, a merge key, a duplicate key, a collection as a key, deep nesting,
  a parse error, a scalar resolved outside the core schema) it gives up and the whole file
  goes through the other path;
* the **composed path** (:func:`_load_yaml_composed`) composes node trees and builds the
  values with :class:`_Builder`, which enforces co-lint's rules on YAML: only core-schema
  tags (CO004), an alias-expansion bound (CO004), a depth bound, duplicate keys (CO002),
  merge keys, collections as keys (CO103), and syntax errors (CO001) with their positions.

JSON is read with ``json.loads`` (fast) and positions are only computed when a finding needs
one (:mod:`co_lint.jsonspans`).
"""

from __future__ import annotations

import errno
import functools
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from co_lint.types import Finding, Span

#: Alias expansion bound per document (rules.md §2 CO004).
MAX_ALIAS_NODES = 10_000
#: No configuration nests deeper than a handful of levels; this keeps recursion safe.
MAX_DEPTH = 256
#: Files larger than this are not configurations (a configuration is a few KB).
MAX_BYTES = 8 * 1024 * 1024

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge")
)
#: Plain scalars that YAML resolves to something other than a string (CO003 candidates).
COERCING_TAGS = frozenset(_CORE + name for name in ("int", "float", "bool", "timestamp"))
# The tags the builder compares with on every node, spelled out once (not concatenated per node).
_STR, _NULL, _BOOL, _INT, _FLOAT = (_CORE + name for name in ("str", "null", "bool", "int", "float"))
_TIMESTAMP, _MERGE = _CORE + "timestamp", _CORE + "merge"


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON Pointer reference token (RFC 6901)."""
    token = str(token)
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def split_pointer(pointer: str) -> list[str]:
    """Split a JSON Pointer into unescaped reference tokens."""
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


@dataclass(slots=True)
class Document:
    """One configuration: a JSON file, or one document of a YAML file."""

    source: SourceFile
    index: int
    value: Any
    locator: Any  # YamlLocator | JsonLocator

    def span(self, pointer: str, at: str = "value") -> Span:
        """The span of the node at ``pointer`` (see :data:`co_lint.types.At`)."""
        return self.locator.span(pointer, at)

    def plain_scalar_text(self, pointer: str) -> str | None:
        """The source text of a plain YAML scalar that did not load as a string."""
        return self.locator.plain_scalar_text(pointer)


@dataclass(slots=True)
class SourceFile:
    """A file as read from disk: its text, its documents and its input findings."""

    path: Path
    display: str
    text: str | None = None
    kind: str = "yaml"
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: Documents read back from the project cache: already through the schema step.
    cached: bool = False

    def add(self, rule_id: str, message: str, span: Span, pointer: str = "", document: int = 0) -> None:
        self.findings.append(Finding(rule_id, "error", message, self.display, span, pointer=pointer, document=document))


def read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """A file's bytes (up to one past :data:`MAX_BYTES`), and its status read *before* them.

    Status first: a file changed while it is read then has a newer modification time than
    the one recorded with its results, so the results cache never keeps stale results.
    """
    status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EINVAL, "not a regular file")
    with open(path, "rb") as handle:
        return handle.read(MAX_BYTES + 1), status


def content_digest(data: bytes) -> str:
    """What the results cache compares when a file's modification time changed (a checkout)."""
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def load_file(path: Path, display: str, data: bytes | None = None) -> SourceFile:
    """Read and parse ``path``; OS errors propagate (the caller reports them as usage errors)."""
    source = SourceFile(path=path, display=display)
    if data is None:
        data, _ = read_bytes(path)
    if len(data) > MAX_BYTES:
        source.add("CO005", f"file is larger than {MAX_BYTES // (1024 * 1024)} MB: not a configuration", Span.at(1, 1))
        return source
    text = decode(data, source)
    if text is None:
        return source
    source.text = text
    if path.suffix.lower() == ".json":
        source.kind = "json"
        _load_json(text, source)
    else:  # .yaml, .yml, or a file named explicitly with another suffix: YAML reads JSON too
        source.kind = "yaml"
        _load_yaml(text, source)
    return source


def read_text(path: Path) -> str:
    """A file's text again, for positions in a file whose text was not kept (worker runs)."""
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8-sig")


def decode(data: bytes, source: SourceFile) -> str | None:
    """UTF-8 text (a UTF-8 BOM is dropped), or None after a CO005 finding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        source.add("CO005", "file is UTF-16 (it has a UTF-16 byte order mark): save it as UTF-8", Span.at(1, 1))
        return None
    if b"\x00" in data:
        source.add("CO005", "file contains NUL bytes: binary files are not configurations", Span.at(1, 1))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        source.add(
            "CO005", f"file is not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})", Span.at(1, 1)
        )
        return None


# --------------------------------------------------------------------------- JSON


def _load_json(text: str, source: SourceFile) -> None:
    duplicates: list[bool] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict:
        result = dict(pairs)
        if len(result) != len(pairs):
            duplicates.append(True)
        return result

    try:
        value = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        source.add("CO001", f"invalid JSON: {exc.msg}", Span.at(exc.lineno, exc.colno))
        return
    except RecursionError:
        source.add("CO001", "invalid JSON: nested too deeply to be a configuration", Span.at(1, 1))
        return
    from co_lint.jsonspans import JsonLocator

    locator = JsonLocator(text)
    if duplicates:
        for pointer, key in locator.duplicate_keys():
            span = locator.span(pointer, "duplicate_key")
            source.add("CO002", f"duplicate key {key!r}: the later value silently wins", span, pointer)
    source.documents.append(Document(source, 0, value, locator))


# --------------------------------------------------------------------------- YAML


def _yaml():
    import yaml

    return yaml


def _load_yaml(text: str, source: SourceFile) -> None:
    """Read a YAML text: the event path when it can, else the composed path (same result)."""
    documents = _read_events(text, source)
    if documents is None:
        _load_yaml_composed(text, source)
    else:
        source.documents = documents


def _load_yaml_composed(text: str, source: SourceFile) -> None:
    """The composed path: node trees and :class:`_Builder`; every YAML finding comes from here."""
    yaml = _yaml()
    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    documents: list[Document] = []
    try:
        for index, node in enumerate(yaml.compose_all(text, Loader=loader_class)):
            if node is None or (node.id == "scalar" and node.tag == _NULL and node.value == ""):
                continue  # an empty document (``---`` alone) is not a configuration
            builder = _Builder(source, index)
            try:
                value = builder.build(node)
            except _StopDocument:
                continue
            if builder.stopped:
                continue
            documents.append(Document(source, index, value, YamlLocator(node, source, index)))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span.at(mark.line + 1, mark.column + 1) if mark else Span.at(1, 1)
        problem = exc.problem or exc.context or "syntax error"
        source.findings = [f for f in source.findings if f.rule_id != "CO002"]
        source.add("CO001", f"invalid YAML: {problem}", span)
        source.findings = [f for f in source.findings if f.rule_id == "CO001"]
        return
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        source.findings = []
        source.add("CO001", f"invalid YAML: {exc}".splitlines()[0], Span.at(1, 1))
        return
    source.documents = documents


#: The event path gives up deeper than this (a configuration nests a handful of levels); the
#: composed path reads such a document and reports one deeper than MAX_DEPTH.
_EVENT_MAX_DEPTH = 64
#: What a plain key may resolve to on the event path: a merge key (``<<``) and tags outside
#: the core schema (``=`` is ``!!value``) are the composed path's.
_KEY_TAGS = _ALLOWED_TAGS - {_MERGE}


class _GiveUp(Exception):
    """The event path met something only the composed path handles (or reports)."""


def _read_events(text: str, source: SourceFile) -> list[Document] | None:
    """The event path: ``text``'s documents read from libyaml's events, or None to compose.

    None when libyaml is not installed, or at anything unusual (module docstring). A parse
    error is None too: the composed path reports it. The documents' locators compose the text
    again if a position is asked for; most documents never need one.
    """
    yaml = _yaml()
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return None
    resolvers = loader_class.yaml_implicit_resolvers
    if resolvers.get(None) or loader_class.yaml_path_resolvers:
        return None  # PyYAML registers neither kind; should a plugin, the composer applies them
    parser = None
    try:
        parser = loader_class(text)
        values = _EventReader(parser.get_event, resolvers).documents()
    except Exception:  # _GiveUp, a YAMLError, anything at all: the composed path decides
        return None
    finally:
        if parser is not None:
            parser.dispose()
    return [Document(source, index, value, YamlLocator(None, source, index)) for index, value in values]


class _EventReader:
    """Builds plain values from libyaml's events; raises :class:`_GiveUp` at anything unusual.

    Scalars are resolved as the composer resolves them (``Resolver.resolve``): a plain scalar
    (``implicit[0]``, no tag or the ``!`` tag) takes the first tag of PyYAML's implicit
    resolvers for its first character whose pattern matches, any other scalar is a string.
    What it returns is what :class:`_Builder` returns for the same text.
    """

    __slots__ = (
        "_get",
        "_resolvers",
        "_scalar_event",
        "_mapping_start",
        "_mapping_end",
        "_sequence_start",
        "_sequence_end",
        "_stream",
    )

    def __init__(self, get_event: Any, resolvers: dict) -> None:
        events = _yaml().events
        self._get = get_event
        self._resolvers = resolvers
        self._scalar_event = events.ScalarEvent
        self._mapping_start, self._mapping_end = events.MappingStartEvent, events.MappingEndEvent
        self._sequence_start, self._sequence_end = events.SequenceStartEvent, events.SequenceEndEvent
        self._stream = (
            events.StreamStartEvent,
            events.DocumentStartEvent,
            events.DocumentEndEvent,
            events.StreamEndEvent,
        )

    def documents(self) -> list[tuple[int, Any]]:
        """(index, value) of each document; like the composed path, an empty one is skipped but counted."""
        get, scalar_event = self._get, self._scalar_event
        stream_start, document_start, document_end, stream_end = self._stream
        if type(get()) is not stream_start:
            raise _GiveUp
        found: list[tuple[int, Any]] = []
        index = 0
        while True:
            event = get()
            if type(event) is stream_end:
                return found
            if type(event) is not document_start:
                raise _GiveUp
            root = get()
            value = self._scalar(root) if type(root) is scalar_event else self._collection(root, 0)
            if type(get()) is not document_end:
                raise _GiveUp
            if not (value is None and type(root) is scalar_event and root.value == ""):
                found.append((index, value))  # ``---`` alone or an empty text is no configuration
            index += 1

    def _tag(self, event: Any) -> str:
        """The tag the composer gives a scalar (``Resolver.resolve``); gives up on a tag or an anchor."""
        if event.anchor is not None or (event.tag is not None and event.tag != "!"):
            raise _GiveUp
        if event.implicit[0]:
            text = event.value
            for tag, regexp in self._resolvers.get(text[:1], ()):
                if regexp.match(text):
                    return tag
        return _STR

    def _scalar(self, event: Any) -> Any:
        tag = self._tag(event)
        if tag == _STR:
            return event.value
        if tag not in _ALLOWED_TAGS:
            raise _GiveUp  # CO004 in the composed path
        return _scalar_value(tag, event.value)

    def _key(self, event: Any) -> str:
        """A key's name: its text, whatever it resolves to, as in the composed path."""
        if self._tag(event) not in _KEY_TAGS:
            raise _GiveUp  # a merge key, or CO004
        return event.value

    def _collection(self, event: Any, depth: int) -> Any:
        kind = type(event)
        if kind is not self._mapping_start and kind is not self._sequence_start:
            raise _GiveUp  # an alias (or an event out of place)
        if event.anchor is not None or (event.tag is not None and event.tag != "!") or depth >= _EVENT_MAX_DEPTH:
            raise _GiveUp
        return self._mapping(depth + 1) if kind is self._mapping_start else self._sequence(depth + 1)

    def _mapping(self, depth: int) -> dict:
        get, scalar_event, end = self._get, self._scalar_event, self._mapping_end
        mapping: dict[str, Any] = {}
        while True:
            event = get()
            if type(event) is not scalar_event:
                if type(event) is end:
                    return mapping
                raise _GiveUp  # a collection or an alias as a key: CO103 or more
            name = self._key(event)
            if name in mapping:
                raise _GiveUp  # CO002
            event = get()
            mapping[name] = self._scalar(event) if type(event) is scalar_event else self._collection(event, depth)

    def _sequence(self, depth: int) -> list:
        get, scalar_event, end = self._get, self._scalar_event, self._sequence_end
        sequence: list[Any] = []
        append = sequence.append
        while True:
            event = get()
            if type(event) is scalar_event:
                append(self._scalar(event))
            elif type(event) is end:
                return sequence
            else:
                append(self._collection(event, depth))


class _StopDocument(Exception):
    """Raised when a document cannot be read further (alias bomb)."""


class _Builder:
    """Builds plain values from a composed node tree, enforcing co-lint's safety rules."""

    def __init__(self, source: SourceFile, index: int) -> None:
        self.source = source
        self.index = index
        self.sizes: dict[int, int] = {}
        self.values: dict[int, Any] = {}
        self.expanded = 0
        self.alias_count = 0
        self.stopped = False

    def build(self, node) -> Any:
        value, _ = self._node(node, "", 0)
        return value

    def _stop(self, rule_id: str, message: str, span: Span, pointer: str) -> None:
        if not self.stopped:
            self.source.add(rule_id, message, span, pointer, self.index)
        self.stopped = True

    def _node(self, node, pointer: str, depth: int) -> tuple[Any, int]:
        key = id(node)
        if key in self.sizes:
            # A second visit of the same node object is an alias (anchors precede aliases).
            self.alias_count += 1
            size = self.sizes[key]
            self.expanded += size
            if self.expanded > MAX_ALIAS_NODES:
                span = _alias_span(self.source.text or "", self.index, self.alias_count) or _node_span(node)
                self.source.add(
                    "CO004",
                    f"alias expansion adds more than {MAX_ALIAS_NODES:,} nodes to this document "
                    "(a 'billion laughs' pattern): not read further",
                    span,
                    pointer,
                    self.index,
                )
                self.stopped = True
                raise _StopDocument
            return self.values[key], size
        if depth > MAX_DEPTH:
            self.source.add(
                "CO001",
                f"nesting deeper than {MAX_DEPTH} levels: not a configuration",
                _node_span(node),
                pointer,
                self.index,
            )
            self.stopped = True
            raise _StopDocument
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            self._stop(
                "CO004",
                f"unsupported YAML tag {_short_tag(tag)}: only YAML's core schema is read "
                "(co-lint never constructs custom or language-specific tags)",
                _node_span(node),
                pointer,
            )
        kind = node.id
        if kind == "scalar":
            value, size = self._scalar(node), 1
        elif kind == "sequence":
            value, size = [], 1
            self.sizes[key] = 0
            self.values[key] = value
            for position, child in enumerate(node.value):
                child_value, child_size = self._node(child, f"{pointer}/{position}", depth + 1)
                value.append(child_value)
                size += child_size
        else:
            value, size = {}, 1
            self.sizes[key] = 0
            self.values[key] = value
            size += self._mapping(node, value, pointer, depth)
        self.sizes[key] = size
        self.values[key] = value
        return value, size

    def _mapping(self, node, value: dict, pointer: str, depth: int) -> int:
        size = 0
        seen: set[str] = set()
        merged: list[dict] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merge_value, merge_size = self._node(value_node, pointer, depth + 1)
                size += merge_size
                merged.extend(merge_value if isinstance(merge_value, list) else [merge_value])
                continue
            if key_node.id != "scalar":
                self._stop("CO103", "a mapping key must be a string, not a collection", _node_span(key_node), pointer)
                continue
            name = key_node.value
            token = escape_pointer_token(name) if "~" in name or "/" in name else name
            child_pointer = f"{pointer}/{token}"
            if key_node.tag not in _ALLOWED_TAGS:
                self._stop(
                    "CO004",
                    f"unsupported YAML tag {_short_tag(key_node.tag)} on a key",
                    _node_span(key_node),
                    child_pointer,
                )
            if name in seen:
                self.source.add(
                    "CO002",
                    f"duplicate key {name!r}: the later value silently wins",
                    _node_span(key_node),
                    child_pointer,
                    self.index,
                )
            seen.add(name)
            child_value, child_size = self._node(value_node, child_pointer, depth + 1)
            value[name] = child_value
            size += child_size + 1
        for extra in merged:
            if isinstance(extra, dict):
                for name, item in extra.items():
                    value.setdefault(name, item)
        return size

    def _scalar(self, node) -> Any:
        return _scalar_value(node.tag, node.value, node)


def _scalar_value(tag: str, text: str, node: Any = None) -> Any:
    """The value of a scalar of resolved ``tag``, for both paths.

    Tags outside the core schema (reported by the builder) and the merge tag read as the
    text. An int, float or timestamp is built by PyYAML's SafeConstructor from ``node`` (a
    ScalarNode; made here when the event path has none); one that does not build (an
    impossible date) stays the text.
    """
    if tag == _STR or tag not in _ALLOWED_TAGS:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text.lower() in ("yes", "true", "on", "y")
    if tag not in _CONSTRUCTED_TAGS:
        return text
    constructor = _safe_constructor()
    if node is None:
        node = _yaml().nodes.ScalarNode(tag, text)
    try:
        if tag == _INT:
            return constructor.construct_yaml_int(node)
        if tag == _FLOAT:
            return constructor.construct_yaml_float(node)
        return constructor.construct_yaml_timestamp(node)
    except (ValueError, TypeError, OverflowError):
        return text


#: The tags whose values SafeConstructor builds.
_CONSTRUCTED_TAGS = frozenset((_INT, _FLOAT, _TIMESTAMP))


@functools.cache
def _safe_constructor() -> Any:
    """One SafeConstructor for the process: the methods used here keep no state."""
    return _yaml().constructor.SafeConstructor()


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _node_span(node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, max(end.column + 1, 1))


def _compose_document(text: str, index: int):
    """The node tree of document ``index`` of a YAML text (already read once without error)."""
    yaml = _yaml()
    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    for position, node in enumerate(yaml.compose_all(text, Loader=loader_class)):
        if position == index:
            return node
    raise LookupError(f"document {index} not found")


def _alias_span(text: str, document: int, ordinal: int) -> Span | None:
    """Locate the ``ordinal``-th alias of a document by re-reading its events (rare path)."""
    yaml = _yaml()
    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    current, seen = -1, 0
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.DocumentStartEvent):
                current += 1
                seen = 0
            elif current == document and isinstance(event, yaml.AliasEvent):
                seen += 1
                if seen == ordinal:
                    start, end = event.start_mark, event.end_mark
                    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
    except yaml.YAMLError:
        return None
    return None


class YamlLocator:
    """Finds the span of a JSON Pointer by walking the composed node tree on demand.

    A node tree costs ~60 KB a file, four times the parsed values. Once a file's own checks
    are done the engine calls :meth:`release`; the few files that later need a position
    (a related location of a cross-file finding, a fix) compose their text again. A document
    read by the event path (or in a worker process) starts with no tree (``root`` None) and
    composes one the first time a position is asked for.
    """

    __slots__ = ("_root", "_source", "_index")

    def __init__(self, root, source: SourceFile | None = None, index: int = 0) -> None:
        self._root, self._source, self._index = root, source, index

    @property
    def root(self):
        if self._root is None and self._source is not None:
            self._root = _compose_document(self._source.text or read_text(self._source.path), self._index)
        return self._root

    def release(self) -> None:
        if self._source is not None:
            self._root = None

    def _walk(self, pointer: str):
        """Return (key_node, value_node) for ``pointer``; stops at the deepest node found."""
        key_node, node = None, self.root
        for token in split_pointer(pointer):
            found = self._child(node, token)
            if found is None:
                break
            key_node, node = found
        return key_node, node

    def _child(self, node, token: str):
        if node.id == "mapping":
            match = None
            for key_node, value_node in node.value:
                if key_node.tag == _CORE + "merge":
                    continue
                if key_node.id == "scalar" and key_node.value == token:
                    match = (key_node, value_node)
            if match is None:
                for key_node, value_node in node.value:
                    if key_node.tag == _CORE + "merge":
                        sources = value_node.value if value_node.id == "sequence" else [value_node]
                        for merged in sources:
                            found = self._child(merged, token)
                            if found:
                                return found
            return match
        if node.id == "sequence" and token.isdigit() and int(token) < len(node.value):
            return None, node.value[int(token)]
        return None

    def span(self, pointer: str, at: str = "value") -> Span:
        key_node, node = self._walk(pointer)
        if at == "key" and key_node is not None:
            return _node_span(key_node)
        if at == "first_key" and node.id == "mapping" and node.value:
            return _node_span(node.value[0][0])
        return _node_span(node)

    def plain_scalar_text(self, pointer: str) -> str | None:
        _, node = self._walk(pointer)
        if node.id == "scalar" and not node.style and node.tag in COERCING_TAGS:
            return node.value
        return None
