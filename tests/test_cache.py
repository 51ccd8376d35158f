"""The project cache changes speed, never findings: same output with, without and after edits."""

from __future__ import annotations

import subprocess

from test_cli import run

CONFIG = """\
displayName: {name}
description: Messaging desk
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: []
channelSettings:
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 1440
    captureRules:
      - from: {number}
        to: "*"
      - from: "*"
        to: {number}
"""


def make_repo(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "a.yaml").write_text(CONFIG.format(name="A", number='"+12065550134"'))
    # b.yaml's number is unquoted: cached values must keep CO003's repair (the source text).
    (tmp_path / "configs" / "b.yaml").write_text(CONFIG.format(name="B", number="+12065550134"))
    (tmp_path / "configs" / "c.yaml").write_text(CONFIG.format(name="C", number='"+12065550155"'))
    return tmp_path


def test_warm_cold_and_uncached_runs_print_the_same(tmp_path):
    repo = make_repo(tmp_path)
    cold = run("--format", "json", "configs/a.yaml", cwd=repo)
    assert (repo / ".co-lint-cache" / "project.json").is_file()
    assert (repo / ".co-lint-cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    warm = run("--format", "json", "configs/a.yaml", cwd=repo)
    uncached = run("--format", "json", "--no-cache", "configs/a.yaml", cwd=repo)
    assert cold.returncode == warm.returncode == uncached.returncode == 1
    assert cold.stdout == warm.stdout == uncached.stdout
    assert '"file": "configs/b.yaml"' in warm.stdout  # the related location, located from the cache
    assert '"line": 12' in warm.stdout


def test_an_edited_project_file_is_read_again(tmp_path):
    repo = make_repo(tmp_path)
    assert run("configs/a.yaml", cwd=repo).returncode == 1
    (repo / "configs" / "b.yaml").write_text(CONFIG.format(name="B", number='"+12065550199"'))
    result = run("configs/a.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_a_corrupt_cache_is_ignored(tmp_path):
    repo = make_repo(tmp_path)
    (repo / ".co-lint-cache").mkdir()
    (repo / ".co-lint-cache" / "project.json").write_text('{"format": "x", "files": [1, 2')
    result = run("configs/a.yaml", cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_no_cache_writes_nothing(tmp_path):
    repo = make_repo(tmp_path)
    run("--no-cache", "configs/a.yaml", cwd=repo)
    assert not (repo / ".co-lint-cache").exists()
