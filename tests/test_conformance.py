"""Every case of ../shared/conformance must match exactly (rules.md as executable cases)."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, lint_dir

CASES = sorted((SHARED / "conformance" / "cases").glob("*/")) if SHARED.is_dir() else []


def test_conformance_kit_is_present():
    assert len(CASES) >= 79, f"expected the conformance kit at {SHARED}/conformance"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, monkeypatch):
    project = case / "project"
    monkeypatch.chdir(project)
    expected = json.loads((case / "expected.json").read_text())
    want = sorted((f["file"], f["rule"], f["level"], f["line"]) for f in expected["findings"])
    got = sorted((f.path, f.rule_id, f.level, f.span.start_line) for f in lint_dir(project))
    assert got == want, expected["about"]
