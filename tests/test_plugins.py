"""Custom rules load the same way from --rules-dir and from an entry point; a crash is CO009."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import REPO
from test_cli import CLEAN, run

RULE_SOURCE = textwrap.dedent(
    '''
    """Display names must start with 'acme-'."""
    from co_lint.rule import Hit, Rule

    RULE = Rule(id="{id}", name="display-name-prefix", level="warning", summary="displayName must start with acme-")


    def check(config):
        name = config.get("displayName")
        if isinstance(name, str) and not name.startswith("acme-"):
            yield Hit(config, "/displayName", f"displayName {{name!r}} must start with 'acme-'")
    '''
)


def test_rule_from_rules_dir(tmp_path):
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "acme001.py").write_text(RULE_SOURCE.format(id="ACME001"))
    (tmp_path / "c.yaml").write_text(CLEAN)
    result = run("--format", "json", "--rules-dir", "policies", "c.yaml", cwd=tmp_path)
    findings = json.loads(result.stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("ACME001", 4, 14)]
    assert result.returncode == 1
    listed = run("rules", "--rules-dir", "policies", cwd=tmp_path)
    assert "ACME001  display-name-prefix" in listed.stdout


def test_rules_dir_from_settings(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "acme.py").write_text(RULE_SOURCE.format(id="ACME001"))
    (tmp_path / ".co-lint.yaml").write_text("rules-dir: [policies]\n")
    (tmp_path / "c.yaml").write_text(CLEAN)
    assert [f["rule"] for f in json.loads(run("--format", "json", cwd=tmp_path).stdout)] == ["ACME001"]


def test_broken_rule_module_is_a_usage_error(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "broken.py").write_text("import nonexistent_module_xyz\n")
    result = run("--rules-dir", "policies", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "nonexistent_module_xyz" in result.stderr


def test_crashing_rule_is_co009_and_other_rules_still_run(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "crash.py").write_text(
        "from co_lint.rule import Rule\n"
        "RULE = Rule(id='ACME999', name='crasher', level='error', summary='always crashes')\n"
        "def check(config):\n    raise ZeroDivisionError('boom')\n"
    )
    (tmp_path / "c.yaml").write_text("colour: x\n" + CLEAN)
    findings = json.loads(run("--format", "json", "--rules-dir", "policies", cwd=tmp_path).stdout)
    assert sorted(f["rule"] for f in findings) == ["CO009", "CO101"]
    crash = next(f for f in findings if f["rule"] == "CO009")
    assert "ACME999" in crash["message"] and "crasher" in crash["message"] and "boom" in crash["message"]


def test_rule_from_entry_point(tmp_path):
    """A real distribution on sys.path with an entry_points.txt, found through importlib.metadata."""
    site = tmp_path / "site"
    (site / "acme_rules").mkdir(parents=True)
    (site / "acme_rules" / "__init__.py").write_text("")
    (site / "acme_rules" / "prefix.py").write_text(RULE_SOURCE.format(id="ACME002"))
    dist = site / "acme_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rules\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[co_lint.rules]\nacme = acme_rules.prefix\n")
    (tmp_path / "c.yaml").write_text(CLEAN)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from co_lint.cli import main; "
        "sys.argv = ['co-lint', '--format', 'json', 'c.yaml']; main()"
    )
    result = subprocess.run([sys.executable, "-c", code, str(site)], cwd=tmp_path, capture_output=True, text=True)
    assert [f["rule"] for f in json.loads(result.stdout)] == ["ACME002"], result.stderr


def test_readme_example_rule_is_the_documented_api():
    readme = (REPO / "README.md").read_text()
    assert 'RULE = Rule(id="ACME001", name="display-name-prefix"' in readme
