"""Bad input never produces a traceback: a located finding or a one-line error, and the documented exit code."""

from __future__ import annotations

import json
import os

import pytest

from test_cli import CLEAN, run

BAD_INPUTS = {
    "empty.yaml": (b"", 0, []),
    "empty.json": (b"", 1, ["CO001"]),
    "comments.yaml": (b"# nothing here\n# at all\n", 0, []),
    "scalar.yaml": (b"just a string\n", 1, ["CO103"]),
    "list.json": (b"[1, 2, 3]\n", 1, ["CO103"]),
    "truncated.yaml": (b"displayName: Harbor\nchannelSettings:\n  SMS: [\n", 1, ["CO001"]),
    "truncated.json": (b'{"displayName": "Harbor", "channelSettings": {', 1, ["CO001"]),
    "tabs.yaml": (b"displayName: Harbor\n\tdescription: x\n", 1, ["CO001"]),
    "python-tag.yaml": (b"a: !!python/object/apply:os.system [touch /tmp/co-lint-pwned]\n", 1, ["CO004"]),
    "custom-tag.yaml": (b"a: !Ref Something\n", 1, ["CO004"]),
    "latin1.yaml": (b"description: caf\xe9\n", 1, ["CO005"]),
    "utf16.json": ('{"a": 1}'.encode("utf-16"), 1, ["CO005"]),
    "nul.yaml": (b"a: b\x00c\n", 1, ["CO005"]),
    "key-not-string.yaml": (b"? [a, b]\n: x\n", 1, ["CO103"]),
    "int-key.yaml": (b"1: x\n", 1, ["CO101", "CO102", "CO403", "CO501"]),
    "overflow.json": (b'{"version": 1e999}', 1, ["CO102", "CO107", "CO403", "CO501"]),
    "deep.json": (b"[" * 10000 + b"]" * 10000, 1, ["CO001"]),
    "deep.yaml": (b"a: " + b"[" * 10000 + b"]" * 10000 + b"\n", 1, ["CO001"]),
    "long-line.yaml": (b"description: " + b"x" * 200000 + b"\n", 1, ["CO102", "CO106", "CO403", "CO501"]),
    "dup-deep.yaml": (b"a:\n  b:\n    c: 1\n    c: 2\n", 1, ["CO002", "CO101", "CO102", "CO403", "CO501"]),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_a_finding_not_a_traceback(tmp_path, name):
    data, code, rules = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(data)
    result = run("--format", "json", name, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stdout + result.stderr
    found = sorted({f["rule"] for f in json.loads(result.stdout)})
    assert found == rules
    assert not (tmp_path.parent / "co-lint-pwned").exists()


def test_crlf_line_endings_keep_columns_right(tmp_path):
    text = "colour: x\r\n" + CLEAN.replace("\n", "\r\n").replace("closed: 1440", "closed: 0")
    (tmp_path / "crlf.yaml").write_bytes(text.encode())
    findings = json.loads(run("--format", "json", "crlf.yaml", cwd=tmp_path).stdout)
    positions = {(f["rule"], f["line"], f["column"]) for f in findings}
    assert ("CO101", 1, 1) in positions
    line = next(n for n, t in enumerate(text.split("\r\n"), 1) if "closed: 0" in t)
    assert ("CO106", line, 15) in positions


def test_huge_file_is_co005_quickly(tmp_path):
    (tmp_path / "huge.yaml").write_bytes(b"a: " + b"x" * (50 * 1024 * 1024) + b"\n")
    result = run("--format", "json", "huge.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert [f["rule"] for f in json.loads(result.stdout)] == ["CO005"]


def test_symlink_loop_directory_is_not_followed(tmp_path):
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "loop").symlink_to(tmp_path / "configs")
    (tmp_path / "configs" / "c.yaml").write_text(CLEAN)
    result = run("configs", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_fifo_is_an_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    result = run("pipe.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr


def test_device_path_is_an_error_not_a_read(tmp_path):
    result = run("/dev/zero", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr


def test_directory_given_as_config_file(tmp_path):
    (tmp_path / "dir.yaml").mkdir()
    result = run("dir.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr


def test_linted_files_are_never_modified(tmp_path):
    text = "colour: x\n" + CLEAN
    (tmp_path / "c.yaml").write_text(text)
    before = os.stat(tmp_path / "c.yaml").st_mtime_ns
    run("c.yaml", cwd=tmp_path)
    assert (tmp_path / "c.yaml").read_text() == text
    assert os.stat(tmp_path / "c.yaml").st_mtime_ns == before
