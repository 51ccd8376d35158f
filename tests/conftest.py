"""Shared test helpers: lint a text or a directory through the real engine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Property tests explore new examples on each developer's run; on CI (``CI`` set, as GitHub
# Actions and most services do) they are derandomized, so a red build is the code's, not a
# seed's (a case found locally is replayed from .hypothesis/ until it passes).
if os.environ.get("CI"):
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CO_LINT_SHARED", REPO.parent / "shared"))

#: A complete, clean configuration (the conformance kit's baseline); tests add one defect to it.
BASELINE_YAML = """\
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
      - from: "+12065550134"
        to: "*"
      - from: "*"
        to: "+12065550134"
"""


def lint_dir(directory: Path, **settings):
    """Lint every configuration below ``directory`` as one project, from inside it."""
    from co_lint.discovery import discover, display_path
    from co_lint.engine import Engine
    from co_lint.loader import load_file
    from co_lint.registry import all_rules
    from co_lint.settings import Settings

    config = Settings(root=directory, **settings)
    found = discover([directory], config)
    sources = [load_file(p, display_path(p, directory)) for p in found.files]
    return Engine(all_rules(config.rules_dirs), enabled=config.rule_enabled, levels=config.levels).run(sources)


@pytest.fixture
def lint_text(tmp_path):
    """Lint one file's text; returns findings as (rule, line, col) triples plus the raw findings."""

    def run(text: str, name: str = "config.yaml", **settings):
        (tmp_path / name).write_text(text, encoding="utf-8")
        return lint_dir(tmp_path, **settings)

    return run
