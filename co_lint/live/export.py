"""``co-lint export DIR``: an account's configurations as desired-state files.

How a team starts keeping configurations in git when they already live in an account. Each
configuration becomes ``DIR/<name>.yaml`` (or ``.json``): the PUT fields and ``id`` (which
pairs the file with its deployment for ``co-lint --live``), read-only and response-only fields
dropped, keys in a stable order, a header comment saying where and when it was exported.

Safe to run again: a file whose content is what it would write is left alone (its header,
with the first export's date, included); a file that differs — someone edited it — is not
overwritten without ``--force``. Files are only ever created or replaced, never deleted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from co_lint.live.desired import desired_state

if TYPE_CHECKING:
    from co_lint.live.account import Account

HEADER_MARK = "# co-lint export:"
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
#: Names Windows will not create, whatever the suffix.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def safe_name(display_name: object, identifier: str) -> str:
    """A file name stem from a display name: lower case (case-insensitive file systems),
    letters, digits, ``.``, ``_`` and ``-``; the id when nothing usable is left."""
    name = _UNSAFE.sub("-", str(display_name or "").lower()).strip("-.")
    if not name or name in _RESERVED:
        name = _UNSAFE.sub("-", identifier.lower()).strip("-.") or "configuration"
    return name


def file_names(deployed: list[dict]) -> dict[str, str]:
    """Each configuration id's file name stem, unique: names that collide all take an id suffix,
    so a name does not depend on which configuration was created first."""
    stems = {d["id"]: safe_name(d.get("displayName"), d["id"]) for d in deployed if isinstance(d.get("id"), str)}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    names = {}
    for identifier, stem in stems.items():
        names[identifier] = stem if counts[stem] == 1 else f"{stem}-{safe_name(identifier[-6:], identifier)}"
    if len(set(names.values())) < len(names):  # id tails collide too: use whole ids
        names = {i: (s if counts[s] == 1 else f"{s}-{safe_name(i, i)}") for i, s in stems.items()}
    return names


def render(state: dict, file_format: str, header: str) -> str:
    """The text of one exported file."""
    if file_format == "json":  # JSON has no comments: the header goes to the terminal only
        return json.dumps(state, indent=2, ensure_ascii=False) + "\n"
    import yaml

    body = yaml.safe_dump(state, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return header + body


def body_of(text: str) -> str:
    """A file's text without its leading comment lines: co-lint's header, whose date changes
    on every export, is not content (what idempotency compares)."""
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and lines[index].startswith("#"):
        index += 1
    return "".join(lines[index:])


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    refused: list[Path] = field(default_factory=list)


def export(account: Account, directory: Path, file_format: str = "yaml", force: bool = False) -> ExportResult:
    """Write every configuration of ``account`` into ``directory`` (created if needed)."""
    deployed = account.configurations
    names = file_names(deployed)
    when = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    directory.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    for configuration in sorted(deployed, key=lambda d: names.get(d.get("id"), "")):
        identifier = configuration.get("id")
        if identifier not in names:
            continue
        header = (
            f"{HEADER_MARK} configuration {identifier} of account {account.credentials.masked_account()}\n"
            f"# read from {account.origin} at {when}; `co-lint --live` compares this file with it (by id).\n"
        )
        text = render(desired_state(configuration), file_format, header)
        path = directory / f"{names[identifier]}.{file_format}"
        if path.exists():
            current = path.read_text(encoding="utf-8", errors="replace")
            if body_of(current) == body_of(text):
                result.unchanged.append(path)
                continue
            if not force:
                result.refused.append(path)
                continue
        path.write_text(text, encoding="utf-8")
        result.written.append(path)
    return result
