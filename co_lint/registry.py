"""Finds rules: built-ins in ``rules/``, packs through entry points, a team's own directory.

All three sources load modules of the same shape (see :mod:`co_lint.rule`), so a user's
policy is written exactly like a built-in rule.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from co_lint.rule import CHECKS, Rule, RuleDef, rule_problem

ENTRY_POINT_GROUP = "co_lint.rules"


class RuleLoadError(Exception):
    """A rule module could not be loaded (reported as a usage error, exit code 2)."""


def rule_from_module(module: ModuleType, origin: str) -> RuleDef:
    """The rule a module defines; a usage error (exit 2) when its ``RULE`` or a check function is
    malformed: found at load time, not as a crash in every report (``level="fatal"``)."""
    rule = getattr(module, "RULE", None)
    if not isinstance(rule, Rule):
        raise RuleLoadError(f"{origin}: module {module.__name__!r} has no RULE = co_lint.rule.Rule(...)")
    problem = rule_problem(rule)
    if problem is not None:
        raise RuleLoadError(f"{origin}: RULE of module {module.__name__!r}: {problem}")
    checks = {name: getattr(module, name, None) for name in CHECKS}
    for name, function in checks.items():
        if function is not None and not callable(function):
            raise RuleLoadError(f"{origin}: {name} of module {module.__name__!r} must be a function")
    return RuleDef(
        rule=rule,
        explanation=(module.__doc__ or rule.summary).strip(),
        **checks,
        origin=origin,
        module=module,
    )


def builtin_rules() -> list[RuleDef]:
    import co_lint.rules as package

    names = sorted(path.stem for path in Path(package.__file__).parent.glob("co[0-9]*.py"))
    return [rule_from_module(importlib.import_module(f"co_lint.rules.{name}"), "built-in") for name in names]


def _declares_group(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as handle:
            return f"[{ENTRY_POINT_GROUP}]" in handle.read()
    except OSError:
        return False


def _any_plugin_installed() -> bool:
    """Whether any installed distribution declares a ``co_lint.rules`` entry point.

    ``importlib.metadata`` costs ~40 ms to import on every run; listing ``*.dist-info``
    folders and reading their ``entry_points.txt`` costs a few ms, and almost every run
    finds none. When one is found, the standard machinery loads it.
    """
    for folder in sys.path:
        try:
            entries = os.scandir(folder or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.endswith((".dist-info", ".egg-info")) and _declares_group(
                    os.path.join(entry.path, "entry_points.txt")
                ):
                    return True
    return False


def entry_point_rules() -> list[RuleDef]:
    if not _any_plugin_installed():
        return []
    from importlib.metadata import entry_points

    found = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
        except (Exception, SystemExit) as exc:  # a broken plug-in must not stop the run silently
            raise RuleLoadError(f"entry point {entry.name!r} ({entry.value}): {exc}") from exc
        modules = loaded if isinstance(loaded, (list, tuple)) else [loaded]
        for module in modules:
            found.append(rule_from_module(module, f"entry point {entry.name}"))
    return found


def directory_rules(directory: Path) -> list[RuleDef]:
    if not directory.is_dir():
        raise RuleLoadError(f"rules directory {str(directory)!r} does not exist")
    found = []
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_"):
            continue
        name = f"co_lint_user_rules.{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as exc:  # sys.exit() at import would end the run with no word
            raise RuleLoadError(f"{path}: {type(exc).__name__}: {exc}") from exc
        found.append(rule_from_module(module, str(path)))
    return found


def all_rules(rules_dirs: list[Path] = (), with_entry_points: bool = True) -> list[RuleDef]:
    """Every known rule, sorted by id; a duplicated id is a load error."""
    rules = builtin_rules()
    if with_entry_points:
        rules += entry_point_rules()
    for directory in rules_dirs:
        rules += directory_rules(directory)
    seen: dict[str, str] = {}
    for definition in rules:
        if definition.id in seen:
            raise RuleLoadError(
                f"rule id {definition.id} is defined twice ({seen[definition.id]} and {definition.origin})"
            )
        seen[definition.id] = definition.origin
    return sorted(rules, key=lambda d: d.id)
