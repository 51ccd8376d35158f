"""Reporters: one module per output format, each a pure function from findings to text.

Imported lazily: a run pays only for the format it prints.
"""

from __future__ import annotations

import contextlib
import errno
import os
from importlib import import_module
from typing import Any

from co_lint.types import Finding

_MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github"}


def render(format_name: str, findings: list[Finding], **context: Any) -> str:
    """The report of ``findings`` in one format; what a file holds is escaped here, for every format.

    Messages quote values, and a value may hold a terminal escape or a lone surrogate: each
    finding goes through :func:`co_lint.reporters.printable.printable_finding` (a copy when
    something changes), so that no reporter has to remember it.
    """
    from co_lint.reporters.printable import printable, printable_finding

    module = import_module(f"co_lint.reporters.{_MODULES[format_name]}")
    if context.get("errors"):
        context["errors"] = [printable(message) for message in context["errors"]]
    return module.render([printable_finding(f) for f in findings], **context)


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to ``path`` so that a failure never leaves a truncated file.

    The text goes to a temporary file in the same directory, which then replaces ``path``
    (:func:`os.replace` is atomic on one file system): a full disk or an interrupted run
    leaves the previous file whole — a baseline is the record of a whole project. The new
    file keeps the permissions of the one it replaces. A symbolic link is followed (its
    target is replaced, the link kept), and a path that is not a regular file (``/dev/stdout``,
    a FIFO) is written directly: there is nothing to replace; so is a file in a directory
    where no other file can be created. A file we may not write is refused, as ``open`` would
    refuse it (replacing it would need only the directory's permission). Raises :class:`OSError`.

    Replacing a file gives it a new inode: a file with other hard links is written in place
    (replacing it would leave the other names with the old text), and the new file takes the
    old one's owner and group, or, when that is not permitted (someone else's file we may
    write), the file is written in place, as an editor does.
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        # The path as given: ``/dev/stdout`` is a link to a pipe that ``realpath`` cannot name.
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None
    mode = status.st_mode if status is not None else None
    if mode is not None and (not _is_regular(mode) or status.st_nlink > 1):
        _write_directly(os.fspath(path), data)
        return
    if mode is not None and not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
    target = os.path.realpath(path)
    import tempfile

    directory, name = os.path.split(target)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory or None)
    except PermissionError:
        if mode is None:
            raise
        # A writable file in a directory we may not add to: writing it in place is the only way.
        _write_directly(target, data)
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            # Owner, then mode (a chown clears the set-id bits), both set on the open file and
            # never through its name: in a directory another user may write, the name can be
            # theirs by now (a symbolic link to a file of root's, which would be given away).
            in_place = status is not None and not _take_owner(handle.fileno(), status)
            if not in_place:
                os.fchmod(handle.fileno(), _permissions(mode))
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())
        if in_place:
            _remove(temporary)
            _write_directly(target, data)
            return
        # The name must still be the file written, or the rename would put someone's link in
        # the configuration's place.
        now = os.lstat(temporary)
        if (now.st_dev, now.st_ino) != (written.st_dev, written.st_ino):
            raise FileExistsError(errno.EEXIST, "its temporary file was replaced by another", temporary)
        os.replace(temporary, target)
    except BaseException:
        _remove(temporary)
        raise


def _take_owner(descriptor: int, status: os.stat_result) -> bool:
    """Give the open temporary file the owner and group of the file it replaces; False when
    that cannot be done (not permitted, an owner unknown in a user namespace, a file system
    without owners)."""
    own = os.fstat(descriptor)
    if (own.st_uid, own.st_gid) == (status.st_uid, status.st_gid):
        return True
    try:
        os.fchown(descriptor, status.st_uid, status.st_gid)
    except OSError:
        return False
    return True


def _write_directly(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _is_regular(mode: int) -> bool:
    import stat

    return stat.S_ISREG(mode)


def _permissions(mode: int | None) -> int:
    """The existing file's permission bits, or those ``open()`` would give a new file (0666 less the umask)."""
    if mode is not None:
        import stat

        return stat.S_IMODE(mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
