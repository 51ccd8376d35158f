"""--base REV: each configuration against its version at a git revision (CO701-CO706).

Every test builds a real git repository with real commits and runs the installed console
script, as a pull-request job or a pre-commit hook would.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from test_cli import run

HARBOR = """\
id: conv_configuration_01jb6k2m9p4r7t1v5x8z3c6f9h
displayName: Harbor Messaging
description: SMS and WhatsApp desk for the harbor office
conversationGroupingType: GROUP_BY_PROFILE
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
memoryExtractionEnabled: true
intelligenceConfigurationIds:
  - intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b
statusCallbacks:
  - url: https://hooks.harbor-ops.net/conversations
    method: POST
channelSettings:
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 1440
    captureRules:
      - from: "+12065550134"
        to: "*"
      - from: "*"
        to: "+12065550134"
  WHATSAPP:
    statusTimeouts:
      inactive: 60
      closed: 2880
    captureRules:
      - from: "whatsapp:+12065550134"
        to: "*"
      - from: "*"
        to: "whatsapp:+12065550134"
"""

PIER = """\
displayName: Pier Chat
description: Web chat for the pier kiosk
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_3k8m2p6r9t4v7x1z5c8f2h6j9l
intelligenceConfigurationIds: []
channelSettings:
  CHAT:
    statusTimeouts:
      inactive: 15
      closed: 120
    captureRules:
      - from: "*"
        to: "*"
"""


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(cwd),
    }
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env)
    return done.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds two clean configurations under configs/."""
    root = tmp_path / "repo"
    (root / "configs").mkdir(parents=True)
    git(root, "init", "-q")
    (root / "configs" / "harbor.yaml").write_text(HARBOR)
    (root / "configs" / "pier.yaml").write_text(PIER)
    commit(root, "two configurations")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def lint(repo: Path, *args: str, cwd: Path | None = None):
    """(exit code, findings as (rule, file, line, column), findings as dicts, stderr)."""
    result = run("--format", "json", *args, cwd=cwd or repo)
    findings = json.loads(result.stdout) if result.stdout.strip() else []
    located = [(f["rule"], f["file"], f["line"], f["column"]) for f in findings]
    return result.returncode, located, findings, result.stderr


def changes_only(located):
    return [item for item in located if item[0].startswith("CO7")]


# -- silence -----------------------------------------------------------------------------------------


def test_nothing_relevant_changed_is_silent(repo):
    harbor = repo / "configs" / "harbor.yaml"
    edit(harbor, "description: SMS and WhatsApp desk", "description: The SMS and WhatsApp desk")
    edit(harbor, "      inactive: 30\n", "      inactive: 45\n")
    edit(
        harbor,
        "  WHATSAPP:\n",
        '      - from: "+12065550199"\n        to: "*"\n      - from: "*"\n        to: "+12065550199"\n  WHATSAPP:\n',
    )
    code, located, _, stderr = lint(repo, "--base", "HEAD", "configs/")
    assert (code, located, stderr) == (0, [], "")


def test_an_unchanged_repository_is_silent_and_the_base_is_a_real_revision(repo):
    commit_two = repo / "configs" / "pier.yaml"
    edit(commit_two, "description: Web chat for the pier kiosk", "description: Pier kiosk chat")
    commit(repo, "reword")
    code, located, _, _ = lint(repo, "--base", "HEAD~1", "configs/")
    assert (code, located) == (0, [])
    code, located, _, _ = lint(repo, "--base", "HEAD", "configs/")
    assert (code, located) == (0, [])


def test_a_file_that_does_not_parse_is_not_compared(repo):
    pier = repo / "configs" / "pier.yaml"
    pier.write_text(PIER.replace("channelSettings:\n", "channelSettings: [\n"))
    _, located, _, _ = lint(repo, "--base", "HEAD", "configs/")
    assert [item[0] for item in located] == ["CO001"]
    commit(repo, "broken")
    pier.write_text(PIER.replace("GROUP_BY_PARTICIPANT_ADDRESSES", "GROUP_BY_PROFILE"))
    code, located, _, _ = lint(repo, "--base", "HEAD", "configs/")
    assert (code, located) == (0, [])


# -- CO701 -------------------------------------------------------------------------------------------


def test_co701_names_each_removed_field_and_its_old_value_at_the_first_key(repo):
    harbor = repo / "configs" / "harbor.yaml"
    edit(harbor, "memoryExtractionEnabled: true\n", "")
    edit(harbor, "statusCallbacks:\n  - url: https://hooks.harbor-ops.net/conversations\n    method: POST\n", "")
    commit(repo, "drop fields")
    code, located, findings, _ = lint(repo, "--base", "HEAD~1", "configs/")
    assert code == 1
    assert located == [
        ("CO701", "configs/harbor.yaml", 1, 1),
        ("CO701", "configs/harbor.yaml", 1, 1),
    ]
    messages = sorted(f["message"] for f in findings)
    assert messages[0].startswith("`memoryExtractionEnabled` was removed (at HEAD~1: true): the next PUT")
    assert messages[1].startswith(
        '`statusCallbacks` was removed (at HEAD~1: [{"url": "https://hooks.harbor-ops.net/conversations", '
    )


def test_co701_replaces_co501_for_removed_intelligence_ids(repo):
    harbor = repo / "configs" / "harbor.yaml"
    edit(harbor, "intelligenceConfigurationIds:\n  - intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b\n", "")
    _, located, findings, _ = lint(repo, "--base", "HEAD", "configs/harbor.yaml")
    assert located == [("CO701", "configs/harbor.yaml", 1, 1)]
    assert '["intelligence_configuration_4c7e1g9j2l5n8p0r3t6v9x1z4b"]' in findings[0]["message"]
    # Without --base the same file is CO501.
    _, located, _, _ = lint(repo, "configs/harbor.yaml")
    assert located == [("CO501", "configs/harbor.yaml", 1, 1)]


def test_co701_masks_a_credential_in_the_old_value(repo):
    secret = "0123456789abcdef0123456789abcdef"
    pier = repo / "configs" / "pier.yaml"
    edit(
        pier,
        "intelligenceConfigurationIds: []\n",
        f"intelligenceConfigurationIds: []\nstatusCallbacks:\n  - url: https://hooks.pier.net/cb?token={secret}\n",
    )
    commit(repo, "callback with a token")
    edit(pier, f"statusCallbacks:\n  - url: https://hooks.pier.net/cb?token={secret}\n", "")
    _, located, findings, _ = lint(repo, "--base", "HEAD", "configs/pier.yaml")
    assert located == [("CO701", "configs/pier.yaml", 1, 1)]
    assert secret not in findings[0]["message"] and "token=0123…cdef" in findings[0]["message"]


def test_co701_is_silent_for_read_only_unknown_and_empty_fields(repo):
    pier = repo / "configs" / "pier.yaml"
    edit(pier, "displayName: Pier Chat\n", "displayName: Pier Chat\nversion: 3\ndescriptionx: typo\n")
    commit(repo, "pasted fields")
    edit(pier, "version: 3\ndescriptionx: typo\n", "")
    edit(pier, "intelligenceConfigurationIds: []\n", "")
    _, located, _, _ = lint(repo, "--base", "HEAD", "--select", "CO7", "configs/pier.yaml")
    assert located == []


# -- CO702 -------------------------------------------------------------------------------------------


def test_co702_at_the_channel_settings_key(repo):
    harbor = repo / "configs" / "harbor.yaml"
    text = harbor.read_text()
    harbor.write_text(text[: text.index("  WHATSAPP:")])
    _, located, findings, _ = lint(repo, "--base", "HEAD", "configs/harbor.yaml")
    assert located == [("CO702", "configs/harbor.yaml", 12, 1)]
    assert findings[0]["level"] == "warning"
    assert findings[0]["message"].startswith("channel WHATSAPP was removed (at HEAD it had 2 capture rules)")


def test_co702_at_the_first_key_when_channel_settings_is_gone(repo):
    harbor = repo / "configs" / "harbor.yaml"
    text = harbor.read_text()
    harbor.write_text(text[: text.index("channelSettings:")])
    _, located, _, _ = lint(repo, "--base", "HEAD", "--select", "CO7", "configs/harbor.yaml")
    # One per channel; their capture rules are not listed again (CO703).
    assert located == [("CO702", "configs/harbor.yaml", 1, 1), ("CO702", "configs/harbor.yaml", 1, 1)]


# -- CO703 -------------------------------------------------------------------------------------------


def test_co703_lists_the_removed_rules_at_the_capture_rules_key(repo):
    harbor = repo / "configs" / "harbor.yaml"
    edit(harbor, '      - from: "*"\n        to: "whatsapp:+12065550134"\n', "")
    edit(
        harbor,
        '      - from: "whatsapp:+12065550134"\n        to: "*"\n',
        '      - from: "whatsapp:+12065550135"\n        to: "*"\n',
    )
    _, located, findings, _ = lint(repo, "--base", "HEAD", "--select", "CO7", "configs/")
    assert located == [("CO703", "configs/harbor.yaml", 26, 5)]
    assert findings[0]["level"] == "note"
    assert findings[0]["message"].startswith(
        "2 capture rules of WHATSAPP removed since HEAD: whatsapp:+12065550134 → *; * → whatsapp:+12065550134"
    )


def test_co703_is_silent_for_a_removed_duplicate_and_for_quoting_a_coerced_value(repo):
    pier = repo / "configs" / "pier.yaml"
    edit(
        pier,
        '      - from: "*"\n        to: "*"\n',
        '      - from: "*"\n        to: "*"\n      - from: "*"\n        to: "*"\n',
    )
    harbor = repo / "configs" / "harbor.yaml"
    edit(harbor, '      - from: "+12065550134"\n        to: "*"\n', '      - from: +12065550134\n        to: "*"\n')
    commit(repo, "a duplicate, an unquoted number")
    edit(pier, '      - from: "*"\n        to: "*"\n', "")
    edit(harbor, "      - from: +12065550134\n", '      - from: "+12065550134"\n')
    code, located, _, _ = lint(repo, "--base", "HEAD", "configs/")
    assert (code, located) == (0, [])


def test_co703_at_the_channel_key_when_capture_rules_is_gone(repo):
    harbor = repo / "configs" / "harbor.yaml"
    text = harbor.read_text()
    start = text.index('    captureRules:\n      - from: "whatsapp')
    harbor.write_text(text[:start])
    _, located, _, _ = lint(repo, "--base", "HEAD", "--select", "CO7", "configs/harbor.yaml")
    assert located == [("CO703", "configs/harbor.yaml", 22, 3)]


# -- CO704 and CO705 ---------------------------------------------------------------------------------


def test_co704_and_co705_at_the_changed_values(repo):
    harbor = repo / "configs" / "harbor.yaml"
    edit(harbor, "GROUP_BY_PROFILE", "GROUP_BY_PARTICIPANT_ADDRESSES")
    edit(harbor, "mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n", "mem_store_5q8s1u4w7y0a3c6e9g2i5k8m1n")
    code, located, findings, _ = lint(repo, "--base", "HEAD", "configs/")
    assert code == 1
    assert located == [("CO704", "configs/harbor.yaml", 4, 27), ("CO705", "configs/harbor.yaml", 5, 16)]
    levels = {f["rule"]: f["level"] for f in findings}
    assert levels == {"CO704": "error", "CO705": "warning"}
    assert findings[0]["message"].startswith(
        'conversationGroupingType changed from "GROUP_BY_PROFILE" (at HEAD) to "GROUP_BY_PARTICIPANT_ADDRESSES"'
    )
    assert (
        '"mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n" (at HEAD) to "mem_store_5q8s1u4w7y0a3c6e9g2i5k8m1n"'
        in (findings[1]["message"])
    )


def test_filling_in_a_template_is_not_a_change_of_store(repo):
    pier = repo / "configs" / "pier.yaml"
    edit(pier, "mem_store_3k8m2p6r9t4v7x1z5c8f2h6j9l", "${MEMORY_STORE}")
    commit(repo, "template")
    edit(pier, "${MEMORY_STORE}", "mem_store_3k8m2p6r9t4v7x1z5c8f2h6j9l")
    _, located, _, _ = lint(repo, "--base", "HEAD", "--select", "CO7", "configs/")
    assert located == []


# -- CO706 and renames -------------------------------------------------------------------------------


def test_co706_for_a_deleted_file_at_its_path_line_1(repo):
    git(repo, "rm", "-q", "configs/pier.yaml")
    commit(repo, "retire pier")
    code, located, findings, _ = lint(repo, "--base", "HEAD~1", "configs/")
    assert (code, located) == (0, [("CO706", "configs/pier.yaml", 1, 1)])
    assert findings[0]["level"] == "note"
    assert findings[0]["message"].startswith("deleted since HEAD~1: the file held configuration 'Pier Chat'")
    # The project set: also when pre-commit passes only another file.
    _, located, _, _ = lint(repo, "--base", "HEAD~1", "configs/harbor.yaml")
    assert located == [("CO706", "configs/pier.yaml", 1, 1)]


def test_co706_only_for_deleted_files_co_lint_would_lint(repo):
    (repo / ".co-lint.yaml").write_text('include: ["configs/**/*.yaml"]\n')
    (repo / "other").mkdir()
    (repo / "other" / "old.yaml").write_text(PIER.replace("Pier Chat", "Old Chat"))
    (repo / "configs" / "package.json").write_text('{"name": "not a configuration"}\n')
    commit(repo, "settings, another directory, a JSON file")
    git(repo, "rm", "-q", "other/old.yaml", "configs/package.json")
    _, located, _, _ = lint(repo, "--base", "HEAD", "configs/")
    assert located == []
    git(repo, "rm", "-q", "configs/pier.yaml")
    _, located, _, _ = lint(repo, "--base", "HEAD", "configs/harbor.yaml")
    assert located == [("CO706", "configs/pier.yaml", 1, 1)]


def test_a_rename_is_followed_not_a_deletion(repo):
    git(repo, "mv", "configs/harbor.yaml", "configs/harbor-desk.yaml")
    edit(repo / "configs" / "harbor-desk.yaml", "GROUP_BY_PROFILE", "GROUP_BY_PARTICIPANT_ADDRESSES")
    commit(repo, "rename")
    _, located, findings, _ = lint(repo, "--base", "HEAD~1", "configs/")
    assert located == [("CO704", "configs/harbor-desk.yaml", 4, 27)]
    assert "(at HEAD~1:configs/harbor.yaml)" in findings[0]["message"]


def test_multi_document_files_pair_documents_by_id_then_name(repo):
    both = repo / "configs" / "both.yaml"
    both.write_text(HARBOR + "---\n" + PIER)
    git(repo, "rm", "-q", "configs/harbor.yaml", "configs/pier.yaml")
    commit(repo, "one file")
    # Reordered documents are the same configurations: silent.
    both.write_text(PIER + "---\n" + HARBOR)
    _, located, _, _ = lint(repo, "--base", "HEAD", "configs/")
    assert located == []
    # A document removed from the file: CO706 at the first key of the file's first configuration.
    both.write_text("# the harbor desk alone\n" + HARBOR)
    _, located, findings, _ = lint(repo, "--base", "HEAD", "configs/")
    assert located == [("CO706", "configs/both.yaml", 2, 1)]
    assert findings[0]["message"].startswith("configuration 'Pier Chat' (document 2 at HEAD) is no longer in this file")


# -- usage -------------------------------------------------------------------------------------------


def test_an_unknown_revision_is_a_one_line_error(repo):
    result = run("--base", "origin/nope", "configs/", cwd=repo)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("co-lint: error: --base origin/nope: unknown revision")
    assert result.stderr.count("\n") == 1


def test_outside_a_git_repository_is_a_one_line_error(tmp_path):
    (tmp_path / "pier.yaml").write_text(PIER)
    result = run("--base", "main", "pier.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"co-lint: error: --base needs a git repository, and {tmp_path} is not inside one\n"


def test_the_base_setting_and_an_empty_option_to_turn_it_off(repo):
    edit(repo / "configs" / "harbor.yaml", "GROUP_BY_PROFILE", "GROUP_BY_PARTICIPANT_ADDRESSES")
    (repo / ".co-lint.yaml").write_text("base: HEAD\n")
    _, located, _, _ = lint(repo, "configs/")
    assert located == [("CO704", "configs/harbor.yaml", 4, 27)]
    code, located, _, _ = lint(repo, "--base", "", "configs/")
    assert (code, located) == (0, [])
    (repo / ".co-lint.yaml").write_text("base: [HEAD]\n")
    result = run("configs/", cwd=repo)
    assert result.returncode == 2 and "'base' must be a git revision" in result.stderr


def test_from_a_subdirectory_with_stdin(repo):
    text = (repo / "configs" / "harbor.yaml").read_text().replace("GROUP_BY_PROFILE", "GROUP_BY_PARTICIPANT_ADDRESSES")
    result = subprocess.run(
        [*_co_lint(), "--format", "json", "--base", "HEAD", "-", "--stdin-filename", "harbor.yaml"],
        cwd=repo / "configs",
        input=text,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    located = [(f["rule"], f["file"], f["line"], f["column"]) for f in json.loads(result.stdout)]
    assert located == [("CO704", "harbor.yaml", 4, 27)]


def _co_lint() -> list[str]:
    from test_cli import CO_LINT

    return [CO_LINT]


def test_change_findings_are_suppressed_and_survive_fix(repo):
    harbor = repo / "configs" / "harbor.yaml"
    edit(
        harbor,
        "memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n",
        "memoryStoreId: mem_store_5q8s1u4w7y0a3c6e9g2i5k8m1n  # co-lint: disable=CO705",
    )
    edit(harbor, "GROUP_BY_PROFILE", "GROUP_BY_PARTICIPANT_ADDRESSES")
    edit(harbor, '      - from: "+12065550134"\n', "      - from: +12065550134\n")  # CO003, fixable
    result = run("--base", "HEAD", "--fix", "configs/harbor.yaml", cwd=repo)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        'configs/harbor.yaml:4:27: CO704 [error] conversationGroupingType changed from "GROUP_BY_PROFILE" '
        '(at HEAD) to "GROUP_BY_PARTICIPANT_ADDRESSES": it cannot change after creation; keep the old value '
        "and create a new configuration for the new grouping type"
    )
    assert "CO705" not in result.stdout and "CO008" not in result.stdout and "CO703" not in result.stdout
    assert '      - from: "+12065550134"\n' in harbor.read_text()


def test_without_base_change_rules_neither_run_nor_judge_their_suppressions(repo):
    harbor = repo / "configs" / "harbor.yaml"
    edit(
        harbor,
        "memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n",
        "memoryStoreId: mem_store_5q8s1u4w7y0a3c6e9g2i5k8m1n  # co-lint: disable=CO705",
    )
    code, located, _, _ = lint(repo, "configs/")
    assert (code, located) == (0, [])
    sarif = json.loads(run("--format", "sarif", "configs/", cwd=repo).stdout)
    assert not [d for d in sarif["runs"][0]["tool"]["driver"]["rules"] if d["id"].startswith("CO7")]
    sarif = json.loads(run("--format", "sarif", "--base", "HEAD", "configs/", cwd=repo).stdout)
    ids = [d["id"] for d in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert ids[-6:] == ["CO701", "CO702", "CO703", "CO704", "CO705", "CO706"]
    # With a base, the store change is found and the comment suppresses it.
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "CO705" and result["suppressions"] == [{"kind": "inSource"}]


def test_a_custom_change_rule_runs_with_base_and_a_crash_is_contained(repo):
    (repo / "policies").mkdir()
    (repo / "policies" / "acme.py").write_text(
        '"""Descriptions must not shrink."""\n'
        "from co_lint.rule import Hit, Rule\n"
        'RULE = Rule(id="ACME701", name="description-shrunk", level="warning", summary="Shrunk.")\n'
        "def check_change(base, current):\n"
        '    if len(current.get("description")) < len(base.get("description")):\n'
        '        yield Hit(current, "/description", "description shrunk")\n'
        '    if current.get("displayName") == "Boom":\n'
        '        raise ValueError("boom")\n'
    )
    pier = repo / "configs" / "pier.yaml"
    edit(pier, "description: Web chat for the pier kiosk", "description: Web chat")
    _, located, _, _ = lint(repo, "--base", "HEAD", "--rules-dir", "policies", "configs/")
    assert located == [("ACME701", "configs/pier.yaml", 2, 14)]
    _, located, _, _ = lint(repo, "--rules-dir", "policies", "configs/")
    assert located == []
    edit(pier, "displayName: Pier Chat", "displayName: Boom")
    _, located, findings, _ = lint(
        repo, "--base", "HEAD", "--rules-dir", "policies", "--select", "ACME,CO009", "configs/"
    )
    assert located == [("CO009", "configs/pier.yaml", 1, 1), ("ACME701", "configs/pier.yaml", 2, 14)]
    assert "rule ACME701 (description-shrunk" in findings[0]["message"] and "ValueError: boom" in findings[0]["message"]


def test_worker_processes_give_the_same_change_findings(repo):
    """With --jobs the given files are parsed in workers (their sources carry no input findings)."""
    edit(repo / "configs" / "harbor.yaml", "GROUP_BY_PROFILE", "GROUP_BY_PARTICIPANT_ADDRESSES")
    (repo / "configs" / "pier.yaml").write_text(PIER.replace("channelSettings:\n", "channelSettings: [\n"))
    single = lint(repo, "--base", "HEAD", "--jobs", "1", "configs/")[:2]
    pooled = lint(repo, "--base", "HEAD", "--jobs", "2", "configs/")[:2]
    assert single == pooled == (1, [("CO704", "configs/harbor.yaml", 4, 27), ("CO001", "configs/pier.yaml", 8, 19)])
