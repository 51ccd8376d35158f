"""`pip install .` (what pre-commit does) must carry rules/ and schemas/ inside the distribution."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_contains_rules_and_schema(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("co_lint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "co_lint/schemas/configuration.schema.json" in names
    assert "co_lint/rules/co101_unknown_property.py" in names
    built_in = {p.name for p in (REPO / "rules").glob("co*.py")}
    assert {n.rsplit("/", 1)[-1] for n in names if n.startswith("co_lint/rules/co")} == built_in
    assert any(n.endswith("entry_points.txt") for n in names)
