"""Fixtures of the live-check tests: a fake account per test, and an exported project to edit."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .fake_twilio import FakeTwilio, default_account
from .support import EXPORTED, CoLint, co_lint


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    """The healthy default account, served for one test (tests mutate it freely)."""
    with default_account() as account:
        yield account


@pytest.fixture
def cli(tmp_path: Path, fake: FakeTwilio) -> CoLint:
    """``co-lint`` in an empty working directory, pointed at ``fake``."""
    return CoLint(tmp_path, fake)


@pytest.fixture(scope="session")
def exported_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``co-lint export out`` of the default account, done once; tests copy it (never edit it)."""
    cwd = tmp_path_factory.mktemp("exported")
    with default_account() as account:
        run = co_lint("export", "out", "--api-url", account.url, cwd=cwd)
    assert run.code == 0, run.stderr
    assert sorted(p.stem for p in (cwd / "out").iterdir()) == sorted(EXPORTED)
    return cwd / "out"


@pytest.fixture
def project(cli: CoLint, exported_template: Path) -> CoLint:
    """``cli`` in a directory holding ``out/``: a fresh copy of the default account's export."""
    shutil.copytree(exported_template, cli.path("out"))
    return cli
