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
    """True when the posix path ``relative`` matches a glob (a glob without ``/`` matches any base name)."""
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if glob_regex(pattern).match(relative) or ("/" not in pattern and glob_regex(pattern).match(name)):
            return True
        if glob_regex(pattern + "/**").match(relative):
            return True
    return False


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


def project_files(settings: Settings) -> list[Path]:
    """The project set: the configurations cross-configuration rules (CO3xx) compare.

    Even when only some files are given (pre-commit passes the staged files), CO3xx see:

    * with a settings file: every file its ``include`` globs match below its directory;
    * without one, inside a git repository: the repository's JSON and YAML files that git
      tracks or would track (``.gitignore`` is honoured);
    * otherwise: nothing beyond the given paths.
    """
    if settings.source is not None:
        return discover([settings.root], settings).files
    if not (settings.root / ".git").exists():
        return []
    return _git_files(settings)


def _git_files(settings: Settings) -> list[Path]:
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
        return discover([settings.root], settings).files
    files = []
    for name in sorted(set(listed.decode("utf-8", "surrogateescape").split("\0"))):
        if not name or any(part.startswith(".") for part in name.split("/")):
            continue
        if selected(name, settings):
            files.append(settings.root / name)  # a tracked file deleted since is skipped on reading
    return files


#: Any case of the suffixes, as a directory walk reads them (``k.Yaml`` too).
GIT_PATHSPECS = tuple(f":(icase)*{suffix}" for suffix in _SUFFIXES)
