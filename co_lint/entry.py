"""The console script's entry point: answers ``--version`` before importing click.

pre-commit and editors call ``co-lint --version`` often; click alone costs ~80 ms to
import, more than the rest of that answer.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from co_lint import __version__

        print(f"co-lint {__version__}")
        return
    from co_lint.cli import main as cli_main

    cli_main()
