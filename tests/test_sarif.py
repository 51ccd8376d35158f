"""SARIF for GitHub code scanning and ``--format github``: the checklist of reference/sarif-github.md, one by one.

Every SARIF log produced here is validated against the official 2.1.0 schema. The committed
snapshot ``tests/snapshots/examples.sarif`` is the SARIF of ``co-lint --format sarif examples/``
run from the repository root; regenerate it (and review the diff) with

    .venv/bin/co-lint --format sarif -o tests/snapshots/examples.sarif examples/
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from test_bad_input import BAD_INPUTS

from co_lint import __version__
from co_lint.app import Options
from co_lint.app import run as run_app
from co_lint.reporters import github as github_reporter
from co_lint.reporters import sarif as sarif_reporter
from co_lint.types import Edit, Finding, Fix, Related, Span
from conftest import REPO, SHARED
from test_cli import CLEAN, run

SNAPSHOT = REPO / "tests" / "snapshots" / "examples.sarif"
TOKEN = "7f3a9c1e5b2d8f4a6c0e9b3d1f5a7c2e"  # the credential examples/problems/legacy-sms.yaml commits


@pytest.fixture(scope="module")
def validator():
    import jsonschema

    schema = json.loads((SHARED / "reference" / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft7Validator(schema)


def assert_valid(validator, sarif: dict) -> None:
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def lint(cwd: Path, *paths: str, fmt: str = "sarif", **options) -> tuple[int, str, str]:
    """One in-process run (the same app the console script calls): exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = run_app(Options(paths=list(paths), format=fmt, cwd=cwd, **options), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def sarif_of(cwd: Path, *paths: str, **options) -> dict:
    return json.loads(lint(cwd, *paths, **options)[1])


def git_repo(path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


def results_of(sarif: dict) -> list[dict]:
    (run_,) = sarif["runs"]
    return run_["results"]


def uri_of(result: dict) -> str:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def region_of(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["region"]


@pytest.fixture(scope="module")
def examples_sarif() -> dict:
    result = run("--format", "sarif", "examples/", cwd=REPO)
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def overlapping_project(root: Path) -> Path:
    """Two configurations that capture the same SMS number (CO301 both ways) in a git repository."""
    git_repo(root)
    (root / "configs").mkdir()
    (root / "configs" / "harbor.yaml").write_text(CLEAN)
    pier = CLEAN.replace("displayName: Harbor Messaging", "displayName: Pier Messaging").replace(
        "id: conv_configuration_01jb6k2m9p4r7t1v5x8z3c6f9h\n", ""
    )
    (root / "configs" / "pier.yaml").write_text(pier)
    return root


# -- 1. schema ----------------------------------------------------------------------------------


def test_sarif_of_the_examples_validates(validator, examples_sarif):
    assert_valid(validator, examples_sarif)
    assert results_of(examples_sarif)


@pytest.mark.parametrize("example", sorted(p.relative_to(REPO).as_posix() for p in (REPO / "examples").rglob("*.*")))
def test_sarif_of_every_example_file_validates(validator, example):
    code, out, err = lint(REPO, example)
    assert code in (0, 1), err
    assert_valid(validator, json.loads(out))


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_sarif_of_every_bad_input_validates(validator, tmp_path, name):
    data, expected_code, rules = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(data)
    code, out, err = lint(tmp_path, name)
    assert code == expected_code, err
    sarif = json.loads(out)
    assert_valid(validator, sarif)
    assert sorted({r["ruleId"] for r in results_of(sarif)}) == rules


def test_sarif_of_unreadable_inputs_validates(validator, tmp_path):
    import os

    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "good.yaml").write_text(CLEAN)
    code, out, err = lint(tmp_path, "dangling.yaml", "pipe.yaml", "missing.yaml", "good.yaml")
    assert code == 2
    sarif = json.loads(out)
    assert_valid(validator, sarif)
    assert len(err.splitlines()) == 3


# -- 2. one run, the tool -------------------------------------------------------------------------


def test_one_run_and_the_tool(examples_sarif):
    assert examples_sarif["version"] == "2.1.0"
    assert examples_sarif["$schema"].endswith("sarif-schema-2.1.0.json")
    (run_,) = examples_sarif["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "co-lint"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver["informationUri"].startswith("https://")


# -- 3. rules[] -------------------------------------------------------------------------------------


def test_every_enabled_rule_is_described_not_only_those_that_fired(examples_sarif):
    from co_lint.registry import all_rules

    descriptors = examples_sarif["runs"][0]["tool"]["driver"]["rules"]
    # The change rules (CO7xx) run only with --base, the live rules (CO8xx) only with --live:
    # without them they are not described.
    assert [d["id"] for d in descriptors] == [d.id for d in all_rules() if not d.change_only and not d.live_only]
    fired = {r["ruleId"] for r in results_of(examples_sarif)}
    assert "CO304" not in fired and "CO304" in {d["id"] for d in descriptors}
    docs = (REPO / "docs" / "rules.md").read_text()
    for d in descriptors:
        assert d["name"] and d["shortDescription"]["text"] and d["fullDescription"]["text"], d["id"]
        assert d["fullDescription"]["text"] != d["shortDescription"]["text"], d["id"]
        assert "## Why is this bad?" in d["help"]["markdown"], d["id"]
        assert "Why is this bad?" in d["help"]["text"] and "## " not in d["help"]["text"], d["id"]
        assert d["defaultConfiguration"]["level"] in ("error", "warning", "note")
        properties = d["properties"]
        assert 1 <= len(properties["tags"]) <= 20
        assert properties["precision"] in ("very-high", "high", "medium", "low")
        assert properties["problem.severity"] in ("error", "warning", "recommendation")
        # helpUri is a stable link to the rule's heading in the generated docs/rules.md.
        base, anchor = d["helpUri"].split("#")
        assert base == "https://github.com/co-lint/co-lint/blob/main/docs/rules.md"
        assert f"\n### {d['id']} {d['name']}\n" in docs and anchor == f"{d['id'].lower()}-{d['name']}"


def test_co201_descriptor_in_full(examples_sarif):
    descriptors = examples_sarif["runs"][0]["tool"]["driver"]["rules"]
    co201 = next(d for d in descriptors if d["id"] == "CO201")
    assert co201["name"] == "capture-not-bidirectional"
    assert co201["defaultConfiguration"] == {"level": "error"}
    assert co201["properties"] == {"tags": ["capture-rules"], "precision": "high", "problem.severity": "error"}
    assert co201["fullDescription"]["text"].startswith(
        "Checks that every capture rule of an SMS, WHATSAPP, RCS or VOICE"
    )


def test_disabled_rules_are_not_described_and_levels_show_as_overrides(validator, tmp_path):
    (tmp_path / "good.yaml").write_text(CLEAN)
    (tmp_path / ".co-lint.yaml").write_text("ignore: [CO5]\nlevels: {CO401: note}\n")
    sarif = sarif_of(tmp_path, "good.yaml")
    assert_valid(validator, sarif)
    (run_,) = sarif["runs"]
    ids = [d["id"] for d in run_["tool"]["driver"]["rules"]]
    assert not [i for i in ids if i.startswith("CO5")] and "CO401" in ids
    (override,) = run_["invocations"][0]["ruleConfigurationOverrides"]
    assert override == {"descriptor": {"id": "CO401", "index": ids.index("CO401")}, "configuration": {"level": "note"}}


def test_a_custom_rule_gets_no_link_into_co_lints_docs(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "acme.py").write_text(
        '"""Names need the prefix.\n\n## What it does\nChecks the prefix.\n"""\n'
        "from co_lint.rule import Rule\n"
        'RULE = Rule(id="ACME001", name="prefix", level="warning", summary="Prefix.", precision="medium")\n'
        "def check(config):\n    return []\n"
    )
    (tmp_path / "good.yaml").write_text(CLEAN)
    descriptors = sarif_of(tmp_path, "good.yaml", rules_dirs=["policies"])["runs"][0]["tool"]["driver"]["rules"]
    acme = next(d for d in descriptors if d["id"] == "ACME001")
    assert "helpUri" not in acme
    assert acme["fullDescription"] == {"text": "Checks the prefix."}
    assert acme["properties"]["precision"] == "medium"


# -- 4. security rules ----------------------------------------------------------------------------


def test_security_rules_carry_security_severity_and_the_security_tag(examples_sarif):
    descriptors = examples_sarif["runs"][0]["tool"]["driver"]["rules"]
    severities = {d["id"]: d["properties"].get("security-severity") for d in descriptors}
    assert {i: s for i, s in severities.items() if s is not None} == {
        "CO601": "9.1",  # Critical (GitHub: above 9.0)
        "CO602": "7.5",  # High
        "CO603": "8.0",  # High
        "CO604": "5.0",  # Medium
    }
    for d in descriptors:
        if d["id"].startswith("CO6"):
            assert "security" in d["properties"]["tags"]
            assert 0.0 <= float(d["properties"]["security-severity"]) <= 10.0
        else:
            assert "security" not in d["properties"]["tags"], d["id"]


def test_security_severity_must_be_a_number_from_0_to_10():
    assert sarif_reporter.security_severity("7") == "7.0"
    assert sarif_reporter.security_severity("high") is None
    assert sarif_reporter.security_severity("11") is None
    assert sarif_reporter.security_severity(None) is None


# -- 5, 6. results: rule, message -------------------------------------------------------------------


def test_every_result_has_rule_id_and_matching_rule_index(examples_sarif):
    rules = [d["id"] for d in examples_sarif["runs"][0]["tool"]["driver"]["rules"]]
    for result in results_of(examples_sarif):
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")


def test_messages_have_no_unfilled_placeholder_and_no_secret(examples_sarif):
    text = json.dumps(examples_sarif, ensure_ascii=False)
    assert TOKEN not in text
    assert "7f3a…7c2e" in text  # masked, as every format shows it
    for result in results_of(examples_sarif):
        message = result["message"]["text"]
        assert message and not re.search(r"\{[a-z_]+\}|%s|%\(|<[a-z_]+>", message), message


# -- 7, 8. locations ---------------------------------------------------------------------------------


def test_primary_location_is_relative_with_a_full_region(examples_sarif):
    (run_,) = examples_sarif["runs"]
    assert set(run_["originalUriBaseIds"]) == {"%SRCROOT%"}
    for result in results_of(examples_sarif):
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert artifact["uri"].startswith("examples/") and "\\" not in artifact["uri"]
        region = location["physicalLocation"]["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert min(region.values()) >= 1
    broken = next(r for r in results_of(examples_sarif) if r["ruleId"] == "CO001")
    assert uri_of(broken) == "examples/problems/broken.json"
    assert region_of(broken) == {"startLine": 3, "startColumn": 3, "endLine": 3, "endColumn": 4}
    coerced = next(r for r in results_of(examples_sarif) if r["ruleId"] == "CO003")
    assert uri_of(coerced) == "examples/problems/legacy-sms.yaml"
    assert region_of(coerced) == {"startLine": 11, "startColumn": 15, "endLine": 11, "endColumn": 27}


def test_uris_and_fingerprints_do_not_depend_on_the_working_directory(tmp_path):
    root = overlapping_project(tmp_path)
    from_root = results_of(sarif_of(root, "configs"))
    from_configs = results_of(sarif_of(root / "configs", "."))
    assert from_root and [(uri_of(r), r["partialFingerprints"]) for r in from_root] == [
        (uri_of(r), r["partialFingerprints"]) for r in from_configs
    ]
    assert {uri_of(r) for r in from_root} == {"configs/harbor.yaml", "configs/pier.yaml"}


def test_uris_are_percent_encoded(validator, tmp_path):
    git_repo(tmp_path)
    (tmp_path / "my configs").mkdir()
    (tmp_path / "my configs" / "désk #1.yaml").write_text("colour: x\n" + CLEAN)
    sarif = sarif_of(tmp_path / "my configs", "désk #1.yaml")
    assert_valid(validator, sarif)
    assert {uri_of(r) for r in results_of(sarif)} == {"my%20configs/d%C3%A9sk%20%231.yaml"}


def test_a_file_outside_the_repository_gets_an_absolute_file_uri(tmp_path):
    repo = git_repo(tmp_path / "repo")
    (tmp_path / "outside.yaml").write_text("colour: x\n" + CLEAN)
    (result, *_) = results_of(sarif_of(repo, "../outside.yaml"))
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (tmp_path / "outside.yaml").as_uri()}


# -- 9. related locations -------------------------------------------------------------------------


def test_co301_related_locations_in_both_files_linked_from_the_message(examples_sarif):
    co301 = [r for r in results_of(examples_sarif) if r["ruleId"] == "CO301"]
    by_file = {}
    for result in co301:
        by_file.setdefault(uri_of(result), []).append(result)
    assert set(by_file) == {"examples/problems/legacy-sms.yaml", "examples/problems/night-shift.yaml"}
    for uri, results in by_file.items():
        other = ({"examples/problems/legacy-sms.yaml", "examples/problems/night-shift.yaml"} - {uri}).pop()
        for result in results:
            related = result["relatedLocations"]
            assert [r["id"] for r in related] == list(range(1, len(related) + 1))
            for item in related:
                location = item["physicalLocation"]
                assert location["artifactLocation"] == {"uri": other, "uriBaseId": "%SRCROOT%"}
                assert item["message"]["text"].startswith(f"the overlapping capture rule of {other}")
                link = f"[{other}:{location['region']['startLine']}]({item['id']})"
                assert link in result["message"]["text"]
    legacy_from = next(r for r in by_file["examples/problems/legacy-sms.yaml"] if "(from)" in r["message"]["text"])
    assert region_of(legacy_from)["startLine"] == 17
    assert legacy_from["message"]["text"].endswith("(see [examples/problems/night-shift.yaml:14](1))")
    assert legacy_from["relatedLocations"][0]["physicalLocation"]["region"] == {
        "startLine": 14,
        "startColumn": 15,
        "endLine": 14,
        "endColumn": 29,
    }


def test_brackets_that_would_read_as_a_link_are_escaped():
    finding = Finding("CO101", "error", "see [docs](1) or captureRules[0] (x)", "a.yaml", Span(1, 1, 1, 2))
    (result,) = results_of(json.loads(sarif_reporter.render([finding], rules=[], cwd=Path("/nonexistent"))))
    assert result["message"]["text"] == "see \\[docs\\](1) or captureRules[0] (x)"


# -- 10. fingerprints ----------------------------------------------------------------------------


def _fingerprints(sarif: dict) -> list[tuple[str, str, int]]:
    return sorted(
        (r["ruleId"], r["partialFingerprints"]["co-lint/v1"], region_of(r)["startLine"]) for r in results_of(sarif)
    )


def test_fingerprints_survive_lines_inserted_above(tmp_path):
    root = overlapping_project(tmp_path)
    harbor = root / "configs" / "harbor.yaml"
    harbor.write_text(harbor.read_text().replace('"72345"', '"(206) 555-0100"'))
    before = _fingerprints(sarif_of(root, "configs"))
    assert {rule for rule, _, _ in before} >= {"CO202", "CO301"}
    harbor.write_text("# Reviewed by the ops team.\n# Owner: harbor desk.\n" + harbor.read_text())
    after = _fingerprints(sarif_of(root, "configs"))
    assert [(rule, fp) for rule, fp, _ in after] == [(rule, fp) for rule, fp, _ in before]
    moved = [(b[2], a[2]) for b, a in zip(before, after, strict=True) if b[2] != a[2]]
    assert moved and all(new == old + 2 for old, new in moved)


def test_fingerprints_change_with_the_offending_value(tmp_path):
    root = overlapping_project(tmp_path)
    harbor = root / "configs" / "harbor.yaml"
    harbor.write_text(harbor.read_text().replace('"72345"', '"(206) 555-0100"'))
    before = {fp for rule, fp, _ in _fingerprints(sarif_of(root, "configs")) if rule == "CO202"}
    harbor.write_text(harbor.read_text().replace("(206) 555-0100", "(206) 555-0101"))
    after = {fp for rule, fp, _ in _fingerprints(sarif_of(root, "configs")) if rule == "CO202"}
    assert len(before) == len(after) == 2 and not before & after


def test_identical_findings_get_distinct_fingerprints():
    twice = [Finding("CO009", "error", f"rule {n} crashed", "a.yaml", Span(1, 1, 1, 2)) for n in (1, 2)]
    results = results_of(json.loads(sarif_reporter.render(twice, rules=[], cwd=Path("/nonexistent"))))
    first, second = (r["partialFingerprints"]["co-lint/v1"] for r in results)
    assert re.fullmatch(r"[0-9a-f]{32}:1", first) and second == first[:-1] + "2"


def test_fingerprints_hash_masked_values():
    """A short password in the hashed value could be recovered by trying passwords: it is masked first."""

    def fp(value):
        finding = Finding("CO603", "error", "m", "a.yaml", Span(1, 1, 1, 2), "/u", fingerprint_value=value)
        return sarif_reporter.fingerprint(finding, "a.yaml")

    assert fp("https://ops:tide42@h.acme.com/x") == fp("https://ops:hunter2@h.acme.com/x")
    assert fp("https://h.acme.com/x") != fp("https://h.acme.com/y")


# -- 11, 12. suppressions, fixes ---------------------------------------------------------------------


def test_suppressed_findings_stay_with_their_kind_and_are_not_annotated(validator):
    findings = [
        Finding("CO202", "error", "inline", "a.yaml", Span(2, 9, 2, 15), suppression="inSource"),
        Finding("CO202", "error", "settings", "a.yaml", Span(3, 9, 3, 15), suppression="external"),
        Finding("CO202", "error", "active", "a.yaml", Span(4, 9, 4, 15)),
    ]
    sarif = json.loads(sarif_reporter.render(findings, rules=[], cwd=Path("/nonexistent")))
    assert_valid(validator, sarif)
    assert [r.get("suppressions") for r in results_of(sarif)] == [[{"kind": "inSource"}], [{"kind": "external"}], None]
    annotations = github_reporter.render(findings, rules=[], cwd=Path("/nonexistent"))
    assert annotations.splitlines() == ["::error file=a.yaml,line=4,endLine=4,col=9,endColumn=15,title=CO202::active"]


def test_a_suppression_comment_end_to_end(validator, tmp_path):
    """The suppression mechanism (issue 6) marks the finding; SARIF keeps it, the other formats drop it."""
    (tmp_path / "bad.yaml").write_text("colour: x   # co-lint: disable=CO101\nshade: y\n" + CLEAN)
    result = run("--format", "sarif", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    sarif = json.loads(result.stdout)
    assert_valid(validator, sarif)
    co101 = [(region_of(r)["startLine"], r.get("suppressions")) for r in results_of(sarif) if r["ruleId"] == "CO101"]
    assert co101 == [(1, [{"kind": "inSource"}]), (2, None)]
    annotations = run("--format", "github", "bad.yaml", cwd=tmp_path).stdout
    assert "line=1," not in annotations and "file=bad.yaml,line=2,endLine=2,col=1,endColumn=6" in annotations


def test_a_fix_becomes_fixes_with_character_offsets_that_apply_to_the_file(validator, tmp_path):
    git_repo(tmp_path)
    text = 'displayName: "Caf\u00e9"\nchannelSettings:\n  SMS:\n    captureRules:\n      - from: "(312) 555-0192"\n'
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    start = text.index("(312)")
    end = start + len("(312) 555-0192")
    fix = Fix("write the address in E.164", (Edit(start, end, "+13125550192"), Edit(0, 0, "# fixed\n")))
    finding = Finding("CO202", "error", "not E.164", "a.yaml", Span(5, 15, 5, 29), fix=fix)
    sarif = json.loads(sarif_reporter.render([finding], rules=[], cwd=tmp_path))
    assert_valid(validator, sarif)
    (result,) = results_of(sarif)
    (change,) = result["fixes"][0]["artifactChanges"]
    assert result["fixes"][0]["description"] == {"text": "write the address in E.164"}
    assert change["artifactLocation"] == {"uri": "a.yaml", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {"deletedRegion": {"charOffset": 0, "charLength": 0}, "insertedContent": {"text": "# fixed\n"}},
        {"deletedRegion": {"charOffset": start, "charLength": 14}, "insertedContent": {"text": "+13125550192"}},
    ]
    # Applied (last first, offsets into the original text) the replacements give the fixed file.
    fixed = text
    for replacement in reversed(change["replacements"]):
        offset, length = replacement["deletedRegion"]["charOffset"], replacement["deletedRegion"]["charLength"]
        fixed = fixed[:offset] + replacement.get("insertedContent", {}).get("text", "") + fixed[offset + length :]
    assert fixed == "# fixed\n" + text.replace("(312) 555-0192", "+13125550192")
    assert sarif["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_a_deletion_has_no_inserted_content():
    finding = Finding("CO208", "warning", "dup", "a.yaml", Span(1, 1, 1, 2), fix=Fix("remove", (Edit(5, 9, ""),)))
    (result,) = results_of(json.loads(sarif_reporter.render([finding], rules=[], cwd=Path("/nonexistent"))))
    assert result["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"charOffset": 5, "charLength": 4}}
    ]


# -- 13. automationDetails ----------------------------------------------------------------------------


def test_sarif_category_sets_automation_details(validator, tmp_path):
    (tmp_path / "good.yaml").write_text(CLEAN)
    result = run("--format", "sarif", "--sarif-category", "co-lint/support", "good.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sarif = json.loads(result.stdout)
    assert_valid(validator, sarif)
    assert sarif["runs"][0]["automationDetails"] == {"id": "co-lint/support/"}
    assert "automationDetails" not in sarif_of(tmp_path, "good.yaml")["runs"][0]
    assert sarif_reporter.automation_id("support/") == "support/"


def test_sarif_category_without_sarif_is_a_usage_error(tmp_path):
    (tmp_path / "good.yaml").write_text(CLEAN)
    result = run("--sarif-category", "support", "good.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "co-lint: error: --sarif-category needs --format sarif and a non-empty category\n"
    assert run("--format", "sarif", "--sarif-category", "/", "good.yaml", cwd=tmp_path).returncode == 2


# -- 14. invocations ----------------------------------------------------------------------------------


def test_invocation_of_a_run_with_findings(examples_sarif):
    (invocation,) = examples_sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True and invocation["exitCode"] == 1
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "warning"
    assert notification["message"]["text"].startswith("examples/problems/broken.json: file not analysed: invalid JSON")
    assert notification["associatedRule"] == {"id": "CO001", "index": 0}
    assert (
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/problems/broken.json"
    )


def test_clean_run_has_no_notifications(tmp_path):
    (tmp_path / "good.yaml").write_text(CLEAN)
    (invocation,) = sarif_of(tmp_path, "good.yaml")["runs"][0]["invocations"]
    assert invocation == {"executionSuccessful": True, "exitCode": 0}


def test_unreadable_files_are_notifications_and_an_unsuccessful_execution(tmp_path):
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "bad.yaml").write_text("colour: x\n" + CLEAN)
    (tmp_path / "latin1.yaml").write_bytes(b"description: caf\xe9\n")
    result = run("--format", "sarif", "dangling.yaml", "missing.yaml", "bad.yaml", "latin1.yaml", cwd=tmp_path)
    assert result.returncode == 2
    (run_,) = json.loads(result.stdout)["runs"]
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    notes = [(n["level"], n["message"]["text"]) for n in invocation["toolExecutionNotifications"]]
    assert notes[0] == ("error", "missing.yaml: no such file or directory")
    assert notes[1][0] == "error" and notes[1][1].startswith("dangling.yaml: cannot read:")
    assert notes[2][0] == "warning" and notes[2][1].startswith(
        "latin1.yaml: file not analysed: file is not valid UTF-8"
    )
    assert {r["ruleId"] for r in run_["results"]} >= {"CO101", "CO005"}


# -- 15. limits ---------------------------------------------------------------------------------------


def test_results_beyond_25000_keep_the_most_severe(validator):
    findings = [
        Finding("CO101", ("note", "warning", "error")[n % 3], f"finding {n}", "a.yaml", Span(n + 1, 1, n + 1, 2))
        for n in range(25_003)
    ]
    warnings = []
    text = sarif_reporter.render(findings, rules=[], cwd=Path("/nonexistent"), warn=warnings.append)
    sarif = json.loads(text)
    results = results_of(sarif)
    assert len(results) == 25_000
    levels = [r["level"] for r in results]
    assert levels.count("error") == levels.count("warning") == 8_334 and levels.count("note") == 8_332
    assert [r["message"]["text"] for r in results[:3]] == ["finding 0", "finding 1", "finding 2"]  # order kept
    assert warnings == [
        "SARIF limit: 25003 results, only the 25000 most severe kept (GitHub accepts at most 25000 a run)"
    ]
    (notification,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification == {"level": "warning", "message": {"text": warnings[0].removeprefix("SARIF limit: ")}}


def test_security_severity_breaks_ties_and_suppressed_go_first(tmp_path):
    from co_lint.registry import all_rules

    rules = [d for d in all_rules() if d.id in ("CO202", "CO602", "CO601")]
    findings = [
        Finding("CO202", "error", "a", "a.yaml", Span(1, 1, 1, 2)),
        Finding("CO601", "error", "b", "a.yaml", Span(2, 1, 2, 2)),
        Finding("CO602", "error", "c", "a.yaml", Span(3, 1, 3, 2)),
        Finding("CO601", "error", "d", "a.yaml", Span(4, 1, 4, 2), suppression="inSource"),
    ]
    kept = sarif_reporter._most_severe(findings, {d.id: d for d in rules}, 2)
    assert [f.message for f in kept] == ["b", "c"]


def test_related_locations_beyond_the_limit_are_cut(validator):
    related = [Related("b.yaml", Span(n, 1, n, 2), f"other {n}") for n in range(1, 1_201)]
    finding = Finding("CO301", "warning", "overlap", "a.yaml", Span(1, 1, 1, 2), related=related)
    warnings = []
    sarif = json.loads(sarif_reporter.render([finding], rules=[], cwd=Path("/nonexistent"), warn=warnings.append))
    assert_valid(validator, sarif)
    (result,) = results_of(sarif)
    assert len(result["relatedLocations"]) == 999  # with the primary location: 1,000
    assert result["message"]["text"].endswith("[b.yaml:999](999))")
    assert warnings == [
        "SARIF limit: CO301 at a.yaml:1: 1200 related locations, only the first 999 kept "
        "(GitHub accepts at most 1000 locations a result)"
    ]


def test_upload_size_limit_keeps_the_most_severe(monkeypatch, tmp_path):
    monkeypatch.setattr(sarif_reporter, "MAX_GZIP_BYTES", 40_000)
    findings = [
        Finding(
            "CO101", "error" if n < 10 else "note", f"{n} {'x' * 40} {n * 7919:x}", "a.yaml", Span(n + 1, 1, n + 1, 2)
        )
        for n in range(3_000)
    ]
    warnings = []
    text = sarif_reporter.render(findings, rules=[], cwd=Path("/nonexistent"), warn=warnings.append)
    import gzip

    assert len(gzip.compress(text.encode())) <= 40_000
    results = results_of(json.loads(text))
    assert 10 <= len(results) < 3_000
    assert [r["level"] for r in results[:10]] == ["error"] * 10
    assert warnings and all("after gzip" in w for w in warnings)


def test_limit_is_said_on_stderr_by_the_cli(monkeypatch, tmp_path):
    monkeypatch.setattr(sarif_reporter, "MAX_RESULTS", 2)
    (tmp_path / "bad.yaml").write_text("colour: x\nshade: y\n" + CLEAN.replace("closed: 1440", "closed: 0"))
    code, out, err = lint(tmp_path, "bad.yaml")  # CO101 twice, CO106 (errors), CO402 (a warning)
    assert code == 1
    assert [(r["ruleId"], r["level"]) for r in results_of(json.loads(out))] == [("CO101", "error"), ("CO101", "error")]
    assert (
        err
        == "co-lint: warning: SARIF limit: 4 results, only the 2 most severe kept (GitHub accepts at most 2 a run)\n"
    )


# -- 16. --format github -------------------------------------------------------------------------------


def test_annotation_escaping():
    finding = Finding("CO101", "warning", "100% sure\r\nsecond line: a, b", "we,ird:name%.yaml", Span(3, 5, 3, 9))
    (line,) = github_reporter.render([finding], rules=[], cwd=None).splitlines()
    assert line == (
        "::warning file=we%2Cird%3Aname%25.yaml,line=3,endLine=3,col=5,endColumn=9,title=CO101"
        "::100%25 sure%0D%0Asecond line: a, b"
    )


def test_annotation_of_a_real_file_with_an_awkward_name(tmp_path):
    git_repo(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a,b:c.yaml").write_text("colour: x\n" + CLEAN)
    result = run("--format", "github", "a,b:c.yaml", cwd=tmp_path / "sub")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=sub/a%2Cb%3Ac.yaml,line=1,endLine=1,col=1,endColumn=7,title=CO101 unknown-property"
        "::unknown property 'colour' in the configuration"
    )


def test_annotation_of_a_multi_line_finding_gives_lines_only():
    finding = Finding("CO208", "note", "dup", "a.yaml", Span(4, 7, 6, 3))
    assert (
        github_reporter.render([finding], rules=[], cwd=None)
        == "::notice file=a.yaml,line=4,endLine=6,title=CO208::dup\n"
    )


def test_github_actions_default_is_text_and_annotations(tmp_path):
    (tmp_path / "bad.yaml").write_text("colour: x\n" + CLEAN)
    both = run("bad.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert both.returncode == 1
    lines = both.stdout.splitlines()
    assert lines[0].startswith("bad.yaml:1:1: CO101 [error]")
    assert lines[-1].startswith(
        "::error file=bad.yaml,line=1,endLine=1,col=1,endColumn=7,title=CO101 unknown-property::"
    )
    explicit = run("--format", "json", "bad.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert "::error" not in explicit.stdout and json.loads(explicit.stdout)
    from_env = run("bad.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true", "CO_LINT_FORMAT": "text"})
    assert "::error" not in from_env.stdout
    outside = run("bad.yaml", cwd=tmp_path)
    assert "::error" not in outside.stdout
    to_file = run("-o", "report.txt", "bad.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert to_file.stdout.startswith("::error file=bad.yaml")
    assert (tmp_path / "report.txt").read_text().startswith("bad.yaml:1:1: CO101 [error]")


# -- the snapshot ----------------------------------------------------------------------------------


def test_snapshot_of_the_examples(examples_sarif):
    """Regenerate with: .venv/bin/co-lint --format sarif -o tests/snapshots/examples.sarif examples/"""
    result = run("--format", "sarif", "examples/", cwd=REPO)
    assert result.stdout == SNAPSHOT.read_text(encoding="utf-8"), (
        "the SARIF of examples/ changed: review it, then regenerate tests/snapshots/examples.sarif "
        "with `.venv/bin/co-lint --format sarif -o tests/snapshots/examples.sarif examples/`"
    )
    assert str(REPO) not in result.stdout and "file:" not in result.stdout


# -- the action ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text())


def _step(action: dict, name: str) -> dict:
    return next(step for step in action["runs"]["steps"] if step.get("name") == name)


def test_action_is_composite_and_uploads_with_upload_sarif(action):
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "sarif-file", "category", "upload", "fail-on-findings", "args"}
    install = _step(action, "Install co-lint")
    assert install["env"]["CO_LINT_SOURCE"] == "${{ github.action_path }}"
    upload = _step(action, "Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "inputs.upload == 'true'" in upload["if"]
    assert upload["with"] == {
        "sarif_file": "${{ steps.lint.outputs.sarif-file }}",
        "category": "${{ inputs.category }}",
    }
    for step in action["runs"]["steps"]:
        # Inputs reach scripts through the environment only: no expression is spliced into a script.
        assert "${{" not in step.get("run", ""), step["name"]
        assert step.get("shell", "bash") == "bash"


def _run_step(action: dict, name: str, cwd: Path, env: dict) -> tuple[int, dict[str, str], str]:
    import os

    output = cwd / "github_output"
    output.write_text("")
    environment = {**os.environ, "GITHUB_OUTPUT": str(output), **env}
    environment.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(
        ["bash", "-e", "-c", _step(action, name)["run"]], cwd=cwd, env=environment, capture_output=True, text=True
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return done.returncode, outputs, done.stdout + done.stderr


def test_action_lint_step_writes_sarif_for_the_given_paths(action, tmp_path):
    from test_cli import CO_LINT

    git_repo(tmp_path)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.yaml").write_text("colour: x\n" + CLEAN)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.yaml").write_text("colour: x\n" + CLEAN)
    env = {
        "CO_LINT": CO_LINT,
        "CO_LINT_PATHS": "a\n b ",
        "CO_LINT_ARGS": "--fail-level error --ignore CO3",
        "CO_LINT_SARIF": "reports/co-lint.sarif",
        "CO_LINT_CATEGORY": "configs",
    }
    code, outputs, log = _run_step(action, "Run co-lint", tmp_path, env)
    assert code == 0, log
    assert outputs == {"sarif-file": str(tmp_path / "reports" / "co-lint.sarif"), "exit-code": "1"}
    sarif = json.loads((tmp_path / "reports" / "co-lint.sarif").read_text())
    assert sarif["runs"][0]["automationDetails"] == {"id": "configs/"}
    assert {uri_of(r) for r in results_of(sarif)} == {"a/x.yaml", "b/x.yaml"}
    assert not [d for d in sarif["runs"][0]["tool"]["driver"]["rules"] if d["id"].startswith("CO3")]
    # A settings error: exit 2 and no SARIF to upload.
    code, outputs, log = _run_step(action, "Run co-lint", tmp_path, {**env, "CO_LINT_ARGS": "--config nope.yaml"})
    assert code == 0, log
    assert outputs == {"sarif-file": "", "exit-code": "2"}
    # Nothing given: the working directory, every file.
    code, outputs, log = _run_step(action, "Run co-lint", tmp_path, {**env, "CO_LINT_PATHS": "", "CO_LINT_ARGS": ""})
    assert outputs["exit-code"] == "1", log
    sarif = json.loads((tmp_path / "reports" / "co-lint.sarif").read_text())
    assert {uri_of(r) for r in results_of(sarif)} >= {"a/x.yaml", "b/x.yaml", "c/x.yaml"}


@pytest.mark.parametrize(
    ("status", "fail_on_findings", "expected"),
    [("0", "true", 0), ("1", "true", 1), ("1", "false", 0), ("2", "false", 2), ("", "true", 2)],
)
def test_action_result_step(action, tmp_path, status, fail_on_findings, expected):
    env = {"CO_LINT_STATUS": status, "CO_LINT_FAIL_ON_FINDINGS": fail_on_findings}
    code, _, log = _run_step(action, "Result", tmp_path, env)
    assert code == expected, log
