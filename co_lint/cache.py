"""The cache: parsed project files, and the results of given files, so unchanged files are not checked again.

Cross-configuration rules (CO3xx) need every configuration of the project even when
pre-commit passes one staged file. Parsing 1,000 files costs seconds; reading their
already-parsed values back costs milliseconds. And a second run over an unchanged monorepo
should not check 10,000 unchanged files again, as ruff does not. So the cache holds, per
file (keyed by absolute path):

* for a project file co-lint was *not* asked to report on: its parsed documents (after the
  schema step's CO003 repair), valid while the file's size and mtime are unchanged;
* for a given file (:meth:`ProjectCache.result`): also its findings before the project's
  rules and suppressions (input, schema, per-configuration rules, with their fixes), valid
  for the same co-lint version, the same enabled rules and the same content: the size and
  mtime, or else the content's digest (a checkout rewrites mtimes, not contents), sealed
  with a key of the user's (:meth:`ProjectCache.seal`) so that a cache a repository ships
  cannot vouch for its files.

* It is JSON (``json.loads`` is fast and, unlike pickle, cannot run code from a file a
  repository might ship), one line a file after a header line (:func:`cache_text`): a run
  that changes a few entries writes the others' lines back as they were read, instead of
  encoding the whole project again (measured: 80 ms of a 0.3 s pre-commit run over 1,000
  files went to rewriting the cache).
* It lives in ``.co-lint-cache/`` beside the settings (or at the repository root), with a
  ``.gitignore`` of ``*`` inside, as ruff does. ``--no-cache`` skips it.
* A cached document has no node positions; the first time a finding needs one (a related
  location in that file), the file is parsed for real (:class:`LazyLocator`).
* Files whose values JSON cannot hold (a YAML timestamp) or that had input errors are
  simply not cached.
"""

from __future__ import annotations

import functools
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from co_lint import __version__
from co_lint.loader import Document, SourceFile, content_digest, load_file, read_bytes
from co_lint.types import Edit, Finding, Fix, Related, Span

if TYPE_CHECKING:
    from co_lint.parallel import FileResult

CACHE_DIR = ".co-lint-cache"
_FILE = "project.json"
_FORMAT = f"co-lint {__version__} project cache 3"
#: How long after its modification a file's stamp is trusted (above any file system's mtime step).
_RACY_NS = 2_000_000_000


class LazyLocator:
    """Positions for a cached document: the file is parsed only when a span is asked for."""

    __slots__ = ("path", "index", "_locator")

    def __init__(self, path: Path, index: int) -> None:
        self.path, self.index, self._locator = path, index, None

    def _real(self):
        if self._locator is None:
            source = load_file(self.path, str(self.path))
            for document in source.documents:
                if document.index == self.index:
                    self._locator = document.locator
            if self._locator is None:
                raise LookupError(f"{self.path}: document {self.index} no longer exists")
        return self._locator

    def span(self, pointer: str, at: str = "value"):
        return self._real().span(pointer, at)

    def plain_scalar_text(self, pointer: str) -> str | None:
        return None  # cached values are already repaired (CO003)


class ProjectCache:
    """Parsed project files by path, valid while their size and mtime are unchanged."""

    def __init__(self, directory: Path, entries: dict[str, Any]) -> None:
        self.directory = directory
        self.entries = entries
        self.dirty = False
        #: The line each entry was read from, while the entry is unchanged (see :meth:`_changed`).
        self._lines: dict[str, str] = {}
        #: Files modified after this moment may change again within their mtime's resolution
        #: without a new stamp ("racy", as git calls it): their results are trusted only
        #: after their digest is compared again.
        self.settled_before = time.time_ns() - _RACY_NS
        self._key: bytes | None = None

    @classmethod
    def open(cls, root: Path) -> ProjectCache:
        directory = root / CACHE_DIR
        try:
            with open(directory / _FILE, encoding="utf-8") as handle:
                if _header_format(handle.readline()) != _format():
                    return cls(directory, {})  # another version's cache: not even parsed
                entries, lines = _read_rows(handle.read().split("\n"))
        except (OSError, ValueError, RecursionError):  # RecursionError: a crafted, deeply nested file
            return cls(directory, {})
        cache = cls(directory, entries)
        cache._lines = lines
        return cache

    def _changed(self, key: str) -> None:
        """The entry of ``key`` was added, replaced or renewed: its line is written anew."""
        self._lines.pop(key, None)
        self.dirty = True

    @staticmethod
    def _stamp(path: Path) -> list[int] | None:
        try:
            status = os.stat(path)
        except OSError:
            return None
        return [status.st_size, status.st_mtime_ns]

    def get(self, path: Path, key: str, display: str) -> SourceFile | None:
        """The cached source of ``path``, or None when it is absent or stale."""
        entry = self.entries.get(key)
        if not isinstance(entry, dict) or entry.get("stamp") != self._stamp(path):
            return None
        source = SourceFile(path=path, display=display, kind=entry.get("kind", "yaml"), cached=True)
        for index, value in entry.get("documents", ()):
            source.documents.append(Document(source, index, value, LazyLocator(path, index)))
        return source

    def put(self, source: SourceFile, key: str) -> None:
        """Remember a freshly parsed, cleanly read source (after the schema step)."""
        if source.findings:
            return
        documents = [[d.index, d.value] for d in source.documents]
        stamp = self._stamp(source.path)
        if stamp is not None:
            # Not stored when a value is one JSON cannot hold (a YAML timestamp): always parse this file.
            self._store(key, {"stamp": stamp, "kind": source.kind, "documents": documents})

    def result(self, path: Path, key: str, display: str, rules: str) -> FileResult | None:
        """The cached result of checking a given file, or None when it must be checked.

        ``rules`` names what was checked (:func:`rules_key`). An entry whose stamp differs
        is still used when the content's digest is the same (its stamp is then renewed); an
        entry of a file modified just before it was checked is used only after its digest
        is compared (see :attr:`settled_before`).
        """
        from co_lint.parallel import FileResult

        entry = self.entries.get(key)
        if not isinstance(entry, dict) or entry.get("rules") != rules or entry.get("display") != display:
            return None
        stamp = self._stamp(path)
        if stamp is None or not os.access(path, os.R_OK):  # unreadable now: report it as a fresh run would
            return None
        text = None
        if entry.get("stamp") != stamp or not entry.get("settled"):
            try:
                data, _ = read_bytes(path)
            except OSError:
                return None
            if self.seal(content_digest(data)) != entry.get("seal"):
                return None
            entry["stamp"], entry["settled"] = stamp, stamp[1] < self.settled_before
            self._changed(key)
            if entry.get("mark"):
                text = data.decode("utf-8-sig")
        try:
            if entry.get("mark") and text is None:
                text = read_bytes(path)[0].decode("utf-8-sig")
            findings = [_finding(row) for row in entry["findings"]]
            documents = [(index, value) for index, value in entry["documents"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        kind = entry.get("kind", "yaml")
        return FileResult(
            str(path), display, kind, None, text, documents, findings, sides=_sides(entry, len(documents))
        )

    def put_result(self, result: FileResult, key: str, rules: str) -> None:
        """Remember a freshly checked given file's result (not a read error, and JSON-safe)."""
        if result.error is not None or result.stamp is None or result.digest is None:
            return
        try:
            findings = [_finding_row(finding) for finding in result.findings]
        except (TypeError, ValueError):
            return
        documents = [[index, value] for index, value in result.documents]
        entry = {
            "stamp": list(result.stamp),
            "settled": result.stamp[1] < self.settled_before,
            "seal": self.seal(result.digest),
            "rules": rules,
            "display": result.display,
            "kind": result.kind,
            "mark": result.text is not None,
            "documents": documents,
            "findings": findings,
        }
        if result.sides is not None:
            # CO301's addresses (a worker read them): counting them is then all a warm run
            # over 10,000 files does for CO301's first pass, instead of reading every value again.
            entry["sides"] = result.sides
        # Not stored when a value is one JSON cannot hold (a YAML timestamp): always check this file.
        self._store(key, entry)

    def _store(self, key: str, entry: dict[str, Any]) -> None:
        """Keep ``entry`` with its line, encoded once: the test that JSON can hold it is the
        line :meth:`save` writes (a file's values were encoded twice before)."""
        try:
            line = _encode([key, entry])
        except (TypeError, ValueError, RecursionError):
            return
        self.entries[key] = entry
        self._lines[key] = line
        self.dirty = True

    def seal(self, digest: str) -> str:
        """A content digest keyed with this user's secret (:func:`_user_key`).

        A repository can ship a ``.co-lint-cache/`` of its own (``git add -f``): with plain
        digests it could claim "no findings" for any file it also ships, and a CI run would
        believe it. Without the key it cannot write a seal that matches.
        """
        import hashlib

        if self._key is None:
            self._key = _user_key()
        return hashlib.blake2b(digest.encode("ascii"), key=self._key, digest_size=16).hexdigest()

    def forget_missing(self, keep: set[str]) -> None:
        for key in [k for k in self.entries if k not in keep]:
            del self.entries[key]
            self._changed(key)

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is silently skipped."""
        if not self.dirty:
            return
        try:
            self.directory.mkdir(exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by co-lint: a cache, never commit it.\n*\n", encoding="utf-8")
            temporary = self.directory / f".{_FILE}.{os.getpid()}"
            text = cache_text(_format(), self.entries, self._lines)
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(text)  # one write: json.dump writes chunk by chunk (measured 4x slower)
            os.replace(temporary, self.directory / _FILE)
        except OSError:
            pass


#: The encoder of every cache line (one made once: a large run encodes 10,000 entries).
_encode = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def cache_text(format_: str, entries: dict[str, Any], lines: dict[str, str] | None = None) -> str:
    """The cache file's text: a header line ``{"format": ...}``, then one line a file,
    ``[key, entry]`` as JSON; ``lines`` holds lines already encoded, by key, for unchanged entries.

    JSON escapes every line break inside a string, so a line is always one entry.
    """
    lines = lines or {}
    out = [_encode({"format": format_})]
    for key, entry in entries.items():
        line = lines.get(key)
        out.append(line if line is not None else _encode([key, entry]))
    out.append("")
    return "\n".join(out)


def read_cache_text(text: str) -> tuple[Any, dict[str, Any], dict[str, str]]:
    """The format, the entries and each entry's line of a cache file's text (:func:`cache_text`).

    Raises ValueError for a text that is not such a file.
    """
    header, _, body = text.partition("\n")
    return (_header_format(header), *_read_rows(body.split("\n")))


def _header_format(header: str) -> Any:
    head = json.loads(header)
    if not isinstance(head, dict):
        raise ValueError("no header")
    return head.get("format")


def _read_rows(rows: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The entries of a cache file's lines after its header, and each entry's line.

    The lines are parsed as one JSON array (one ``json.loads``: a thousand small ones cost
    more), joined by a comma and a line break, which no JSON string may hold: a line cut
    inside a string does not parse. Each line must also begin with its entry's key and end
    the entry, so that a line written back unchanged is that entry's. The lines are kept (an
    unchanged entry's is written back as read): one copy of the file's text, and one more
    while it is parsed.
    """
    if rows and rows[-1] == "":
        rows.pop()
    if not rows:
        return {}, {}
    # The brackets join the first and last lines' copies, not a copy of the whole text.
    parsed = json.loads(
        ",\n".join(["[" + rows[0], *rows[1:-1], rows[-1] + "]"] if len(rows) > 1 else ["[" + rows[0] + "]"])
    )
    encode = json.JSONEncoder(check_circular=False).encode
    entries: dict[str, Any] = {}
    lines: dict[str, str] = {}
    for row, line in zip(parsed, rows, strict=True):
        if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str) and isinstance(row[1], dict)):
            raise ValueError("not an entry")
        key, entry = row
        if key in entries:
            raise ValueError("a key twice")
        if not (line.startswith(f"[{encode(key)},") and line.endswith("}]")):
            raise ValueError("a line that is not one entry")
        entries[key] = entry
        lines[key] = line
    return entries, lines


@functools.cache
def _format() -> str:
    """The cache's format: co-lint's version and a stamp of its installed code and schema.

    Rules can change while the version does not (an editable install, pre-commit pinned to a
    commit between releases): then every file's size and mtime change too, and the cache is
    read as empty. ~70 ``stat`` calls, well under a millisecond.
    """
    import hashlib

    import co_lint
    import co_lint.rules
    import co_lint.schemas

    digest = hashlib.blake2b(digest_size=8)
    for folder in sorted({*co_lint.__path__, *co_lint.rules.__path__, *co_lint.schemas.__path__}):
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda item: item.name):
                if entry.is_file():
                    status = entry.stat()
                    digest.update(f"{entry.name}:{status.st_size}:{status.st_mtime_ns};".encode())
    return f"{_FORMAT} {digest.hexdigest()}"


def _user_key() -> bytes:
    """This user's secret for :meth:`ProjectCache.seal`, kept in ``$XDG_CACHE_HOME/co-lint``
    (``~/.cache/co-lint``); made on first use. Where it cannot be kept, a key for this run
    only: results are then never found again, which is slow but never wrong."""
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "co-lint"
    except RuntimeError:  # no home directory
        return os.urandom(32)
    path = folder / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    key = os.urandom(32)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".cache-key.{os.getpid()}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
        os.replace(temporary, path)
    except OSError:
        pass
    return key


def rules_key(rule_ids: list[str]) -> str:
    """What a cached result was checked with: the enabled rules (the version is in the format)."""
    return ",".join(sorted(rule_ids))


def _span_row(span: Span) -> list[int]:
    return [span.start_line, span.start_col, span.end_line, span.end_col]


def _sides(entry: dict, documents: int) -> list | None:
    """An entry's CO301 addresses (:attr:`FileResult.sides`), or None: absent (CO301 was off) or
    not of the shape :func:`co_lint.overlap.claimed_sides` gives (they are then read again)."""
    sides = entry.get("sides")
    if not isinstance(sides, list) or len(sides) != documents:
        return None
    shaped = []
    for item in sides:
        if item is None:
            shaped.append(None)
        elif isinstance(item, list) and len(item) == 3 and all(isinstance(part, list) for part in item):
            shaped.append(tuple(item))
        else:
            return None
    return shaped


def _finding_row(finding: Finding) -> list:
    """A finding as JSON values (a suppressed one is never cached: suppression comes later)."""
    if finding.suppression is not None:
        raise ValueError("suppressed findings are not cached")
    fix = finding.fix
    return [
        finding.rule_id,
        finding.level,
        finding.message,
        finding.path,
        _span_row(finding.span),
        finding.pointer,
        finding.document,
        [[r.path, _span_row(r.span), r.message, r.pointer] for r in finding.related],
        finding.fingerprint_value,
        None
        if fix is None
        else [fix.description, [[e.start, e.end, e.replacement, e.location, e.end_location] for e in fix.edits]],
    ]


def _finding(row: list) -> Finding:
    rule_id, level, message, path, span, pointer, document, related, fingerprint, fix = row
    return Finding(
        rule_id,
        level,
        message,
        path,
        Span(*span),
        pointer=pointer,
        document=document,
        related=[Related(p, Span(*s), m, q) for p, s, m, q in related],
        fingerprint_value=fingerprint,
        fix=None if fix is None else Fix(fix[0], tuple(_edit(*edit) for edit in fix[1])),
    )


def _edit(start: int, end: int, replacement: str, location: list | None, end_location: list | None) -> Edit:
    return Edit(
        start,
        end,
        replacement,
        None if location is None else tuple(location),
        None if end_location is None else tuple(end_location),
    )
