"""Gaps left by the last review, through the console script.

CO008 about itself, options ``--diff`` cannot honour, case-insensitive suffixes in directory
walks, the files of the text summary, the ``fix`` field of the JSON report, and the
``baseline`` setting.
"""

from __future__ import annotations

import json

import pytest
from test_changes import git
from test_fixes import SMS

from conftest import BASELINE_YAML
from test_cli import run

# A configuration with one stale suppression (nothing on that line is reported).
STALE = BASELINE_YAML.replace('to: "*"\n', 'to: "*"  # co-lint: disable=CO202\n')
ONE_WAY = SMS + '      - from: "+12065550134"\n        to: "*"\n'


def report(directory, *args):
    result = run("--format", "json", *args, cwd=directory)
    assert result.returncode in (0, 1), result.stderr
    return result, json.loads(result.stdout)


# --------------------------------------------------------------------------- 1. CO008 about itself


def test_stale_suppression_is_reported_without_a_co008_directive(tmp_path):
    (tmp_path / "a.yaml").write_text(STALE)
    result, found = report(tmp_path)
    assert [(f["rule"], f["line"]) for f in found] == [("CO008", 13)]


def test_disable_file_co008_silences_co008_and_is_not_itself_unused(tmp_path):
    (tmp_path / "a.yaml").write_text("# co-lint: disable-file=CO008\n" + STALE)
    result, found = report(tmp_path)
    assert found == [] and result.returncode == 0
    assert run(cwd=tmp_path).stdout == "All checks passed (1 file checked).\n"


def test_disable_file_co008_alone_is_not_unused(tmp_path):
    (tmp_path / "a.yaml").write_text(BASELINE_YAML + "# co-lint: disable-file=CO008\n")
    assert report(tmp_path)[1] == []


def test_disable_file_co008_with_other_ids_judges_only_the_others(tmp_path):
    """CO008 is never unused; an unused id next to it is, and that finding is silenced too."""
    (tmp_path / "a.yaml").write_text("# co-lint: disable-file=CO008,CO201\n" + BASELINE_YAML)
    assert report(tmp_path)[1] == []
    (tmp_path / "a.yaml").write_text("# co-lint: disable-file=CO201,CO008\n" + ONE_WAY)
    assert report(tmp_path)[1] == []


def test_line_directive_naming_co008_silences_co008_on_its_line(tmp_path):
    (tmp_path / "a.yaml").write_text(STALE.replace("disable=CO202", "disable=CO202,CO008"))
    assert report(tmp_path)[1] == []
    # On a line of its own it covers the next line only: a stale directive elsewhere is reported.
    text = "# co-lint: disable=CO008\n" + STALE
    (tmp_path / "a.yaml").write_text(text)
    assert [(f["rule"], f["line"]) for f in report(tmp_path)[1]] == [("CO008", 14)]


def test_co008_silenced_by_a_comment_stays_in_sarif_as_in_source(tmp_path):
    (tmp_path / "a.yaml").write_text("# co-lint: disable-file=CO008\n" + STALE)
    result = run("--format", "sarif", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert [(r["ruleId"], [s["kind"] for s in r["suppressions"]]) for r in results] == [("CO008", ["inSource"])]


def test_misspelt_directive_is_silenced_by_disable_file_co008(tmp_path):
    (tmp_path / "a.yaml").write_text(BASELINE_YAML + "# co-lint: disabel=CO201\n")
    assert [f["rule"] for f in report(tmp_path)[1]] == ["CO008"]
    (tmp_path / "a.yaml").write_text(BASELINE_YAML + "# co-lint: disabel=CO201\n# co-lint: disable-file=CO008\n")
    assert report(tmp_path)[1] == []


def test_per_file_ignore_of_co008_still_silences_it(tmp_path):
    (tmp_path / ".co-lint.yaml").write_text('per-file-ignores:\n  "*.yaml": ["CO008"]\n')
    (tmp_path / "a.yaml").write_text(STALE)
    assert report(tmp_path, "a.yaml")[1] == []


# --------------------------------------------------------------------------- 2. --diff refuses what it ignores


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "json"], "--diff prints a unified diff, not json (--format or $CO_LINT_FORMAT)"),
        (["--format", "sarif"], "--diff prints a unified diff, not sarif (--format or $CO_LINT_FORMAT)"),
        (["--format", "github"], "--diff prints a unified diff, not github (--format or $CO_LINT_FORMAT)"),
        (["--statistics"], "--diff and --statistics cannot be combined: --diff prints the fixes, not counts"),
        (
            ["--write-baseline", "b.json"],
            "--diff and --write-baseline cannot be combined: --diff changes nothing and records nothing",
        ),
        (["-o", "out.txt"], "--diff prints the diff on stdout: -o/--output cannot be combined with it"),
        (["--output", "out.txt"], "--diff prints the diff on stdout: -o/--output cannot be combined with it"),
    ],
)
def test_diff_refuses_options_it_would_ignore(tmp_path, extra, message):
    (tmp_path / "a.yaml").write_text(ONE_WAY)
    result = run("--diff", *extra, "a.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"co-lint: error: {message}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]  # no report, no baseline written


def test_diff_refuses_a_format_from_the_environment(tmp_path):
    (tmp_path / "a.yaml").write_text(ONE_WAY)
    result = run("--diff", "a.yaml", cwd=tmp_path, env={"CO_LINT_FORMAT": "sarif"})
    assert result.returncode == 2
    assert result.stderr.startswith("co-lint: error: --diff prints a unified diff, not sarif")


def test_diff_accepts_the_text_format(tmp_path):
    """Text is the default format: naming it explicitly changes nothing, so it is allowed."""
    (tmp_path / "a.yaml").write_text(ONE_WAY)
    default = run("--diff", "a.yaml", cwd=tmp_path)
    explicit = run("--diff", "--format", "text", "a.yaml", cwd=tmp_path)
    assert default.returncode == explicit.returncode == 1
    assert default.stdout == explicit.stdout and default.stdout.startswith("--- a/a.yaml\n+++ b/a.yaml\n")
    assert explicit.stderr == "co-lint: would fix 1 problem in 1 file\n"


# --------------------------------------------------------------------------- 3. suffixes in any case


def test_directory_walk_reads_suffixes_in_any_case(tmp_path):
    configs = tmp_path / "configs"
    configs.mkdir()
    for name in ("a.yaml", "k.Yaml", "m.YML", "X.JSON", "notes.txt", "README.md"):
        (configs / name).write_text(ONE_WAY if not name.endswith("JSON") else "{\n")
    result, found = report(tmp_path, "configs")
    assert sorted({f["file"] for f in found}) == ["configs/X.JSON", "configs/a.yaml", "configs/k.Yaml", "configs/m.YML"]
    assert "in 4 files.\n" in run("configs", cwd=tmp_path).stdout


def test_exclusion_still_applies_to_suffixes_in_any_case(tmp_path):
    (tmp_path / ".co-lint.yaml").write_text('exclude: ["configs/legacy/**", "**/*.json"]\n')
    (tmp_path / "configs" / "legacy").mkdir(parents=True)
    (tmp_path / "configs" / "legacy" / "old.YAML").write_text(ONE_WAY)
    (tmp_path / "configs" / "X.JSON").write_text("{\n")
    (tmp_path / "configs" / "y.json").write_text("{\n")
    (tmp_path / "configs" / "k.Yaml").write_text(ONE_WAY)
    result, found = report(tmp_path, "configs")
    assert {f["file"] for f in found} == {"configs/k.Yaml"}


def test_settings_include_matches_suffixes_in_any_case(tmp_path):
    """``include`` globs name the suffix in lower case; a given file in upper case is still one."""
    (tmp_path / ".co-lint.yaml").write_text('include: ["configs/**/*.yaml"]\n')
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "k.YAML").write_text(ONE_WAY)
    (tmp_path / "other.YAML").write_text(ONE_WAY)
    assert {f["file"] for f in report(tmp_path, "configs/k.YAML", "other.YAML")[1]} == {"configs/k.YAML"}
    assert {f["file"] for f in report(tmp_path, ".")[1]} == {"configs/k.YAML"}


def test_git_project_set_holds_suffixes_in_any_case(tmp_path):
    """Without settings the project set is git's files: a duplicate name in k.Yaml is seen."""
    git(tmp_path, "init", "-q")
    (tmp_path / "a.yaml").write_text(BASELINE_YAML)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "k.Yaml").write_text(BASELINE_YAML.replace("0134", "0199"))
    result, found = report(tmp_path, "a.yaml")
    co303 = [f for f in found if f["rule"] == "CO303"]
    assert [r["file"] for f in co303 for r in f["related"]] == ["sub/k.Yaml"]


def test_base_follows_suffixes_in_any_case(tmp_path):
    """--base sees a deleted ``Pier.YAML`` as the walk would have read it (CO706)."""
    git(tmp_path, "init", "-q")
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "a.yaml").write_text(BASELINE_YAML)
    (tmp_path / "configs" / "Pier.YAML").write_text(BASELINE_YAML.replace("Harbor", "Pier").replace("0134", "0199"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "two")
    git(tmp_path, "rm", "-q", "configs/Pier.YAML")
    result, found = report(tmp_path, "--base", "HEAD", "configs")
    assert [(f["rule"], f["file"]) for f in found] == [("CO706", "configs/Pier.YAML")]


# --------------------------------------------------------------------------- 4. files with problems


def test_summary_counts_the_files_with_problems(tmp_path):
    (tmp_path / "a.yaml").write_text(ONE_WAY)
    (tmp_path / "b.yaml").write_text(BASELINE_YAML.replace("Harbor Desk", "Pier Desk").replace("0134", "0177"))
    (tmp_path / "c.yaml").write_text(BASELINE_YAML.replace("Harbor Desk", "Bay Desk").replace("0134", "0188"))
    result = run(".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2] == "Found 1 problem (1 error) in 1 file."


def test_summary_with_unreadable_paths_counts_the_files_with_problems(tmp_path):
    (tmp_path / "a.yaml").write_text(ONE_WAY)
    (tmp_path / "b.yaml").write_text(BASELINE_YAML.replace("Harbor Desk", "Pier Desk").replace("0134", "0177"))
    result = run("a.yaml", "b.yaml", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.splitlines()[-2] == (
        "Found 1 problem in 1 file; 1 path could not be checked (see the errors above)."
    )
    result = run("b.yaml", "missing.yaml", cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == (
        "No problems in 1 file read, but 1 path could not be checked (see the errors above)."
    )


# --------------------------------------------------------------------------- 5. the JSON fix field


def apply_json_edits(text: str, fix: dict) -> str:
    """Apply a JSON report's edits by row and column (1-based, code points; lines split on \\n)."""
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)

    def offset(location: dict) -> int:
        return starts[location["row"] - 1] + location["column"] - 1

    edits = sorted(fix["edits"], key=lambda e: offset(e["location"]), reverse=True)
    for edit in edits:
        start, end = offset(edit["location"]), offset(edit["end_location"])
        text = text[:start] + edit["content"] + text[end:]
    return text


def test_json_report_carries_the_safe_fix(tmp_path):
    (tmp_path / "a.yaml").write_text(ONE_WAY)
    result, [finding] = report(tmp_path, "a.yaml")
    assert finding["rule"] == "CO201"
    fix = finding["fix"]
    assert set(fix) == {"message", "applicability", "edits"} and fix["applicability"] == "safe"
    assert fix["message"] and all(set(e) == {"content", "location", "end_location"} for e in fix["edits"])
    before = (tmp_path / "a.yaml").read_text()
    assert run("--fix", "a.yaml", cwd=tmp_path).returncode == 0
    assert apply_json_edits(before, fix) == (tmp_path / "a.yaml").read_text()


NON_ASCII_JSON = """\
{"displayName": "Hafen \u2013 B\u00fcro \U0001f6a2", "description": "Messaging desk for the harbor office",
 "conversationGroupingType": "GROUP_BY_PARTICIPANT_ADDRESSES",
 "memoryStoreId": "mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n", "intelligenceConfigurationIds": [],
 "channelSettings": {"SMS": {"statusTimeouts": {"inactive": 30, "closed": 1440}, "captureRules": [
  {"from": "\u00e9", "to": "*"}, {"from": "*", "to": "\u00e9"}, {"from": "1 (206) 555-0134", "to": "*"},
  {"from": "*", "to": "+12065550134"}]}}}
"""


@pytest.mark.parametrize("name", ["a.yaml", "a.json"])
def test_json_fix_positions_count_code_points_after_non_ascii_text(tmp_path, name):
    """Columns count code points (as the finding's own columns do), not bytes or UTF-16 units."""
    if name.endswith(".json"):
        text = NON_ASCII_JSON
    else:
        text = SMS.replace("Harbor Desk", "Hafen \u2013 B\u00fcro \U0001f6a2") + (
            '      - {to: "\u00e9", from: "1 (206) 555-0134"}\n      - {from: "*", to: "+12065550134"}\n'
        )
    (tmp_path / name).write_text(text, encoding="utf-8")
    result, found = report(tmp_path, name)
    [one] = [f for f in found if f["rule"] == "CO202" and f["fix"]]
    [edit] = one["fix"]["edits"]
    assert edit["content"] == '"+12065550134"'
    assert edit["location"]["row"] == edit["end_location"]["row"] == one["line"]
    assert edit["location"]["column"] == one["column"]
    fixed = apply_json_edits(text, one["fix"])
    assert fixed == text.replace('"1 (206) 555-0134"', '"+12065550134"')


def test_json_report_fix_is_null_without_a_fix(tmp_path):
    (tmp_path / "a.yaml").write_text(SMS + '      - from: "206-555-0135"\n        to: "*"\n')
    result, found = report(tmp_path, "a.yaml")
    assert {f["rule"]: f["fix"] for f in found if f["rule"] == "CO202"} == {"CO202": None}
    assert all("fix" in f for f in found)


# --------------------------------------------------------------------------- 6. the baseline setting


@pytest.fixture
def recorded(tmp_path):
    """A project whose one finding is recorded in baselines/co-lint.json."""
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "a.yaml").write_text(ONE_WAY)
    (tmp_path / "baselines").mkdir()
    result = run("--write-baseline", "baselines/co-lint.json", "configs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_baseline_setting_is_used_without_the_option(recorded):
    (recorded / ".co-lint.yaml").write_text('baseline: "baselines/co-lint.json"\n')
    result, found = report(recorded, "configs")
    assert found == [] and result.returncode == 0
    # From a subdirectory: the path is relative to the settings file, not the working directory.
    result, found = report(recorded / "configs", ".")
    assert found == [] and result.returncode == 0


def test_baseline_setting_in_pyproject(recorded):
    (recorded / "pyproject.toml").write_text('[tool.co-lint]\nbaseline = "baselines/co-lint.json"\n')
    assert report(recorded, "configs")[1] == []


def test_empty_baseline_option_turns_the_setting_off(recorded):
    (recorded / ".co-lint.yaml").write_text('baseline: "baselines/co-lint.json"\n')
    result, found = report(recorded, "--baseline", "", "configs")
    assert [f["rule"] for f in found] == ["CO201"] and result.returncode == 1


def test_baseline_option_overrides_the_setting(recorded):
    (recorded / ".co-lint.yaml").write_text('baseline: "nowhere.json"\n')
    result, found = report(recorded, "--baseline", "baselines/co-lint.json", "configs")
    assert found == []


def test_missing_baseline_of_the_setting_is_a_usage_error(recorded):
    (recorded / ".co-lint.yaml").write_text('baseline: "nowhere.json"\n')
    result = run("configs", cwd=recorded)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("co-lint: error: ") and "nowhere.json: baseline file not found" in line
    assert "'baseline' setting" in line


def test_write_baseline_records_what_the_setting_would_silence(recorded):
    """--write-baseline records every finding: the setting's baseline does not hide any."""
    (recorded / ".co-lint.yaml").write_text('baseline: "baselines/co-lint.json"\n')
    result = run("--write-baseline", "baselines/co-lint.json", "configs", cwd=recorded)
    assert result.returncode == 0
    assert result.stderr == "co-lint: recorded 1 finding in baselines/co-lint.json\n"


@pytest.mark.parametrize("value", ['""', "3", "[a.json]"])
def test_baseline_setting_must_be_a_path(tmp_path, value):
    (tmp_path / ".co-lint.yaml").write_text(f"baseline: {value}\n")
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith("'baseline' must be the path of a baseline file (see --write-baseline)\n")


def test_baseline_setting_is_listed_among_the_known_keys(tmp_path):
    (tmp_path / ".co-lint.yaml").write_text('baselin: "b.json"\n')
    result = run(cwd=tmp_path)
    assert result.returncode == 2 and "did you mean 'baseline'" in result.stderr
