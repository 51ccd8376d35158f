"""Helpers of the live-check tests: run the installed console script against a FakeTwilio.

Every test here runs ``co-lint`` as users do — the console script of the dev venv, in a
subprocess, with ``TWILIO_*`` credentials in its environment and ``--api-url`` pointing at a
:class:`~tests.live.fake_twilio.FakeTwilio` served by the test process. Nothing of co-lint is
monkeypatched: the fake is the only stand-in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio

#: The installed console script, found the way tests/test_cli.py finds it.
CO_LINT = shutil.which("co-lint", path=str(Path(sys.executable).parent)) or "co-lint"

CONFIGURATIONS = "/v2/ControlPlane/Configurations"
STORES = "/v1/ControlPlane/Stores"
INTELLIGENCE = "/v3/ControlPlane/Configurations"
NUMBERS_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/IncomingPhoneNumbers.json"

#: The default account's configurations: exported file stem -> (displayName, id).
EXPORTED = {
    "harbor-desk": ("Harbor Desk", "conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1a"),
    "support-line": ("Support Line", "conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1b"),
    "sales-outreach": ("Sales Outreach", "conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1c"),
    "clinic-reminders": ("Clinic Reminders", "conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1d"),
    "field-service": ("Field Service", "conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1e"),
}
#: What ``co-lint export`` drops from a deployment: read-only and response-only fields.
DROPPED = (
    "createdAt",
    "updatedAt",
    "version",
    "statusUrl",
    "related",
    "traitExtractionStrategyIds",
    "observationExtractionStrategyIds",
    "redactionConfigurationId",
)
TOKEN_CREDENTIALS = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}


def environment(credentials: Mapping[str, str] | None = None, **extra: str) -> dict[str, str]:
    """The subprocess environment: the test's own, minus any TWILIO_*/CO_LINT_* setting of the
    machine, plus ``credentials`` (the auth token pair by default) and ``extra``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TWILIO_", "CO_LINT_")) and name not in ("GITHUB_ACTIONS", "PYTHONPATH")
    }
    env.update(NO_COLOR="1", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    env.update(TOKEN_CREDENTIALS if credentials is None else credentials)
    env.update(extra)
    return env


@dataclass
class Run:
    """One finished ``co-lint`` process."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float

    def findings(self) -> list[dict[str, Any]]:
        """The findings of a ``--format json`` run."""
        assert self.stderr == "", self.stderr
        return json.loads(self.stdout)

    def live(self) -> list[dict[str, Any]]:
        """The CO8xx findings of a ``--format json`` run."""
        return [f for f in self.findings() if f["rule"].startswith("CO8")]


def co_lint(
    *args: str,
    cwd: Path,
    credentials: Mapping[str, str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
) -> Run:
    """Run the console script in ``cwd`` (see :func:`environment` for ``credentials``)."""
    start = time.monotonic()
    done = subprocess.run(
        [CO_LINT, *args],
        cwd=cwd,
        env=environment(credentials, **(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(tuple(args), done.returncode, done.stdout, done.stderr, time.monotonic() - start)


class CoLint:
    """``co-lint`` in one working directory, pointed at one fake account."""

    def __init__(self, cwd: Path, fake: FakeTwilio) -> None:
        self.cwd = cwd
        self.fake = fake

    def __call__(self, *args: str, credentials: Mapping[str, str] | None = None, **env: str) -> Run:
        return co_lint(*args, cwd=self.cwd, credentials=credentials, env=env)

    def export(self, *args: str, directory: str = "out") -> Run:
        return self("export", directory, "--api-url", self.fake.url, *args)

    def live(self, *args: str, paths: tuple[str, ...] = ("out",)) -> Run:
        """``co-lint --live --format json [args] paths``; a run that read the account (exit 0 or 1)."""
        run = self("--live", "--api-url", self.fake.url, "--format", "json", *args, *paths)
        assert run.code in (0, 1), (run.code, run.stderr)
        return run

    def path(self, name: str) -> Path:
        return self.cwd / name

    def read(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> str:
        """Replace the only occurrence of ``old`` in file ``name``; returns the new text."""
        text = self.read(name)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        text = text.replace(old, new)
        self.path(name).write_text(text, encoding="utf-8")
        return text


def position(text: str, line_fragment: str, token: str | None = None) -> tuple[int, int]:
    """1-based (line, column) of ``token`` (default: ``line_fragment``) on the only line of
    ``text`` that contains ``line_fragment``."""
    lines = text.splitlines()
    hits = [index for index, line in enumerate(lines) if line_fragment in line]
    assert len(hits) == 1, f"{line_fragment!r} is on lines {[h + 1 for h in hits]}"
    line = lines[hits[0]]
    column = line.index(token if token is not None else line_fragment)
    return hits[0] + 1, column + 1


def located(finding: dict[str, Any]) -> tuple[str, int, int]:
    """A finding's (file, line, column)."""
    return finding["file"], finding["line"], finding["column"]


def paths_read(fake: FakeTwilio) -> list[str]:
    """The paths of every request the fake received, in order."""
    return [path for _, path, _ in fake.requests]
