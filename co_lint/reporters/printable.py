"""Text a report can always write: control characters escaped, paths and JSON made encodable.

Findings quote what a file holds, and a file can hold anything: a YAML ``"\\e[31m"`` is a raw
ESC that would recolour the reader's terminal (or forge a line in a CI log), and a JSON
``"\\ud800"`` is a lone surrogate that UTF-8 cannot encode at all, so writing the report
would fail. File names are no better: a name that is not UTF-8 reaches Python with its
bytes as surrogate escapes (``caf\\udce9.yaml`` for ``caf\\xe9.yaml``).

Every reporter goes through :func:`co_lint.reporters.render`, which passes each finding
through :func:`printable_finding`: one place, so every rule's messages benefit. Ordinary
text (no control character, no surrogate) is returned unchanged, and so is a finding that
needs nothing: the outputs of ordinary runs do not change by a byte.

A report is also read by a machine: in GitHub Actions the runner scans every line a step
prints for workflow commands — ``::command::`` at the start of a line once its leading
whitespace is trimmed, and the older ``##[command]`` anywhere in it. A file named
``::stop-commands::x.yaml`` (or a value ``##[stop-commands]x``) would stop every later
annotation, or forge one. :func:`line_start_path` names a file that starts a line
(``./::stop-commands::x.yaml``, the same file), :func:`no_legacy_commands` breaks ``##[`` in
a text report and :func:`json_text` writes it as ``##\\u005b`` (the same JSON string).
"""

from __future__ import annotations

import os
import re

from co_lint.secrets import mask_secrets
from co_lint.types import Finding, Fix, Related

#: What a message must not print raw: C0 and C1 controls (ESC, CSI, NEL…), DEL, line and
#: paragraph separators, the bidirectional overrides and isolates ("Trojan Source": text
#: that reads differently from what it is) and surrogates (UTF-8 cannot encode them).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: What ``json.dumps(..., ensure_ascii=False)`` leaves raw of the above (it escapes C0 itself).
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    """One character as Python's ``repr`` writes it (``\\x1b``, ``\\u202e``), as CO105 quotes values."""
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every unsafe character backslash-escaped; ordinary text unchanged."""
    # isprintable() is false for every unsafe character (and for a few harmless ones, such as a
    # no-break space, which the search then passes): the one test most messages need, in C.
    if text.isprintable() or _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def printable_path(path: str) -> str:
    """A file name as text: the bytes of a name that is not UTF-8 as ``\\xe9``, controls escaped.

    Python decodes such a name with surrogate escapes; encoding it back gives the name's own
    bytes, whose undecodable ones are then written as ``\\xNN`` (as ``git`` and ``ls -b`` do).
    """
    if path.isprintable() or _UNSAFE.search(path) is None:
        return path
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate no file name decodes to: escape it as a character
        return printable(path)
    return printable(raw.decode("utf-8", "backslashreplace"))


def line_start_path(path: str) -> str:
    """:func:`printable_path` for a file name that starts a report line (after indentation).

    A name whose text starts with ``::`` once leading whitespace is trimmed, as the Actions
    runner trims a line, is written ``./::…``: the same file, and no workflow command.
    """
    shown = printable_path(path)
    if shown.lstrip().startswith("::"):
        return "./" + shown
    return shown


def no_legacy_commands(text: str) -> str:
    """``text`` with ``##[`` written ``##\\x5b`` (the escape :func:`printable` uses): the Actions
    runner reads ``##[command]`` anywhere in a line (``##[stop-commands]token`` stops every
    later annotation). Text without ``##[`` is returned unchanged."""
    if "##[" not in text:
        return text
    return text.replace("##[", "##\\x5b")


def safe_line(text: str) -> str:
    """``text`` for a line of our own on stderr (``co-lint: error: …``, an export's note):
    control characters and undecodable bytes escaped, ``##[`` broken. What such a line quotes
    (a settings value, a traffic line, a file name) comes from a file a pull request can carry:
    a bare CR would start a new line the Actions runner reads for ``::command::``."""
    return no_legacy_commands(printable_path(text))


def error_line(message: object) -> str:
    """``co-lint: error: MESSAGE``, made safe by :func:`safe_line` (every error line goes here)."""
    return f"co-lint: error: {safe_line(str(message))}"


def warning_line(message: str) -> str:
    """``co-lint: warning: MESSAGE``, made safe by :func:`safe_line` (every warning line goes here)."""
    return f"co-lint: warning: {safe_line(message)}"


def json_text(dumped: str) -> str:
    """The output of ``json.dumps(..., ensure_ascii=False)`` with what it leaves raw escaped.

    ``ensure_ascii=False`` keeps the report readable (``…``, accents) and escapes C0 controls,
    but writes the other unsafe characters raw: a lone surrogate, which no UTF-8 writer
    accepts, and DEL, C1 controls, separators and bidirectional overrides, which reach a
    terminal that shows the file. Each can only stand inside a JSON string, where ``\\uXXXX``
    is its exact escape: a JSON reader gets back the very string co-lint had (a baseline's
    file name still matches on the next run).

    ``##[`` is written ``##\\u005b`` for the same reason and with the same exactness: a report
    printed in a GitHub Actions log is read for ``##[command]`` anywhere in a line, and it can
    only stand inside a JSON string.
    """
    if "##[" in dumped:
        dumped = dumped.replace("##[", "##\\u005b")
    if _RAW_IN_JSON.search(dumped) is None:
        return dumped
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def _printable_related(related: Related) -> Related:
    message, pointer = printable(related.message), mask_secrets(related.pointer)
    if message is related.message and pointer is related.pointer:
        return related
    return Related(related.path, related.span, message, pointer)


def _printable_fix(fix: Fix) -> Fix:
    """A fix's description is a message (it quotes values); its edits are the exact new text."""
    description = printable(mask_secrets(fix.description))
    return fix if description is fix.description else Fix(description, fix.edits)


def printable_finding(finding: Finding) -> Finding:
    """``finding`` as reports may print it: the same object when nothing needs escaping.

    Messages are escaped (the engine masked their credentials). The JSON Pointer is masked
    too: a credential written as a key (``"Bearer …": {}``) is part of the pointer, and the
    JSON report prints pointers while SARIF hashes them into fingerprints. The finding itself
    is never changed: the run goes on using it (annotations after the report, the exit code).
    A large run has ~100,000 findings: the usual one costs two searches and no copy (the
    helpers return the very string they were given when nothing changes).
    """
    message, pointer = printable(finding.message), mask_secrets(finding.pointer)
    related, fix = finding.related, finding.fix
    if related:
        escaped = [_printable_related(r) for r in related]
        if any(new is not old for new, old in zip(escaped, related, strict=True)):
            related = escaped
    if fix is not None:
        fix = _printable_fix(fix)
    if message is finding.message and pointer is finding.pointer and related is finding.related and fix is finding.fix:
        return finding
    return finding.replace(message=message, pointer=pointer, related=related, fix=fix)
