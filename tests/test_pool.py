"""The fork-based pool: every chunk answered once, in order, by the parent and its children;
a failing child is reported, never silently dropped; the parent's buffers are left alone."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from co_lint import pool
from conftest import REPO


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


# Regression tests from a fresh-eyes review of the pool.


def test_children_stop_when_the_parent_dies(tmp_path):
    """A parent killed mid-run (a caller's timeout, SIGTERM, the OOM killer) leaves no child
    linting the rest of the chunks for nobody: a child stops before its next chunk."""
    log = tmp_path / "chunks"
    script = textwrap.dedent(
        f"""
        import os, signal, time
        from co_lint import pool
        parent = os.getpid()
        def work(chunk):
            if os.getpid() == parent:
                os.kill(parent, signal.SIGKILL)  # the parent dies in its first chunk
            with open({str(log)!r}, "a") as handle:
                handle.write(f"{{os.getpid()}}\\n")
            time.sleep(0.02)
            return chunk
        pool.run(work, list(range(200)), 2)
        """
    )
    # Not capture_output: a child holding the pipes would make run() wait for it.
    done = subprocess.run([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert done.returncode == -signal.SIGKILL
    time.sleep(1.0)  # a child that went on would answer ~50 chunks meanwhile
    pids = log.read_text().split() if log.exists() else []
    for pid in set(pids):  # whatever happened, leave no child running
        with contextlib.suppress(OSError):
            os.kill(int(pid), signal.SIGKILL)
    assert len(pids) <= 5


def test_an_interrupt_as_a_child_starts_prints_nothing_and_leaves_the_run_to_the_parent():
    """^C lands in a child before its ``try``: in its at-fork hooks (random's, with tempfile
    imported) it printed "Exception ignored ... KeyboardInterrupt"; just after them, the child
    ran the parent's exception path (killed its siblings, printed "Aborted!" a second time)."""
    script = textwrap.dedent(
        """
        import os, signal
        from co_lint import pool
        os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), signal.SIGINT))
        print(pool.run(lambda chunk: chunk, list(range(10)), 2))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == (f"{list(range(10))}\n", "")


def test_an_interrupted_reaping_never_signals_a_reaped_child(monkeypatch):
    real_waitpid, real_kill = os.waitpid, os.kill
    reaped: set[int] = set()
    signalled: list[bool] = []  # per signal: was the child already reaped?
    calls = []

    def waitpid(pid, options):
        calls.append(pid)
        if len(calls) == 2:
            raise KeyboardInterrupt  # ^C while the parent reaps its children at the end
        result = real_waitpid(pid, options)
        reaped.add(pid)
        return result

    def kill(pid, sig):
        signalled.append(pid in reaped)
        real_kill(pid, sig)

    monkeypatch.setattr(os, "waitpid", waitpid)
    monkeypatch.setattr(os, "kill", kill)
    with pytest.raises(KeyboardInterrupt):
        pool.run(_square_all, [[n] for n in range(40)], 3)
    monkeypatch.undo()
    assert signalled and not any(signalled)  # the reaped child's pid is another process's now
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_failing_child_stops_the_run_early():
    """The parent reads a child's error between its own chunks and stops taking chunks."""
    parent, answered = os.getpid(), []

    def work(chunk):
        if os.getpid() != parent:
            raise ValueError("broken")
        answered.append(chunk)
        time.sleep(0.01)
        return chunk

    with pytest.raises(pool.WorkerError, match="ValueError: broken"):
        pool.run(work, list(range(200)), 2)
    assert len(answered) < 100


def test_no_more_children_than_chunks(monkeypatch):
    real_fork, forks = os.fork, []
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    assert pool.run(_square_all, [[1], [2], [3]], 40)[2][0][0] == 9
    assert len(forks) == 2


def test_a_worker_failure_is_one_line_and_exit_code_2(tmp_path):
    """A child that dies (here: killed by the OOM killer's signal) fails the run with a one-line
    message that says how to see the full error, never a traceback."""
    script = textwrap.dedent(
        """
        import os, sys
        from co_lint import parallel
        real, parent = parallel.check_file, os.getpid()
        def check_file(*args):
            if os.getpid() != parent:
                os.kill(os.getpid(), 9)
            return real(*args)
        parallel.check_file = check_file
        sys.argv = ["co-lint", "--no-cache", "--jobs", "2", "configs"]
        from co_lint.entry import main
        main()
        """
    )
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path / "configs"), "300"]
    subprocess.run(generate, check=True)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "a worker process failed (worker exited with status -9)" in done.stderr and "--jobs 1" in done.stderr
