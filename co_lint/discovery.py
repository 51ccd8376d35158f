"""Discover: command-line paths and the settings' include/exclude globs become files.

Directories are walked recursively for configuration files; hidden directories and the
usual tool directories are skipped. A path that does not exist is reported, not raised.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Collection, Iterator
from functools import lru_cache
from pathlib import Path

from co_lint.settings import Settings
from co_lint.types import Record

_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
_SUFFIXES = (".json", ".yaml", ".yml")


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern:
    """Translate a glob with ``**`` (any number of directories) into a regular expression."""
    out, index = "", 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out, index = out + "(?:.*/)?", index + 3
        elif pattern.startswith("**", index):
            out, index = out + ".*", index + 2
        elif pattern[index] == "*":
            out, index = out + "[^/]*", index + 1
        elif pattern[index] == "?":
            out, index = out + "[^/]", index + 1
        else:
            out, index = out + re.escape(pattern[index]), index + 1
    return re.compile(out + r"\Z")


def matches(relative: str, patterns: list[str]) -> bool:
    """True when the posix path ``relative`` matches a glob (a glob without ``/`` matches any
    base name; a glob also matches everything below the directory it names)."""
    whole, name_only = _pattern_set(tuple(patterns))
    if whole is not None and whole.match(relative):
        return True
    return name_only is not None and name_only.match(relative.rsplit("/", 1)[-1]) is not None


@lru_cache(maxsize=64)
def _pattern_set(patterns: tuple[str, ...]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """A glob list as two regular expressions, one for the path and one for the base name.

    Discovery asks about every file of a monorepo (10,000 and more) against the same lists:
    one match of an alternation replaces three look-ups and matches per glob.
    """
    whole: list[str] = []
    name_only: list[str] = []
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        whole += [glob_regex(pattern).pattern, glob_regex(pattern + "/**").pattern]
        if "/" not in pattern:
            name_only.append(glob_regex(pattern).pattern)

    def alternation(parts: list[str]) -> re.Pattern | None:
        return re.compile("|".join(f"(?:{part})" for part in parts)) if parts else None

    return alternation(whole), alternation(name_only)


def _lower_suffix(relative: str) -> str:
    """``relative`` with a configuration suffix in lower case (``k.Yaml`` → ``k.yaml``)."""
    dot = relative.rfind(".")
    if dot > relative.rfind("/") and relative[dot:].lower() in _SUFFIXES:
        return relative[:dot] + relative[dot:].lower()
    return relative


def matches_config(relative: str, patterns: list[str]) -> bool:
    """:func:`matches` for a configuration file, whose suffix matches in any case.

    ``include`` and ``exclude`` globs name ``*.json``/``*.yaml``/``*.yml`` in lower case, while
    files are named ``X.JSON`` or ``k.Yaml`` too (git's pathspecs below match them all): a file
    matches a glob as named or with its suffix lower-cased. Used for ``exclude`` as well, so that
    a file an exclude glob names in lower case is never let in by the case of its suffix.
    """
    if matches(relative, patterns):
        return True
    if relative.endswith(_SUFFIXES):  # already in lower case: folding changes nothing
        return False
    folded = _lower_suffix(relative)
    return folded != relative and matches(folded, patterns)


def selected(relative: str, settings: Settings) -> bool:
    """Whether a root-relative configuration file is in the settings' include and not excluded."""
    return matches_config(relative, settings.include) and not matches_config(relative, settings.exclude)


class Discovered(Record):
    """What discovery found: the files to check, and the paths it could not check."""

    __slots__ = ("files", "missing", "unreadable", "identities")

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.missing: list[Path] = []
        #: Paths that exist but could not be read, and the system's reason: a directory co-lint
        #: may not list (its files would otherwise be skipped silently), a path below one it may
        #: not enter.
        self.unreadable: list[tuple[Path, str]] = []
        #: :func:`absolute` path → identity (:func:`identity`) of every file in ``files``: a file
        #: and a symbolic link to it are one configuration, which CO3xx must not compare with itself.
        self.identities: dict[str, str] = {}

    def errors(self, cwd: Path) -> list[str]:
        """One line for each path that could not be checked (missing or unreadable), as the
        lint run and ``co-lint match`` report them."""
        missing = [f"{display_path(path, cwd)}: no such file or directory" for path in self.missing]
        return missing + [f"{display_path(path, cwd)}: cannot read: {reason}" for path, reason in self.unreadable]


def absolute(path: Path | str) -> str:
    """An absolute, normalised path without touching the disk (``resolve`` costs syscalls a file)."""
    return os.path.abspath(path)  # abspath normalises too


class RealPaths:
    """Real paths (symbolic links resolved) of files, each directory's worked out once: a run
    names 10,000 files in a few hundred directories, and ``realpath`` costs a system call a
    path component (measured: 0.3 s for 10,000 files; one ``lstat`` a file instead)."""

    def __init__(self) -> None:
        self._directories: dict[str, str] = {}

    def directory(self, full: str) -> str:
        real = self._directories.get(full)
        if real is None:
            real = self._directories[full] = os.path.realpath(full)
        return real

    def file(self, full: str) -> str:
        if os.path.islink(full):
            return os.path.realpath(full)
        head, tail = os.path.split(full)
        return os.path.join(self.directory(head), tail)


def repository_path(path: str, cwd: Path, root: Path, real: RealPaths | None = None) -> str | None:
    """``path`` (as displayed, relative to ``cwd`` or absolute) relative to ``root``, or None outside it.

    The real file's path comes first, symbolic links resolved: git records a link, not the
    files below a linked directory, so ``linkdir/a.yaml`` is no file GitHub can show, and the
    same file named through a link or not must keep one URI (and fingerprint). A working
    directory reached through a link resolves the same way. A file whose real path is outside
    the repository (a link to a shared directory elsewhere) keeps the name it was given.
    """
    real = real or RealPaths()
    full = os.path.normpath(os.path.join(os.path.abspath(cwd), path))
    top = os.path.abspath(root)
    for candidate, base in ((real.file(full), real.directory(top)), (full, top)):
        try:
            relative = os.path.relpath(candidate, base)
        except ValueError:  # another drive (Windows)
            continue
        if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
            return relative.replace(os.sep, "/")
    return None


def relative_to_root(path: Path | str, root: Path | str) -> str:
    return _relative(absolute(path), absolute(root))


def _relative(full: str, base: str) -> str:
    """``full`` relative to ``base`` (both absolute and normalised), posix-style; itself when outside."""
    if full == base:
        return "."
    base = base.rstrip(os.sep)
    if full.startswith(base + os.sep):
        full = full[len(base) + 1 :]
    return full.replace(os.sep, "/") if os.sep != "/" else full


#: How strongly a candidate file keeps its place when another path is the same file: a path
#: named on the command line first, then a real file found by a walk, then a symbolic link.
_NAMED, _WALKED, _LINKED = 0, 1, 2


class _Candidates:
    """The files discovery meets, one per identity (see :data:`_NAMED`), in the order met.

    Deciding at the end, not at the first meeting, keeps the real file rather than a link
    to it that a walk happens to meet first (``0-current.yaml`` before ``v3.yaml``).
    """

    def __init__(self) -> None:
        self.met: list[tuple[Path, str, str]] = []
        self.best: dict[str, tuple[int, int]] = {}

    def offer(self, path: Path, key: str, real: str, rank: int) -> None:
        """``path`` (its :func:`absolute` ``key`` and identity ``real``) found with ``rank``."""
        held = self.best.get(real)
        if held is None or rank < held[0]:
            self.best[real] = (rank, len(self.met))
        self.met.append((path, key, real))

    def into(self, found: Discovered) -> None:
        for _, position in sorted(self.best.values(), key=lambda held: held[1]):
            path, key, real = self.met[position]
            found.files.append(path)
            found.identities[key] = real


def discover(paths: list[Path], settings: Settings) -> Discovered:
    """The configuration files ``paths`` name (directories walked), each file once.

    A file reached by several paths (named twice, named and inside a named directory, or
    through a symbolic link) is read once: the named path wins, else the real file (as
    ``identities`` says). Missing and unreadable paths are recorded, never raised.
    """
    found = Discovered()
    candidates = _Candidates()
    directories: dict[str, str] = {}
    for path in paths:
        kind, reason = _classify(path)
        if kind == "missing":
            found.missing.append(path)
        elif kind == "unreadable":
            found.unreadable.append((path, reason))
        elif kind == "directory":
            _walk_into(path, settings, candidates, found)
        elif _given_file_selected(path, settings):
            key = absolute(path)
            candidates.offer(path, key, identity(key, directories, kind == "link"), _NAMED)
    candidates.into(found)
    return found


def _classify(path: Path) -> tuple[str, str]:
    """What a named path is: "missing", "unreadable" (with the reason), "directory", "file" or
    "link" (to a file, or leading nowhere: reading it says why).

    ``Path.is_dir`` raises for a path below a directory co-lint may not enter: ``lstat``
    tells the cases apart with one system call for an ordinary file.
    """
    try:
        status = os.lstat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "missing", ""
        return "unreadable", exc.strerror or str(exc)
    if not stat.S_ISLNK(status.st_mode):
        return ("directory" if stat.S_ISDIR(status.st_mode) else "file"), ""
    return ("directory" if os.path.isdir(path) else "link"), ""  # isdir: False for a dangling link


def _given_file_selected(path: Path, settings: Settings) -> bool:
    """Whether a named file is linted: not excluded, and inside ``include`` when settings set it
    (pre-commit passes every staged file)."""
    relative = relative_to_root(path, settings.root)
    if matches_config(relative, settings.exclude):
        return False
    return not settings.include_from_settings or matches_config(relative, settings.include)


def _walk_into(path: Path, settings: Settings, candidates: _Candidates, found: Discovered) -> None:
    """Offer the configuration files below the directory ``path``; record what cannot be listed."""
    root = absolute(settings.root)
    failed: list[OSError] = []
    for directory, real, dirnames, filenames, links in _walk(str(path), failed):
        # Names are joined as strings: a monorepo walk meets 10,000 files, and a Path
        # and a normalisation per file cost more than the rest of discovery.
        full = absolute(directory)
        inside = _relative(full, root)
        prefix = "" if inside == "." else inside + "/"
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in _SKIP_DIRS and not matches(prefix + d, settings.exclude)
        )
        base = Path(directory)
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(_SUFFIXES):
                continue
            if selected(prefix + name, settings):
                key = os.path.join(full, name)
                if name in links:
                    candidates.offer(base / name, key, os.path.realpath(key), _LINKED)
                else:
                    candidates.offer(base / name, key, os.path.join(real, name), _WALKED)
    for exc in failed:
        found.unreadable.append((Path(exc.filename) if exc.filename else path, exc.strerror or str(exc)))


def _walk(top: str, failed: list[OSError]) -> Iterator[tuple[str, str, list[str], list[str], set[str]]]:
    """``os.walk(top)`` (top-down; the caller prunes the directory names in place; links to
    directories listed, not followed), yielding also what os.walk throws away: the directory's
    real path and which of its files are symbolic links, both free from ``scandir``, and the
    directories it could not list (in ``failed``; os.walk drops them silently by default).

    Below ``top`` every directory walked is real, so a file's identity is its directory's real
    path and its name: one ``realpath`` a walk instead of one a file (measured 20 times the
    cost of the walk itself at 10,000 files).
    """
    stack = [(top, os.path.realpath(top))]
    while stack:
        directory, real = stack.pop()
        dirnames: list[str] = []
        filenames: list[str] = []
        links: set[str] = set()
        linked_directories: set[str] = set()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    is_link = _entry_is(entry.is_symlink)
                    if _entry_is(entry.is_dir):
                        dirnames.append(entry.name)
                        if is_link:
                            linked_directories.add(entry.name)
                    else:
                        filenames.append(entry.name)
                        if is_link:
                            links.add(entry.name)
        except OSError as exc:
            failed.append(exc)
            continue
        yield directory, real, dirnames, filenames, links
        for name in reversed(dirnames):
            if name not in linked_directories:
                stack.append((os.path.join(directory, name), os.path.join(real, name)))


def _entry_is(test) -> bool:
    """A ``DirEntry`` test, False when the entry cannot be examined (as os.walk treats it)."""
    try:
        return test()
    except OSError:
        return False


def identity(key: str, directories: dict[str, str] | None = None, link: bool | None = None) -> str:
    """The real path of the file at the :func:`absolute` path ``key``: equal for a file and every
    symbolic link to it (or to a directory above it).

    ``directories`` caches the real path of each directory (files share few directories);
    ``link``: whether ``key`` is a symbolic link, when the caller knows (None: look).
    """
    if link is None:
        link = os.path.islink(key)
    if link:
        return os.path.realpath(key)
    head, tail = os.path.split(key)
    if directories is None:
        return os.path.join(os.path.realpath(head), tail)
    real = directories.get(head)
    if real is None:
        real = directories[head] = os.path.realpath(head)
    return os.path.join(real, tail)


def display_path(path: Path, cwd: Path) -> str:
    """How a file is named in output: relative to the working directory when inside it.

    Lexical, as written (``..`` and symbolic links are kept, as ``Path.relative_to`` does),
    with string operations: it runs once per file of a large run.
    """
    return _relative(str(path.absolute()), str(cwd))


def project_files(
    settings: Settings, skip: Collection[str] = frozenset(), given: Collection[str] | None = None
) -> list[Path]:
    """The project set: the configurations cross-configuration rules (CO3xx) compare, except
    those whose :func:`absolute` path is in ``skip`` (the given files, already read) and those
    that are one of them through a symbolic link (a file is never compared with itself):
    ``given`` holds the given files' identities (``Discovered.identities``), worked out
    from ``skip`` when None.

    Even when only some files are given (pre-commit passes the staged files), CO3xx see:

    * with a settings file: every file its ``include`` globs match below its directory;
    * without one, inside a git repository: the repository's JSON and YAML files that git
      tracks or would track (``.gitignore`` is honoured);
    * otherwise: nothing beyond the given paths.
    """
    if given is None:
        directories: dict[str, str] = {}
        given = {identity(key, directories) for key in skip}
    if settings.source is None and not (settings.root / ".git").exists():
        return []
    found = _git_files(settings, skip) if settings.source is None else None
    if found is None:
        found = discover([settings.root], settings)
    return [path for path in found.files if _outside(path, found, skip, given)]


def _outside(path: Path, found: Discovered, skip: Collection[str], given: Collection[str]) -> bool:
    key = absolute(path)
    return key not in skip and found.identities[key] not in given


def _git_files(settings: Settings, skip: Collection[str]) -> Discovered | None:
    """The repository's configuration files but those in ``skip``, as git lists them (None:
    git cannot). Each file not skipped costs an ``lstat`` (is it a link?): a pre-commit run
    reads those files anyway, and a run given every file skips them all."""
    import subprocess

    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *GIT_PATHSPECS],
            cwd=settings.root,
            capture_output=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    candidates = _Candidates()
    # git names files relative to the root, with "/" and never "." or "..": joined to the
    # absolute root they are already :func:`absolute` (a monorepo lists 10,000 and more).
    root = absolute(settings.root)
    prefix = root if root.endswith(os.sep) else root + os.sep
    real = os.path.realpath(root)
    real_prefix = real if real.endswith(os.sep) else real + os.sep
    native = os.sep != "/"
    for name in sorted(set(listed.decode("utf-8", "surrogateescape").split("\0"))):
        if not name or name[0] == "." or "/." in name:  # a hidden file or directory
            continue
        tail = name.replace("/", os.sep) if native else name
        if prefix + tail in skip or not selected(name, settings):
            continue
        # git lists no file below a symbolic link to a directory (it records the link): only
        # the file itself may be a link. A tracked file deleted since is skipped on reading.
        if os.path.islink(prefix + tail):
            candidates.offer(settings.root / name, prefix + tail, os.path.realpath(prefix + tail), _LINKED)
        else:
            candidates.offer(settings.root / name, prefix + tail, real_prefix + tail, _WALKED)
    found = Discovered()
    candidates.into(found)
    return found


#: Any case of the suffixes, as a directory walk reads them (``k.Yaml`` too).
GIT_PATHSPECS = tuple(f":(icase)*{suffix}" for suffix in _SUFFIXES)
