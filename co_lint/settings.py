"""Settings: ``[tool.co-lint]`` in ``pyproject.toml`` or ``.co-lint.yaml``, found by walking up.

Command-line flags override the file. Paths in the file (``rules-dir``, ``include``,
``exclude``, ``baseline``) are relative to the file's directory, so a run from any
subdirectory means the same thing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from co_lint.types import LEVELS, Record

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


class Settings(Record):
    """The settings of a run: the settings file's, before the command line's options apply."""

    __slots__ = (
        "root",
        "source",
        "include",
        "exclude",
        "select",
        "ignore",
        "fail_level",
        "rules_dirs",
        "levels",
        "scopes",
        "include_from_settings",
        "per_file_ignores",
        "base",
        "baseline",
    )

    def __init__(
        self,
        root: Path,
        source: Path | None = None,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        fail_level: str = "warning",
        rules_dirs: list[Path] | None = None,
        levels: dict[str, str] | None = None,
        scopes: dict[str, list[str]] | None = None,
        include_from_settings: bool = False,
        per_file_ignores: dict[str, list[str]] | None = None,
        base: str | None = None,
        baseline: Path | None = None,
    ) -> None:
        self.root = root
        self.source = source
        self.include: list[str] = list(DEFAULT_INCLUDE) if include is None else include
        self.exclude: list[str] = [] if exclude is None else exclude
        self.select: list[str] = [] if select is None else select
        self.ignore: list[str] = [] if ignore is None else ignore
        self.fail_level = fail_level
        self.rules_dirs: list[Path] = [] if rules_dirs is None else rules_dirs
        self.levels: dict[str, str] = {} if levels is None else levels
        #: scope name → globs; cross-configuration rules compare only within one scope.
        self.scopes: dict[str, list[str]] = {} if scopes is None else scopes
        #: True when include/exclude came from a settings file (then they also filter given files).
        self.include_from_settings = include_from_settings
        #: glob (relative to the settings file) → rule ids or prefixes suppressed in matching files.
        self.per_file_ignores: dict[str, list[str]] = {} if per_file_ignores is None else per_file_ignores
        #: A git revision to compare each configuration with (``--base``; CO7xx), or None.
        self.base = base
        #: A baseline file (``--baseline``) for runs that name none, relative to the settings file.
        self.baseline = baseline

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
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(_located(path, str(exc))) from exc
    except ValueError as exc:  # an integer of over 4,300 digits
        raise SettingsError(f"{path}: not a settings file: {exc}") from exc


_TOML_PLACE = re.compile(r"(.*) \(at line (\d+), column (\d+)\)$", re.DOTALL)


def _located(path: Path, message: str) -> str:
    """A TOML error as ``path:line:column: problem``, the way co-lint places everything else."""
    place = _TOML_PLACE.match(message)
    if place is None:
        return f"{path}: {message}"
    return f"{path}:{place[2]}:{place[3]}: {place[1]}"


def _read_yaml(path: Path) -> Any:
    """A ``.co-lint.yaml``, with the safe loader only; a syntax error or a key given twice is a
    located error (a duplicate would otherwise win silently: ``select`` twice keeps the last)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_unique_key_loader()) or {}
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        raise SettingsError(_yaml_problem(path, exc)) from exc
    except (ValueError, RecursionError) as exc:  # an integer of over 4,300 digits; deep nesting
        raise SettingsError(f"{path}: not a settings file: {exc}") from exc


def _yaml_problem(path: Path, exc: Exception) -> str:
    """``path:line:column: problem (context, where it started)``: PyYAML's own text puts the
    place on lines of their own (the one-line usage error kept only the first, the context)."""
    problem, mark = getattr(exc, "problem", None), getattr(exc, "problem_mark", None)
    if problem is None or mark is None:
        return f"{path}: {' '.join(str(exc).split())}"
    context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and start is not None and (start.line, start.column) != (mark.line, mark.column):
        problem += f" ({context} at line {start.line + 1}, column {start.column + 1})"
    elif context:
        problem += f" ({context})"
    return f"{path}:{mark.line + 1}:{mark.column + 1}: {problem}"


@lru_cache(maxsize=1)
def _unique_key_loader() -> type:
    """PyYAML's safe loader (libyaml's when installed) that refuses a mapping key given twice."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class UniqueKeyLoader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> dict:
            _refuse_duplicate_keys(self, node)
            return super().construct_mapping(node, deep=deep)

    return UniqueKeyLoader


def _refuse_duplicate_keys(loader: Any, node: Any) -> None:
    """Raise a located ConstructorError at the second of two equal keys of ``node``."""
    import yaml

    first: dict[Any, Any] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # ``<<``: merged keys may be overridden
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            earlier = first.setdefault(key, key_node)
        except TypeError:  # an unhashable key: PyYAML reports it itself
            continue
        if earlier is not key_node:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first defined at line {earlier.start_mark.line + 1}): "
                "the later would silently win; keep one",
                key_node.start_mark,
            )


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


def _globs(path: Path, key: str, value: Any) -> list[str]:
    """A list of globs; an empty one matches no file, so it can only be a slip."""
    globs = _string_list(path, key, value)
    if any(not glob.strip() for glob in globs):
        raise SettingsError(f"{path}: '{key}' holds an empty glob, which matches no file")
    return globs


def _selectors(path: Path, key: str, value: Any) -> list[str]:
    """Rule ids or prefixes. An empty one is a prefix of every id: in ``ignore`` it could turn
    every rule off or nothing, so it is refused, never guessed (``--ignore ''`` is refused too)."""
    selectors = _string_list(path, key, value)
    if any(not selector.strip() for selector in selectors):
        raise SettingsError(f"{path}: {_EMPTY_SELECTOR.format(key=key)}")
    return selectors


_EMPTY_SELECTOR = "'{key}' holds an empty rule id (a prefix of every id): write ids or prefixes such as CO2"


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
        settings.include = _globs(path, "include", table["include"])
        settings.include_from_settings = True
    if "exclude" in table:
        settings.exclude = _globs(path, "exclude", table["exclude"])
    for key in ("select", "ignore"):
        if key in table:
            setattr(settings, key, _selectors(path, key, table[key]))
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
    if any(key is None or not str(key).strip() for key in levels):
        raise SettingsError(f"{path}: 'levels' has an empty rule id: name the rule, such as CO401")
    settings.levels = {str(k): check_level(path, f"levels.{k}", v) for k, v in levels.items()}
    scopes = table.get("scopes", {})
    if not isinstance(scopes, dict):
        raise SettingsError(f"{path}: 'scopes' must map scope names to lists of globs")
    settings.scopes = {str(name): _globs(path, f"scopes.{name}", globs) for name, globs in scopes.items()}
    settings.per_file_ignores = _per_file_ignores(path, table.get("per-file-ignores", {}))
    return settings


def _per_file_ignores(path: Path, per_file: Any) -> dict[str, list[str]]:
    """glob → upper-case rule ids or prefixes; an empty glob or id is refused (see :func:`_selectors`)."""
    if not isinstance(per_file, dict):
        raise SettingsError(f"{path}: 'per-file-ignores' must map globs to lists of rule ids")
    if any(glob is None or not str(glob).strip() for glob in per_file):
        raise SettingsError(f"{path}: 'per-file-ignores' has an empty glob, which matches no file")
    return {
        str(glob): [item.strip().upper() for item in _selectors(path, f"per-file-ignores.{glob}", ids)]
        for glob, ids in per_file.items()
    }


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
