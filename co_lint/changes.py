"""Change-aware checks (``--base REV``): each configuration against its version at a git revision.

A configuration is applied with PUT, which replaces the whole resource, and some fields cannot
change after creation: what a change *does* matters as much as what the file says. With
``--base REV`` co-lint reads each reported configuration file as it was at ``REV`` and runs the
change rules (CO7xx, ``check_change(base, current)``) on the pair.

How the pairs are found, with two git processes whatever the number of files:

* ``git diff --raw -z -M REV`` (``REV`` against the working tree, git's rename detection) lists
  the configuration files that changed, with the blob each had at ``REV``: a renamed file is
  compared with its old self, not reported as a deletion plus a new file. ``git cat-file
  --batch`` reads those blobs.
* A reported file the diff does not list is unchanged since ``REV`` (or untracked: new), so it
  is skipped — unless its text is not the file on disk (stdin, a ``--fix`` pass): then
  ``REV:path`` is read.
* A file added since ``REV`` is new: nothing to compare. A file that does not parse (at ``REV``
  or now) is not compared: CO001 already says so; nor is a file with no configuration left in
  it (only comments), which cannot be told apart from one that failed to parse.
* Documents of a multi-document YAML file are paired by ``id``, then by ``displayName`` (each
  unique on both sides), then the rest in order; two documents whose ids differ are never
  paired. A document at ``REV`` left without a partner was removed from the file: CO706.
* A configuration file deleted since ``REV`` (not renamed) is CO706 when it lies under a given
  directory or in the project set, and one of its documents looks like a configuration. It has
  no current text, so the finding is placed at line 1, column 1 of the deleted path.

Findings go through the same selection, levels and masking as every other finding; the
caller (``co_lint.app``) merges them before suppressions are applied.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from co_lint.loader import Document, SourceFile, load_file
from co_lint.model import Configuration
from co_lint.types import Finding, Span

if TYPE_CHECKING:
    from co_lint.engine import Engine
    from co_lint.rule import RuleDef
    from co_lint.settings import Settings

DELETED_ID = "CO706"
#: git pathspecs of configuration files, suffixes in any case as a directory walk reads them
#: (renames between them are followed).
_NULL_SHA = frozenset({"0" * 40, "0" * 64})
_REGULAR_MODES = frozenset({"100644", "100755"})
#: Longest rendering of an old value in a message.
_SHOW_LIMIT = 80


class ChangeError(Exception):
    """--base cannot be used here (no git, not a repository, unknown revision): exit code 2."""


class BaseConfiguration(Configuration):
    """A configuration as it was at the base revision.

    ``revision`` names it in messages: the revision as the user wrote it (``origin/main``),
    with the old path when the file was renamed since (``origin/main:configs/old.yaml``).
    """

    def __init__(self, document: Document, revision: str) -> None:
        super().__init__(document)
        self.revision = revision
        #: Hits on a base configuration are dropped: findings belong to the current file.
        self.reported = False


def revision_of(base: Configuration) -> str:
    """How a message names the base version of a configuration (``origin/main``)."""
    return getattr(base, "revision", "the base revision")


def show(value: Any) -> str:
    """A value as a message quotes it: compact JSON, credentials masked, at most 80 characters.

    Masking comes before shortening, so a cut can never leave half a secret readable.
    """
    from co_lint.secrets import mask_secrets

    text = mask_secrets(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))
    return text if len(text) <= _SHOW_LIMIT else text[: _SHOW_LIMIT - 1] + "…"


def describe_configuration(config: Configuration) -> str:
    """``'Harbor Desk' (conv_configuration_…)``: how CO706 names a configuration."""
    parts = []
    name, identity = config.get("displayName"), config.get("id")
    if isinstance(name, str) and name.strip():
        parts.append(repr(name))
    if isinstance(identity, str) and identity.strip():
        parts.append(f"({identity})" if parts else identity)
    return " ".join(parts) if parts else f"document {config.document.index + 1}"


# --------------------------------------------------------------------------- pairing documents


def _identity(config: Configuration, key: str) -> str | None:
    value = config.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _ids_differ(base: Configuration, current: Configuration) -> bool:
    old, new = _identity(base, "id"), _identity(current, "id")
    return old is not None and new is not None and old != new


def pair_documents(
    base: list[Configuration], current: list[Configuration]
) -> tuple[list[tuple[Configuration, Configuration]], list[Configuration]]:
    """Pair the configurations of one file at the base with those of now.

    By ``id``, then ``displayName`` (a value unique on both sides), then the rest in order; two
    documents whose ids differ describe different live configurations and are never paired.
    Returns the pairs and the base configurations left without a partner (removed).
    """
    left_base = [config for config in base if config.is_mapping]
    left_current = [config for config in current if config.is_mapping]
    pairs: list[tuple[Configuration, Configuration]] = []
    for key in ("id", "displayName"):
        base_counts = Counter(_identity(config, key) for config in left_base)
        current_counts = Counter(_identity(config, key) for config in left_current)
        for old in list(left_base):
            value = _identity(old, key)
            if value is None or base_counts[value] != 1 or current_counts[value] != 1:
                continue
            new = next(config for config in left_current if _identity(config, key) == value)
            if _ids_differ(old, new):
                continue
            pairs.append((old, new))
            left_base.remove(old)
            left_current.remove(new)
    for old in list(left_base):
        new = next((config for config in left_current if not _ids_differ(old, config)), None)
        if new is not None:
            pairs.append((old, new))
            left_base.remove(old)
            left_current.remove(new)
    return pairs, left_base


# --------------------------------------------------------------------------- git


def _git(args: list[str], cwd: Path | str, data: bytes | None = None):
    import subprocess

    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=data, capture_output=True, timeout=300, env=environment, check=False
        )
    except FileNotFoundError as exc:
        raise ChangeError("--base needs git, and git is not installed (or not on PATH)") from exc
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChangeError(f"--base: git {args[0]} failed: {exc}") from exc


def _first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else "no message"


class _Change(NamedTuple):
    """One file of ``git diff --raw`` against the base: its path at the base, and its blob there."""

    status: str  # A, M, T, D or R
    base_path: str | None
    blob: str | None


def parse_raw_diff(output: bytes) -> tuple[dict[str, _Change], dict[str, _Change]]:
    """``git diff --raw -z`` output → (changes by current path, deletions by base path)."""
    tokens = output.decode("utf-8", "surrogateescape").split("\0")
    changes: dict[str, _Change] = {}
    deleted: dict[str, _Change] = {}
    index = 0
    while index < len(tokens):
        meta = tokens[index]
        index += 1
        if not meta.startswith(":"):
            continue
        fields = meta[1:].split()
        if len(fields) < 5:
            continue
        old_mode, old_blob, status = fields[0], fields[2], fields[4][:1]
        paths = tokens[index : index + (2 if status in "RC" else 1)]
        index += len(paths)
        blob = old_blob if old_mode in _REGULAR_MODES and old_blob not in _NULL_SHA else None
        if status == "R" and len(paths) == 2:
            changes[paths[1]] = _Change("R", paths[0], blob)
        elif status == "D" and paths:
            deleted[paths[0]] = _Change("D", paths[0], blob)
        elif status in "MT" and paths:
            changes[paths[0]] = _Change(status, paths[0], blob)
        elif status == "A" and paths:
            changes[paths[0]] = _Change("A", None, None)
    return changes, deleted


def parse_batch(output: bytes, names: list[str]) -> dict[str, bytes | None]:
    """``git cat-file --batch`` output for ``names``: each blob's bytes, None when missing or not a blob."""
    found: dict[str, bytes | None] = {}
    position = 0
    for name in names:
        end = output.find(b"\n", position)
        if end < 0:
            break
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or not header[2].isdigit():
            found[name] = None  # "<name> missing", "<name> ambiguous"
            continue
        size = int(header[2])
        found[name] = output[position : position + size] if header[1] == b"blob" else None
        position += size + 1
    return found


# --------------------------------------------------------------------------- the check


class ChangeCheck:
    """The base of one run: which files changed since it, and their configurations there.

    (A plain class, like the rest of this module: every lint run imports it through the rule
    modules, and a dataclass costs milliseconds to build.)
    """

    def __init__(
        self,
        revision: str,
        commit: str,
        toplevel: str,
        prefix: str,
        cwd: Path,
        changes: dict[str, _Change],
        deleted: dict[str, _Change],
        overridden: Iterable[str] = (),
    ) -> None:
        self.revision = revision
        self.commit = commit
        self.toplevel = toplevel
        #: The working directory relative to the repository, ``""`` or ``"sub/dir/"``.
        self.prefix = prefix
        self.cwd = cwd
        self.changes = changes
        self.deleted = deleted
        #: Absolute paths whose text is not the file on disk (stdin).
        self.overridden = set(overridden)
        #: Whether a deleted file (absolute path) lies under a given directory or in the project set.
        self.in_scope: Callable[[str], bool] = lambda path: False
        self._first_text: dict[str, str | None] = {}
        self._blobs: dict[str, bytes | None] = {}
        self._deleted_findings: list[tuple[str, str, str]] | None = None
        self._schema: Any = None

    @classmethod
    def open(
        cls,
        revision: str,
        cwd: Path,
        *,
        given: Iterable[Path] = (),
        settings: Settings | None = None,
        overridden: Iterable[str] = (),
    ) -> ChangeCheck:
        """Check that ``revision`` names a commit of the repository around ``cwd`` and diff against it."""
        from co_lint.discovery import GIT_PATHSPECS

        if not revision.strip() or revision.startswith("-") or "\n" in revision:
            raise ChangeError(f"--base {revision!r} is not a git revision")
        located = _git(["rev-parse", "--show-toplevel", "--show-prefix"], cwd)
        if located.returncode != 0:
            raise ChangeError(f"--base needs a git repository, and {cwd} is not inside one")
        lines = located.stdout.decode("utf-8", "surrogateescape").split("\n")
        toplevel, prefix = lines[0], (lines[1] if len(lines) > 1 else "")
        verified = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
        if verified.returncode != 0:
            raise ChangeError(
                f"--base {revision}: unknown revision (no such commit, branch or tag here; "
                "in CI fetch the history first, e.g. actions/checkout with fetch-depth: 0)"
            )
        commit = verified.stdout.decode().strip()
        diff = _git(
            [
                "diff",
                "--raw",
                "-z",
                "--no-abbrev",
                "-M",
                "--no-color",
                "--no-ext-diff",
                "--ignore-submodules",
                commit,
                "--",
                *GIT_PATHSPECS,
            ],
            toplevel,
        )
        if diff.returncode != 0:
            raise ChangeError(f"--base {revision}: git diff failed: {_first_line(diff.stderr)}")
        changes, deleted = parse_raw_diff(diff.stdout)
        check = cls(revision, commit, toplevel, prefix, cwd, changes, deleted, overridden)
        if settings is not None:
            check.in_scope = deletion_scope(list(given), settings)
        return check

    # -- paths

    def repo_path(self, path: Path) -> str | None:
        """The repository-relative posix path of a file, None outside the repository."""
        from co_lint.discovery import absolute

        relative = os.path.relpath(absolute(path), absolute(self.cwd)).replace(os.sep, "/")
        joined = posixpath.normpath(self.prefix + relative)
        return None if joined == ".." or joined.startswith("../") else joined

    def local_path(self, repo_path: str) -> str:
        """The absolute path (in the working directory's terms) of a repository-relative path."""
        relative = posixpath.relpath(repo_path, self.prefix.rstrip("/") or ".")
        return os.path.normpath(os.path.join(os.path.abspath(self.cwd), relative))

    def _read(self, names: list[str]) -> None:
        """Read blobs (by id or ``commit:path``) in one ``git cat-file --batch``."""
        wanted = [name for name in dict.fromkeys(names) if name not in self._blobs]
        if not wanted:
            return
        readable = [name for name in wanted if "\n" not in name]
        result = _git(["cat-file", "--batch"], self.toplevel, "".join(f"{n}\n" for n in readable).encode())
        if result.returncode != 0:
            raise ChangeError(f"--base {self.revision}: git cat-file failed: {_first_line(result.stderr)}")
        found = parse_batch(result.stdout, readable)
        for name in wanted:
            self._blobs[name] = found.get(name)

    def _base_configurations(self, name: str, base_path: str, label: str) -> list[Configuration] | None:
        """The configurations of a base blob, CO003 values repaired as the engine repairs them;
        None when it has none to compare (it does not parse, or is not UTF-8)."""
        data = self._blobs.get(name)
        if data is None:
            return None
        source = load_file(Path(base_path), f"{self.revision}:{base_path}", data)
        if not source.documents:
            return None if source.findings else []
        if self._schema is None:
            from co_lint.schema import SchemaChecker

            self._schema = SchemaChecker.load_default()
        configs = []
        for document in source.documents:
            self._schema.check(document)
            configs.append(BaseConfiguration(document, label))
        return configs

    # -- findings

    def findings(self, sources: list[SourceFile], engine: Engine, rules: list[RuleDef]) -> list[Finding]:
        """The change findings of the reported ``sources`` (and of deleted configurations)."""
        from co_lint.discovery import absolute

        definitions = [d for d in rules if d.check_change is not None and engine.enabled(d.id)]
        deleted_rule = next((d for d in rules if d.id == DELETED_ID and engine.enabled(d.id)), None)
        if not definitions and deleted_rule is None:
            return []
        jobs: list[tuple[SourceFile, str, str, str]] = []  # source, blob name, base path, label
        for source in sources:
            first = self._first_text.setdefault(source.display, source.text)
            if not source.documents:
                continue  # does not parse now (CO001/CO005 say so), or holds no configuration
            repo_path = self.repo_path(source.path)
            if repo_path is None:
                continue
            change = self.changes.get(repo_path) or self.deleted.get(repo_path)
            if change is not None:
                if change.blob is None or change.base_path is None:
                    continue  # added since the base (or not a regular file there): new
                label = self.revision if change.base_path == repo_path else f"{self.revision}:{change.base_path}"
                jobs.append((source, change.blob, change.base_path, label))
            elif absolute(source.path) in self.overridden or source.text != first:
                jobs.append((source, f"{self.commit}:{repo_path}", repo_path, self.revision))
        self._read([name for _, name, _, _ in jobs])
        out: list[Finding] = []
        for source, name, base_path, label in jobs:
            base = self._base_configurations(name, base_path, label)
            if base is None:
                continue
            current = [Configuration(document) for document in source.documents]
            pairs, removed = pair_documents(base, current)
            for old, new in pairs:
                for definition in definitions:
                    check_change = definition.check_change

                    def produce(pair, check_change=check_change):
                        return check_change(*pair)

                    engine.collect(definition, produce, (old, new), new, out)
            if deleted_rule is not None:
                out.extend(self._removed_documents(deleted_rule, source, current, removed, label))
        if deleted_rule is not None:
            out.extend(self._deleted_files(deleted_rule))
        return engine.settle(out, sources)

    def _removed_documents(
        self,
        rule: RuleDef,
        source: SourceFile,
        current: list[Configuration],
        removed: list[Configuration],
        label: str,
    ) -> Iterable[Finding]:
        """CO706 for a configuration of a multi-document file that is no longer in it, at the
        first key of the file's first configuration (line 1 when none is left)."""
        anchor = next((config for config in current if config.is_mapping), None)
        for old in removed:
            if not old.looks_like_configuration:
                continue
            name = describe_configuration(old)
            yield Finding(
                rule.id,
                rule.rule.level,
                f"configuration {name} (document {old.document.index + 1} at {label}) is no longer in this "
                "file: a sync tool that deploys this file deletes the live configuration, and without one it is "
                "orphaned",
                source.display,
                anchor.document.span("", "first_key") if anchor is not None else Span.at(1, 1),
                document=anchor.document.index if anchor is not None else 0,
                fingerprint_value=name,
            )

    def _deleted_files(self, rule: RuleDef) -> list[Finding]:
        """CO706 for configuration files deleted since the base, in scope (computed once)."""
        if self._deleted_findings is None:
            from co_lint.discovery import display_path

            candidates = []
            for repo_path, change in sorted(self.deleted.items()):
                local = self.local_path(repo_path)
                if change.blob is None or os.path.lexists(local) or not self.in_scope(local):
                    continue
                candidates.append((repo_path, local, change.blob))
            self._read([blob for _, _, blob in candidates])
            self._deleted_findings = []
            for repo_path, local, blob in candidates:
                configs = self._base_configurations(blob, repo_path, self.revision) or []
                names = [describe_configuration(c) for c in configs if c.looks_like_configuration]
                if not names:
                    continue
                display = display_path(Path(local), self.cwd)
                held = f"configuration {names[0]}" if len(names) == 1 else f"configurations {', '.join(names)}"
                message = (
                    f"deleted since {self.revision}: the file held {held}; a sync tool that deploys these "
                    "files deletes the live configuration, and without one it is orphaned"
                )
                self._deleted_findings.append((display, message, ", ".join(names)))
        return [
            Finding(rule.id, rule.rule.level, message, display, Span.at(1, 1), fingerprint_value=names)
            for display, message, names in self._deleted_findings
        ]


def deletion_scope(given: list[Path], settings: Settings) -> Callable[[str], bool]:
    """Whether a deleted file (absolute path) is one co-lint would have linted.

    It is when a given directory's walk would have found it (the same filters as
    :func:`co_lint.discovery.discover`) or it is in the project set (the settings' ``include``
    globs, or without settings the repository's JSON and YAML files).
    """
    from co_lint.discovery import _SKIP_DIRS, _SUFFIXES, absolute, relative_to_root, selected

    directories = [absolute(path) for path in given if path.is_dir()]
    root = absolute(settings.root)
    if settings.source is not None or (settings.root / ".git").exists():
        directories.append(root)

    def walked(path: str, directory: str) -> bool:
        if not path.startswith(directory.rstrip(os.sep) + os.sep):
            return False
        parts = path[len(directory.rstrip(os.sep)) + 1 :].split(os.sep)
        if any(part.startswith(".") or part in _SKIP_DIRS for part in parts[:-1]):
            return False
        if parts[-1].startswith(".") or not parts[-1].lower().endswith(_SUFFIXES):
            return False
        return selected(relative_to_root(Path(path), settings.root), settings)

    return lambda path: any(walked(path, directory) for directory in directories)


def merge(findings: list[Finding], changes: list[Finding]) -> list[Finding]:
    """The engine's findings and the change findings as one sorted list.

    One finding per real problem (rules.md §1): a removed ``intelligenceConfigurationIds``
    is CO701, which names what is lost, and not also CO501.
    """
    if not changes:
        return findings
    superseded = {
        (f.path, f.document)
        for f in changes
        if f.rule_id == "CO701" and f.fingerprint_value == "intelligenceConfigurationIds"
    }
    kept = [f for f in findings if not (f.rule_id == "CO501" and (f.path, f.document) in superseded)]
    return sorted(kept + changes, key=Finding.sort_key)
