"""Suppressions through the console script: YAML comments, per-file ignores, CO008, SARIF."""

from __future__ import annotations

import json

import pytest

from co_lint import suppress
from test_cli import run

# Lines 1-11; the first capture rule's ``from`` is line 12, column 15.
HEADER = """\
displayName: Harbor Desk
description: Messaging desk for the harbor office
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: []
channelSettings:
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 1440
    captureRules:
"""


def lint_json(directory, *args):
    result = run("--format", "json", *args, cwd=directory)
    assert result.returncode in (0, 1), result.stderr
    return result, [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]


def write(directory, text, name="desk.yaml"):
    (directory / name).write_text(text, encoding="utf-8")


def test_unsuppressed_baseline_of_these_tests(tmp_path):
    write(tmp_path, HEADER + '      - from: "+12065550134"\n        to: "*"\n')
    result, found = lint_json(tmp_path)
    assert found == [("CO201", 12, 15)]
    assert result.returncode == 1


def test_comment_on_the_offending_line(tmp_path):
    write(tmp_path, HEADER + '      - from: "+12065550134"  # co-lint: disable=CO201\n        to: "*"\n')
    result, found = lint_json(tmp_path)
    assert found == []
    assert result.returncode == 0
    assert "All checks passed" in run(cwd=tmp_path).stdout


def test_comment_on_the_line_above(tmp_path):
    text = HEADER + '      # co-lint: disable=CO201\n      - from: "+12065550134"\n        to: "*"\n'
    write(tmp_path, text)
    assert lint_json(tmp_path)[1] == []


def test_comment_lines_between_do_not_break_the_line_above(tmp_path):
    text = (
        HEADER
        + "      # co-lint: disable=CO201\n      # inbound only until the carrier ports the number\n"
        + '      - from: "+12065550134"\n        to: "*"\n'
    )
    write(tmp_path, text)
    assert lint_json(tmp_path)[1] == []


def test_comment_further_away_suppresses_nothing_and_is_reported(tmp_path):
    text = HEADER + '      # co-lint: disable=CO201\n      - to: "*"\n        from: "+12065550134"\n'
    write(tmp_path, text)
    result, found = lint_json(tmp_path, "--fail-level", "note")
    assert found == [("CO008", 12, 7), ("CO201", 14, 15)]
    co008 = json.loads(result.stdout)[0]
    assert co008["level"] == "note"
    assert co008["message"] == ("unused suppression `# co-lint: disable=CO201`: no CO201 finding on line 13; remove it")


def test_trailing_comment_covers_only_its_own_line(tmp_path):
    text = HEADER + '      - to: "*"  # co-lint: disable=CO201\n        from: "+12065550134"\n'
    write(tmp_path, text)
    assert lint_json(tmp_path)[1] == [("CO008", 12, 18), ("CO201", 13, 15)]


def test_several_ids_comma_separated(tmp_path):
    write(tmp_path, HEADER + '      - from: "206-555-0134"  # co-lint: disable=CO202, co201\n        to: "*"\n')
    assert lint_json(tmp_path)[1] == []


def test_one_unused_id_of_several_is_named(tmp_path):
    write(tmp_path, HEADER + '      - from: "+12065550134"  # co-lint: disable=CO201,CO202\n        to: "*"\n')
    result, found = lint_json(tmp_path)
    assert found == [("CO008", 12, 31)]
    assert json.loads(result.stdout)[0]["message"] == (
        "unused suppression `# co-lint: disable=CO201,CO202`: no CO202 finding on line 12; remove CO202 from it"
    )
    assert result.returncode == 0  # a note does not fail the default fail level


def test_disable_file_anywhere(tmp_path):
    text = HEADER.replace("intelligenceConfigurationIds: []\n", "")
    text += '      - from: "+12065550134"\n        to: "*"\n      - from: "*"\n        to: "+12065550134"\n'
    write(tmp_path, text)
    assert lint_json(tmp_path)[1] == [("CO501", 1, 1)]
    write(tmp_path, text + "# legacy: the intelligence setup is managed by hand\n# co-lint: disable-file=CO501\n")
    assert lint_json(tmp_path)[1] == []


def test_unknown_id_and_malformed_directive_are_reported(tmp_path):
    text = (
        HEADER
        + '      - from: "+12065550134"\n        to: "*"\n      - from: "*"\n        to: "+12065550134"\n'
        + "# co-lint: disable-file=CO999\n# co-lint: disabel=CO201\n"
    )
    write(tmp_path, text)
    result, found = lint_json(tmp_path)
    assert found == [("CO008", 16, 1), ("CO008", 17, 1)]
    messages = [f["message"] for f in json.loads(result.stdout)]
    assert messages[0] == "unused suppression `# co-lint: disable-file=CO999`: CO999 is not a rule id; remove it"
    assert messages[1].startswith("`# co-lint: disabel=CO201` is not a co-lint directive")


def test_suppression_of_a_rule_that_did_not_run_is_not_judged(tmp_path):
    write(tmp_path, HEADER + '      - from: "+12065550134"  # co-lint: disable=CO201\n        to: "*"\n')
    assert lint_json(tmp_path, "--select", "CO1")[1] == []
    assert lint_json(tmp_path, "--ignore", "CO201")[1] == []
    assert lint_json(tmp_path, "--ignore", "CO008", "--select", "CO0,CO2")[1] == []


def test_directive_text_inside_a_string_is_not_a_comment(tmp_path):
    text = HEADER.replace("intelligenceConfigurationIds: []\n", "").replace(
        "description: Messaging desk for the harbor office",
        'description: "desk # co-lint: disable-file=CO501"',
    )
    text += '      - from: "+12065550134"\n        to: "*"\n      - from: "*"\n        to: "+12065550134"\n'
    text += "notes: |\n  # co-lint: disable-file=CO501\n"
    write(tmp_path, text)
    found = lint_json(tmp_path)[1]
    assert ("CO501", 1, 1) in found
    assert not [f for f in found if f[0] == "CO008"]


def test_suppressed_findings_stay_in_sarif_as_suppressed(tmp_path):
    write(tmp_path, HEADER + '      - from: "+12065550134"  # co-lint: disable=CO201\n        to: "*"\n')
    result = run("--format", "sarif", cwd=tmp_path)
    assert result.returncode == 0
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert [(r["ruleId"], r["suppressions"]) for r in results] == [("CO201", [{"kind": "inSource"}])]


def test_per_file_ignores_in_pyproject(tmp_path):
    legacy = tmp_path / "configs" / "legacy"
    legacy.mkdir(parents=True)
    body = {
        "displayName": "Legacy",
        "conversationGroupingType": "GROUP_BY_PARTICIPANT_ADDRESSES",
        "channelSettings": {},
    }
    (legacy / "old.json").write_text(json.dumps(body, indent=2))
    (tmp_path / "configs" / "new.json").write_text(json.dumps(body, indent=2))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.co-lint]\nper-file-ignores = {"configs/legacy/*.json" = ["CO501", "CO40"]}\n'
    )
    result = lint_json(tmp_path, "--fail-level", "note")[0]
    reported = sorted((f["rule"], f["file"]) for f in json.loads(result.stdout) if f["rule"] in ("CO403", "CO501"))
    assert reported == [("CO403", "configs/new.json"), ("CO501", "configs/new.json")]
    sarif = json.loads(run("--format", "sarif", "--fail-level", "note", cwd=tmp_path).stdout)["runs"][0]["results"]
    suppressed = sorted((r["ruleId"], r["suppressions"][0]["kind"]) for r in sarif if r.get("suppressions"))
    assert suppressed == [("CO403", "external"), ("CO501", "external")]


def test_per_file_ignores_in_co_lint_yaml_and_bad_value(tmp_path):
    write(tmp_path, HEADER + '      - from: "+12065550134"\n        to: "*"\n', name="desk.yaml")
    (tmp_path / ".co-lint.yaml").write_text('per-file-ignores:\n  "desk.yaml": ["CO2"]\n')
    assert lint_json(tmp_path)[1] == []
    (tmp_path / ".co-lint.yaml").write_text('per-file-ignores: ["CO2"]\n')
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("'per-file-ignores' must map globs to lists of rule ids")


def test_a_comment_repeating_a_per_file_ignore_is_unused(tmp_path):
    write(tmp_path, HEADER + '      - from: "+12065550134"  # co-lint: disable=CO201\n        to: "*"\n')
    (tmp_path / ".co-lint.yaml").write_text('per-file-ignores:\n  "*.yaml": ["CO201"]\n')
    assert lint_json(tmp_path)[1] == [("CO008", 12, 31)]


def test_files_without_the_marker_are_not_scanned(monkeypatch):
    """Cheap: the YAML scanner only runs for a text that contains ``co-lint:``."""

    def refuse(text):
        raise AssertionError("scanned a file without a directive")

    monkeypatch.setattr(suppress, "scalar_regions", refuse)
    assert suppress.directives(HEADER + "# co-lint disable=CO201 (no colon: not a directive)\n") == []
    with pytest.raises(AssertionError):
        suppress.directives(HEADER + "# co-lint: disable=CO201\n")


def test_directive_positions_and_targets():
    text = "a: 1\n\n# co-lint: disable=CO1,co2\n\nb: '#co-lint: disable=CO3'  #co-lint: disable-file=CO4\n"
    found = suppress.directives(text)
    assert [(d.span.start_line, d.span.start_col, d.ids, d.file_wide, d.target) for d in found] == [
        (3, 1, ("CO1", "CO2"), False, 5),
        (5, 29, ("CO4",), True, None),
    ]
