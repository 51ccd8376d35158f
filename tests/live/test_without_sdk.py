"""The core install: offline runs never import the SDK, and live commands without it say how to get it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import BASELINE_YAML, REPO

from .fake_twilio import FakeTwilio
from .support import CoLint, Run

INSTALL = "co-lint: error: live checks need the Twilio SDK: pip install 'co-lint[live]'"
#: Top-level packages the live extra brings; an offline run must import none of them.
LIVE_PACKAGES = {"twilio", "requests", "urllib3", "aiohttp"}


@pytest.fixture
def no_sdk(tmp_path: Path) -> dict[str, str]:
    """A PYTHONPATH on which ``import twilio`` fails as when the extra is not installed."""
    shadow = tmp_path / "shadow"
    (shadow / "twilio").mkdir(parents=True)
    (shadow / "twilio" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'twilio'\", name='twilio')\n"
    )
    return {"PYTHONPATH": str(shadow)}


def imported(run: Run) -> set[str]:
    """The modules a run imported, from ``PYTHONPROFILEIMPORTTIME`` lines on its stderr."""
    names = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                names.add(name)
    return names


def test_live_without_the_sdk_says_how_to_install_it(cli: CoLint, no_sdk: dict[str, str]) -> None:
    """``co-lint --live x.yaml`` without twilio: exit 2, the install command, no traceback, nothing sent."""
    cli.path("x.yaml").write_text(BASELINE_YAML)

    run = cli("--live", "--api-url", cli.fake.url, "x.yaml", **no_sdk)

    assert (run.code, run.stdout, run.stderr) == (2, "", INSTALL + "\n")
    assert cli.fake.requests == []


def test_export_without_the_sdk_says_how_to_install_it(cli: CoLint, no_sdk: dict[str, str]) -> None:
    """``co-lint export out`` without twilio: exit 2, the install command, no directory created."""
    run = cli("export", "out", "--api-url", cli.fake.url, **no_sdk)

    assert (run.code, run.stdout, run.stderr) == (2, "", INSTALL + "\n")
    assert not cli.path("out").exists()


def test_offline_run_without_the_sdk_works(cli: CoLint, no_sdk: dict[str, str]) -> None:
    """The shadowed SDK does not matter to an offline lint."""
    cli.path("x.yaml").write_text(BASELINE_YAML)

    run = cli("x.yaml", **no_sdk)

    assert (run.code, run.stderr) == (0, "")


def test_offline_run_imports_neither_twilio_nor_requests(tmp_path: Path, fake: FakeTwilio) -> None:
    """An offline run of the examples, credentials set or not, imports no module of the live extra;
    the same measurement of a --live run does see twilio (so the check can fail)."""
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    cli = CoLint(tmp_path, fake)

    offline = cli("--no-cache", "examples", PYTHONPROFILEIMPORTTIME="1")

    assert offline.code == 1  # the examples have problems on purpose
    modules = imported(offline)
    assert "co_lint.engine" in modules
    assert not {m for m in modules if m.split(".")[0] in LIVE_PACKAGES}
    assert not {m for m in modules if m.startswith("co_lint.live")}

    live = cli("--live", "--api-url", fake.url, "--select", "CO802", "examples", PYTHONPROFILEIMPORTTIME="1")

    assert live.code == 1  # the examples' memory stores are not in the fake account
    assert {"twilio", "requests", "co_lint.live.client"} <= imported(live)


def test_version_imports_nothing_of_the_live_extra(cli: CoLint) -> None:
    """``co-lint --version`` with credentials in the environment stays minimal."""
    run = cli("--version", PYTHONPROFILEIMPORTTIME="1")

    assert run.code == 0 and run.stdout.startswith("co-lint ")
    assert not {m for m in imported(run) if m.split(".")[0] in LIVE_PACKAGES | {"click", "yaml"}}
