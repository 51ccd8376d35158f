"""Defects found in review, each pinned by a test through the installed console script."""

from __future__ import annotations

import json

from conftest import BASELINE_YAML
from test_cli import run


def test_lint_subcommand_is_the_default_command(tmp_path):
    (tmp_path / "c.yaml").write_text(BASELINE_YAML)
    result = run("lint", "c.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""


def test_a_selector_matching_no_rule_is_a_usage_error(tmp_path):
    (tmp_path / "c.yaml").write_text(BASELINE_YAML.replace('"+12065550134"', '"312-555-0100"', 1))
    result = run("--select", "CO2O1", "c.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "'CO2O1' matches no rule" in result.stderr and "did you mean 'CO201'" in result.stderr
    (tmp_path / ".co-lint.yaml").write_text("levels:\n  CO999: note\n")
    assert run("c.yaml", cwd=tmp_path).returncode == 2
    (tmp_path / ".co-lint.yaml").write_text("ignore: [CO5]\n")
    assert run("c.yaml", cwd=tmp_path).returncode == 1  # a prefix that matches rules is fine


def test_an_unreadable_path_does_not_print_all_checks_passed(tmp_path):
    result = run("missing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "All checks passed" not in result.stdout
    assert "1 path could not be checked" in result.stdout


def test_a_multiline_value_keeps_one_finding_per_line(tmp_path):
    text = BASELINE_YAML.replace(
        '      - from: "+12065550134"\n        to: "*"\n', '      - from: |\n          +12065550199\n        to: "*"\n'
    )
    (tmp_path / "c.yaml").write_text(text)
    lines = run("--no-color", "c.yaml", cwd=tmp_path).stdout.splitlines()
    assert all(line.startswith(("c.yaml:", "Found", "[*]")) for line in lines), lines


def test_json_whole_configuration_finding_is_at_the_first_key_even_if_it_is_duplicated(tmp_path):
    (tmp_path / "c.json").write_text('{"displayName": "A", "displayName": "B"}\n')
    found = json.loads(run("--format", "json", "c.json", cwd=tmp_path).stdout)
    positions = {(f["rule"], f["line"], f["column"]) for f in found}
    assert ("CO501", 1, 2) in positions and ("CO002", 1, 22) in positions


def test_a_fix_that_would_copy_a_credential_is_not_offered(tmp_path):
    text = BASELINE_YAML + '      - from: "Bearer abcdefghijklmnopqrstuvwxyz0127"\n        to: "*"\n'
    (tmp_path / "c.yaml").write_text(text)
    sarif = run("--format", "sarif", "c.yaml", cwd=tmp_path).stdout
    assert "abcdefghijklmnop" not in sarif
    assert "abcdefghijklmnop" not in run("--diff", "c.yaml", cwd=tmp_path).stdout


def test_an_explicit_file_with_another_suffix_is_read_as_yaml(tmp_path):
    (tmp_path / "config.txt").write_text(BASELINE_YAML)
    result = run("config.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
