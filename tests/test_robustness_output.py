"""Output robustness through the installed console script: whatever a file holds or is named,
and wherever stdout leads, a report is written in a valid form or the run fails in one line.

* a lone surrogate (JSON ``"\\ud800"``) in a value or a ``--traffic`` line: every format writes;
* a file name that is not UTF-8: escaped in text, JSON and annotations, its bytes
  percent-encoded in SARIF URIs; a baseline is replaced atomically, never truncated;
* a full disk or a closed stdout: ``co-lint: error: …`` and exit 2 (a closed pipe stays exit 1);
* a credential written as a key: masked in JSON pointers and SARIF fingerprints too;
* terminal escapes and other control characters in quoted values: escaped in every format;
* a hand-edited baseline of any wrong shape: the clean "not a co-lint baseline" error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASELINE_YAML

CO_LINT = shutil.which("co-lint", path=str(Path(sys.executable).parent)) or "co-lint"
FORMATS = ("text", "json", "sarif", "github")


def run(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    """The console script with bytes out, so that a test sees exactly what was written."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    options = {"capture_output": True, **kwargs} if "stdout" not in kwargs else {"stderr": subprocess.PIPE, **kwargs}
    return subprocess.run([CO_LINT, *args], cwd=cwd, env=environment, timeout=60, **options)


def clean_run(result: subprocess.CompletedProcess, codes=(0, 1)) -> str:
    """The stdout of a run that ended as a lint run ends, decoded as strict UTF-8."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode in codes, stderr
    assert "Traceback" not in stderr, stderr
    return result.stdout.decode("utf-8") if result.stdout is not None else ""


def with_capture_rule(address: str) -> str:
    """The clean configuration with one extra SMS rule for ``address`` (CO201, CO202 quote it)."""
    extra = f'      - from: "{address}"\n        to: "*"\n'
    return BASELINE_YAML + extra


# --------------------------------------------------------------------------- 1. lone surrogates


def test_a_lone_surrogate_in_a_value_is_written_by_every_format(tmp_path):
    document = {
        "displayName": "\ud800",
        "channelSettings": {"SMS": {"captureRules": [{"from": "\ud800+1206", "to": "*"}]}},
    }
    (tmp_path / "f.json").write_text(json.dumps(document), encoding="utf-8")  # the \ud800 escape, as ASCII
    for format_ in FORMATS:
        out = clean_run(run("--no-cache", "--format", format_, "f.json", cwd=tmp_path))
        assert "\\ud800" in out, format_
        if format_ in ("json", "sarif"):
            json.loads(out)
    for extra in ((), ("--format", "json")):
        clean_run(run("--no-cache", "--statistics", *extra, "f.json", cwd=tmp_path))
    clean_run(run("--no-cache", "--write-baseline", "b.json", "f.json", cwd=tmp_path), codes=(0,))
    recorded = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["findings"]
    assert recorded
    # The recorded values hash to the same keys on the next run: every finding is known.
    assert run("--no-cache", "--baseline", "b.json", "f.json", cwd=tmp_path).returncode == 0


def test_match_writes_traffic_with_a_lone_surrogate(tmp_path):
    (tmp_path / "desk.yaml").write_text(BASELINE_YAML, encoding="utf-8")
    line = json.dumps({"channel": "SMS", "from": "\ud800", "to": "+12065550134"})
    (tmp_path / "t.jsonl").write_text(line + "\n", encoding="utf-8")
    answer = json.loads(clean_run(run("match", "--format", "json", "--traffic", "t.jsonl", cwd=tmp_path)))
    assert answer["traffic"]["from"] == "\ud800"  # its exact JSON escape
    text = clean_run(run("match", "--traffic", "t.jsonl", cwd=tmp_path))
    assert "SMS from \\ud800 to +12065550134" in text


# --------------------------------------------------------------------------- 2. file names


@pytest.fixture
def latin1_named(tmp_path) -> Path:
    """A project whose one configuration is named ``caf\\xe9.yaml`` (not UTF-8)."""
    project = tmp_path / "project"
    project.mkdir()
    try:
        (project / os.fsdecode(b"caf\xe9.yaml")).write_text("displayName: Cafe\n", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes UTF-8 names only")
    return project


def test_a_file_name_that_is_not_utf8_is_written_escaped(latin1_named):
    text = clean_run(run("--no-cache", latin1_named.name, cwd=latin1_named.parent))
    assert "project/caf\\xe9.yaml:1:1: CO102" in text
    findings = json.loads(clean_run(run("--no-cache", "--format", "json", ".", cwd=latin1_named)))
    assert {f["file"] for f in findings} == {"caf\\xe9.yaml"}
    sarif = json.loads(clean_run(run("--no-cache", "--format", "sarif", ".", cwd=latin1_named)))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"caf%E9.yaml"}  # the name's own bytes
    github = clean_run(run("--no-cache", "--format", "github", ".", cwd=latin1_named))
    assert "file=caf\\xe9.yaml," in github
    clean_run(run("--no-cache", "-o", "report.sarif", "--format", "sarif", ".", cwd=latin1_named))
    assert "caf%E9.yaml" in (latin1_named / "report.sarif").read_text(encoding="utf-8")


def test_a_baseline_of_a_non_utf8_name_is_written_and_matches(latin1_named):
    baseline = latin1_named.parent / "b.json"  # outside the project: not linted itself
    baseline.write_text('{"keep": 1}\n')
    clean_run(run("--no-cache", "--write-baseline", "../b.json", ".", cwd=latin1_named), codes=(0,))
    files = {entry["file"] for entry in json.loads(baseline.read_text(encoding="utf-8"))["findings"]}
    assert files == {os.fsdecode(b"project/caf\xe9.yaml")}  # a JSON escape: read back, the same name
    assert run("--no-cache", "--baseline", "../b.json", ".", cwd=latin1_named).returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="needs RLIMIT_FSIZE")
def test_a_baseline_that_cannot_be_written_keeps_the_previous_one(tmp_path):
    import resource
    import signal

    def small_files() -> None:  # any file write beyond 100 bytes fails (EFBIG), as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    (tmp_path / "bad.yaml").write_text("displayName: Bad!\n")
    previous = '{"version": 1, "tool": "co-lint", "findings": []}\n'
    (tmp_path / "b.json").write_text(previous)
    result = run("--no-cache", "--write-baseline", "b.json", "bad.yaml", cwd=tmp_path, preexec_fn=small_files)
    assert result.returncode == 2 and b"co-lint: error: cannot write" in result.stderr
    assert b"Traceback" not in result.stderr
    assert (tmp_path / "b.json").read_text() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json", "bad.yaml"]  # no temporary file left


# --------------------------------------------------------------------------- 3. stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ("bad.yaml",),  # the plain path (co_lint/entry.py)
        ("--format", "sarif", "bad.yaml"),  # through click
        ("match", "--channel", "SMS", "--from", "+12065550134", "--to", "+1"),
        ("rules",),
        ("--version",),
    ],
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_2(tmp_path, args):
    (tmp_path / "bad.yaml").write_text("displayName: Bad!\n")
    with open("/dev/full", "w") as full:
        result = run(*args, cwd=tmp_path, stdout=full)
    assert result.returncode == 2
    assert result.stderr.decode() == "co-lint: error: cannot write to standard output: No space left on device\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file descriptors")
def test_a_closed_stdout_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "bad.yaml").write_text("displayName: Bad!\n")
    result = run("--no-cache", "bad.yaml", cwd=tmp_path, stdout=None, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2
    assert result.stderr.decode() == "co-lint: error: cannot write to standard output: it is closed\n"
    # With -o nothing goes to stdout: the run works.
    result = run("--no-cache", "-o", "r.txt", "bad.yaml", cwd=tmp_path, stdout=None, preexec_fn=lambda: os.close(1))
    assert result.returncode == 1 and "CO102" in (tmp_path / "r.txt").read_text()


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
@pytest.mark.parametrize("args", [("bad.yaml",), ("--format", "sarif", "bad.yaml")])
def test_a_closed_pipe_still_exits_1_quietly(tmp_path, args):
    """A guard, not a fix: the full-disk handling must leave a closed pipe as it was."""
    (tmp_path / "bad.yaml").write_text("displayName: Bad!\n")
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = run(*args, cwd=tmp_path, stdout=writer)
    finally:
        os.close(writer)
    assert result.returncode == 1 and result.stderr == b""


# --------------------------------------------------------------------------- 4. secrets in keys


def _with_secret_key(token: str) -> str:
    return BASELINE_YAML.replace("  SMS:\n", f'  "Bearer {token}": {{}}\n  SMS:\n', 1)


def test_a_credential_written_as_a_key_is_masked_in_every_format(tmp_path):
    (tmp_path / "k.yaml").write_text(_with_secret_key("zzzzyyyyxxxxwwwwvvvv1234"))
    for format_ in FORMATS:
        out = clean_run(run("--no-cache", "--format", format_, "k.yaml", cwd=tmp_path))
        assert "zzzz…1234" in out and "yyyyxxxx" not in out, format_
    findings = json.loads(run("--no-cache", "--format", "json", "k.yaml", cwd=tmp_path).stdout)
    [finding] = [f for f in findings if f["rule"] == "CO101"]
    assert finding["pointer"] == "/channelSettings/Bearer zzzz…1234"


def test_sarif_fingerprints_do_not_hash_a_credential_in_a_key(tmp_path):
    """Two secrets masked alike give one fingerprint: the secret is not part of what is hashed."""
    fingerprints = []
    for token in ("zzzzyyyyxxxxwwwwvvvv1234", "zzzzAAAABBBBCCCCDDDD1234"):
        folder = tmp_path / token
        folder.mkdir()
        (folder / "k.yaml").write_text(_with_secret_key(token))
        sarif = json.loads(clean_run(run("--no-cache", "--format", "sarif", "k.yaml", cwd=folder)))
        [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "CO101"]
        fingerprints.append(result["partialFingerprints"])
    assert fingerprints[0] == fingerprints[1]


# --------------------------------------------------------------------------- 5. terminal escapes


def test_terminal_escapes_in_quoted_values_are_escaped_in_every_format(tmp_path):
    (tmp_path / "e.yaml").write_text(with_capture_rule("\\e[31m+1206\\u202e"))  # YAML escapes: ESC, RLO
    for format_ in FORMATS:
        out = clean_run(run("--no-cache", "--format", format_, "e.yaml", cwd=tmp_path))
        assert "\x1b" not in out and "\u202e" not in out, format_
        if format_ == "json":
            messages = [f["message"] for f in json.loads(out)]
        elif format_ == "sarif":
            messages = [r["message"]["text"] for r in json.loads(out)["runs"][0]["results"]]
        else:
            messages = [line for line in out.splitlines() if "CO202" in line]
        quoted = [m for m in messages if "is not an E.164 phone number" in m]
        assert quoted and all('"\\x1b[31m+1206\\u202e"' in m for m in quoted), format_


def test_match_escapes_terminal_escapes_in_the_traffic(tmp_path):
    (tmp_path / "desk.yaml").write_text(BASELINE_YAML)
    out = clean_run(run("match", "--channel", "SMS", "--from", "\x1b[31m+1", "--to", "+12065550134", cwd=tmp_path))
    assert "\x1b" not in out and "SMS from \\x1b[31m+1 to +12065550134" in out


# --------------------------------------------------------------------------- 6. malformed baselines


@pytest.mark.parametrize(
    "entry",
    [
        {"rule": "CO102", "file": "bad.yaml", "fingerprint": "x", "content": [1]},
        {"rule": "CO102", "file": "bad.yaml", "fingerprint": "x", "content": {"a": 1}},
        {"rule": "CO102", "file": "bad.yaml", "fingerprint": "x", "content": 5},
    ],
)
def test_a_malformed_baseline_entry_is_a_clean_error(tmp_path, entry):
    (tmp_path / "bad.yaml").write_text("displayName: Bad!\n")
    (tmp_path / "b.json").write_text(json.dumps({"version": 1, "findings": [entry]}))
    result = run("--no-cache", "--baseline", "b.json", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert b"not a co-lint baseline" in result.stderr and b"Traceback" not in result.stderr


def test_a_deeply_nested_baseline_is_a_clean_error(tmp_path):
    (tmp_path / "bad.yaml").write_text("displayName: Bad!\n")
    (tmp_path / "b.json").write_text("[" * 100_000 + "]" * 100_000)
    result = run("--no-cache", "--baseline", "b.json", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert b"not a co-lint baseline" in result.stderr and b"Traceback" not in result.stderr


# --------------------------------------------------------------------------- written reports (lead)


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_a_report_written_to_dev_stdout_reaches_a_pipe(tmp_path):
    """``-o /dev/stdout`` is a link to the pipe: written directly, not replaced."""
    (tmp_path / "a.yaml").write_text("displayName: A\n")
    result = run("--no-cache", "--format", "json", "-o", "/dev/stdout", "a.yaml", cwd=tmp_path)
    assert json.loads(clean_run(result, codes=(1,)))[0]["file"] == "a.yaml"


def test_a_report_or_baseline_we_may_not_write_is_refused_not_replaced(tmp_path):
    import stat

    (tmp_path / "a.yaml").write_text("displayName: A\n")
    for option in ("-o", "--write-baseline"):
        target = tmp_path / f"kept{option}.json"
        target.write_text("previous\n")
        target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        try:
            command = [CO_LINT, "--no-cache", option, target.name, "a.yaml"]
            if os.geteuid() == 0:  # root may write any file: drop that power, as a user has none
                command = [
                    "setpriv",
                    "--inh-caps=-all",
                    "--bounding-set=-dac_override,-dac_read_search",
                    "--",
                    *command,
                ]
            result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        finally:
            target.chmod(stat.S_IRUSR | stat.S_IWUSR)
        assert result.returncode == 2 and "Permission denied" in result.stderr, result.stderr
        assert target.read_text() == "previous\n"


def test_error_lines_escape_a_file_names_terminal_escapes(tmp_path):
    result = run("\x1b[31mmissing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == b"co-lint: error: \\x1b[31mmissing.yaml: no such file or directory\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_under_click_with_a_stdout_that_is_not_utf8_is_exit_2(tmp_path, monkeypatch):
    """click then writes through its own wrapper of stdout's buffer, past co-lint's guard."""
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    with open("/dev/full", "wb") as full:
        result = run("rules", cwd=tmp_path, stdout=full)
    assert result.returncode == 2
    assert result.stderr == b"co-lint: error: cannot write to standard output: No space left on device\n"
