"""Read a file once and turn it into documents: parsed values plus a way to locate nodes.

One loader for YAML and JSON. Input problems (CO001 parse error, CO002 duplicate key,
CO004 unsupported YAML, CO005 encoding) become findings of the file, never exceptions.

YAML is read with libyaml's C parser when available, never with a constructor that could
build a tag's object, so loading is safe by construction. There are three paths, tried in
this order, with the same result for every input:

* the **line path** (:func:`_read_lines`) reads a one-document text in plain block style
  (``key: value`` lines, ``- `` entries, plain or simply quoted scalars, comments; ASCII)
  with one regular expression and a loop over its lines, without libyaml, in less than half
  the time of the event path. Its grammar is a strict subset of YAML's, read as libyaml
  reads it; at anything outside it, the text goes to the event path;
* the **event path** (:func:`_read_events`) reads libyaml's events and builds plain values in
  a tight loop. It serves any other ordinary configuration (flow collections, block
  scalars, escapes, several documents, non-ASCII text...), in less than half the time of
  the composed path;
* the **composed path** (:func:`_load_yaml_composed`) composes node trees and builds the
  values with :class:`_Builder`, which enforces co-lint's rules on YAML: only core-schema
  tags (CO004), an alias-expansion bound and recursive aliases (CO004), a depth bound, an
  integer-length bound (CO001), duplicate keys (CO002), merge keys, collections as keys
  (CO103), and syntax errors (CO001) with their positions.

The first two resolve plain scalars with PyYAML's own implicit-resolver table (and remember
the values of the texts they meet: :data:`_PLAIN_VALUES`), keep no node tree (a document's
positions are composed again only when a finding needs one: :class:`YamlLocator`) and have
no findings of their own: at anything unusual (an anchor or alias, an explicit tag, a merge
key, a duplicate key, a collection as a key, deep nesting, a parse error, a scalar resolved
outside the core schema, an integer too long to read) they give up and the file goes through
the composed path.

JSON is read with ``json.loads`` (fast) and positions are only computed when a finding needs
one (:mod:`co_lint.jsonspans`). An integer longer than Python reads (:func:`max_int_digits`) is
CO001 in both formats: it could not be turned into text for a message or a report.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

from co_lint.types import Finding, Record, Span

#: Alias expansion bound per document (rules.md §2 CO004).
MAX_ALIAS_NODES = 10_000
#: No configuration nests deeper than a handful of levels; this keeps recursion safe.
MAX_DEPTH = 256
#: Files larger than this are not configurations (a configuration is a few KB).
MAX_BYTES = 8 * 1024 * 1024
#: Python's default bound on an integer's decimal digits (``sys.get_int_max_str_digits``): the
#: bound co-lint reads integers to when Python sets none (3.10, or the bound turned off).
MAX_INT_DIGITS = 4300

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge")
)
#: Plain scalars that YAML resolves to something other than a string (CO003 candidates).
COERCING_TAGS = frozenset(_CORE + name for name in ("int", "float", "bool", "timestamp"))
# The tags the builder compares with on every node, spelled out once (not concatenated per node).
_STR, _NULL, _BOOL, _INT, _FLOAT = (_CORE + name for name in ("str", "null", "bool", "int", "float"))
_TIMESTAMP, _MERGE = _CORE + "timestamp", _CORE + "merge"
_MAP, _SEQ = _CORE + "map", _CORE + "seq"


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


class Document(Record):
    """One configuration: a JSON file, or one document of a YAML file."""

    __slots__ = ("source", "index", "value", "locator")

    def __init__(self, source: SourceFile, index: int, value: Any, locator: Any) -> None:
        self.source = source
        self.index = index
        self.value = value
        self.locator = locator  # YamlLocator | JsonLocator | LazyLocator

    def span(self, pointer: str, at: str = "value") -> Span:
        """The span of the node at ``pointer`` (see :data:`co_lint.types.At`)."""
        return self.locator.span(pointer, at)

    def plain_scalar_text(self, pointer: str) -> str | None:
        """The source text of a plain YAML scalar that did not load as a string."""
        return self.locator.plain_scalar_text(pointer)


class SourceFile(Record):
    """A file as read from disk: its text, its documents and its input findings."""

    __slots__ = ("path", "display", "text", "kind", "documents", "findings", "cached")

    def __init__(
        self,
        path: Path,
        display: str,
        text: str | None = None,
        kind: str = "yaml",
        documents: list[Document] | None = None,
        findings: list[Finding] | None = None,
        cached: bool = False,
    ) -> None:
        self.path = path
        self.display = display
        self.text = text
        self.kind = kind
        self.documents: list[Document] = [] if documents is None else documents
        self.findings: list[Finding] = [] if findings is None else findings
        #: Documents read back from the project cache: already through the schema step.
        self.cached = cached

    def add(self, rule_id: str, message: str, span: Span, pointer: str = "", document: int = 0) -> None:
        self.findings.append(Finding(rule_id, "error", message, self.display, span, pointer=pointer, document=document))


#: ``os.open`` flags for :func:`read_bytes`: never block (a FIFO put in a file's place after its
#: status was read), and no newline translation on Windows.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
#: What :func:`read_bytes` asks for after the size it expected (a file that grew meanwhile).
_READ_CHUNK = 64 * 1024


def read_bytes(path: str | Path) -> tuple[bytes, os.stat_result]:
    """A file's bytes (up to one past :data:`MAX_BYTES`), and its status read *before* them.

    Status first: a file changed while it is read then has a newer modification time than
    the one recorded with its results, so the results cache never keeps stale results. Only
    a regular file is opened (``OSError(EINVAL)`` otherwise: a device or FIFO named is never
    opened; one put in the file's place meanwhile is opened without blocking). It is read
    with ``os.open`` and ``os.read`` rather than ``open()``, which builds a buffered file
    object (and reads the status again) for each of thousands of files: a fraction of the
    time. Reading goes on to the end of the file even if it grew since its status was read,
    as ``open().read(n)`` would (a short read is not taken for the end: network and FUSE file
    systems return them, and Python's own ``readall`` reads on too).

    ``path`` may be a string: a worker has one, and ``os`` functions would make one from a
    :class:`~pathlib.Path` on each call.
    """
    status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EINVAL, "not a regular file")
    limit = MAX_BYTES + 1
    chunks: list[bytes] = []
    total = 0
    want = min(status.st_size + 1, limit)  # one read of the whole file, and one that finds its end
    handle = os.open(path, _READ_FLAGS)
    try:
        while total < limit:
            chunk = os.read(handle, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = min(limit - total, _READ_CHUNK)
    finally:
        os.close(handle)
    return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), status


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
        # What ``data.decode("utf-8-sig")`` does (one BOM dropped; an error's offset counts from
        # after it), without that codec's Python-level decode function: 2 us a file less.
        return (data[3:] if data[:3] == b"\xef\xbb\xbf" else data).decode("utf-8")
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
    except ValueError as exc:  # an integer past Python's digit bound (int() refuses it)
        _json_value_error(text, exc, source)
        return
    from co_lint.jsonspans import JsonLocator

    locator = JsonLocator(text, parsed=not duplicates)
    if duplicates:
        for pointer, key in locator.duplicate_keys():
            span = locator.span(pointer, "duplicate_key")
            source.add("CO002", f"duplicate key {key!r}: the later value silently wins", span, pointer)
    source.documents.append(Document(source, 0, value, locator))


def max_int_digits() -> int:
    """The most decimal digits an integer of a configuration may have.

    Python refuses to convert a longer integer between text and ``int`` (a guard against
    quadratic-time conversions), and co-lint turns values into text for messages, fingerprints
    and reports: a longer one would crash it later, far from the input. The bound Python
    applies is used, so that every longer integer is refused here; :data:`MAX_INT_DIGITS` when
    it applies none.
    """
    get_limit = getattr(sys, "get_int_max_str_digits", None)
    return (get_limit() if get_limit is not None else 0) or MAX_INT_DIGITS


def _too_large_message() -> str:
    """CO001's message for an integer past :func:`max_int_digits` (JSON and YAML alike)."""
    return f"an integer with more than {max_int_digits():,} digits: too large to read, not a configuration value"


def _json_value_error(text: str, exc: ValueError, source: SourceFile) -> None:
    """CO001 for a ValueError of ``json.loads`` that is no JSONDecodeError: an integer too long.

    ``json.loads`` says neither where nor which, so the first number token longer than the
    bound (strings skipped) is sought in the text; this runs only for such a file.
    """
    offset = _long_json_integer(text, max_int_digits())
    if offset is None:  # not the digit bound after all: the error's own words, at the start
        source.add("CO001", f"invalid JSON: {exc}".splitlines()[0], Span.at(1, 1))
        return
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    source.add("CO001", _too_large_message(), Span.at(line, column))


def _long_json_integer(text: str, limit: int) -> int | None:
    """The offset of the first JSON integer with more than ``limit`` digits, or None.

    Strings are matched whole so that digits inside one are skipped, and a run of digits that
    is part of a fraction or an exponent (which ``float`` reads at any length) is not taken.
    """
    pattern = re.compile(rf'"[^"\\]*(?:\\.[^"\\]*)*"|(?<![\w.+-])(-?[0-9]{{{limit + 1},}})(?![\w.])')
    for match in pattern.finditer(text):
        if match.group(1) is not None:
            return match.start(1)
    return None


# --------------------------------------------------------------------------- YAML


def _yaml():
    import yaml

    return yaml


def _load_yaml(text: str, source: SourceFile) -> None:
    """Read a YAML text: the line path, else the event path, else the composed path (same result)."""
    value = _read_lines(text)
    if value is not None:
        source.documents = [Document(source, 0, value, YamlLocator(None, source, 0))]
        return
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
        source.findings = [f for f in source.findings if f.rule_id != "CO002"]
        source.add("CO001", f"invalid YAML: {_yaml_error_text(exc)}", span)
        source.findings = [f for f in source.findings if f.rule_id == "CO001"]
        return
    except _NumberTooLarge as exc:  # CO001 stops the whole file: no other finding of it
        source.findings = []
        source.add("CO001", _too_large_message(), exc.span)
        return
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        source.findings = []
        source.add("CO001", f"invalid YAML: {exc}".splitlines()[0], Span.at(1, 1))
        return
    source.documents = documents


def _yaml_error_text(exc: Any) -> str:
    """What a MarkedYAMLError says: its problem, after its context when the context is the news.

    PyYAML puts the situation in ``context`` (``while parsing a flow sequence``) and the fault
    in ``problem``, which then says it alone. For some errors it is the other way round: for a
    duplicate anchor the context says what is wrong (``found duplicate anchor; first
    occurrence``) and the problem only ``second occurrence``; such a context (one not starting
    with ``while``) is kept, with the place it refers to.
    """
    problem, context = exc.problem, exc.context
    if not problem or not context or context.startswith("while "):
        return problem or context or "syntax error"
    mark = exc.context_mark
    if mark is not None:
        context = f"{context} at line {mark.line + 1}, column {mark.column + 1}"
    return f"{context}; {problem}"


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


#: Plain scalars' values by text, kept for the life of the process: the same keys and many
#: of the same values recur in every configuration, and a value found here costs one dict
#: look-up instead of the resolver's regular expressions and a constructor call. Only
#: immutable values are stored (str, None, bool, int, float, date, datetime), so sharing one
#: between documents is safe; ``_UNSUPPORTED`` marks a text that resolves outside the core schema.
_PLAIN_VALUES: dict[str, Any] = {}
#: Plain keys whose resolved tag is one a key may have (not a merge key, not CO004), each
#: mapped to itself: documents then share one string object per key name.
_PLAIN_KEYS: dict[str, str] = {}
#: Neither cache grows past this many texts (unique ids and descriptions would fill it).
_PLAIN_CACHE_LIMIT = 8192
_UNSUPPORTED = object()


def _resolve_plain(text: str, resolvers: dict) -> str:
    """The tag the composer gives a plain, untagged scalar (``Resolver.resolve``)."""
    for tag, regexp in resolvers.get(text[:1], ()):
        if regexp.match(text):
            return tag
    return _STR


def _plain_value(text: str, resolvers: dict) -> Any:
    """A plain scalar's value (``_UNSUPPORTED`` outside the core schema), remembered in :data:`_PLAIN_VALUES`."""
    tag = _resolve_plain(text, resolvers)
    value = _UNSUPPORTED if tag not in _ALLOWED_TAGS else text if tag == _STR else _scalar_value(tag, text)
    if value is _TOO_LARGE:
        value = _UNSUPPORTED  # CO001 in the composed path
    if len(_PLAIN_VALUES) < _PLAIN_CACHE_LIMIT:
        _PLAIN_VALUES[text] = value
    return value


def _plain_key(text: str, resolvers: dict) -> str:
    """A plain key's name, remembered in :data:`_PLAIN_KEYS`; gives up on a merge key and on CO004."""
    if _resolve_plain(text, resolvers) not in _KEY_TAGS:
        raise _GiveUp  # a merge key, or CO004
    if len(_PLAIN_KEYS) < _PLAIN_CACHE_LIMIT:
        _PLAIN_KEYS[text] = text
    return text


class _EventReader:
    """Builds plain values from libyaml's events; raises :class:`_GiveUp` at anything unusual.

    Scalars are resolved as the composer resolves them (``Resolver.resolve``): a plain scalar
    (``implicit[0]``, no tag or the ``!`` tag) takes the first tag of PyYAML's implicit
    resolvers for its first character whose pattern matches, any other scalar is a string.
    What it returns is what :class:`_Builder` returns for the same text.

    This loop is most of the time spent loading a YAML file beyond libyaml itself, so the
    scalar handling is written out inside :meth:`_mapping` and :meth:`_sequence` (a method
    call per event would cost as much as the rest of the work) and a plain scalar's value is
    looked up by its text (:data:`_PLAIN_VALUES`, :data:`_PLAIN_KEYS`) before it is resolved.
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

    def _scalar(self, event: Any) -> Any:
        """A scalar's value (a document's root; :meth:`_mapping` and :meth:`_sequence` inline this)."""
        if event.anchor is not None or (event.tag is not None and event.tag != "!"):
            raise _GiveUp
        text = event.value
        if not event.implicit[0]:
            return text
        value = _PLAIN_VALUES.get(text, _UNSUPPORTED)
        if value is _UNSUPPORTED:
            value = _plain_value(text, self._resolvers)
            if value is _UNSUPPORTED:
                raise _GiveUp  # CO004 in the composed path
        return value

    def _collection(self, event: Any, depth: int) -> Any:
        kind = type(event)
        if kind is not self._mapping_start and kind is not self._sequence_start:
            raise _GiveUp  # an alias (or an event out of place)
        if event.anchor is not None or (event.tag is not None and event.tag != "!") or depth >= _EVENT_MAX_DEPTH:
            raise _GiveUp
        return self._mapping(depth + 1) if kind is self._mapping_start else self._sequence(depth + 1)

    def _mapping(self, depth: int) -> dict:
        get, scalar_event, end, resolvers = self._get, self._scalar_event, self._mapping_end, self._resolvers
        keys, values = _PLAIN_KEYS, _PLAIN_VALUES
        mapping: dict[str, Any] = {}
        while True:
            event = get()
            if type(event) is not scalar_event:
                if type(event) is end:
                    return mapping
                raise _GiveUp  # a collection or an alias as a key: CO103 or more
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _GiveUp
            name = event.value
            if event.implicit[0]:  # a plain key: its text, whatever it resolves to, as in the composed path
                name = keys.get(name) or _plain_key(name, resolvers)
            if name in mapping:
                raise _GiveUp  # CO002
            event = get()
            if type(event) is not scalar_event:
                mapping[name] = self._collection(event, depth)
                continue
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _GiveUp
            text = event.value
            if not event.implicit[0]:
                mapping[name] = text
                continue
            value = values.get(text, _UNSUPPORTED)
            if value is _UNSUPPORTED:
                value = _plain_value(text, resolvers)
                if value is _UNSUPPORTED:
                    raise _GiveUp  # CO004 in the composed path
            mapping[name] = value

    def _sequence(self, depth: int) -> list:
        get, scalar_event, end, resolvers = self._get, self._scalar_event, self._sequence_end, self._resolvers
        values = _PLAIN_VALUES
        sequence: list[Any] = []
        append = sequence.append
        while True:
            event = get()
            if type(event) is not scalar_event:
                if type(event) is end:
                    return sequence
                append(self._collection(event, depth))
                continue
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _GiveUp
            text = event.value
            if not event.implicit[0]:
                append(text)
                continue
            value = values.get(text, _UNSUPPORTED)
            if value is _UNSUPPORTED:
                value = _plain_value(text, resolvers)
                if value is _UNSUPPORTED:
                    raise _GiveUp  # CO004 in the composed path
            append(value)


#: The line path reads printable ASCII only: no tab, no carriage return, no other control
#: character and nothing libyaml would read as a line break (``\x85``, ``\u2028``...).
_LINE_TEXT = re.compile(r"[ -~\n]*")
#: A plain scalar the line path reads. It starts with none of YAML's indicators (``-`` ``?``
#: ``:`` ``,`` ``[`` ``]`` ``{`` ``}`` ``#`` ``&`` ``*`` ``!`` ``|`` ``>`` quotes ``%`` ``@`` and the
#: backquote) nor ``.`` (so no ``...`` document end marker). It holds no ``#`` (`` #`` would start
#: a comment), no ``:`` before a space or the line's end (a mapping value indicator), no space
#: before a ``:``, and no trailing space (YAML drops it; the line's tail takes it).
_LINE_PLAIN = r"""[$()+/-9;<=A-Z\\^_a-z~][!"$-9;-~]*(?:(?::+| +)[!"$-9;-~]+)*"""
#: A quoted scalar the line path reads: no escape (``''`` or a backslash), on one line.
_LINE_QUOTED = r"""'[^'\n]*'|"[^"\\\n]*\""""
#: A value after ``key:``: also ``.`` first (``.5``, ``.inf``), a ``-`` before a digit or a dot
#: (``-1``), and an empty flow collection (``[]``, ``{}``).
_LINE_VALUE = rf"""(?:\.|-(?=[0-9.]))[!"$-9;-~]*(?:(?::+| +)[!"$-9;-~]+)*|{_LINE_PLAIN}|{_LINE_QUOTED}|\[\]|\{{\}}"""
#: One line each (``re.M``): indentation, the spaces after a ``-`` entry indicator, a scalar (a
#: key, or an entry of a sequence), the ``:`` after a key, the key's value on the same line,
#: then spaces and perhaps a comment. A blank or comment line matches with an empty scalar;
#: any other line is caught whole by the last group, and the line path gives up.
_LINES = re.compile(
    rf"""^( *)(?:(?:-( +))?({_LINE_PLAIN}|{_LINE_QUOTED})(?:(:)(?: +({_LINE_VALUE}))?)?)?(?: *(?:(?<![^ \n])#.*)?)$"""
    r"|^(.+)$",
    re.M,
)
#: libyaml does not take a plain key longer than 1024 characters; the line path leaves long ones to it.
_LINE_MAX_KEY = 1000


#: PyYAML's implicit resolvers as ``yaml/resolver.py`` registers them on ``Resolver``, in its
#: order: (tag suffix, pattern, flags, first characters). Unchanged since PyYAML 3.x;
#: ``tests/test_loader_fast.py`` checks that they build the installed PyYAML's table.
_PYYAML_RESOLVERS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    (
        "bool",
        r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
        re.X,
        tuple("yYnNtTfFoO"),
    ),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
        re.X,
        tuple("-+0123456789."),
    ),
    (
        "int",
        r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        re.X,
        tuple("-+0123456789"),
    ),
    ("merge", r"^(?:<<)$", 0, ("<",)),
    (
        "null",
        r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
        re.X,
        ("~", "n", "N", ""),
    ),
    (
        "timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
        tuple("0123456789"),
    ),
    ("value", r"^(?:=)$", 0, ("=",)),
    ("yaml", r"^(?:!|&|\*)$", 0, tuple("!&*")),
)


@functools.cache
def _pyyaml_resolvers() -> dict:
    """:data:`_PYYAML_RESOLVERS` as PyYAML's table: first character → [(tag, compiled pattern)]."""
    table: dict[str, list[tuple[str, re.Pattern]]] = {}
    for suffix, pattern, flags, first in _PYYAML_RESOLVERS:
        entry = (_CORE + suffix, re.compile(pattern, flags))
        for char in first:
            table.setdefault(char, []).append(entry)
    return table


def _implicit_resolvers() -> dict | None:
    """PyYAML's implicit resolvers by first character, as the composed path's loader applies them.

    None when a plugin registered resolvers the line path does not apply (a wildcard or a
    path resolver; PyYAML registers neither): then only the composer decides.

    Before anything has imported PyYAML, nothing can have registered a resolver: the table is
    then PyYAML's own, built from :data:`_PYYAML_RESOLVERS` without importing it. A file the
    line path reads whole then needs no PyYAML at all: a one-file run (pre-commit's) of such
    a file spares its import (~120 million instructions, a quarter of the run).
    """
    yaml = sys.modules.get("yaml")
    if yaml is None:
        return _pyyaml_resolvers()
    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    resolvers = loader_class.yaml_implicit_resolvers
    if resolvers.get(None) or loader_class.yaml_path_resolvers:
        return None
    return resolvers


def _read_lines(text: str) -> dict | None:
    """The line path: the value of a one-document YAML text written in plain block style, or None.

    A configuration is mostly ``key: value`` lines, ``- `` entries and ``key:`` lines opening
    nested blocks, in ASCII. This reads such a text with one regular expression
    (:data:`_LINES`) and a loop over its lines, without libyaml: three times faster than the
    event path, whose time is mostly libyaml's and PyYAML's event objects. Its grammar is a
    strict subset of YAML's block style, read exactly as libyaml reads it: block mappings and
    sequences (an entry's compact mapping, a sequence at its key's indentation), plain
    scalars resolved like the event path's, quoted scalars without escapes, blank lines and
    comments. At anything else (a flow collection, a block scalar, an escape, a multi-line
    scalar, an anchor, a tag, a ``---``, a tab, non-ASCII text, inconsistent indentation that
    libyaml might reject, a duplicate key, a merge key, deep nesting, a scalar outside the core
    schema) it gives up, and the event path then the composed path read the text.
    """
    resolvers = _implicit_resolvers()
    if resolvers is None or not _LINE_TEXT.fullmatch(text):
        return None
    keys, values = _PLAIN_KEYS, _PLAIN_VALUES
    root: dict[str, Any] = {}
    # The open blocks, innermost last: their indentation and their container. A sequence may
    # have its mapping's indentation (``key:`` then ``- entry`` lines below it).
    indents: list[int] = [0]
    containers: list[Any] = [root]
    top: Any = root
    top_indent = 0
    # The mapping, key and indentation of a ``key:`` line with no value: the next line may
    # open its block (its value is None until then, as YAML reads an empty value).
    pending: tuple[dict, str, int] | None = None
    try:
        for indent, dash, scalar, colon, value, bad in _LINES.findall(text):
            if not scalar:
                if bad:
                    return None
                continue  # a blank or comment line
            column = len(indent)
            if pending is not None:
                mapping, name, at = pending
                pending = None
                if column > at or (column == at and dash):
                    top = [] if dash else {}
                    mapping[name] = top
                    top_indent = column
                    indents.append(column)
                    containers.append(top)
                    if len(indents) > _EVENT_MAX_DEPTH:
                        return None
            while top_indent > column:
                indents.pop()
                containers.pop()
                top_indent, top = indents[-1], containers[-1]
            if top_indent != column:
                return None  # indented like no open block: a multi-line scalar, or an error
            if dash:
                if type(top) is not list:
                    return None
                if not colon:  # ``- entry``
                    if scalar[0] == "'" or scalar[0] == '"':
                        top.append(scalar[1:-1])
                        continue
                    item = values.get(scalar, _UNSUPPORTED)
                    if item is _UNSUPPORTED:
                        item = _plain_value(scalar, resolvers)
                        if item is _UNSUPPORTED:
                            return None  # CO004 in the composed path
                    top.append(item)
                    continue
                # ``- key: ...`` starts a mapping whose keys line up with this one
                top.append(top := {})
                top_indent = column + 1 + len(dash)
                indents.append(top_indent)
                containers.append(top)
                if len(indents) > _EVENT_MAX_DEPTH:
                    return None
            elif not colon:
                return None  # a scalar alone on its line: a multi-line scalar, or an error
            elif type(top) is list:
                if indents[-2] != column:
                    return None  # a key where an entry should be
                indents.pop()  # a key of the mapping ends the sequence at its indentation
                containers.pop()
                top = containers[-1]
            if len(scalar) > _LINE_MAX_KEY:
                return None
            if scalar[0] == "'" or scalar[0] == '"':
                scalar = scalar[1:-1]
            else:
                scalar = keys.get(scalar) or _plain_key(scalar, resolvers)
            if scalar in top:
                return None  # CO002 in the composed path
            if not value:
                top[scalar] = None
                pending = (top, scalar, top_indent)
            elif value[0] == "'" or value[0] == '"':
                top[scalar] = value[1:-1]
            elif value == "[]":
                top[scalar] = []
            elif value == "{}":
                top[scalar] = {}
            else:
                item = values.get(value, _UNSUPPORTED)
                if item is _UNSUPPORTED:
                    item = _plain_value(value, resolvers)
                    if item is _UNSUPPORTED:
                        return None  # CO004 in the composed path
                top[scalar] = item
    except _GiveUp:
        return None
    return root or None


class _StopDocument(Exception):
    """Raised when a document cannot be read further (alias bomb, recursive alias)."""


class _NumberTooLarge(Exception):
    """Raised at an integer past :func:`max_int_digits`: CO001 for the whole file, at ``span``."""

    def __init__(self, span: Span) -> None:
        super().__init__(span)
        self.span = span


class _Builder:
    """Builds plain values from a composed node tree, enforcing co-lint's safety rules."""

    def __init__(self, source: SourceFile, index: int) -> None:
        self.source = source
        self.index = index
        #: Nodes built, by ``id``: their size and value (a second visit of one is an alias).
        self.sizes: dict[int, int] = {}
        self.values: dict[int, Any] = {}
        #: Collections being built: an alias to one of them is inside the node it names.
        self.open: set[int] = set()
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

    def _alias(self, node, key: int, pointer: str) -> tuple[Any, int]:
        """The value of a node visited again: an alias (anchors precede aliases).

        An alias to a collection still being built is inside the node it names: expanding it
        never ends (``a: &a [*a]``), and its value would contain itself, which every walk of
        the value follows forever. Like an alias bomb, it stops the document (CO004).
        """
        self.alias_count += 1
        if key in self.open:
            event = self._alias_event()
            alias = f"alias *{event.anchor}" if event is not None else "an alias"
            self._stop_at_alias(
                event,
                node,
                pointer,
                f"{alias} refers to a node that contains it (a recursive structure): it cannot be "
                "expanded; not read further",
            )
        size = self.sizes[key]
        self.expanded += size
        if self.expanded > MAX_ALIAS_NODES:
            self._stop_at_alias(
                self._alias_event(),
                node,
                pointer,
                f"alias expansion adds more than {MAX_ALIAS_NODES:,} nodes to this document "
                "(a 'billion laughs' pattern): not read further",
            )
        return self.values[key], size

    def _alias_event(self) -> Any:
        """The current alias's event (the :attr:`alias_count`-th of the document), read again from the text."""
        return _alias_event(self.source.text or "", self.index, self.alias_count)

    def _stop_at_alias(self, event: Any, node, pointer: str, message: str) -> None:
        """CO004 at the alias ``event`` (else at the node it names); the document is read no further."""
        span = _event_span(event) if event is not None else _node_span(node)
        self.source.add("CO004", message, span, pointer, self.index)
        self.stopped = True
        raise _StopDocument

    def _node(self, node, pointer: str, depth: int) -> tuple[Any, int]:
        key = id(node)
        if key in self.sizes or key in self.open:
            return self._alias(node, key, pointer)
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
            self.open.add(key)
            for position, child in enumerate(node.value):
                child_value, child_size = self._node(child, f"{pointer}/{position}", depth + 1)
                value.append(child_value)
                size += child_size
            self.open.discard(key)
        else:
            value, size = {}, 1
            self.open.add(key)
            size += self._mapping(node, value, pointer, depth)
            self.open.discard(key)
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
        value = _scalar_value(node.tag, node.value, node)
        if value is _TOO_LARGE:
            raise _NumberTooLarge(_node_span(node))
        return value


def _scalar_value(tag: str, text: str, node: Any = None) -> Any:
    """The value of a scalar of resolved ``tag``, for both paths.

    Tags outside the core schema (reported by the builder) and the merge tag read as the
    text. An int, float or timestamp is built by PyYAML's SafeConstructor from ``node`` (a
    ScalarNode; made here when the event path has none); one that does not build (an
    impossible date) stays the text. An integer past :func:`max_int_digits` is
    ``_TOO_LARGE`` (:func:`_yaml_int`).
    """
    if tag == _STR or tag not in _ALLOWED_TAGS:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text.lower() in ("yes", "true", "on", "y")
    if tag not in _CONSTRUCTED_TAGS:
        return text
    if tag == _INT:
        # A decimal integer (most are: 300, -1), read as SafeConstructor reads it, without PyYAML.
        digits = text[1:] if text[:1] in ("+", "-") else text
        if digits.isdigit() and digits.isascii() and (digits[0] != "0" or digits == "0"):
            return int(text) if len(digits) <= max_int_digits() else _TOO_LARGE
    constructor = _safe_constructor()
    if node is None:
        node = _yaml().nodes.ScalarNode(tag, text)
    try:
        if tag == _INT:
            return _yaml_int(constructor, node)
        if tag == _FLOAT:
            return constructor.construct_yaml_float(node)
        return constructor.construct_yaml_timestamp(node)
    except (ValueError, TypeError, OverflowError, IndexError, AttributeError):
        # ``!!int ""`` or ``!!float "-"`` (IndexError), ``!!timestamp "x"`` (AttributeError)
        return text


#: The tags whose values SafeConstructor builds.
_CONSTRUCTED_TAGS = frozenset((_INT, _FLOAT, _TIMESTAMP))
#: What :func:`_scalar_value` gives for an integer too long to read (CO001 at it).
_TOO_LARGE = object()


def _yaml_int(constructor: Any, node: Any) -> Any:
    """An int scalar's value, or ``_TOO_LARGE`` past :func:`max_int_digits` digits.

    Such an integer is refused before it is built when it is written with more digits (a
    decimal one would not build; a sexagesimal one, ``1:59:59:...``, takes quadratic time to),
    and after, when a shorter text made a longer number (hexadecimal): converting it to text,
    as messages and reports do, would fail.
    """
    text, limit = node.value, max_int_digits()
    body = text.lstrip("+-")
    # Binary, octal and hexadecimal texts build in linear time, and a long one may still be a
    # readable number (4,400 binary digits are 1,325 decimal ones): judged by value below.
    power_of_two_base = body[:2] in ("0b", "0x") or (body[:1] == "0" and len(body) > 1 and ":" not in body)
    if not power_of_two_base and len(text) - text.count("_") - (text[:1] in ("+", "-")) > limit:
        return _TOO_LARGE
    value = constructor.construct_yaml_int(node)
    if value.bit_length() > 3 * limit and abs(value) >= _power_of_ten(limit):
        return _TOO_LARGE
    return value


@functools.cache
def _power_of_ten(exponent: int) -> int:
    """``10 ** exponent``, the smallest integer with ``exponent + 1`` digits; made once."""
    return 10**exponent


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


def _event_span(event: Any) -> Span:
    """The span of a parser event (an alias), from its marks."""
    start, end = event.start_mark, event.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _alias_event(text: str, document: int, ordinal: int) -> Any:
    """The ``ordinal``-th AliasEvent of a document (its anchor name, its marks), or None.

    The builder counts aliases but composed nodes keep neither an alias's place nor its name:
    the text's events are read again, on this rare path only.
    """
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
                    return event
    except yaml.YAMLError:
        return None
    return None


class _Mark:
    """A position in a text, as PyYAML's ``Mark``: offset, line and column, all from 0."""

    __slots__ = ("index", "line", "column")

    def __init__(self, index: int, line: int, column: int) -> None:
        self.index, self.line, self.column = index, line, column


class _LineNode:
    """A node of :func:`_line_tree`, with the attributes of PyYAML's nodes that co-lint reads.

    ``id``, ``value`` (a scalar's text, a sequence's nodes, a mapping's (key, value) pairs),
    ``start_mark``, ``end_mark``, ``style`` (a scalar's: ``''`` plain, or its quote),
    ``flow_style`` (a collection's) and ``tag`` are what the composer gives for the same text.
    Only collections are made while the lines are read: a collection keeps its lines' matches
    (``rows``) and makes its children's nodes when they are first asked for (:meth:`child`
    makes one: a position needs the few nodes on its pointer's way). A mark is kept as a
    tuple until it is read, and a plain scalar's tag (the resolver's regular expressions) is
    resolved only when asked.
    """

    __slots__ = ("id", "style", "flow_style", "start", "end", "rows", "names", "made", "_value")

    def __init__(self, kind: str, start: tuple[int, int, int], style: str | None = None, value: Any = None) -> None:
        self.id, self.start, self.end, self.style, self._value = kind, start, start, style, value
        self.flow_style = False
        #: A block collection's lines: (match, line, the block below it or None), in order.
        self.rows: list[tuple[Any, int, _LineNode | None]] | None = None
        #: A block mapping's key names: the position of each one's row.
        self.names: dict[str, int] | None = None
        #: What :meth:`child` found, by token (a pointer's way is walked for its span, then for its fix).
        self.made: dict[str, tuple[_LineNode | None, _LineNode] | None] | None = None

    @property
    def start_mark(self) -> _Mark:
        return _Mark(*self.start)

    @property
    def end_mark(self) -> _Mark:
        return _Mark(*self.end)

    @property
    def tag(self) -> str:
        if self.id == "mapping":
            return _MAP
        if self.id == "sequence":
            return _SEQ
        if self.style:
            return _STR
        return _resolve_plain(self._value, _implicit_resolvers() or {})

    @property
    def value(self) -> Any:
        if self._value is None:  # a block collection's children, made once
            rows = self.rows or ()
            if self.id == "mapping":
                self._value = [_line_pair(*row) for row in rows]
            else:
                self._value = [row[2] or _line_scalar(row[0], row[1], 3) for row in rows]
        return self._value

    def child(self, token: str) -> tuple[_LineNode | None, _LineNode] | None:
        """(key node, node) of a mapping's key or a sequence's entry, as :meth:`YamlLocator._child` finds them."""
        if self.id == "scalar":
            return None
        if self._value is not None:  # made already, or a flow collection (empty)
            if self.id == "mapping":
                return next((pair for pair in self._value if pair[0]._value == token), None)
            if token.isdigit() and int(token) < len(self._value):
                return None, self._value[int(token)]
            return None
        made = self.made
        if made is None:
            made = self.made = {}
        elif token in made:
            return made[token]
        rows = self.rows or []
        found: tuple[_LineNode | None, _LineNode] | None = None
        if self.id == "mapping":
            position = self.names.get(token) if self.names is not None else None
            found = None if position is None else _line_pair(*rows[position])
        elif token.isdigit() and int(token) < len(rows):
            row = rows[int(token)]
            found = None, row[2] or _line_scalar(row[0], row[1], 3)
        made[token] = found
        return found


def _line_scalar(match: Any, line: int, group: int) -> _LineNode:
    """The scalar of ``match``'s group (3: a key or an entry, 5: a key's value)."""
    base, start, end = match.start(), match.start(group), match.end(group)
    text = match.group(group)
    node = _LineNode("scalar", (start, line, start - base), "", text)
    if text[0] == "'" or text[0] == '"':
        node.style, node._value = text[0], text[1:-1]
    node.end = (end, line, end - base)
    return node


def _line_pair(match: Any, line: int, block: _LineNode | None) -> tuple[_LineNode, _LineNode]:
    """A mapping's (key node, value node) from its key's line (``block``: the value's, on the lines below)."""
    key = _line_scalar(match, line, 3)
    if block is not None:
        return key, block
    value = match.group(5)
    if not value:  # an empty value: a null scalar right after the colon
        at = match.end(4)
        return key, _LineNode("scalar", (at, line, at - match.start()), "", "")
    if value == "[]" or value == "{}":
        start, base = match.start(5), match.start()
        node = _LineNode("sequence" if value == "[]" else "mapping", (start, line, start - base), None, [])
        node.end = (start + 2, line, start + 2 - base)
        node.flow_style = True
        return key, node
    return key, _line_scalar(match, line, 5)


def _line_tree(text: str) -> _LineNode | None:
    """The composed node tree of a text the line path reads, built from its lines; else None.

    Composing a document (libyaml, then PyYAML's node and mark objects) costs three times
    this, and a position is asked of nearly every file that has a finding, once for the
    finding and once more for its fix. The grammar is :func:`_read_lines`'s (the same regular
    expression, the same structural checks), and the tree is what the composer makes of the
    same text, marks included: a block collection ends where the next token starts (the
    first token of the next line that is neither blank nor a comment; else the end of the
    stream: see the end of this function), an empty value is a null scalar right after its
    key's colon. At anything else, and at a
    merge key or a duplicate key (the composer's tree keeps both), it gives None: the text is
    composed. Children's nodes are made only when asked for (:class:`_LineNode`).
    """
    if _implicit_resolvers() is None or not _LINE_TEXT.fullmatch(text):
        return None
    root: _LineNode | None = None
    indents: list[int] = [0]
    nodes: list[_LineNode] = []  # the open blocks, innermost last (the root first)
    top: Any = None
    top_indent = 0
    # The mapping and indentation of a ``key:`` line with no value (see _read_lines): the
    # next line may open its block.
    pending: tuple[_LineNode, int] | None = None
    line = -1
    for match in _LINES.finditer(text):
        line += 1
        indent, dash, scalar, colon, value, bad = match.groups()
        if not scalar:
            if bad:
                return None
            continue
        column = len(indent)
        if top is None:  # the first line with a token: the root mapping starts there
            if column or dash:
                return None
            root = top = _LineNode("mapping", (match.start(), line, 0))
            root.rows, root.names = [], {}
            nodes.append(root)
        if pending is not None:
            mapping, at = pending
            pending = None
            if column > at or (column == at and dash):
                here = match.start() + column
                top = _LineNode("sequence" if dash else "mapping", (here, line, column))
                top.rows = []
                if not dash:
                    top.names = {}
                row = mapping.rows[-1]
                mapping.rows[-1] = (row[0], row[1], top)
                top_indent = column
                indents.append(column)
                nodes.append(top)
                if len(indents) > _EVENT_MAX_DEPTH:
                    return None
        while top_indent > column:
            indents.pop()
            here = match.start() + column
            nodes.pop().end = (here, line, column)
            top_indent, top = indents[-1], nodes[-1]
        if top_indent != column:
            return None
        if dash:
            if top.names is not None:
                return None  # an entry where a key should be
            if not colon:
                top.rows.append((match, line, None))
                continue
            # ``- key: ...``: a mapping whose keys line up with this one
            start = match.start(3)
            entry = _LineNode("mapping", (start, line, start - match.start()))
            entry.rows, entry.names = [], {}
            top.rows.append((match, line, entry))
            top = entry
            top_indent = start - match.start()
            indents.append(top_indent)
            nodes.append(top)
            if len(indents) > _EVENT_MAX_DEPTH:
                return None
        elif not colon:
            return None
        elif top.names is None:  # a key of the mapping ends the sequence at its indentation
            if indents[-2] != column:
                return None
            indents.pop()
            here = match.start() + column
            nodes.pop().end = (here, line, column)
            top = nodes[-1]
        if len(scalar) > _LINE_MAX_KEY:
            return None
        if scalar[0] == "'" or scalar[0] == '"':
            scalar = scalar[1:-1]
        elif scalar[0] == "<" and _resolve_plain(scalar, _implicit_resolvers() or {}) == _MERGE:
            return None
        names = top.names
        if scalar in names:
            return None
        names[scalar] = len(top.rows)
        top.rows.append((match, line, None))
        if not value:
            pending = (top, top_indent)
    if root is None:
        return None
    # The end of the stream. libyaml ends the blocks indented deeper than the column it stops
    # at (the end of the last line) there, then the others on a new line unless it is on one.
    line, column = text.count("\n"), len(text) - text.rfind("\n") - 1
    there, below = (len(text), line, column), (len(text), line + 1, 0)
    for node, indent in zip(nodes, indents, strict=True):
        node.end = there if indent > column or not column else below
    return root


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
        """The document's node tree: built from its lines when the line path reads the text, else composed."""
        if self._root is None and self._source is not None:
            text = self._source.text or read_text(self._source.path)
            self._root = (_line_tree(text) if self._index == 0 else None) or _compose_document(text, self._index)
        return self._root

    def release(self) -> None:
        """Forget a composed tree. A tree read from the lines is kept: the fixes of the same
        file ask for it right after the engine releases it, and it holds little (its lines'
        matches, and the nodes of the few positions asked)."""
        if self._source is not None and type(self._root) is not _LineNode:
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
        if type(node) is _LineNode:
            return node.child(token)  # no merge key, no duplicate key
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
