"""Read a file once and turn it into documents: parsed values plus a way to locate nodes.

One loader for YAML and JSON. Input problems (CO001 parse error, CO002 duplicate key,
CO004 unsupported YAML, CO005 encoding) become findings of the file, never exceptions.

YAML is composed with libyaml's C parser when available: the composer keeps node marks and
never constructs a tag, so loading is safe by construction; we build plain Python values
from the node tree ourselves and refuse every tag outside YAML's core schema. JSON is read
with ``json.loads`` (fast) and positions are only computed when a finding needs one
(:mod:`co_lint.jsonspans`).
"""

from __future__ import annotations

import errno
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


def load_file(path: Path, display: str, data: bytes | None = None) -> SourceFile:
    """Read and parse ``path``; OS errors propagate (the caller reports them as usage errors)."""
    source = SourceFile(path=path, display=display)
    if data is None:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
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
        self._constructor = None

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
        tag = node.tag
        text = node.value
        if tag == _STR or tag not in _ALLOWED_TAGS:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() in ("yes", "true", "on", "y")
        if self._constructor is None:
            self._constructor = _yaml().constructor.SafeConstructor()
        try:
            if tag == _INT:
                return self._constructor.construct_yaml_int(node)
            if tag == _FLOAT:
                return self._constructor.construct_yaml_float(node)
            if tag == _TIMESTAMP:
                return self._constructor.construct_yaml_timestamp(node)
        except (ValueError, TypeError, OverflowError):
            return text
        return text


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
    (a related location of a cross-file finding, a fix) compose their text again.
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
