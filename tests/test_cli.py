"""The installed console script: exit codes, formats, settings, errors on stderr, SARIF validity."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SHARED

CO_LINT = shutil.which("co-lint", path=str(Path(sys.executable).parent)) or "co-lint"
CLEAN = (REPO / "examples" / "clean" / "harbor-messaging.yaml").read_text()


def run(*args, cwd=None, env=None):
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    if "GITHUB_ACTIONS" not in (env or {}):  # in GitHub Actions co-lint would add annotations
        environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([CO_LINT, *args], cwd=cwd, capture_output=True, text=True, env=environment, timeout=60)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "good.yaml").write_text(CLEAN)
    return tmp_path


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("co-lint ")


def test_python_dash_m():
    result = subprocess.run([sys.executable, "-m", "co_lint", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "co-lint" in result.stdout


def test_clean_file_exits_0(project):
    result = run("good.yaml", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout


def test_examples_exit_1_with_located_findings():
    result = run("examples/", cwd=REPO)
    assert result.returncode == 1
    assert "examples/problems/broken.json:3:3: CO001 [error]" in result.stdout


def test_default_path_is_current_directory(project):
    (project / "good.yaml").rename(project / "bad.yaml")
    (project / "bad.yaml").write_text(CLEAN.replace("displayName: Harbor Messaging", "displayName: Bad Name!"))
    result = run(cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("bad.yaml:4:14: CO105 [error]")


def test_missing_path_is_exit_2_one_line_on_stderr(project):
    result = run("nope.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == "co-lint: error: nope.yaml: no such file or directory"
    assert "Traceback" not in result.stderr


def test_unreadable_file_is_exit_2_and_others_still_linted(project):
    (project / "dangling.yaml").symlink_to(project / "gone.yaml")
    (project / "bad.yaml").write_text("colour: x\n" + CLEAN)
    result = run("--format", "json", "dangling.yaml", "bad.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("co-lint: error: dangling.yaml: cannot read:")
    assert json.loads(result.stdout)[0]["rule"] == "CO101"


def test_usage_error_is_exit_2(project):
    result = run("--format", "xml", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_fail_level(project):
    (project / "good.yaml").write_text("version: 3\n" + CLEAN)  # CO107 is a note
    assert run(cwd=project).returncode == 0
    assert run("--fail-level", "note", cwd=project).returncode == 1


def test_select_and_ignore_by_prefix(project):
    (project / "good.yaml").write_text("version: 3\ncolour: x\n" + CLEAN)
    out = run("--format", "json", cwd=project).stdout
    assert {f["rule"] for f in json.loads(out)} == {"CO101", "CO107"}
    out = run("--format", "json", "--ignore", "CO10", cwd=project).stdout
    assert json.loads(out) == []
    out = run("--format", "json", "--select", "CO107", cwd=project).stdout
    assert [f["rule"] for f in json.loads(out)] == ["CO107"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("value", ["", " ", ","], ids=["empty", "blank", "comma"])
def test_an_empty_rule_selector_is_refused(project, option, value):
    """As in a settings file: an empty id is a prefix of every id, so what it means is not guessed."""
    (project / "good.yaml").write_text("colour: x\n" + CLEAN)
    result = run(option, value, cwd=project)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"co-lint: error: {option} {value!r} holds an empty rule id (a prefix of every id):"
        " write ids or prefixes such as CO2\n"
    )
    # A settings file says the same of its own empty selector.
    (project / ".co-lint.yaml").write_text(f"{option[2:]}: ['']\n")
    result = run(cwd=project)
    assert result.returncode == 2 and "holds an empty rule id (a prefix of every id)" in result.stderr


def test_a_trailing_comma_in_a_rule_selector_is_kept(project):
    """``--ignore CO101,`` (a list joined in a script) names CO101: the empty piece is dropped."""
    (project / "good.yaml").write_text("version: 3\ncolour: x\n" + CLEAN)
    out = run("--format", "json", "--ignore", "CO101,", cwd=project).stdout
    assert [f["rule"] for f in json.loads(out)] == ["CO107"]
    out = run("--format", "json", "--select", ",co107, ,", cwd=project).stdout
    assert [f["rule"] for f in json.loads(out)] == ["CO107"]


def test_settings_in_pyproject_and_unknown_key(project):
    (project / "good.yaml").write_text("colour: x\n" + CLEAN)
    (project / "pyproject.toml").write_text('[tool.co-lint]\nignore = ["CO101"]\n')
    assert run(cwd=project).returncode == 0
    (project / "pyproject.toml").write_text('[tool.co-lint]\nignor = ["CO101"]\n')
    result = run(cwd=project)
    assert result.returncode == 2
    assert "unknown setting 'ignor'" in result.stderr and "did you mean 'ignore'" in result.stderr


def test_settings_found_walking_up_and_levels(project):
    sub = project / "configs"
    sub.mkdir()
    (project / "good.yaml").unlink()
    (sub / "a.yaml").write_text("colour: x\n" + CLEAN)
    (project / ".co-lint.yaml").write_text("levels:\n  CO101: note\n")
    result = run("--format", "json", cwd=sub)
    assert result.returncode == 0
    assert [(f["rule"], f["level"]) for f in json.loads(result.stdout)] == [("CO101", "note")]


def test_output_file_and_stdout_empty(project):
    (project / "good.yaml").write_text("colour: x\n" + CLEAN)
    result = run("-o", "report.json", "--format", "json", cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads((project / "report.json").read_text())[0]["rule"] == "CO101"


def test_github_format_escapes():
    from co_lint.reporters.github import escape_data, escape_property

    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("50%\r\n") == "50%25%0D%0A"


def test_github_format(project):
    (project / "good.yaml").write_text("colour: x\n" + CLEAN)
    result = run("--format", "github", cwd=project)
    assert result.stdout.startswith(
        "::error file=good.yaml,line=1,endLine=1,col=1,endColumn=7,title=CO101 unknown-property::"
    )


def test_color_only_on_request(project):
    (project / "good.yaml").write_text("colour: x\n" + CLEAN)
    assert "\033[" not in run(cwd=project).stdout


def test_rules_lists_every_rule_with_explanation():
    result = run("rules")
    assert result.returncode == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert "CO001" in ids and "CO107" in ids
    explained = run("rule", "CO003")
    assert explained.returncode == 0
    assert "## Why is this bad?" in explained.stdout
    assert run("rule", "CO999").returncode == 2


def _sarif_validator():
    import jsonschema

    schema = json.loads((SHARED / "reference" / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft7Validator(schema)


def test_sarif_of_examples_validates_against_the_official_schema():
    result = run("--format", "sarif", "examples/", cwd=REPO)
    assert result.returncode == 1
    sarif = json.loads(result.stdout)
    errors = list(_sarif_validator().iter_errors(sarif))
    assert errors == [], errors[0].message if errors else ""
    (run_,) = sarif["runs"]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    for result_ in run_["results"]:
        assert rule_ids[result_["ruleIndex"]] == result_["ruleId"]
        location = result_["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert location["region"]["startLine"] >= 1


def test_sarif_uris_do_not_depend_on_the_working_directory():
    from_root = json.loads(run("--format", "sarif", "examples/problems", cwd=REPO).stdout)
    from_sub = json.loads(run("--format", "sarif", "problems", cwd=REPO / "examples").stdout)

    def uris(sarif):
        return sorted(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
        )

    assert uris(from_root) == uris(from_sub)
