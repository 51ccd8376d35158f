"""Discover: command-line paths and the settings' include/exclude globs become files.

Directories are walked recursively for configuration files; hidden directories and the
usual tool directories are skipped. A path that does not exist is reported, not raised.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from co_lint.settings import Settings

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


@dataclass
class Discovered:
    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def absolute(path: Path | str) -> str:
    """An absolute, normalised path without touching the disk (``resolve`` costs syscalls a file)."""
    return os.path.abspath(path)  # abspath normalises too


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


def discover(paths: list[Path], settings: Settings) -> Discovered:
    found = Discovered()
    seen: set[str] = set()

    def add(path: Path) -> None:
        resolved = absolute(path)
        if resolved not in seen:
            seen.add(resolved)
            found.files.append(path)

    root = absolute(settings.root)
    for path in paths:
        if path.is_dir():
            for directory, dirnames, filenames in os.walk(path):
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
                        if key not in seen:
                            seen.add(key)
                            found.files.append(base / name)
        elif path.exists() or path.is_symlink():
            relative = relative_to_root(path, settings.root)
            if matches_config(relative, settings.exclude):
                continue
            if settings.include_from_settings and not matches_config(relative, settings.include):
                continue  # not a configuration under the settings (pre-commit passes every staged file)
            add(path)
        else:
            found.missing.append(path)
    return found


def display_path(path: Path, cwd: Path) -> str:
    """How a file is named in output: relative to the working directory when inside it.

    Lexical, as written (``..`` and symbolic links are kept, as ``Path.relative_to`` does),
    with string operations: it runs once per file of a large run.
    """
    return _relative(str(path.absolute()), str(cwd))


def project_files(settings: Settings, skip: set[str] = frozenset()) -> list[Path]:
    """The project set: the configurations cross-configuration rules (CO3xx) compare, except
    those whose :func:`absolute` path is in ``skip`` (the given files, already read).

    Even when only some files are given (pre-commit passes the staged files), CO3xx see:

    * with a settings file: every file its ``include`` globs match below its directory;
    * without one, inside a git repository: the repository's JSON and YAML files that git
      tracks or would track (``.gitignore`` is honoured);
    * otherwise: nothing beyond the given paths.
    """
    if settings.source is not None:
        return [path for path in discover([settings.root], settings).files if absolute(path) not in skip]
    if not (settings.root / ".git").exists():
        return []
    return _git_files(settings, skip)


def _git_files(settings: Settings, skip: set[str]) -> list[Path]:
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
        return [path for path in discover([settings.root], settings).files if absolute(path) not in skip]
    files = []
    # git names files relative to the root, with "/" and never "." or "..": joined to the
    # absolute root they are already :func:`absolute` (a monorepo lists 10,000 and more).
    root = absolute(settings.root)
    prefix = root if root.endswith(os.sep) else root + os.sep
    native = os.sep != "/"
    for name in sorted(set(listed.decode("utf-8", "surrogateescape").split("\0"))):
        if not name or (prefix + (name.replace("/", os.sep) if native else name)) in skip:
            continue
        if name[0] == "." or "/." in name:  # a hidden file or directory
            continue
        if selected(name, settings):
            files.append(settings.root / name)  # a tracked file deleted since is skipped on reading
    return files


#: Any case of the suffixes, as a directory walk reads them (``k.Yaml`` too).
GIT_PATHSPECS = tuple(f":(icase)*{suffix}" for suffix in _SUFFIXES)
