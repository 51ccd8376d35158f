"""Wires the steps of a lint run without click, so it can be tested with plain objects.

discover → load → check → report → exit code. The CLI (``co_lint.cli``) only parses
options into :class:`Options` and calls :func:`run`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from co_lint.types import LEVEL_RANK

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")


class UsageError(Exception):
    """Bad options, settings or rule modules: a one-line message and exit code 2."""


@dataclass
class Options:
    paths: list[str] = field(default_factory=list)
    format: str = "text"
    output: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_level: str | None = None
    config: str | None = None
    rules_dirs: list[str] = field(default_factory=list)
    color: bool | None = None
    cwd: Path = field(default_factory=Path.cwd)


def split_ids(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [item.strip().upper() for value in values for item in value.split(",") if item.strip()]


def build_settings(options: Options):
    from co_lint.settings import SettingsError, check_level, load_settings

    try:
        settings = load_settings(options.cwd, Path(options.config) if options.config else None)
        if options.select is not None:
            settings.select = split_ids(options.select)
        if options.ignore is not None:
            settings.ignore = settings.ignore + split_ids(options.ignore)
        if options.fail_level is not None:
            settings.fail_level = check_level("--fail-level", "fail-level", options.fail_level)
        settings.rules_dirs += [options.cwd / d for d in options.rules_dirs]
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    return settings


def load_rules(settings):
    from co_lint.registry import RuleLoadError, all_rules

    try:
        return all_rules(settings.rules_dirs)
    except RuleLoadError as exc:
        raise UsageError(str(exc)) from exc


def run(options: Options, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """One lint run; returns the exit code. Never raises for bad input."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        return _run(options, stdout, stderr)
    except UsageError as exc:
        print(f"co-lint: error: {exc}", file=stderr)
        return EXIT_ERROR


def _run(options: Options, stdout: TextIO, stderr: TextIO) -> int:
    from co_lint.discovery import discover, display_path, project_files, relative_to_root
    from co_lint.engine import Engine
    from co_lint.loader import load_file

    settings = build_settings(options)
    rules = load_rules(settings)
    paths = [options.cwd / p for p in (options.paths or ["."])]
    found = discover(paths, settings)
    errors = [f"{display_path(path, options.cwd)}: no such file or directory" for path in found.missing]
    given = {path.resolve() for path in found.files}
    # The project set joins the given files so that CO3xx see every configuration.
    project = [path for path in project_files(settings) if path.resolve() not in given]
    sources = []
    for path in [*found.files, *project]:
        try:
            sources.append(load_file(path, display_path(path, options.cwd)))
        except OSError as exc:
            if path.resolve() in given:
                errors.append(f"{display_path(path, options.cwd)}: cannot read: {exc.strerror or exc}")
    reported = {display_path(path, options.cwd) for path in found.files}
    root = settings.root

    def scope_of(display: str) -> str:
        return settings.scope_of(relative_to_root(options.cwd / display, root))

    engine = Engine(rules, enabled=settings.rule_enabled, levels=settings.levels)
    findings = engine.run(sources, reported=reported.__contains__, scope_of=scope_of)
    checked = len(found.files)
    for message in errors:
        print(f"co-lint: error: {message}", file=stderr)
    enabled_rules = [d for d in rules if settings.rule_enabled(d.id)]
    from co_lint.reporters import render

    exit_code = (
        EXIT_ERROR
        if errors
        else (
            EXIT_FINDINGS if any(LEVEL_RANK[f.level] >= LEVEL_RANK[settings.fail_level] for f in findings) else EXIT_OK
        )
    )
    color = options.color if options.color is not None else False
    text = render(
        options.format,
        findings,
        rules=enabled_rules,
        files=checked,
        cwd=options.cwd,
        color=color,
        errors=errors,
        exit_code=exit_code,
    )
    if options.output:
        try:
            with open(options.output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            print(f"co-lint: error: cannot write {options.output}: {exc.strerror or exc}", file=stderr)
            return EXIT_ERROR
    else:
        stdout.write(text)
    return exit_code
