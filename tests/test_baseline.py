"""--write-baseline / --baseline through the console script: only new findings are reported."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO
from test_cli import run

LEGACY = REPO / "examples" / "problems" / "legacy-sms.yaml"
SECRET = "7f3a9c1e5b2d8f4a6c0e9b3d1f5a7c2e"


@pytest.fixture
def legacy(tmp_path):
    """A project holding the legacy example (many findings, a committed secret among them)."""
    configs = tmp_path / "configs"
    configs.mkdir()
    shutil.copy(LEGACY, configs / "legacy-sms.yaml")
    result = run("--write-baseline", ".co-lint-baseline.json", "configs/", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith("co-lint: recorded 12 findings in .co-lint-baseline.json")
    return tmp_path


def findings(directory, *args, cwd=None):
    result = run("--format", "json", *args, cwd=cwd or directory)
    assert result.returncode in (0, 1), result.stderr
    return result, [(f["rule"], f["line"]) for f in json.loads(result.stdout)]


def test_baseline_silences_recorded_findings(legacy):
    result, found = findings(legacy, "configs/")
    assert len(found) == 12 and result.returncode == 1
    result, found = findings(legacy, "--baseline", ".co-lint-baseline.json", "configs/")
    assert found == [] and result.returncode == 0


def test_baseline_file_is_stable_and_holds_no_secret(legacy):
    text = (legacy / ".co-lint-baseline.json").read_text()
    data = json.loads(text)
    assert data["version"] == 1
    entries = data["findings"]
    assert {e["file"] for e in entries} == {"configs/legacy-sms.yaml"}
    assert [(e["rule"], e["line"]) for e in entries][:3] == [("CO501", 2), ("CO601", 7), ("CO602", 7)]
    assert SECRET not in text  # messages are masked, values only hashed
    run("--write-baseline", ".co-lint-baseline.json", "configs/", cwd=legacy)
    assert (legacy / ".co-lint-baseline.json").read_text() == text


def test_editing_other_lines_does_not_resurrect(legacy):
    path = legacy / "configs" / "legacy-sms.yaml"
    text = path.read_text()
    text = "# moved down by three lines\n#\n#\n" + text.replace("Old SMS desk", "The old SMS desk")
    path.write_text(text)
    assert findings(legacy, "--baseline", ".co-lint-baseline.json", "configs/")[1] == []


def test_a_new_problem_is_reported_alone(legacy):
    path = legacy / "configs" / "legacy-sms.yaml"
    path.write_text(path.read_text().replace('      - from: "+13125550193"', '      - from: "+1312555019"'))
    result, found = findings(legacy, "--baseline", ".co-lint-baseline.json", "configs/")
    assert found == [("CO201", 17), ("CO211", 17), ("CO201", 20)]
    assert result.returncode == 1


def test_a_list_growing_in_front_does_not_resurrect(legacy):
    path = legacy / "configs" / "legacy-sms.yaml"
    text = path.read_text().replace(
        "    captureRules:\n      - from: +13125550191",
        '    captureRules:\n      - from: "+13125550199"\n        to: "*"\n'
        '      - from: "*"\n        to: "+13125550199"\n      - from: +13125550191',
    )
    path.write_text(text)
    assert findings(legacy, "--baseline", ".co-lint-baseline.json", "configs/")[1] == []


def test_each_entry_silences_one_finding(legacy):
    """The same problem a second time is new, even with the same value."""
    path = legacy / "configs" / "legacy-sms.yaml"
    text = path.read_text().replace(
        "  VOICE:\n",
        '      - from: "(312) 555-0192"\n        to: "+13125550193"\n      - from: "+13125550193"\n'
        '        to: "(312) 555-0192"\n  VOICE:\n',
    )
    path.write_text(text)
    found = findings(legacy, "--baseline", ".co-lint-baseline.json", "configs/")[1]
    assert found == [("CO202", 21), ("CO202", 24)]


def test_paths_are_relative_to_the_baseline_file(legacy):
    result, found = findings(legacy, "--baseline", "../.co-lint-baseline.json", ".", cwd=legacy / "configs")
    assert found == [] and result.returncode == 0


def test_sarif_keeps_baselined_results_as_suppressed(legacy):
    result = run("--format", "sarif", "--baseline", ".co-lint-baseline.json", "configs/", cwd=legacy)
    assert result.returncode == 0
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert len(results) == 12
    assert {json.dumps(r["suppressions"]) for r in results} == {'[{"kind": "external"}]'}


def test_missing_or_broken_baseline_is_a_usage_error(tmp_path):
    (tmp_path / "a.yaml").write_text(LEGACY.read_text())
    result = run("--baseline", "nope.json", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("nope.json: baseline file not found")
    (tmp_path / "broken.json").write_text('{"findings": [1]}')
    result = run("--baseline", "broken.json", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a co-lint baseline" in result.stderr and "Traceback" not in result.stderr
    result = run("--baseline", "broken.json", "--write-baseline", "b.json", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "cannot be combined" in result.stderr


def test_a_file_named_through_a_linked_directory_is_the_same_file(legacy):
    """The baseline names a file by its real path, as SARIF does: recorded through a linked
    directory, it still matches the file named directly, and the other way round."""
    (legacy / "linked").symlink_to(legacy / "configs", target_is_directory=True)
    result, found = findings(legacy, "--baseline", ".co-lint-baseline.json", "linked/")
    assert found == [] and result.returncode == 0
    run("--write-baseline", "through-link.json", "linked/", cwd=legacy)
    entries = json.loads((legacy / "through-link.json").read_text())["findings"]
    assert {e["file"] for e in entries} == {"configs/legacy-sms.yaml"}
    assert findings(legacy, "--baseline", "through-link.json", "configs/")[1] == []


def test_a_link_to_a_shared_file_outside_keeps_a_portable_name(tmp_path):
    """A file that links to a shared file outside the checkout keeps the name it has in the
    checkout (as in SARIF): its target's path would depend on where the checkout sits, and a
    committed baseline would match nothing in CI's checkout (a review's finding)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(LEGACY, shared / "x.yaml")
    checkouts = [tmp_path / "home" / "proj", tmp_path / "builds" / "org" / "ci" / "proj"]
    for checkout in checkouts:
        (checkout / "configs").mkdir(parents=True)
        (checkout / "configs" / "shared.yaml").symlink_to(shared / "x.yaml")  # an absolute link
    here, ci = checkouts
    result = run("--write-baseline", ".co-lint-baseline.json", "configs/", cwd=here)
    assert result.returncode == 0, result.stderr
    entries = json.loads((here / ".co-lint-baseline.json").read_text())["findings"]
    assert {e["file"] for e in entries} == {"configs/shared.yaml"} and len(entries) == 12
    shutil.copy(here / ".co-lint-baseline.json", ci / ".co-lint-baseline.json")  # committed, checked out in CI
    assert findings(ci, "--baseline", ".co-lint-baseline.json", "configs/")[1] == []
