"""``co-lint --live``: the live rules (CO8xx) run over a lint run's configurations.

The engine's own run is unchanged; afterwards each live rule gets the configurations and the
:class:`~co_lint.live.account.Account`, which reads only what the enabled rules ask for. Its
findings go through the same selection, levels, masking, suppressions and reporters as any.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from co_lint.types import Finding

if TYPE_CHECKING:
    from co_lint.engine import Engine
    from co_lint.live.account import Account
    from co_lint.loader import SourceFile
    from co_lint.model import Configuration
    from co_lint.rule import RuleDef


def open_account(api_url: str | None, timeout: float | None) -> Account:
    """The account to compare with; raises AccountError (exit 2) without the SDK or credentials."""
    from co_lint.live import DEFAULT_TIMEOUT, require_sdk

    require_sdk()
    from co_lint.live.account import Account

    return Account.connect(api_url=api_url, timeout=timeout or DEFAULT_TIMEOUT)


def export_directory(paths: list[Path], cwd: Path) -> Path:
    """Where a configuration no file describes would be exported: the first directory given,
    else the directory of the first file given, else the working directory."""
    for path in paths:
        if path.is_dir():
            return path
    return paths[0].parent if paths else cwd


def live_findings(
    account: Account,
    configs: list[Configuration],
    engine: Engine,
    rules: list[RuleDef],
    sources: list[SourceFile],
    export_dir: Path,
    cwd: Path,
) -> list[Finding]:
    """The CO8xx findings of the reported configurations (and of unmanaged deployments)."""
    from co_lint.discovery import display_path
    from co_lint.live.export import plan

    definitions = [d for d in rules if d.live_only and engine.enabled(d.id)]
    mine = [c for c in configs if c.is_mapping and (c.reported or c.looks_like_configuration)]
    out: list[Finding] = []

    paths: dict[str, Path] = {}

    def place(deployed: dict) -> str:
        """Where ``co-lint export`` would write ``deployed`` (in the directory's format)."""
        if not paths:
            paths.update(plan(account.configurations, export_dir)[0])
        return display_path(paths[deployed["id"]], cwd)

    for definition in definitions:
        check, check_account = definition.check_live, definition.check_live_account
        if check is not None:
            for config in mine:
                if config.reported:
                    engine.collect(definition, lambda c, check=check: check(c, account), config, config, out)
        if check_account is not None:  # also with no configuration at all: "how do we start"
            context = mine[0] if mine else display_path(export_dir, cwd)
            engine.collect(definition, lambda cs, check=check_account: check(cs, account, place), mine, context, out)
    return engine.settle(out, sources)
