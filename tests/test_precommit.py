"""A real `pre-commit run` in a temporary git repository, with this project as the hook repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent))

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
      - from: "{number}"
        to: "*"
      - from: "*"
        to: "{number}"
"""


def git(cwd, *args):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A committed snapshot of this project: pre-commit installs hooks from a git repository."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in ("co_lint", "rules", "schemas", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", ".")
    git(snapshot, "commit", "-qm", "snapshot")
    return snapshot


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One pre-commit cache for the module: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-cache")


@pytest.fixture
def user_repo(tmp_path, hook_repo):
    repo = tmp_path / "user"
    (repo / "configs").mkdir(parents=True)
    git(repo, "init", "-q")
    rev = git(hook_repo, "rev-parse", "HEAD").stdout.strip()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: co-lint\n        files: ^configs/\n"
    )
    return repo


@pytest.fixture
def pre_commit(cache):
    def run(repo):
        env = {**os.environ, "PRE_COMMIT_HOME": str(cache), "NO_COLOR": "1"}
        return subprocess.run([PRE_COMMIT, "run"], cwd=repo, capture_output=True, text=True, env=env, timeout=600)

    return run


def test_staged_file_overlapping_a_committed_one_fails_and_names_the_other_file(user_repo, pre_commit):
    (user_repo / "configs" / "harbor.yaml").write_text(CONFIG.format(name="Harbor", number="+12065550134"))
    git(user_repo, "add", ".")
    git(user_repo, "commit", "-qm", "harbor", "--no-verify")
    (user_repo / "configs" / "pier.yaml").write_text(CONFIG.format(name="Pier", number="+12065550134"))
    git(user_repo, "add", "configs/pier.yaml")
    result = pre_commit(user_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "configs/pier.yaml:12:15: CO301" in result.stdout
    assert "configs/harbor.yaml:12" in result.stdout  # the related location in the other file
    assert "configs/harbor.yaml:12:15: CO301" not in result.stdout  # harbor.yaml was not staged

    (user_repo / "configs" / "pier.yaml").write_text(CONFIG.format(name="Pier", number="+12065550188"))
    git(user_repo, "add", "configs/pier.yaml")
    result = pre_commit(user_repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_same_numbers_in_two_scopes_do_not_fire(user_repo, pre_commit):
    for scope in ("prod", "staging"):
        (user_repo / "configs" / scope).mkdir()
        (user_repo / "configs" / scope / "harbor.yaml").write_text(
            CONFIG.format(name=f"Harbor {scope}", number="+12065550134")
        )
    (user_repo / ".co-lint.yaml").write_text(
        "scopes:\n  prod: ['configs/prod/**']\n  staging: ['configs/staging/**']\n"
    )
    git(user_repo, "add", ".")
    result = pre_commit(user_repo)
    assert result.returncode == 0, result.stdout + result.stderr
