"""Reading a file's bytes (:func:`co_lint.loader.read_bytes`) and decoding them (:func:`co_lint.loader.decode`).

``read_bytes`` reads with ``os.open``/``os.read`` instead of ``open()`` (a buffered file object
per file costs more than the read itself); these tests hold it to the contract the results
cache and the workers rely on: the status is read before the content, only a regular file
is opened and nothing ever blocks, at most ``MAX_BYTES + 1`` bytes are read (however the
file changed since its status), and errors are the ones ``os.stat``/``open()`` give.
``decode`` drops a UTF-8 BOM itself rather than through the ``utf-8-sig`` codec: it must say
exactly what that codec would.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from co_lint import loader
from co_lint.loader import SourceFile, decode, load_file, read_bytes

BOM = b"\xef\xbb\xbf"


def _status_with_size(path: Path, size: int) -> os.stat_result:
    """``path``'s status as if the file had been ``size`` bytes long when it was read."""
    fields = list(os.stat(path))
    fields[stat.ST_SIZE] = size
    return os.stat_result(fields)


def _finishes(function, *args) -> tuple[bool, object]:
    """Run ``function(*args)`` in a daemon thread; (whether it returned within 10 s, its result or exception)."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(function(*args))
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    return (not thread.is_alive()), (outcome[0] if outcome else None)


# --------------------------------------------------------------------------- read_bytes


def test_reads_content_and_status(tmp_path: Path):
    path = tmp_path / "desk.yaml"
    path.write_bytes(b"a: 1\r\nb: 2\n")  # bytes as they are: no newline translation
    data, status = read_bytes(path)
    assert data == b"a: 1\r\nb: 2\n"
    assert (status.st_size, status.st_mtime_ns) == (os.stat(path).st_size, os.stat(path).st_mtime_ns)
    assert read_bytes(str(path))[0] == data  # a str path too


def test_empty_file(tmp_path: Path):
    (tmp_path / "empty.yaml").write_bytes(b"")
    assert read_bytes(tmp_path / "empty.yaml")[0] == b""


def test_status_is_read_before_the_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "desk.yaml"
    path.write_bytes(b"a: 1\n")
    calls: list[str] = []
    real_stat, real_read = os.stat, os.read
    monkeypatch.setattr(os, "stat", lambda *a, **k: calls.append("stat") or real_stat(*a, **k))
    monkeypatch.setattr(os, "read", lambda *a, **k: calls.append("read") or real_read(*a, **k))
    read_bytes(path)
    assert calls[0] == "stat" and "read" in calls


def test_missing_file_raises_what_stat_raises(tmp_path: Path):
    path = tmp_path / "missing.yaml"
    with pytest.raises(FileNotFoundError) as raised:
        read_bytes(path)
    with pytest.raises(FileNotFoundError) as expected:
        os.stat(path)
    assert (raised.value.errno, raised.value.strerror) == (expected.value.errno, expected.value.strerror)
    assert raised.value.errno == errno.ENOENT


def test_directory_is_not_a_regular_file(tmp_path: Path):
    with pytest.raises(OSError) as raised:
        read_bytes(tmp_path)
    assert (raised.value.errno, raised.value.strerror) == (errno.EINVAL, "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    finished, outcome = _finishes(read_bytes, fifo)
    assert finished, "read_bytes blocked on a FIFO"
    assert isinstance(outcome, OSError) and (outcome.errno, outcome.strerror) == (errno.EINVAL, "not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_put_in_a_files_place_does_not_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A FIFO that replaced the file after its status was read is opened without waiting for a writer."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    regular = tmp_path / "regular.yaml"
    regular.write_bytes(b"a: 1\n")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: real_stat(regular if Path(path) == fifo else path, *a, **k))
    finished, outcome = _finishes(read_bytes, fifo)
    assert finished, "read_bytes blocked on a FIFO"
    assert isinstance(outcome, tuple) and outcome[0] == b""  # no writer: end of file at once


def test_unreadable_file_raises_what_open_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """CI runs as root (chmod does not stop it), so the refusal is simulated where the file is opened."""
    path = tmp_path / "secret.yaml"
    path.write_bytes(b"a: 1\n")

    def refuse(file, flags, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PermissionError) as raised:
        read_bytes(path)
    assert (raised.value.errno, raised.value.strerror) == (errno.EACCES, os.strerror(errno.EACCES))


def test_larger_than_max_bytes_reads_one_byte_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 100)
    monkeypatch.setattr(loader, "MAX_BYTES", 10)
    assert read_bytes(path)[0] == b"x" * 11
    source = load_file(path, "big.yaml")
    assert [f.rule_id for f in source.findings] == ["CO005"] and not source.documents


@pytest.mark.parametrize("chunk", [64 * 1024, 7, 1])
def test_file_that_grew_after_its_status_is_read_to_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk):
    path = tmp_path / "growing.yaml"
    content = bytes(range(256)) * 4
    path.write_bytes(content)
    monkeypatch.setattr(loader, "_READ_CHUNK", chunk)
    real_stat, earlier = os.stat, _status_with_size(path, 5)
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: earlier if Path(p) == path else real_stat(p, *a, **k))
    data, status = read_bytes(path)
    assert data == content and status.st_size == 5
    monkeypatch.setattr(loader, "MAX_BYTES", 500)  # and never more than MAX_BYTES + 1 however it grew
    assert read_bytes(path)[0] == content[:501]


def test_file_that_shrank_after_its_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "shrinking.yaml"
    path.write_bytes(b"a: 1\n")
    real_stat, earlier = os.stat, _status_with_size(path, 10_000)
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: earlier if Path(p) == path else real_stat(p, *a, **k))
    assert read_bytes(path)[0] == b"a: 1\n"


def test_descriptor_is_closed_when_reading_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "desk.yaml"
    path.write_bytes(b"a: 1\n")
    closed: list[int] = []
    real_close = os.close
    monkeypatch.setattr(os, "close", lambda fd: closed.append(fd) or real_close(fd))

    def fail(fd, size):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "read", fail)
    with pytest.raises(OSError) as raised:
        read_bytes(path)
    assert raised.value.errno == errno.EIO and len(closed) == 1


def test_open_flags_never_block_and_keep_bytes():
    assert loader._READ_FLAGS & os.O_RDONLY == os.O_RDONLY
    if hasattr(os, "O_NONBLOCK"):
        assert loader._READ_FLAGS & os.O_NONBLOCK
    if sys.platform == "win32":
        assert loader._READ_FLAGS & os.O_BINARY


# --------------------------------------------------------------------------- decode

SAMPLES = [
    b"a: 1\n",
    BOM + b"a: 1\n",
    BOM + BOM + b"a: 1\n",  # only the first BOM is dropped
    BOM,
    b"",
    b"caf\xc3\xa9",
    b"\xff",
    b"ab\xffcd",
    BOM + b"ab\xffcd",  # the offset counts from after the BOM, the byte shown from the start
    BOM + b"\xc3(",
    b"ok\xc3",
    BOM[:2] + b"x",
    b"\xed\xa0\x80",  # a surrogate
]


def _reference(data: bytes) -> tuple[str | None, list[str]]:
    """What decode said when it used the ``utf-8-sig`` codec."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [f"file is not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})"]


@pytest.mark.parametrize("data", SAMPLES, ids=repr)
def test_decode_says_what_the_utf8_sig_codec_says(data: bytes):
    source = SourceFile(Path("c.yaml"), "c.yaml")
    assert (decode(data, source), [f.message for f in source.findings]) == _reference(data)


def test_text_after_two_boms_is_reported_by_json(tmp_path: Path):
    source = load_file(Path("c.json"), "c.json", BOM + BOM + b"{}")
    assert [f.message for f in source.findings] == ["invalid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig)"]
