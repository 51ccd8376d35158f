"""A baseline: today's findings, recorded so that only new ones are reported.

``co-lint --write-baseline .co-lint-baseline.json configs/`` records every active finding;
``co-lint --baseline .co-lint-baseline.json configs/`` then marks the recorded ones as
suppressed (``"external"``: SARIF keeps them as suppressed results, other formats drop them).

A finding is matched by its rule, its file (its real path relative to the baseline file's, so
a run from another directory, or naming the file through a linked directory, means the same:
the file SARIF names) and a fingerprint of the offending content — the YAML
document, the JSON Pointer of the node and its value — never the line, so editing other lines
does not resurrect it. When a list grows in front of a recorded finding its pointer changes;
a second pass then matches by rule, file and value alone. Values are stored only as hashes:
a baseline never copies a credential a finding is about into the repository. Each entry is
matched once, so a second identical problem is new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from co_lint.discovery import RealPaths, repository_path
from co_lint.reporters import write_atomic
from co_lint.reporters.printable import json_text
from co_lint.types import Finding

VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or written (a usage error: exit code 2)."""


def _digest(*parts: str) -> str:
    # surrogatepass: a value may hold a lone surrogate (JSON "\ud800"); it hashes to itself alone.
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _keys(finding: Finding, file: str) -> tuple[tuple, tuple | None]:
    """(exact key, value-only key or None): the value-only key needs a value to mean anything."""
    exact = (finding.rule_id, file, _digest(str(finding.document), finding.pointer, finding.fingerprint_value))
    loose = (finding.rule_id, file, _digest(finding.fingerprint_value)) if finding.fingerprint_value else None
    return exact, loose


class _FileNames:
    """Each finding's file as a baseline names it, worked out once a file: as SARIF names it
    (:func:`~co_lint.discovery.repository_path`), relative to the baseline's directory. A file
    whose real path is outside that directory (a link to a shared file elsewhere) keeps the
    name it was given there, which does not depend on where the checkout sits."""

    def __init__(self, cwd: Path, base: Path) -> None:
        self.real = RealPaths()
        self.cwd, self.base = cwd, base
        self.names: dict[str, str] = {}

    def __call__(self, finding: Finding) -> str:
        name = self.names.get(finding.path)
        if name is None:
            name = repository_path(finding.path, self.cwd, self.base, self.real)
            if name is None:  # the file itself is outside the baseline's directory
                name = Path(os.path.relpath(os.path.abspath(self.cwd / finding.path), self.base)).as_posix()
            self.names[finding.path] = name
        return name


def _is_entry(entry: object) -> bool:
    """An entry as :func:`write` writes it; anything else (a hand edit gone wrong) is refused
    whole, rather than crashing on the first entry that cannot be a key."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("rule"), str)
        and isinstance(entry.get("file"), str)
        and isinstance(entry.get("fingerprint"), str)
        and isinstance(entry.get("content", ""), (str, type(None)))
    )


class Baseline:
    """Recorded findings, matched as multisets: each entry silences at most one finding."""

    def __init__(self, path: Path, entries: list[dict]) -> None:
        self.path = path
        self.base = Path(os.path.abspath(path)).parent
        self.exact: Counter = Counter()
        self.loose: Counter = Counter()
        for entry in entries:
            self.exact[(entry["rule"], entry["file"], entry["fingerprint"])] += 1
            if entry.get("content"):
                self.loose[(entry["rule"], entry["file"], entry["content"])] += 1

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise BaselineError(f"{path}: baseline file not found") from exc
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise BaselineError(f"{path}: not a co-lint baseline: {exc}") from exc
        except RecursionError as exc:  # thousands of nested brackets
            raise BaselineError(f"{path}: not a co-lint baseline: nested too deeply") from exc
        entries = data.get("findings") if isinstance(data, dict) else None
        if not isinstance(entries, list) or not all(_is_entry(e) for e in entries):
            raise BaselineError(f"{path}: not a co-lint baseline (write one with --write-baseline)")
        return cls(path, entries)

    def apply(self, findings: list[Finding], cwd: Path) -> int:
        """Mark every recorded finding as suppressed ("external"); returns how many."""
        exact, loose = Counter(self.exact), Counter(self.loose)
        file = _FileNames(cwd, self.base)
        keyed = [(finding, _keys(finding, file(finding))) for finding in findings]
        left = []
        for finding, (key, value_key) in keyed:
            if exact[key] > 0:
                exact[key] -= 1
                finding.suppression = "external"
                # The value-only count follows, so the second pass cannot reuse this entry.
                if value_key is not None and loose[value_key] > 0:
                    loose[value_key] -= 1
            else:
                left.append((finding, value_key))
        # Second pass: an entry whose exact key matched nothing may have moved (a list grew in
        # front of it); what is left of the value-only counts is exactly those entries.
        for finding, value_key in left:
            if value_key is not None and loose[value_key] > 0:
                loose[value_key] -= 1
                finding.suppression = "external"
        return sum(1 for f in findings if f.suppression == "external")


def write(path: Path, findings: list[Finding], cwd: Path) -> int:
    """Record the active findings in ``path``; returns how many were recorded."""
    file_of = _FileNames(cwd, Path(os.path.abspath(path)).parent)
    entries = []
    for finding in findings:
        if finding.suppression is not None:
            continue
        file = file_of(finding)
        (_, _, fingerprint), loose = _keys(finding, file)
        entry = {"rule": finding.rule_id, "file": file, "fingerprint": fingerprint}
        if loose is not None:
            entry["content"] = loose[2]
        entry["line"] = finding.span.start_line  # for a reader of the file; never matched
        entry["message"] = finding.message
        entries.append(entry)
    entries.sort(key=lambda e: (e["file"], e["line"], e["rule"], e["fingerprint"]))
    data = {"version": VERSION, "tool": "co-lint", "findings": entries}
    # A file name that is not UTF-8 is kept as its JSON escape ("caf\udce9.yaml"): loaded
    # again, it is the same string, and the entry still matches its file.
    text = json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    try:
        write_atomic(path, text)  # never a truncated baseline, whatever fails
    except OSError as exc:
        raise BaselineError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return len(entries)
