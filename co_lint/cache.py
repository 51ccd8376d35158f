"""A cache of the project set, so that a pre-commit run does not re-parse every configuration.

Cross-configuration rules (CO3xx) need every configuration of the project even when
pre-commit passes one staged file. Parsing 1,000 files costs seconds; reading their
already-parsed values back costs milliseconds. The cache holds, for each project file
co-lint was *not* asked to report on, its parsed documents (after the schema step's
CO003 repair), keyed by absolute path and checked against the file's size and mtime.

* It is JSON (``json.loads`` is fast and, unlike pickle, cannot run code from a file a
  repository might ship).
* It lives in ``.co-lint-cache/`` beside the settings (or at the repository root), with a
  ``.gitignore`` of ``*`` inside, as ruff does. ``--no-cache`` skips it.
* A cached document has no node positions; the first time a finding needs one (a related
  location in that file), the file is parsed for real (:class:`LazyLocator`).
* Files whose values JSON cannot hold (a YAML timestamp) or that had input errors are
  simply not cached.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from co_lint import __version__
from co_lint.loader import Document, SourceFile, load_file

CACHE_DIR = ".co-lint-cache"
_FILE = "project.json"
_FORMAT = f"co-lint {__version__} project cache 1"


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

    @classmethod
    def open(cls, root: Path) -> ProjectCache:
        directory = root / CACHE_DIR
        try:
            with open(directory / _FILE, encoding="utf-8") as handle:
                data = json.load(handle)
            entries = data["files"] if data.get("format") == _FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            entries = {}
        return cls(directory, entries if isinstance(entries, dict) else {})

    @staticmethod
    def _stamp(path: Path) -> list[int] | None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return [stat.st_size, stat.st_mtime_ns]

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
        try:
            json.dumps(documents)
        except (TypeError, ValueError):
            return  # a value JSON cannot hold (a YAML timestamp): always parse this file
        stamp = self._stamp(source.path)
        if stamp is not None:
            self.entries[key] = {"stamp": stamp, "kind": source.kind, "documents": documents}
            self.dirty = True

    def forget_missing(self, keep: set[str]) -> None:
        for key in [k for k in self.entries if k not in keep]:
            del self.entries[key]
            self.dirty = True

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
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump({"format": _FORMAT, "files": self.entries}, handle, separators=(",", ":"))
            os.replace(temporary, self.directory / _FILE)
        except OSError:
            pass
