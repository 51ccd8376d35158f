"""A second review of "a file name or a value never forges a GitHub Actions workflow command".

The runner (actions/runner) reads a step's output with ``StreamReader.ReadLine``, which ends
a line at LF, CR or CRLF (a bare CR splits a line; U+2028 and NEL do not), and gives each
line to ``ActionCommand.TryParseV2`` (``::command::`` once ``String.TrimStart()`` has removed
the leading Unicode whitespace) and then ``ActionCommand.TryParse`` (``##[command]`` anywhere).
:func:`forged` reads output the same way. Each test feeds a value or a name that the run
prints on a line the reports did not yet guard.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BASELINE_YAML
from test_cli import CO_LINT

#: What .NET's ``Char.IsWhiteSpace`` (and so ``String.TrimStart()``) removes.
DOTNET_WHITESPACE = (
    "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
)
#: Our own annotations (``--format github``, or after the text report in Actions).
OURS = re.compile(r"::(error|warning|notice) file=")


def runner_lines(output: bytes | str) -> list[str]:
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    return re.split(r"\r\n|\r|\n", text)


def forged(output: bytes | str) -> list[str]:
    """The lines the runner would take for a workflow command co-lint did not mean."""
    return [
        line
        for line in runner_lines(output)
        if not OURS.match(line) and (line.lstrip(DOTNET_WHITESPACE).startswith("::") or "##[" in line)
    ]


def co_lint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The console script, its output as bytes (a bare CR stays a CR)."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([CO_LINT, *args], cwd=cwd, capture_output=True, env=environment, timeout=120)


def git_repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


def test_forged_reads_lines_as_the_runner_does():
    assert forged(b"ok\r::notice title=x::y\n") == ["::notice title=x::y"]
    assert forged("\u3000::stop-commands::t") == ["\u3000::stop-commands::t"]
    assert forged("a ##[stop-commands]t") == ["a ##[stop-commands]t"]
    assert forged("::error file=a.yaml,line=1::##[x]") == []  # our annotation, parsed as such first
    assert forged("./::x.yaml:1:1: ##\\x5bx] a\u2028::b") == []


# --------------------------------------------------------------------------- error lines (settings)

#: Settings a pull request can carry, each refused with a ``co-lint: error:`` line that quotes it.
HOSTILE_SETTINGS = {
    "baseline path with a CR": 'baseline: "x\\r::notice title=forged::y.json"\n',
    "unknown setting": '"##[stop-commands]tok": 1\n',
    "select": 'select: ["##[stop-commands]tok"]\n',
    "fail-level": 'fail-level: "##[stop-commands]tok"\n',
}


@pytest.mark.parametrize("settings", HOSTILE_SETTINGS.values(), ids=HOSTILE_SETTINGS.keys())
def test_a_settings_value_never_forges_a_command_in_a_lint_error(tmp_path, settings):
    (tmp_path / "ok.yaml").write_text(BASELINE_YAML)
    (tmp_path / ".co-lint.yaml").write_text(settings)
    result = co_lint("--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(b"co-lint: error: ")
    assert forged(result.stderr) == [], result.stderr


def test_a_settings_value_never_forges_a_command_in_the_rules_listing(tmp_path):
    (tmp_path / ".co-lint.yaml").write_text(HOSTILE_SETTINGS["select"])
    result = co_lint("rules", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert forged(result.stdout + result.stderr) == [], result.stderr


@pytest.mark.parametrize(
    "line",
    [
        '{"channel": "SMS", "from": "+14155550123", "to": "+12065550134", "##[stop-commands]tok": 1}',
        '{"channel": "##[stop-commands]tok", "from": "+14155550123", "to": "+12065550134"}',
    ],
    ids=["unknown key", "unknown channel"],
)
def test_a_traffic_line_never_forges_a_command_in_a_match_error(tmp_path, line):
    (tmp_path / "ok.yaml").write_text(BASELINE_YAML)
    (tmp_path / "traffic.jsonl").write_text(line + "\n")
    result = co_lint("match", "--traffic", "traffic.jsonl", ".", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert forged(result.stdout + result.stderr) == [], result.stderr


# --------------------------------------------------------------------------- the SARIF limit warning


def test_the_sarif_limit_warning_never_forges_a_command(tmp_path):
    """A result with 1,000 related locations (CO301: one rule overlapped by 1,000 of another
    file) is cut, and stderr says so, naming the file."""
    repo = git_repo(tmp_path / "repo")
    (repo / "##[stop-commands]a.yaml").write_text(
        'channelSettings:\n  SMS:\n    captureRules:\n      - {from: "+13125550191", to: "*"}\n'
    )
    rules = "".join(f'      - {{from: "+13125550191", to: "+1206555{n:04d}"}}\n' for n in range(1000))
    (repo / "b.yaml").write_text("channelSettings:\n  SMS:\n    captureRules:\n" + rules)
    result = co_lint("--no-cache", "--format", "sarif", ".", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert b"co-lint: warning: SARIF limit: CO301 at ##\\x5bstop-commands]a.yaml:4: 1000 related" in result.stderr
    assert forged(result.stderr) == [], result.stderr
    assert forged(result.stdout) == []


# --------------------------------------------------------------------------- --diff headers


def test_diff_headers_never_forge_a_command(tmp_path):
    """``--- a/NAME`` and ``+++ b/NAME``: git quotes a name, and reads ``\\133`` as ``[``, so a
    header can name the file without ``##[`` and still apply."""
    git_repo(tmp_path)
    (tmp_path / "##[stop-commands]x.yaml").write_bytes(
        b'channelSettings:\n  SMS:\n    captureRules:\n      - {from: +13125550191, to: "*"}\n'
    )
    result = co_lint("--no-cache", "--diff", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert b"@@ -1,4 +1,5 @@" in result.stdout
    assert forged(result.stdout) == [], result.stdout
    assert forged(result.stderr) == []


# --------------------------------------------------------------------------- co-lint export


@pytest.mark.parametrize("newline", ["\\r", "\\n"], ids=["CR", "LF"])
def test_export_notes_never_forge_a_command(tmp_path, newline):
    """``note: FILE describes ID, which the account no longer has``: FILE and ID come from the
    export directory (a checkout), ID from a file's ``id`` value."""
    from live.fake_twilio import default_account
    from live.support import co_lint as live_co_lint

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "stale.yaml").write_text(
        f'id: "CV00000000000000000000000000000000{newline}::notice title=forged::x"\ndisplayName: Old\n'
    )
    (tmp_path / "out" / "##[stop-commands]t.yaml").write_text(
        "id: CV0000000000000000000000000000000f\ndisplayName: Older\n"
    )
    with default_account() as account:
        run = live_co_lint("export", "out", "--api-url", account.url, cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "note: out/stale.yaml describes CV00000000000000000000000000000000" in run.stderr
    assert forged(run.stdout + run.stderr) == [], run.stderr
