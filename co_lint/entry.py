"""The console script's entry point: answers ``--version``, and lints plain paths, before importing click.

pre-commit and editors call ``co-lint --version`` often, and pre-commit runs ``co-lint FILE...``
on every commit: click costs ~55 ms to import (with what it pulls in), a quarter of a one-file
run. When every argument is a path or one of a few flags that take no value (:data:`PLAIN_FLAGS`:
``--fix`` and ``--no-cache`` are common hook arguments), the first names no subcommand, and no
``CO_LINT`` environment variable is set (click reads option values from those), click would
only turn them into options; this module builds the same options itself. Anything else goes
to click. ``tests/test_entry.py`` checks that both build the same options.
"""

from __future__ import annotations

import errno
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # not imported at run time: ``--version`` imports nothing it does not use
    from collections.abc import Mapping
    from typing import Any, NoReturn, TextIO

#: The subcommands of ``co_lint.cli`` (a first argument naming one goes to click; tested).
SUBCOMMANDS = ("lint", "rules", "rule", "schema", "match", "export")
#: ``co_lint.app.EXIT_ERROR`` (not imported: ``--version`` imports nothing it does not use).
EXIT_ERROR = 2
#: Flags of ``co-lint lint`` that take no value, read without click: the flag, and the field of
#: ``co_lint.app.Options`` it sets (``--no-color`` sets none: it turns the colour off).
PLAIN_FLAGS = {
    "--no-cache": "no_cache",
    "--fix": "fix",
    "--diff": "diff",
    "--statistics": "statistics",
    "--no-color": None,
}


def main() -> None:
    args = sys.argv[1:]
    sys.stdout = _Guarded(sys.stdout if sys.stdout is not None else _Closed())
    try:
        if args == ["--version"]:
            from co_lint import __version__

            print(f"co-lint {__version__}")
            exit_now(0)
        if is_plain_lint(args, os.environ):
            exit_now(_lint(plain_options(args, os.environ, sys.stdout)))
        _click_main()
    except OutputError as exc:
        _exit_unwritten(exc.error)


def _click_main() -> None:
    """Every other command line, through click; its exit code as the process's, via :func:`exit_now`."""
    from co_lint.cli import main as cli_main

    try:
        cli_main()
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise  # sys.exit("message"): Python prints it
        exit_now(exc.code or 0)
    except OSError as exc:
        # click writes through its own wrapper of stdout's buffer when stdout is not UTF-8,
        # past :class:`_Guarded`: a full disk then reaches here as it is.
        if exc.errno not in _UNWRITABLE:
            raise
        _exit_unwritten(exc)


#: What a write to a full or failing device raises (``ENOSPC``, ``EDQUOT``, ``EFBIG``, ``EIO``).
_UNWRITABLE = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EFBIG, errno.EIO) if code is not None
)


def exit_now(code: int) -> None:
    """Flush the output and end the process without tearing the interpreter down.

    A run over 10,000 files holds millions of small objects; freeing them one by one at exit
    costs about a second (measured: 4.2 s → 3.5 s wall) and frees nothing the operating
    system would not. co-lint registers no exit handler and leaves no temporary file; the
    worker pool is closed before this. A reader that closed the pipe gets exit 1, as in click;
    output that cannot be written otherwise (a full disk) is an error, exit 2, as with ``-o``.
    """
    try:
        sys.stdout.flush()
    except OutputError as exc:
        _exit_unwritten(exc.error)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            _exit_unwritten(exc)
        code = 1
    try:
        sys.stderr.flush()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            code = 1
        # Otherwise nothing more can be said where nothing can be written: the code stands.
    os._exit(code)


class OutputError(Exception):
    """Standard output could not be written, and not because its reader went away.

    Not an :class:`OSError`: click and :func:`_lint` treat every ``OSError`` as a possible
    closed pipe, and code that handles a file's ``OSError`` must not take it for its own.
    """

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _exit_unwritten(error: OSError) -> None:
    """Say in one line that the report was not written, and exit 2 without flushing it again."""
    try:
        print(f"co-lint: error: cannot write to standard output: {error.strerror or error}", file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # stderr is unwritable too: the exit code is all that can be said
    os._exit(EXIT_ERROR)


def is_plain_lint(args: list[str], environ: Mapping[str, str]) -> bool:
    """``co-lint [FLAG | PATH]...`` with nothing else click would read: no option with a value,
    no ``-`` (stdin) or ``--``, no subcommand, no variable."""
    return (
        os.name != "nt"  # click expands wildcards in arguments on Windows
        and not any(arg.startswith("-") and arg not in PLAIN_FLAGS for arg in args)
        and not (args and args[0] in SUBCOMMANDS)
        and not any("CO_LINT" in name for name in environ)  # option values and shell completion
    )


def plain_options(args: list[str], environ: Mapping[str, str], stdout: TextIO) -> Any:
    """The :class:`co_lint.app.Options` that ``co_lint.cli`` builds for ``co-lint [FLAG | PATH]...``."""
    from co_lint.app import Options

    flags = {arg for arg in args if arg in PLAIN_FLAGS}
    return Options(
        paths=[arg for arg in args if arg not in PLAIN_FLAGS],
        color=use_color("--no-color" in flags, None, environ, stdout),
        annotations=annotate(None, environ),
        **{PLAIN_FLAGS[flag]: True for flag in flags if PLAIN_FLAGS[flag] is not None},
    )


def use_color(no_color: bool, output: str | None, environ: Mapping[str, str], stdout: TextIO) -> bool:
    """Colour the text report only on a terminal, never into a file or with ``NO_COLOR``."""
    if no_color or output or environ.get("NO_COLOR"):
        return False
    return stdout.isatty()


def annotate(format_: str | None, environ: Mapping[str, str]) -> bool:
    """In GitHub Actions with no format chosen: the text report and annotations (README)."""
    return format_ is None and environ.get("GITHUB_ACTIONS") == "true"


def _lint(options: Any) -> int:
    """Run the lint as click's standalone mode would: ^C is "Aborted!", a closed pipe exit 1."""
    from co_lint.app import run

    try:
        return run(options)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        print("Aborted!", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout, sys.stderr = _Pacified(sys.stdout), _Pacified(sys.stderr)
        return 1


class _Guarded:
    """``sys.stdout`` whose write errors (but a closed pipe) become :class:`OutputError`.

    A full disk fails in ``write`` or in the ``flush`` of :func:`exit_now`, under click or
    not; marking the error at the stream tells it apart from any other ``OSError`` of the run.
    """

    def __init__(self, wrapped: TextIO) -> None:
        self.wrapped = wrapped

    def write(self, text: str) -> int:
        try:
            return self.wrapped.write(text)
        except OSError as exc:
            _reraise(exc)

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            _reraise(exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


class _Closed:
    """Standard output of a process started without one (``co-lint a.yaml >&-``): Python makes
    it None; a report written there fails as on a full disk, and a run with ``-o`` works."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        """Nothing was written: nothing to flush."""

    def isatty(self) -> bool:
        return False


def _reraise(error: OSError) -> NoReturn:
    """A closed pipe stays an ``OSError`` (exit 1 quietly, as click does); anything else is ours."""
    if error.errno == errno.EPIPE:
        raise error
    raise OutputError(error) from error


class _Pacified:
    """A stream whose flush ignores a closed pipe (the reader went away; exit quietly)."""

    def __init__(self, wrapped: TextIO) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
