"""``co-lint export DIR``: an account's configurations as desired-state files.

How a team starts keeping configurations in git when they already live in an account. Each
configuration becomes ``DIR/<name>.yaml`` (or ``.json``): the PUT fields and ``id`` (which
pairs the file with its deployment for ``co-lint --live``), read-only and response-only fields
dropped, keys in a stable order, a header comment saying where and when it was exported.

Safe to run again: a configuration already described by a file of DIR (same ``id``) goes to
that file, whatever its name — a configuration renamed in the Console does not get a second
file. A file whose content is what it would write is left alone (its header, with the first
export's date, included); a file that differs — someone edited it — is not overwritten
without ``--force``. Files are only ever created or replaced, never deleted: a file whose
configuration left the account is reported and kept.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from co_lint.live.desired import desired_state, known_id
from co_lint.reporters import write_atomic
from co_lint.types import Record

if TYPE_CHECKING:
    from co_lint.live.account import Account

HEADER_MARK = "# co-lint export:"
SUFFIXES = (".yaml", ".yml", ".json")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
#: Names Windows will not create, whatever the suffix.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
#: Plain scalars a YAML 1.2 reader (yq, js-yaml, Go) takes for a number, boolean or null,
#: although PyYAML (YAML 1.1) writes them unquoted as strings: exported strings stay strings.
_YAML12_NOT_STRING = re.compile(
    r"[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|true|True|TRUE|false|False|FALSE|null|Null|NULL|~"
)


def safe_name(display_name: object, identifier: str) -> str:
    """A file name stem from a display name: lower case (case-insensitive file systems),
    letters, digits, ``.``, ``_`` and ``-``; the id when nothing usable is left."""
    name = _UNSAFE.sub("-", str(display_name or "").lower()).strip("-.")
    if not name or name in _RESERVED:
        name = _UNSAFE.sub("-", identifier.lower()).strip("-.") or "configuration"
    return name


def file_names(deployed: list[dict], taken: set[str] = frozenset()) -> dict[str, str]:
    """Each configuration id's file name stem, unique and not in ``taken`` (lower-case stems of
    files already there): names that collide all take an id suffix, so a name does not depend
    on which configuration was created first."""
    stems = {d["id"]: safe_name(d.get("displayName"), d["id"]) for d in deployed if isinstance(d.get("id"), str)}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    names = {}
    for identifier, stem in stems.items():
        if counts[stem] == 1 and stem not in taken:
            names[identifier] = stem
        else:
            names[identifier] = f"{stem}-{safe_name(identifier[-6:], identifier)}"
    if len(set(names.values())) < len(names) or set(names.values()) & taken:  # id tails collide too
        names = {i: (s if counts[s] == 1 and s not in taken else f"{s}-{safe_name(i, i)}") for i, s in stems.items()}
    return names


class Existing(Record):
    """What DIR already holds: the file of each configuration id, and the names in use."""

    __slots__ = ("files", "shared", "stems", "suffixes")

    def __init__(
        self,
        files: dict[str, Path] | None = None,
        shared: dict[str, Path] | None = None,
        stems: set[str] | None = None,
        suffixes: list[str] | None = None,
    ) -> None:
        #: id → the single-configuration file that describes it.
        self.files: dict[str, Path] = {} if files is None else files
        #: id → a file with several configurations that describes it (never rewritten).
        self.shared: dict[str, Path] = {} if shared is None else shared
        #: Lower-case stems of every configuration file, to keep new names apart.
        self.stems: set[str] = set() if stems is None else stems
        #: The suffixes of those files, to write new ones like them.
        self.suffixes: list[str] = [] if suffixes is None else suffixes


def existing(directory: Path) -> Existing:
    """Read DIR's configuration files (not recursively) with co-lint's own safe loader."""
    from co_lint.loader import load_file

    found = Existing()
    if not directory.is_dir():
        return found
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in SUFFIXES or not path.is_file():
            continue
        found.stems.add(path.stem.lower())
        found.suffixes.append(path.suffix.lower())
        try:
            documents = load_file(path, str(path)).documents
        except OSError:
            continue
        for document in documents:
            identifier = known_id(document.value) if isinstance(document.value, dict) else None
            if identifier is not None:
                (found.files if len(documents) == 1 else found.shared).setdefault(identifier, path)
    return found


def plan(deployed: list[dict], directory: Path, file_format: str | None = None) -> tuple[dict[str, Path], Existing]:
    """The file of each deployed configuration id: the file that already describes it, else a
    new name from its displayName. Without ``file_format``, new files follow the directory's
    (JSON when it holds only JSON files)."""
    there = existing(directory)
    if file_format is None:
        file_format = "json" if there.suffixes and all(s == ".json" for s in there.suffixes) else "yaml"
    fresh = [d for d in deployed if d.get("id") not in there.files and d.get("id") not in there.shared]
    names = file_names(fresh, there.stems)
    paths = {identifier: directory / f"{name}.{file_format}" for identifier, name in names.items()}
    paths.update(there.files)
    return paths, there


def render(state: dict, file_format: str, header: str) -> str:
    """The text of one exported file (JSON has no comments: its header is printed instead)."""
    if file_format == "json":
        return json.dumps(state, indent=2, ensure_ascii=False) + "\n"
    import yaml

    body = yaml.dump(state, Dumper=_dumper(), sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return header + body


@functools.cache
def _dumper() -> type:
    """PyYAML's safe dumper, quoting the strings a YAML 1.2 reader would not read as strings."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "'" if _YAML12_NOT_STRING.fullmatch(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, string)
    return Dumper


def body_of(text: str) -> str:
    """A file's text without its leading comment lines: co-lint's header, whose date changes
    on every export, is not content (what idempotency compares)."""
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and lines[index].startswith("#"):
        index += 1
    return "".join(lines[index:])


def header(account: Account, identifier: str, when: str) -> str:
    return (
        f"{HEADER_MARK} configuration {identifier} of account {account.credentials.masked_account()}\n"
        f"# read from {account.origin} at {when}; `co-lint --live` compares this file with it (by id).\n"
    )


class ExportResult(Record):
    __slots__ = ("written", "unchanged", "refused", "shared", "stale", "skipped", "when")

    def __init__(
        self,
        written: list[Path] | None = None,
        unchanged: list[Path] | None = None,
        refused: list[Path] | None = None,
        shared: list[Path] | None = None,
        stale: list[tuple[Path, str]] | None = None,
        skipped: list[str] | None = None,
        when: str = "",
    ) -> None:
        self.written: list[Path] = [] if written is None else written
        self.unchanged: list[Path] = [] if unchanged is None else unchanged
        #: Files that differ from the deployment and were kept (no ``--force``).
        self.refused: list[Path] = [] if refused is None else refused
        #: Configurations described in a file with several documents: never rewritten.
        self.shared: list[Path] = [] if shared is None else shared
        #: Files whose configuration is no longer in the account: (path, id).
        self.stale: list[tuple[Path, str]] = [] if stale is None else stale
        #: Deployments without an id (nothing to pair a file with): their display names.
        self.skipped: list[str] = [] if skipped is None else skipped
        self.when = when


def export(account: Account, directory: Path, file_format: str = "yaml", force: bool = False) -> ExportResult:
    """Write every configuration of ``account`` into ``directory`` (created if needed)."""
    deployed = account.configurations
    paths, there = plan(deployed, directory, file_format)
    result = ExportResult(when=datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"))
    ids = {d.get("id") for d in deployed}
    result.stale = sorted((path, i) for i, path in {**there.shared, **there.files}.items() if i not in ids)
    directory.mkdir(parents=True, exist_ok=True)
    for configuration in sorted(deployed, key=lambda d: str(paths.get(d.get("id"), ""))):
        identifier = configuration.get("id")
        if identifier in there.shared:
            result.shared.append(there.shared[identifier])
            continue
        if identifier not in paths:
            result.skipped.append(str(configuration.get("displayName")))
            continue
        path = paths[identifier]
        kind = "json" if path.suffix.lower() == ".json" else "yaml"
        text = render(desired_state(configuration), kind, header(account, identifier, result.when))
        if path.exists():
            current = path.read_text(encoding="utf-8", errors="replace")
            if body_of(current) == body_of(text):
                result.unchanged.append(path)
                continue
            if not force:
                result.refused.append(path)
                continue
        # Never half a file (a temporary file replaces it); a replaced file keeps its mode, a link is followed.
        write_atomic(path, text)
        result.written.append(path)
    return result
