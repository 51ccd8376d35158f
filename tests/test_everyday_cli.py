"""--statistics, ``co-lint schema``, stdin and the rule docs, through the console script."""

from __future__ import annotations

import json

from test_fixes import META, SMS, run_with_stdin

from co_lint.schemas import SCHEMA_PATH
from test_cli import run

# Three findings of CO201 (fixable: SMS), two of CO202 (not fixable: ten digits), one CO401 (fixable).
MIXED = (
    SMS
    + '      - from: "+12065550134"\n        to: "*"\n'
    + '      - from: "206-555-0135"\n        to: "*"\n'
    + '      - from: "*"\n        to: "206-555-0136"\n'
    + '  VOICE:\n    captureRules:\n      - from: "*"\n        to: "+12065550177"\n'
    + '      - from: "+12065550177"\n        to: "*"\n'
)


def test_statistics_like_ruff(tmp_path):
    (tmp_path / "a.yaml").write_text(MIXED)
    result = run("--statistics", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "3\tCO201\t[*] capture-not-bidirectional\n2\tCO202\t[ ] address-not-e164\n1\tCO401\t[*] voice-status-timeouts\n"
    )


def test_statistics_as_json_and_without_findings(tmp_path):
    (tmp_path / "a.yaml").write_text(MIXED)
    rows = json.loads(run("--statistics", "--format", "json", "a.yaml", cwd=tmp_path).stdout)
    assert rows[0] == {
        "code": "CO201",
        "name": "capture-not-bidirectional",
        "count": 3,
        "fixable": True,
        "fixable_count": 3,
    }
    assert [(r["code"], r["fixable_count"]) for r in rows] == [("CO201", 3), ("CO202", 0), ("CO401", 1)]
    (tmp_path / "b.yaml").write_text(META + "  SMS:\n    statusTimeouts: {closed: 60}\n    captureRules: []\n")
    result = run("--statistics", "b.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_statistics_counts_only_unsuppressed_findings(tmp_path):
    (tmp_path / "a.yaml").write_text(MIXED + "# co-lint: disable-file=CO201\n")
    result = run("--statistics", "a.yaml", cwd=tmp_path)
    assert result.stdout == "2\tCO202\t[ ] address-not-e164\n1\tCO401\t[*] voice-status-timeouts\n"


def test_statistics_is_not_a_sarif_report(tmp_path):
    result = run("--statistics", "--format", "sarif", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "co-lint: error: --statistics prints a table (text or json), not sarif\n"


def test_text_report_names_the_fixable_findings(tmp_path):
    (tmp_path / "a.yaml").write_text(MIXED)
    lines = run("a.yaml", cwd=tmp_path).stdout.splitlines()
    assert lines[-2:] == [
        "Found 6 problems (5 errors, 1 warning) in 1 file.",
        "[*] 4 fixable with `co-lint --fix` (`--diff` to see the changes first).",
    ]


def test_schema_subcommand_prints_the_json_schema():
    result = run("schema")
    assert result.returncode == 0
    assert result.stdout == SCHEMA_PATH.read_text(encoding="utf-8")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "channelSettings" in schema["properties"]


def test_stdin_with_a_file_name(tmp_path):
    text = SMS + '      - from: "+12065550134"\n        to: "*"\n'
    result = run_with_stdin(["--format", "json", "-", "--stdin-filename", "configs/desk.yaml"], text, tmp_path)
    assert result.returncode == 1, result.stderr
    assert [(f["file"], f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)] == [
        ("configs/desk.yaml", "CO201", 12, 15)
    ]


def test_stdin_without_a_name_is_sniffed(tmp_path):
    result = run_with_stdin(["-"], '{"displayName": "x",}', tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("stdin.json:1:21: CO001 [error] invalid JSON")
    result = run_with_stdin(["-"], "displayName: [\n", tmp_path)
    # libyaml's end of the stream (after the final newline) is the end of the last line.
    assert result.stdout.startswith("stdin.yaml:1:15: CO001 [error] invalid YAML")


def test_stdin_stands_for_the_file_on_disk(tmp_path):
    """An editor's unsaved buffer: the saved file is not read, the rest of the project is."""
    (tmp_path / ".co-lint.yaml").write_text(
        'include: ["configs/*.yaml"]\nper-file-ignores:\n  "configs/old*": ["CO5"]\n'
    )
    configs = tmp_path / "configs"
    configs.mkdir()
    pair = '      - from: "+12065550134"\n        to: "*"\n      - from: "*"\n        to: "+12065550134"\n'
    (configs / "desk.yaml").write_text(SMS + pair)
    (configs / "night.yaml").write_text(SMS.replace("Harbor Desk", "Night Desk") + pair.replace("0134", "0199"))
    buffer = SMS + pair.replace("0134", "0199")
    result = run_with_stdin(["--format", "json", "-", "--stdin-filename", "configs/desk.yaml"], buffer, tmp_path)
    found = json.loads(result.stdout)
    assert {(f["file"], f["rule"]) for f in found} == {("configs/desk.yaml", "CO301")}
    assert found[0]["related"][0]["file"] == "configs/night.yaml"
    result = run_with_stdin(
        ["--format", "json", "-", "--stdin-filename", "configs/old.yaml"],
        MIXED.replace("intelligenceConfigurationIds: []\n", ""),
        tmp_path,
    )
    assert "CO501" not in {f["rule"] for f in json.loads(result.stdout)}


def test_stdin_filename_needs_the_dash(tmp_path):
    result = run("--stdin-filename", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "co-lint: error: --stdin-filename needs the path - (read the configuration from stdin)\n"


def test_rule_docs_of_co008():
    result = run("rule", "CO008")
    assert result.returncode == 0
    assert result.stdout.startswith(
        "# CO008 unused-suppression (note)\n\nA suppression comment that suppressed nothing."
    )
    assert "## Why is this bad?" in result.stdout
    listing = run("rules").stdout
    assert any(line.startswith("CO008  unused-suppression") for line in listing.splitlines())
