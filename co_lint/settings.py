"""Settings: ``[tool.co-lint]`` in ``pyproject.toml`` or ``.co-lint.yaml``, found by walking up.

Command-line flags override the file. Paths in the file (``rules-dir``, ``include``,
``exclude``, ``baseline``) are relative to the file's directory, so a run from any
subdirectory means the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from co_lint.types import LEVELS

DEFAULT_INCLUDE = ("**/*.json", "**/*.yaml", "**/*.yml")
KEYS = {
    "include",
    "exclude",
    "select",
    "ignore",
    "fail-level",
    "rules-dir",
    "levels",
    "scopes",
    "per-file-ignores",
    "base",
    "baseline",
}


class SettingsError(Exception):
    """The settings file is unreadable or invalid (a usage error: exit code 2)."""


@dataclass
class Settings:
    root: Path
    source: Path | None = None
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_level: str = "warning"
    rules_dirs: list[Path] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)
    #: scope name → globs; cross-configuration rules compare only within one scope.
    scopes: dict[str, list[str]] = field(default_factory=dict)
    #: True when include/exclude came from a settings file (then they also filter given files).
    include_from_settings: bool = False
    #: glob (relative to the settings file) → rule ids or prefixes suppressed in matching files.
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    #: A git revision to compare each configuration with (``--base``; CO7xx), or None.
    base: str | None = None
    #: A baseline file (``--baseline``) for runs that name none, relative to the settings file.
    baseline: Path | None = None

    def scope_of(self, relative: str) -> str:
        """The scope of a root-relative posix path: the first whose globs match, else the default ""."""
        from co_lint.discovery import matches

        for name, globs in self.scopes.items():
            if matches(relative, globs):
                return name
        return ""

    def rule_enabled(self, rule_id: str) -> bool:
        """Selection by id or prefix (``CO2`` selects every capture rule); ignore wins."""
        if self.select and not any(rule_id.startswith(prefix) for prefix in self.select):
            return False
        return not any(rule_id.startswith(prefix) for prefix in self.ignore)


def _read_toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from exc


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: {str(exc).splitlines()[0]}") from exc


def find_settings_file(start: Path) -> tuple[Path, dict] | None:
    """The nearest settings file at or above ``start`` and its co-lint table."""
    for directory in (start, *start.parents):
        candidate = directory / ".co-lint.yaml"
        if candidate.is_file():
            return candidate, _read_yaml(candidate)
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            table = _read_toml(candidate).get("tool", {}).get("co-lint")
            if table is not None:
                return candidate, table
    return None


def _string_list(path: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SettingsError(f"{path}: '{key}' must be a list of strings")
    return value


def parse_settings(path: Path, table: Any) -> Settings:
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: the co-lint settings must be a mapping")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        from co_lint.suggest import did_you_mean

        raise SettingsError(f"{path}: unknown setting {unknown[0]!r}{did_you_mean(unknown[0], sorted(KEYS))}")
    root = path.parent
    settings = Settings(root=root, source=path)
    if "include" in table:
        settings.include = _string_list(path, "include", table["include"])
        settings.include_from_settings = True
    for key in ("exclude", "select", "ignore"):
        if key in table:
            setattr(settings, key, _string_list(path, key, table[key]))
    if "fail-level" in table:
        settings.fail_level = check_level(path, "fail-level", table["fail-level"])
    if "base" in table:
        if not isinstance(table["base"], str) or not table["base"].strip():
            raise SettingsError(f"{path}: 'base' must be a git revision such as origin/main")
        settings.base = table["base"]
    if "baseline" in table:
        if not isinstance(table["baseline"], str) or not table["baseline"].strip():
            raise SettingsError(f"{path}: 'baseline' must be the path of a baseline file (see --write-baseline)")
        settings.baseline = root / table["baseline"]
    if "rules-dir" in table:
        settings.rules_dirs = [root / item for item in _string_list(path, "rules-dir", table["rules-dir"])]
    levels = table.get("levels", {})
    if not isinstance(levels, dict):
        raise SettingsError(f"{path}: 'levels' must map rule ids to error, warning or note")
    settings.levels = {str(k): check_level(path, f"levels.{k}", v) for k, v in levels.items()}
    scopes = table.get("scopes", {})
    if not isinstance(scopes, dict):
        raise SettingsError(f"{path}: 'scopes' must map scope names to lists of globs")
    settings.scopes = {str(name): _string_list(path, f"scopes.{name}", globs) for name, globs in scopes.items()}
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise SettingsError(f"{path}: 'per-file-ignores' must map globs to lists of rule ids")
    settings.per_file_ignores = {
        str(glob): [item.strip().upper() for item in _string_list(path, f"per-file-ignores.{glob}", ids)]
        for glob, ids in per_file.items()
    }
    return settings


def repository_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` holding ``.git``, else ``start`` itself."""
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


def check_level(path: Path | str, key: str, value: Any) -> str:
    if value not in LEVELS:
        raise SettingsError(f"{path}: '{key}' must be one of {', '.join(LEVELS)}, not {value!r}")
    return value


def load_settings(cwd: Path, explicit: Path | None = None) -> Settings:
    """Settings from ``--config FILE``, else the nearest file, else the defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise SettingsError(f"{explicit}: settings file not found")
        if explicit.suffix == ".toml":
            data = _read_toml(explicit)
            table = data.get("tool", {}).get("co-lint", data if explicit.name != "pyproject.toml" else {})
        else:
            table = _read_yaml(explicit)
        return parse_settings(explicit.resolve(), table)
    found = find_settings_file(cwd)
    if found is None:
        return Settings(root=repository_root(cwd))
    return parse_settings(found[0].resolve(), found[1])
