"""The fork-based pool: every chunk answered once, in order, by the parent and its children;
a failing child is reported, never silently dropped; the parent's buffers are left alone."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from co_lint import pool


def _square_all(chunk: list[int]) -> list[tuple[int, int]]:
    time.sleep(0.002)  # long enough that every process gets chunks
    return [(n * n, os.getpid()) for n in chunk]


@pytest.mark.parametrize("workers", [2, 3])
def test_every_chunk_is_answered_in_order_by_several_processes(workers):
    chunks = [list(range(start, start + 5)) for start in range(0, 400, 5)]
    results = pool.run(_square_all, chunks, workers)
    assert [value for chunk in results for value, _ in chunk] == [n * n for n in range(400)]
    # The parent works too, and at least one child answered.
    pids = {pid for chunk in results for _, pid in chunk}
    assert os.getpid() in pids and len(pids) >= 2


def test_one_worker_or_one_chunk_runs_here():
    assert pool.run(_square_all, [[1, 2]], 4) == [[(1, os.getpid()), (4, os.getpid())]]
    assert pool.run(_square_all, [[1], [2]], 1) == [[(1, os.getpid())], [(4, os.getpid())]]


def test_without_fork_the_parent_does_every_chunk(monkeypatch):
    monkeypatch.delattr(os, "fork")
    results = pool.run(_square_all, [[n] for n in range(10)], 2)
    assert {pid for chunk in results for _, pid in chunk} == {os.getpid()}


def test_a_child_that_raises_is_reported_with_its_error():
    parent = os.getpid()

    def work(chunk):
        if os.getpid() != parent:
            raise ValueError(f"broken chunk {chunk}")
        time.sleep(0.01)  # the child gets chunks too
        return chunk

    with pytest.raises(pool.WorkerError, match=r"ValueError: broken chunk \d+"):
        pool.run(work, list(range(50)), 2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child is left behind


def test_a_child_killed_by_a_signal_is_reported():
    parent = os.getpid()

    def work(chunk):
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)
        time.sleep(0.01)
        return chunk

    with pytest.raises(pool.WorkerError, match="status -9"):
        pool.run(work, list(range(50)), 2)


def test_the_parent_failing_stops_and_reaps_its_children():
    parent = os.getpid()

    def work(chunk):
        if os.getpid() == parent:
            raise KeyboardInterrupt
        time.sleep(0.05)
        return chunk

    with pytest.raises(KeyboardInterrupt):
        pool.run(work, list(range(50)), 3)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_chunks_are_sized_to_fit_the_task_pipe():
    assert pool.chunk_size(10_000, 48) == 48
    size = pool.chunk_size(10_000_000, 48)
    assert -(-10_000_000 // size) <= pool.MAX_CHUNKS
    with pytest.raises(ValueError):
        pool.run(_square_all, [[1]] * (pool.MAX_CHUNKS + 1), 2)


def test_children_never_flush_the_parents_buffered_output(tmp_path):
    """A child leaves with os._exit: text the parent buffered before forking is printed once."""
    script = textwrap.dedent(
        """
        import sys
        from co_lint import pool
        sys.stdout.write("buffered before the fork\\n")  # not flushed: stdout is a pipe
        pool.run(lambda chunk: chunk, list(range(20)), 3)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == "buffered before the fork\n"


def test_a_fork_that_fails_stops_the_children_already_started(monkeypatch):
    real_fork, forks = os.fork, []

    def fork():
        if forks:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    with pytest.raises(BlockingIOError):
        pool.run(_square_all, [[n] for n in range(50)], 3)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
