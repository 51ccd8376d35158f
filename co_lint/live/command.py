"""``co-lint export``: the command, without click (the CLI only parses its options)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from co_lint.live import AccountError
from co_lint.reporters.printable import error_line, safe_line

EXIT_OK, EXIT_KEPT, EXIT_ERROR = 0, 1, 2


def run_export(
    directory: str,
    file_format: str,
    force: bool,
    api_url: str | None,
    api_timeout: float | None,
    stderr: TextIO | None = None,
) -> int:
    """Export the account; report each file on stderr; the exit code says whether all were written."""
    stderr = stderr or sys.stderr
    from co_lint.live.check import open_account

    try:
        account = open_account(api_url, api_timeout)
        from co_lint.live.export import export

        result = export(account, Path(directory), file_format, force)
    except AccountError as exc:
        print(error_line(exc), file=stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(error_line(f"cannot write into {directory}: {exc.strerror or exc}"), file=stderr)
        return EXIT_ERROR
    if file_format == "json" and result.written:  # JSON files cannot carry the header comment
        print(safe_line(f"co-lint: read from {account.origin} at {result.when}"), file=stderr)
    for path in result.written:
        print(safe_line(f"wrote {path}"), file=stderr)
    for path in result.refused:
        print(safe_line(f"kept {path}: it differs from the deployment (--force overwrites it)"), file=stderr)
    for path in result.shared:
        print(
            safe_line(f"kept {path}: it holds several configurations (co-lint export rewrites only its own files)"),
            file=stderr,
        )
    for path, identifier in result.stale:
        print(
            safe_line(f"note: {path} describes {identifier}, which the account no longer has (the file is kept)"),
            file=stderr,
        )
    for name in result.skipped:
        print(safe_line(f"skipped {name!r}: the API returned it without an id"), file=stderr)
    total = len(result.written) + len(result.unchanged) + len(result.refused) + len(result.shared)
    print(
        f"co-lint: {total} configuration{'s' * (total != 1)} of account {account.credentials.masked_account()}: "
        f"{len(result.written)} written, {len(result.unchanged)} unchanged, {len(result.refused)} kept",
        file=stderr,
    )
    return EXIT_KEPT if result.refused else EXIT_OK
