"""The bundled examples: clean ones stay silent, the others show every rule family."""

from __future__ import annotations

import json

from conftest import REPO
from test_cli import run


def findings(*paths):
    result = run("--format", "json", "--no-cache", *paths, cwd=REPO)
    return result.returncode, json.loads(result.stdout)


def test_clean_examples_are_silent_and_own_their_addresses():
    code, found = findings("examples/clean")
    assert (code, found) == (0, [])


def test_examples_show_every_rule_family():
    code, found = findings("examples")
    assert code == 1
    families = {f["rule"][:3] for f in found}
    assert families >= {"CO0", "CO1", "CO2", "CO3", "CO4", "CO5", "CO6"}
    assert not [f for f in found if f["file"].startswith("examples/clean/")]
