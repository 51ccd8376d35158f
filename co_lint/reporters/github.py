"""GitHub Actions workflow-command annotations (``::error file=…,line=…::message``).

GitHub creates an annotation on the pull request for each line; what it accepts
(``reference/sarif-github.md``, and the runner's own checks):

* ``file`` is resolved against the checkout, so paths are repository-relative like SARIF's
  (the real file's, symbolic links resolved), whatever directory co-lint ran in;
* ``col``/``endColumn`` are only allowed when ``line`` and ``endLine`` are equal (the runner
  drops the annotation otherwise), so a finding spanning lines gives lines only;
* in the message ``%``, CR and LF are escaped; in property values also ``:`` and ``,``.

Suppressed findings are not annotated: they are kept only in SARIF (as dismissed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from co_lint.reporters.printable import printable, printable_path
from co_lint.types import Finding

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, file: str, title: str) -> str:
    """One workflow command for ``finding`` located in ``file``."""
    s = finding.span
    props = [f"file={escape_property(file)}", f"line={s.start_line}", f"endLine={s.end_line}"]
    if s.start_line == s.end_line:
        props += [f"col={s.start_col}", f"endColumn={max(s.end_col, s.start_col)}"]
    props.append(f"title={escape_property(title)}")
    return f"::{_COMMAND.get(finding.level, 'warning')} {','.join(props)}::{escape_data(finding.message)}"


def render(findings: list[Finding], *, rules: list = (), cwd: Path | None = None, **_: Any) -> str:
    from co_lint.discovery import RealPaths, repository_path
    from co_lint.reporters.sarif import repository_root

    names = {d.id: d.rule.name for d in rules}
    root = repository_root(cwd) if cwd is not None else None
    lines = []
    files: dict[str, str] = {}
    real = RealPaths()
    for f in findings:
        if f.suppression is not None:
            continue
        file = files.get(f.path)
        if file is None:  # once a file
            relative = repository_path(f.path, cwd, root, real) if cwd is not None else None
            file = files[f.path] = printable_path(relative or f.path)
        title = printable(f"{f.rule_id} {names[f.rule_id]}" if f.rule_id in names else f.rule_id)
        lines.append(annotation(f, file, title))
    return "\n".join(lines) + ("\n" if lines else "")
