"""Defects a report review reproduced, each through the console script:

1. a file name (or a value) must not become a GitHub workflow command in a printed report;
2. each CO102 of one mapping has its own fingerprint (SARIF and baseline);
3. a file named through a symbolic link to a directory has the real file's URI;
4. a position past the end of the file is the end of the last line, not its column 1.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from test_sarif import assert_valid, validator  # noqa: F401  (validator: a fixture)

from co_lint.engine import clamp
from co_lint.reporters import render
from co_lint.types import Finding, Related, Span
from conftest import BASELINE_YAML
from test_cli import run

#: A configuration without `description` and `channelSettings` (two CO102 at its root).
LACKING = """\
displayName: Night Shift
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: []
"""

CHANNEL = BASELINE_YAML[BASELINE_YAML.index("channelSettings:") :]  # a clean SMS channel

#: Our own annotations: the only lines that may be workflow commands.
ANNOTATION = re.compile(r"::(error|warning|notice) file=")


def git_repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


def commands_in(output: str) -> list[str]:
    """The lines the Actions runner would read as a command that co-lint did not mean as one:
    ``::`` after leading whitespace (the runner trims it), or ``##[`` anywhere. One of our
    annotations is parsed as the ``::`` command it is first: its message is never read for ``##[``."""
    return [
        line
        for line in output.splitlines()
        if not ANNOTATION.match(line) and (line.lstrip().startswith("::") or "##[" in line)
    ]


# --------------------------------------------------------------------------- 1. workflow commands


@pytest.fixture
def hostile(tmp_path):
    """Two configurations with the same displayName (CO303, related locations both ways), whose
    names are workflow commands; a third quotes ``##[stop-commands]`` in a value."""
    for name in ("::stop-commands::x.yaml", " ::warning title=forged::y.yaml"):
        (tmp_path / name).write_text(LACKING)
    (tmp_path / "z.yaml").write_text(LACKING.replace("Night Shift", '"##[stop-commands]tok"'))
    return tmp_path


def test_text_report_in_github_actions_holds_no_forged_command(hostile):
    """The default in GitHub Actions: the text report, then the annotations, on stdout."""
    result = run("--no-cache", ".", cwd=hostile, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1, result.stderr
    assert commands_in(result.stdout) == []
    lines = result.stdout.splitlines()
    # The same files, named so that no line starts with "::".
    assert any(line.startswith("./::stop-commands::x.yaml:1:14: CO303 [warning]") for line in lines)
    assert any(line.startswith("./ ::warning title=forged::y.yaml:1:1: CO102") for line in lines)
    assert any(line.startswith("    ./::stop-commands::x.yaml:1:14: ") for line in lines)  # a related location
    assert any(line.startswith("::warning file=%3A%3Astop-commands%3A%3Ax.yaml,") for line in lines)
    assert "##\\x5bstop-commands]tok" in result.stdout


def test_coloured_text_report_holds_no_forged_command():
    findings = [
        Finding(
            "CO303",
            "warning",
            "displayName '##[stop-commands]tok' is also used by ::stop-commands::x.yaml",
            "::stop-commands::x.yaml",
            Span.at(1, 14),
            related=[Related(" ::warning title=forged::y.yaml", Span.at(1, 14), "the same displayName")],
        )
    ]
    for color in (False, True):
        text = render("text", findings, files=2, color=color)
        stripped = re.sub("\033\\[[0-9;]*m", "", text)
        assert commands_in(stripped) == [], text
        assert "./::stop-commands::x.yaml" in stripped and "./ ::warning title=forged::y.yaml" in stripped


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_reports_hold_no_legacy_command_but_the_same_strings(hostile, fmt):
    result = run("--no-cache", "--format", fmt, ".", cwd=hostile)
    assert result.returncode == 1, result.stderr
    assert commands_in(result.stdout) == []
    assert "##\\u005bstop-commands]tok" in result.stdout
    report = json.loads(result.stdout)
    messages = (
        [f["message"] for f in report]
        if fmt == "json"
        else [r["message"]["text"] for r in report["runs"][0]["results"]]
    )
    assert any("displayName: '##[stop-commands]tok' does not match" in m for m in messages)


# --------------------------------------------------------------------------- 2. CO102 fingerprints


def co102_fingerprints(cwd: Path) -> dict[str, str]:
    result = run("--no-cache", "--format", "sarif", "d.yaml", cwd=cwd)
    assert result.returncode == 1, result.stderr
    return {
        r["message"]["text"]: r["partialFingerprints"]["co-lint/v1"]
        for r in json.loads(result.stdout)["runs"][0]["results"]
        if r["ruleId"] == "CO102"
    }


def test_each_missing_property_has_its_own_sarif_fingerprint(tmp_path):
    (tmp_path / "d.yaml").write_text(LACKING)
    before = co102_fingerprints(tmp_path)
    description = "missing required property 'description' in the configuration"
    channels = "missing required property 'channelSettings' in the configuration"
    assert set(before) == {description, channels}
    assert before[description].split(":")[0] != before[channels].split(":")[0]
    (tmp_path / "d.yaml").write_text(LACKING + CHANNEL)
    after = co102_fingerprints(tmp_path)
    assert after == {description: before[description]}  # the same alert stays open


def test_a_baseline_tells_missing_properties_apart(tmp_path):
    (tmp_path / "e.yaml").write_text(LACKING)
    result = run("--no-cache", "--write-baseline", "bl.json", "e.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # displayName now missing, description added: one new CO102.
    (tmp_path / "e.yaml").write_text(LACKING.replace("displayName: Night Shift\n", "") + "description: x\n")
    result = run("--no-cache", "--baseline", "bl.json", "e.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith(
        "e.yaml:1:1: CO102 [error] missing required property 'displayName' in the configuration\n"
    )
    assert "Found 1 problem" in result.stdout


# --------------------------------------------------------------------------- 3. symbolic links


@pytest.fixture
def linked(tmp_path):
    repo = git_repo(tmp_path / "repo")
    (repo / "sub dir").mkdir()
    (repo / "sub dir" / "a b.yaml").write_text("colour: x\n")
    (repo / "linkdir").symlink_to("sub dir")
    return repo


def sarif_locations(cwd: Path, path: str, validator) -> list[tuple[str, str]]:  # noqa: F811
    result = run("--no-cache", "--format", "sarif", path, cwd=cwd)
    sarif = json.loads(result.stdout)
    assert_valid(validator, sarif)
    return [
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["partialFingerprints"]["co-lint/v1"])
        for r in sarif["runs"][0]["results"]
    ]


def test_a_file_named_through_a_linked_directory_has_its_real_uri(linked, validator):  # noqa: F811
    through_link = sarif_locations(linked, "linkdir", validator)
    assert through_link and {uri for uri, _ in through_link} == {"sub%20dir/a%20b.yaml"}
    assert through_link == sarif_locations(linked, "sub dir", validator)
    assert through_link == sarif_locations(linked / "sub dir", ".", validator)  # and from anywhere
    annotations = run("--no-cache", "--format", "github", "linkdir", cwd=linked).stdout.splitlines()
    assert annotations and all(line.startswith("::") and ",file=" not in line for line in annotations)
    assert all("file=sub dir/a b.yaml," in line for line in annotations), annotations


def test_a_link_to_a_directory_outside_the_repository_keeps_its_name(tmp_path, validator):  # noqa: F811
    repo = git_repo(tmp_path / "repo")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "a.yaml").write_text("colour: x\n")
    (repo / "shared").symlink_to(tmp_path / "shared")
    assert {uri for uri, _ in sarif_locations(repo, "shared", validator)} == {"shared/a.yaml"}


# --------------------------------------------------------------------------- 4. positions at the end


def test_an_error_at_the_end_of_the_stream_is_at_the_end_of_the_last_line(tmp_path, validator):  # noqa: F811
    (tmp_path / "a.yaml").write_text('displayName: "abc\n')  # an unclosed quote: libyaml stops at 2:1
    result = run("--no-cache", "--format", "sarif", "a.yaml", cwd=tmp_path)
    sarif = json.loads(result.stdout)
    assert_valid(validator, sarif)
    (only,) = sarif["runs"][0]["results"]
    assert only["ruleId"] == "CO001"
    region = only["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 18, "endLine": 1, "endColumn": 18}
    assert run("--no-cache", "a.yaml", cwd=tmp_path).stdout.startswith("a.yaml:1:18: CO001 [error]")


def test_a_document_that_runs_to_the_end_of_the_file_ends_after_its_last_character(tmp_path):
    (tmp_path / "d.yaml").write_text(LACKING)
    findings = json.loads(run("--no-cache", "--format", "json", "d.yaml", cwd=tmp_path).stdout)
    missing = [f for f in findings if f["rule"] == "CO102"]
    assert missing and all((f["line"], f["column"]) == (1, 1) for f in missing)
    last = LACKING.splitlines()[-1]
    assert all((f["end_line"], f["end_column"]) == (4, len(last) + 1) for f in missing)


def test_clamp():
    lengths = [17]  # one line of 17 characters
    assert clamp(Span(2, 1, 2, 2), lengths) == Span(1, 18, 1, 18)
    assert clamp(Span(1, 1, 2, 1), lengths) == Span(1, 1, 1, 18)
    assert clamp(Span(1, 3, 1, 40), lengths) == Span(1, 3, 1, 18)
    within = Span(1, 2, 1, 5)
    assert clamp(within, lengths) is within
    assert clamp(Span(3, 1, 3, 1), [4, 0]) == Span(2, 1, 2, 1)  # an empty last line


# --------------------------------------------------------------------------- 1b. match and error lines


def test_match_report_holds_no_forged_command(tmp_path):
    """``co-lint match`` names files at the start of an indented line and quotes displayNames."""
    text = LACKING.replace("Night Shift", '"##[stop-commands]tok"') + CHANNEL
    for name in ("::stop-commands::x.yaml", "::warning title=forged::y.yaml"):
        (tmp_path / name).write_text(text)
    result = run("match", "--channel", "SMS", "--from", "+14155550123", "--to", "+12065550134", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr  # captured by two configurations
    assert commands_in(result.stdout) == [], result.stdout
    assert "./::stop-commands::x.yaml:" in result.stdout and "##\\x5bstop-commands]tok" in result.stdout


@pytest.mark.parametrize(
    "command", [(), ("match", "--channel", "SMS", "--from", "+14155550123", "--to", "+12065550134")]
)
def test_error_lines_hold_no_legacy_command(tmp_path, command):
    result = run(*command, "##[stop-commands]x.yaml", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "co-lint: error: ##\\x5bstop-commands]x.yaml" in result.stderr
    assert commands_in(result.stderr) == []
