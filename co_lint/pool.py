"""A fork-based work pool in which the parent process works too.

A large run checks thousands of files in chunks. :mod:`multiprocessing.Pool` would do, but
it costs what a lint run cannot spare on a machine of two cores: its parent runs three
threads that hand tasks out and results back (measured: 0.5 s of CPU in the parent for
10,000 files even when workers return nothing), pickles every result in a worker and
unpickles it in the parent, and leaves the parent idle while it waits. Here:

* chunk numbers are written once into a pipe; the parent and ``workers - 1`` forked children
  each read the next number (4 bytes: reads that small from a pipe are atomic) until the
  pipe is empty, so a slow chunk never holds up the others;
* a child appends each result, pickled and framed (chunk number, length), to its own unlinked
  temporary file: a write never waits for the parent;
* the parent keeps its own results as they are (no pickling) and reads the children's files
  between its chunks and at the end, by offset (``os.pread``: the file offset the two
  processes share is the child's alone).

A child that fails (an exception, a signal) leaves its chunks unanswered; the parent then
raises :class:`WorkerError` with what the child reported. Children leave with ``os._exit``:
they never flush the parent's buffered output nor run its exit handlers. Without ``os.fork``
(Windows) the parent does every chunk itself.
"""

from __future__ import annotations

import os
import pickle
import struct
from collections.abc import Callable, Sequence
from typing import Any

_NUMBER = struct.Struct("<I")
_FRAME = struct.Struct("<iQ")  # chunk number (-1: an error report follows), length
#: A pipe holds 64 KiB on Linux and at least 4 KiB (PIPE_BUF) everywhere: the chunk numbers
#: are written before any reader starts, so their count stays below what fits.
MAX_CHUNKS = 1024


class WorkerError(RuntimeError):
    """A worker process failed; the message carries what it reported."""


def chunk_size(items: int, smallest: int) -> int:
    """Items a chunk: at least ``smallest``, and few enough chunks for the task pipe."""
    return max(smallest, -(-items // MAX_CHUNKS))


def run(work: Callable[[Any], Any], chunks: Sequence[Any], workers: int) -> list[Any]:
    """``[work(chunk) for chunk in chunks]``, spread over this process and ``workers - 1`` children."""
    if len(chunks) > MAX_CHUNKS:
        raise ValueError(f"at most {MAX_CHUNKS} chunks (see chunk_size)")
    workers = min(workers, len(chunks))  # a child with no chunk to take is a fork for nothing
    if workers <= 1 or not hasattr(os, "fork"):
        return [work(chunk) for chunk in chunks]
    import signal
    import tempfile
    from contextlib import ExitStack, suppress

    results: list[Any] = [None] * len(chunks)
    parent = os.getpid()
    done = [False] * len(chunks)
    children: list[int] = []
    with ExitStack() as stack:
        outputs = [stack.enter_context(tempfile.TemporaryFile()) for _ in range(workers - 1)]
        read_end, write_end = os.pipe()
        stack.callback(os.close, read_end)
        try:
            try:
                os.write(write_end, b"".join(_NUMBER.pack(number) for number in range(len(chunks))))
                # ^C while forking must reach neither a child's at-fork hooks nor its first
                # lines before _child's try (it would run this process's exception path).
                mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                try:
                    for output in outputs:
                        pid = os.fork()
                        if pid == 0:  # pragma: no cover - the child's lines run in another process
                            try:
                                if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                                    signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent reports ^C
                                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                                _child(work, chunks, read_end, write_end, output.fileno(), parent)
                            finally:
                                os._exit(1)
                        children.append(pid)
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            finally:
                os.close(write_end)  # the children hold their own copies; they close them
            readers = [_Reader(output.fileno()) for output in outputs]
            while (number := _next(read_end)) is not None:
                results[number] = work(chunks[number])
                done[number] = True
                for reader in readers:
                    reader.collect(results, done)
                if any(reader.errors for reader in readers):
                    break  # a child failed: the run fails, and sooner is better
            failures = [f"worker exited with status {status}" for status in _wait(children) if status]
            for reader in readers:
                reader.collect(results, done)
                failures += reader.errors
        finally:
            for pid in children:  # the parent failed or was interrupted: stop the children
                with suppress(OSError):
                    os.kill(pid, 9)
            _wait(children)
    if not all(done):
        raise WorkerError("; ".join(failures) or "a worker process stopped before its work was done")
    return results


def _next(read_end: int) -> int | None:
    data = os.read(read_end, _NUMBER.size)
    return _NUMBER.unpack(data)[0] if data else None


def _wait(children: list[int]) -> list[int]:
    """Reap ``children``, each taken out of the list once reaped (its pid may then be reused:
    it must never be signalled again); their exit statuses (0: success)."""
    statuses = []
    while children:
        try:
            _, status = os.waitpid(children[0], 0)
        except ChildProcessError:
            status = 0
        del children[0]
        statuses.append(os.waitstatus_to_exitcode(status) if status else 0)
    return statuses


def _child(
    work: Callable[[Any], Any], chunks: Sequence[Any], read_end: int, write_end: int, output: int, parent: int
) -> None:
    """A child's whole life: chunks until the pipe is empty, then ``os._exit``."""
    code = 0
    try:
        os.close(write_end)
        # A parent that died (SIGTERM, SIGKILL, a caller's timeout) wants no more results.
        while os.getppid() == parent and (number := _next(read_end)) is not None:
            _write(output, number, pickle.dumps(work(chunks[number]), protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, whatever it is
        code = 1
        try:
            import traceback

            report = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            _write(output, -1, report.encode("utf-8", "replace"))
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(code)


def _write(output: int, number: int, data: bytes) -> None:
    view = memoryview(_FRAME.pack(number, len(data)) + data)
    while view:
        view = view[os.write(output, view) :]


class _Reader:
    """Reads the framed results a child appends to its file, as far as they are complete."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.offset = 0
        self.errors: list[str] = []

    def collect(self, results: list[Any], done: list[bool]) -> None:
        size = os.fstat(self.fd).st_size
        while size - self.offset >= _FRAME.size:
            number, length = _FRAME.unpack(_pread(self.fd, _FRAME.size, self.offset))
            start = self.offset + _FRAME.size
            if size - start < length:
                return  # the rest of this result is still being written
            data = _pread(self.fd, length, start)
            self.offset = start + length
            if number < 0:
                self.errors.append(data.decode("utf-8", "replace"))
            else:
                results[number] = pickle.loads(data)
                done[number] = True


def _pread(fd: int, length: int, offset: int) -> bytes:
    """Exactly ``length`` bytes at ``offset`` (they are known to be written)."""
    parts = []
    while length > 0:
        part = os.pread(fd, length, offset)
        if not part:
            raise WorkerError("a worker's results file ended early")
        parts.append(part)
        length -= len(part)
        offset += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)
