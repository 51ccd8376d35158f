"""Wires the steps of a lint run without click, so it can be tested with plain objects.

discover → load → check → report → exit code. The CLI (``co_lint.cli``) only parses
options into :class:`Options` and calls :func:`run`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from co_lint.types import LEVEL_RANK, Record

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")


class UsageError(Exception):
    """Bad options, settings or rule modules: a one-line message and exit code 2."""


class Options(Record):
    """What one lint run is asked to do: the command line's options (click's or :mod:`co_lint.entry`'s)."""

    __slots__ = (
        "paths",
        "format",
        "output",
        "select",
        "ignore",
        "fail_level",
        "config",
        "rules_dirs",
        "color",
        "cwd",
        "no_cache",
        "jobs",
        "sarif_category",
        "annotations",
        "fix",
        "diff",
        "statistics",
        "baseline",
        "write_baseline",
        "stdin_filename",
        "stdin_data",
        "base",
        "live",
        "api_url",
        "api_timeout",
    )

    def __init__(
        self,
        *,
        paths: list[str] | None = None,
        format: str = "text",
        output: str | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        fail_level: str | None = None,
        config: str | None = None,
        rules_dirs: list[str] | None = None,
        color: bool | None = None,
        cwd: Path | None = None,
        no_cache: bool = False,
        jobs: int | None = None,
        sarif_category: str | None = None,
        annotations: bool = False,
        fix: bool = False,
        diff: bool = False,
        statistics: bool = False,
        baseline: str | None = None,
        write_baseline: str | None = None,
        stdin_filename: str | None = None,
        stdin_data: bytes | None = None,
        base: str | None = None,
        live: bool = False,
        api_url: str | None = None,
        api_timeout: float | None = None,
    ) -> None:
        self.paths = [] if paths is None else paths
        self.format = format
        self.output = output
        self.select = select
        self.ignore = ignore
        self.fail_level = fail_level
        self.config = config
        self.rules_dirs = [] if rules_dirs is None else rules_dirs
        self.color = color
        self.cwd = Path.cwd() if cwd is None else cwd
        #: Do not read or write the project cache (``--no-cache``).
        self.no_cache = no_cache
        #: Worker processes for large runs (``--jobs``); None: one per core from 200 files on.
        self.jobs = jobs
        #: SARIF ``automationDetails.id`` (``--sarif-category``): distinct runs for one commit.
        self.sarif_category = sarif_category
        #: Also print GitHub workflow-command annotations on stdout (GitHub Actions, no --format).
        self.annotations = annotations
        #: Apply safe fixes in place (``--fix``), or print them as a diff (``--diff``).
        self.fix = fix
        self.diff = diff
        #: Counts per rule instead of the findings (``--statistics``).
        self.statistics = statistics
        #: Report only findings not recorded in this file (``--baseline``); record them (``--write-baseline``).
        self.baseline = baseline
        self.write_baseline = write_baseline
        #: The name a configuration read from stdin (path ``-``) stands for; the bytes (tests pass them).
        self.stdin_filename = stdin_filename
        self.stdin_data = stdin_data
        #: Compare each configuration with its version at this git revision (``--base``; CO7xx).
        #: None: the ``base`` setting, if any; "": none.
        self.base = base
        #: Also compare with the Twilio account (``--live``; CO8xx), read at ``api_url`` if given.
        self.live = live
        self.api_url = api_url
        #: Seconds per request (``--api-timeout``); None: co_lint.live.DEFAULT_TIMEOUT.
        self.api_timeout = api_timeout


def split_ids(values: list[str] | None, option: str) -> list[str] | None:
    """The rule ids of ``--select``/``--ignore`` values (comma-separated; ``CO201,`` is CO201).

    A value that names no id (``''``, ``' '``, ``','``) is refused, as in a settings file: an
    empty id is a prefix of every id, so what it means cannot be guessed (ruff refuses it too).
    """
    if values is None:
        return None
    ids = []
    for value in values:
        named = [item.strip().upper() for item in value.split(",") if item.strip()]
        if not named:
            raise UsageError(
                f"{option} {value!r} holds an empty rule id (a prefix of every id): write ids or prefixes such as CO2"
            )
        ids += named
    return ids


def build_settings(options: Options):
    from co_lint.settings import SettingsError, check_level, load_settings

    try:
        settings = load_settings(options.cwd, Path(options.config) if options.config else None)
        if options.select is not None:
            settings.select = split_ids(options.select, "--select")
        if options.ignore is not None:
            settings.ignore = settings.ignore + split_ids(options.ignore, "--ignore")
        if options.fail_level is not None:
            settings.fail_level = check_level("--fail-level", "fail-level", options.fail_level)
        settings.rules_dirs += [options.cwd / d for d in options.rules_dirs]
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    return settings


def load_rules(settings):
    from co_lint.registry import RuleLoadError, all_rules

    try:
        rules = all_rules(settings.rules_dirs)
    except RuleLoadError as exc:
        raise UsageError(str(exc)) from exc
    check_rule_selectors(settings, [d.id for d in rules])
    return rules


def check_rule_selectors(settings, ids: list[str]) -> None:
    """A selector that matches no rule is a typo that would silently turn rules off: exit 2."""
    from co_lint.suggest import did_you_mean

    named = [("select", s) for s in settings.select] + [("ignore", s) for s in settings.ignore]
    named += [("levels", s) for s in settings.levels]
    for where, selector in named:
        if not any(rule_id.startswith(selector) for rule_id in ids):
            # The usual slip in an id is a letter for a digit (CO2O1): try that first.
            digits = selector[:2] + selector[2:].replace("O", "0").replace("I", "1").replace("L", "1")
            hint = f" (did you mean {digits!r}?)" if digits in ids else did_you_mean(selector, ids)
            raise UsageError(f"{where}: {selector!r} matches no rule id or prefix{hint} (see `co-lint rules`)")


def run(options: Options, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """One lint run; returns the exit code. Never raises for bad input."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    from co_lint.types import Abort

    try:
        return _run(options, stdout, stderr)
    except (UsageError, Abort) as exc:
        from co_lint.reporters.printable import error_line

        print(error_line(exc), file=stderr)
        return EXIT_ERROR


def _has_project(settings) -> bool:
    """A settings file or a git repository: a place where a cache belongs (never a bare directory)."""
    return settings.source is not None or (settings.root / ".git").exists()


def _check_given(
    options: Options, engine, rules: list, settings, files: list, displays: list, overrides: dict, errors: list, cache
):
    """The given files checked one by one: results of unchanged files from the cache, the
    others in worker processes (a large run) or here. None: check them on the plain path.

    ``--fix``/``--diff`` and stdin need the files' full sources in this process; a run
    without a cache and too small for workers needs nothing of this.
    """
    from co_lint.parallel import workers_for

    if options.fix or options.diff or overrides:
        return None
    # A rule co-lint does not ship can change without co-lint's version changing.
    cached = cache is not None and all(d.origin == "built-in" for d in rules)
    if not cached and not workers_for(len(files), options.jobs):
        return None
    from types import SimpleNamespace

    from co_lint.discovery import absolute
    from co_lint.parallel import check_here, check_in_workers, gather

    named = list(zip(files, displays, strict=True))
    results: list = [None] * len(named)
    if cached:
        from co_lint.cache import rules_key

        key = rules_key([d.id for d in rules if settings.rule_enabled(d.id)])
        results = [cache.result(path, absolute(path), display, key) for path, display in named]
    todo = [position for position, result in enumerate(results) if result is None]
    misses = [named[position] for position in todo]
    workers = workers_for(len(misses), options.jobs)
    if workers:
        checked = _in_workers(check_in_workers, engine, misses, workers, digest=cached)
    else:
        checked = check_here(engine, misses, digest=cached)
    for position, result in zip(todo, checked, strict=True):
        results[position] = result
        if cached:
            cache.put_result(result, absolute(result.path), key)
    sources, findings, configs, read_errors = gather(results, files)
    errors.extend(read_errors)
    return SimpleNamespace(sources=sources, findings=findings, configs=configs)


def _run(options: Options, stdout: TextIO, stderr: TextIO) -> int:
    # A lint run is short-lived and builds many small objects that live until it ends: the
    # cyclic collector would walk them again and again (measured: half the time of a
    # 1,000-file run) and find nothing to free.
    import gc

    gc.disable()
    from co_lint.discovery import absolute, discover, display_path, project_files, relative_to_root
    from co_lint.engine import Engine
    from co_lint.loader import load_file

    if options.sarif_category is not None and (options.format != "sarif" or not options.sarif_category.strip("/")):
        raise UsageError("--sarif-category needs --format sarif and a non-empty category")
    _check_everyday_options(options)
    settings = build_settings(options)
    rules = load_rules(settings)
    account = _open_account(options)
    paths = [options.cwd / p for p in (options.paths or ["."]) if p != "-"]
    found = discover(paths, settings)
    overrides = _read_stdin(options, found) if "-" in options.paths else {}
    baseline = _load_baseline(options, settings)
    errors = found.errors(options.cwd)
    given = set(found.identities)  # the absolute path of every file in found.files
    # The project set joins the given files so that CO3xx see every configuration.
    project = project_files(settings, given, set(found.identities.values()))
    cache = None
    if not options.no_cache and (project or _has_project(settings)):
        from co_lint.cache import ProjectCache

        cache = ProjectCache.open(settings.root)
    engine = Engine(rules, enabled=settings.rule_enabled, levels=settings.levels)
    displays = [display_path(path, options.cwd) for path in found.files]
    pooled = _check_given(options, engine, rules, settings, found.files, displays, overrides, errors, cache)
    sources, fresh = list(pooled.sources) if pooled else [], []
    # (path, key, display, source): the files read here, in order; a cached project file's
    # source is at hand, the others are read below (unnamed ones in workers when many).
    slots: list[tuple[Path, str, str, Any]] = []
    for path in [*([] if pooled else found.files), *project]:
        key, display = absolute(path), display_path(path, options.cwd)
        cached = cache.get(path, key, display) if cache is not None and key not in given else None
        slots.append((path, key, display, cached))
    loaded = _load_unnamed(options, engine, [(p, d) for p, k, d, c in slots if c is None and k not in given])
    from_workers = iter(loaded) if loaded is not None else None
    for path, key, display, source in slots:
        if source is None and key not in given:
            source = next(from_workers) if from_workers is not None else _read_unnamed(path, display)
            if source is None:
                continue  # unreadable: a file nobody named is left out
            fresh.append(source)
        elif source is None:
            try:
                source = load_file(path, display, overrides.get(key))
            except OSError as exc:
                errors.append(f"{display}: cannot read: {exc.strerror or exc}")
                continue
        sources.append(source)
    reported = set(displays)
    root = settings.root

    def scope_of(display: str) -> str:
        if not settings.scopes:
            return ""
        return settings.scope_of(relative_to_root(options.cwd / display, root))

    changes = _open_changes(options, settings, paths, overrides)
    # Change rules (CO7xx) run only with a base, live rules (CO8xx) only with --live: without
    # them they are neither described nor judged for unused suppressions.
    not_run = {d.id for d in rules if (d.change_only and changes is None) or (d.live_only and account is None)}

    def check(sources: list) -> list:
        if pooled is None:
            findings, configs = engine.check_files(sources, reported.__contains__)
        else:  # the given files were checked in workers; the project files here
            rest = [source for source in sources if not source.cached or source.display not in reported]
            more, configs = engine.check_files(rest, reported.__contains__)
            findings, configs = pooled.findings + more, pooled.configs + configs
        findings += engine.check_project(configs, scope_of)
        findings = engine.finish(findings, sources, reported.__contains__)
        if account is not None:
            from co_lint.live.check import export_directory, live_findings

            found = live_findings(
                account, configs, engine, rules, sources, export_directory(paths, options.cwd), options.cwd
            )
            findings = sorted(findings + found, key=lambda f: f.sort_key())
        if changes is None:
            return findings
        from co_lint.changes import ChangeError, merge

        try:
            return merge(findings, changes.findings([s for s in sources if s.display in reported], engine, rules))
        except ChangeError as exc:  # git failed while reading the base
            raise UsageError(str(exc)) from exc

    findings = check(sources)

    # Workers attach the fixes of the files they checked.
    fixed = frozenset(source.display for source in pooled.sources) if pooled else frozenset()

    def finish(findings: list, sources: list) -> list:
        return _finish(findings, sources, settings, rules, options, reported, baseline, not_run, fixed)

    findings = finish(findings, sources)
    if options.fix or options.diff:

        def relint(texts: dict[str, str]) -> list:
            again = [
                load_file(s.path, s.display, texts[s.display].encode("utf-8")) if s.display in texts else s
                for s in sources
            ]
            return finish(check(again), again)

        done, findings = _apply_fixes(options, sources, reported, findings, relint, overrides, stdout, stderr, errors)
        if done is not None:  # --diff: the diff was the output
            _print_errors(errors, stderr)
            return EXIT_ERROR if errors else done
    if cache is not None:
        for source in fresh:
            cache.put(source, absolute(source.path))
        cache.forget_missing(given | {absolute(path) for path in project})
        cache.save()
    # The files read, not the files found: one that could not be read is an error, not checked.
    checked = sum(1 for source in sources if source.display in reported)
    _print_errors(errors, stderr)
    enabled_rules = [d for d in rules if settings.rule_enabled(d.id) and d.id not in not_run]
    from co_lint.reporters import render
    from co_lint.reporters.printable import warning_line

    if options.write_baseline:
        _write_baseline(options, findings, stderr)
    # Suppressed findings only travel in SARIF (as suppressed results); they never fail a run.
    all_findings, findings = findings, [f for f in findings if f.suppression is None]

    exit_code = (
        EXIT_ERROR
        if errors
        else (
            EXIT_FINDINGS if any(LEVEL_RANK[f.level] >= LEVEL_RANK[settings.fail_level] for f in findings) else EXIT_OK
        )
    )
    color = options.color if options.color is not None else False
    context = dict(
        rules=enabled_rules,
        files=checked,
        cwd=options.cwd,
        color=color,
        errors=errors,
        exit_code=exit_code,
        sarif_category=options.sarif_category,
        levels=settings.levels,
        warn=lambda message: print(warning_line(message), file=stderr),
    )
    if options.statistics:
        from co_lint.statistics import render_statistics

        text = render_statistics(findings, rules, as_json=options.format == "json")
    else:
        text = render(options.format, all_findings if options.format == "sarif" else findings, **context)
    if options.fix and overrides:
        stdout = stderr  # the fixed text of stdin went to stdout; the report goes to stderr
    if options.output:
        try:
            from co_lint.reporters import write_atomic

            write_atomic(options.output, text)  # a failure leaves no truncated report
        except OSError as exc:
            from co_lint.reporters.printable import error_line

            print(error_line(f"cannot write {options.output}: {exc.strerror or exc}"), file=stderr)
            return EXIT_ERROR
    else:
        stdout.write(text)
    if options.annotations and options.format != "github":
        stdout.write(render("github", findings, **context))
    return exit_code


# --------------------------------------------------------------------------- everyday use (issue 6)


def _print_errors(errors: list[str], stderr: TextIO) -> None:
    """One line each on stderr; a file name's control characters and undecodable bytes escaped
    (a name can hold ``\x1b[31m``, as a value can: see :mod:`co_lint.reporters.printable`)."""
    if not errors:
        return
    from co_lint.reporters.printable import error_line

    for message in errors:  # ``##[`` broken: a GitHub Actions log reads it anywhere in a line
        print(error_line(message), file=stderr)


def _load_unnamed(options: Options, engine, files: list[tuple[Path, str]]) -> list | None:
    """Project files nobody named, not in the cache, read in worker processes when they are
    many (pre-commit with no cache: one staged file, 999 others); None: read them here."""
    from co_lint.parallel import load_in_workers, workers_for

    workers = workers_for(len(files), options.jobs)
    return _in_workers(load_in_workers, engine, files, workers) if workers else None


def _in_workers(work, *args: Any, **kwargs: Any) -> Any:
    """``work(*args, **kwargs)``, a function that uses worker processes; a worker's failure
    is a one-line usage error (exit 2) that says how to see it whole."""
    from co_lint.pool import WorkerError

    try:
        return work(*args, **kwargs)
    except WorkerError as exc:
        raise UsageError(
            f"a worker process failed ({exc}); `--jobs 1` reads the files in one process and shows the full error"
        ) from exc


def _read_unnamed(path: Path, display: str):
    """A project file nobody named, read here; None when it cannot be read (it is left out)."""
    from co_lint.loader import load_file

    try:
        return load_file(path, display)
    except OSError:
        return None


def _check_everyday_options(options: Options) -> None:
    if options.live and (options.fix or options.diff):
        raise UsageError("--live cannot be combined with --fix or --diff: fixes are made offline")
    if options.statistics and options.format in ("sarif", "github"):
        raise UsageError(f"--statistics prints a table (text or json), not {options.format}")
    if options.baseline and options.write_baseline:
        raise UsageError("--baseline and --write-baseline cannot be combined: --write-baseline records every finding")
    if options.stdin_filename and "-" not in options.paths:
        raise UsageError("--stdin-filename needs the path - (read the configuration from stdin)")
    if options.diff:
        # --diff prints a unified diff on stdout and nothing else (as ruff's --diff does): an
        # option that shapes, redirects or records the report would be silently ignored. Text
        # is the default format, and Options cannot tell it from an explicit --format text, so
        # only the other formats are refused.
        if options.format != "text":
            raise UsageError(f"--diff prints a unified diff, not {options.format} (--format or $CO_LINT_FORMAT)")
        if options.statistics:
            raise UsageError("--diff and --statistics cannot be combined: --diff prints the fixes, not counts")
        if options.write_baseline:
            raise UsageError(
                "--diff and --write-baseline cannot be combined: --diff changes nothing and records nothing"
            )
        if options.output:
            raise UsageError("--diff prints the diff on stdout: -o/--output cannot be combined with it")


def _read_stdin(options: Options, found: Any) -> dict[str, bytes]:
    """Read stdin as the file ``--stdin-filename`` names; it joins the given files (``found``,
    what :func:`co_lint.discovery.discover` found).

    Without a name it is ``stdin.yaml`` (``stdin.json`` when it starts like JSON), so the
    right parser reads it. The file of that name on disk, if any, is not read: stdin is its
    new content (an editor's unsaved buffer), and so is any given path to that same file.
    """
    from co_lint.discovery import absolute, identity

    data = options.stdin_data if options.stdin_data is not None else _stdin_bytes()
    name = options.stdin_filename
    if not name:
        name = "stdin.json" if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else "stdin.yaml"
    path = options.cwd / name
    key = absolute(path)
    real = identity(key)
    found.files[:] = [file for file in found.files if found.identities.get(absolute(file)) != real]
    found.files.append(path)
    found.identities[key] = real
    return {key: data}


def _stdin_bytes() -> bytes:
    """All of stdin; a usage error when there is none to read (``<&-`` leaves ``sys.stdin`` None)."""
    if sys.stdin is None:
        raise UsageError("cannot read stdin (the path -): it is closed")
    try:
        return sys.stdin.buffer.read()
    except OSError as exc:
        raise UsageError(f"cannot read stdin (the path -): {exc.strerror or exc}") from exc


def _load_baseline(options: Options, settings):
    """The baseline of the run: ``--baseline``, else the ``baseline`` setting; ``--baseline ''`` means none.

    ``--write-baseline`` records every finding, so the setting's baseline does not apply to it
    (the recorded findings would otherwise drop out of the new file).
    """
    if options.baseline is not None:
        if not options.baseline:
            return None
        path, hint = options.cwd / options.baseline, ""
    elif options.write_baseline or settings.baseline is None:
        return None
    else:
        path = settings.baseline
        hint = (
            f" (the 'baseline' setting of {settings.source}: write it with --write-baseline,"
            " or run with --baseline '' to ignore it)"
        )
    from co_lint.baseline import Baseline, BaselineError

    try:
        return Baseline.load(path)
    except BaselineError as exc:
        raise UsageError(f"{exc}{hint}") from exc


def _write_baseline(options: Options, findings: list, stderr: TextIO) -> None:
    """Record the active findings; they are then reported as suppressed, like a --baseline run."""
    from co_lint.baseline import BaselineError, write

    try:
        count = write(options.cwd / options.write_baseline, findings, options.cwd)
    except BaselineError as exc:
        raise UsageError(str(exc)) from exc
    for finding in findings:
        if finding.suppression is None:
            finding.suppression = "external"
    print(f"co-lint: recorded {count} finding{'s' * (count != 1)} in {options.write_baseline}", file=stderr)


def _finish(
    findings: list,
    sources: list,
    settings,
    rules: list,
    options: Options,
    reported,
    baseline,
    not_run: set[str],
    fixed: frozenset[str] = frozenset(),
) -> list:
    """After the engine: attach safe fixes (except in the ``fixed`` files: workers did), then
    mark suppressed findings (comments, settings, baseline)."""
    from co_lint.fixes import FIXABLE, attach_fixes
    from co_lint.suppress import apply_suppressions

    if any(f.rule_id in FIXABLE and f.path not in fixed for f in findings):
        attach_fixes(findings, {s.display: s for s in sources if s.display in reported and s.display not in fixed})
    return apply_suppressions(
        findings,
        sources,
        settings=settings,
        rules=rules,
        cwd=options.cwd,
        reported=reported.__contains__,
        baseline=baseline,
        not_run=not_run,
    )


def _apply_fixes(
    options: Options, sources: list, reported, findings: list, relint, overrides, stdout, stderr, errors: list
):
    """--fix / --diff: returns (exit code to stop with, or None to go on reporting; the findings left).

    --diff prints what --fix would change and stops (exit 1 when it would change something,
    as ruff does). --fix writes the changed files and goes on to report what is left; for
    stdin it prints the fixed text instead and the report goes to stderr. A file that cannot
    be written is an error line (added to ``errors``: the run ends with exit 2), and the
    others are written all the same, as ruff does; the report then shows that file's
    findings as they still are.
    """
    from co_lint.discovery import absolute
    from co_lint.fixes import fix_loop

    texts = {s.display: s.text for s in sources if s.display in reported and s.text is not None}
    fixed_texts, left, count = fix_loop(texts, findings, relint)
    changed = {display: text for display, text in fixed_texts.items() if text != texts[display]}
    paths = {s.display: s.path for s in sources}
    if options.diff:
        from co_lint.diffs import unified_diff

        base = _diff_base(options.cwd)
        names = {display: _diff_name(paths[display], base) for display in changed}
        for display in sorted(changed, key=names.__getitem__):
            # The diff is of the bytes --fix would write: a BOM stays in the first line.
            try:
                bom = "\ufeff" if _has_bom(paths[display], overrides) else ""
            except OSError:  # gone since it was read: its text as read
                bom = ""
            _write_bytes(stdout, "".join(unified_diff(bom + texts[display], bom + changed[display], names[display])))
        print(f"co-lint: would fix {_counted(count, len(changed))}", file=stderr)
        return (EXIT_FINDINGS if changed else EXIT_OK), left
    from co_lint.reporters import write_atomic

    failed = set()
    for display, text in sorted(changed.items()):
        path = paths[display]
        if absolute(path) in overrides:
            continue
        try:
            bom = b"\xef\xbb\xbf" if _has_bom(path, overrides) else b""
            # Never a truncated configuration (full disk, interrupted run); mode, link and BOM kept.
            write_atomic(path, bom + text.encode("utf-8"))
        except OSError as exc:
            errors.append(f"{display}: cannot write the fixes: {exc.strerror or exc}")
            failed.add(display)
    if failed:
        # The report and the count are of the files as they now are: the fixes again, without
        # the files left as they were (fixes never reach across files: the others come out the
        # same). Those are read again from their text too: a source is not checked twice.
        unwritten = {display: texts[display] for display in failed}
        _, left, count = fix_loop(
            {d: t for d, t in texts.items() if d not in failed}, findings, lambda new: relint({**unwritten, **new})
        )
        changed = {display: text for display, text in changed.items() if display not in failed}
    if overrides:
        [(key, data)] = overrides.items()
        display = next(s.display for s in sources if absolute(s.path) == key)
        if display in changed:  # a BOM kept, as in a fixed file (and in stdin's text when nothing is fixed)
            _write_bytes(stdout, ("\ufeff" if data.startswith(b"\xef\xbb\xbf") else "") + changed[display])
        else:
            _write_bytes(stdout, data.decode("utf-8", "surrogateescape"))
    if changed or not failed:
        print(f"co-lint: fixed {_counted(count, len(changed))}", file=stderr)
    return None, left


def _write_bytes(stdout, text: str) -> None:
    """Write ``text`` (a diff, a file's text) as the bytes it stands for: UTF-8, an undecodable
    byte (a surrogate escape) as itself, no newline translated, whatever the locale or
    ``PYTHONIOENCODING`` make of standard output (a Latin-1 diff does not apply to a UTF-8
    file). The stream is switched when it can be (``sys.stdout``); a StringIO takes the text."""
    reconfigure = getattr(stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="surrogateescape", newline="\n")
    stdout.write(text)


def _counted(problems: int, files: int) -> str:
    return f"{problems} problem{'s' * (problems != 1)} in {files} file{'s' * (files != 1)}"


def _has_bom(path: Path, overrides: dict) -> bool:
    """Whether the file (stdin's data, for the path - stands for) starts with a UTF-8 BOM,
    which the loaded text no longer holds. Raises OSError."""
    from co_lint.discovery import absolute

    data = overrides.get(absolute(path))
    if data is None:
        with open(path, "rb") as handle:
            data = handle.read(3)
    return data[:3] == b"\xef\xbb\xbf"


def _diff_base(cwd: Path) -> str:
    """The directory --diff's file names are relative to: the root of the git repository the
    working directory is in (as ``git diff`` names files), else the working directory."""
    from co_lint.discovery import absolute
    from co_lint.settings import repository_root

    return absolute(repository_root(Path(absolute(cwd))))


def _diff_name(path: Path, base: str) -> str:
    """A file's name in --diff's headers (after ``a/``, ``b/``): relative to ``base`` (a
    ``..`` would be refused by ``git apply`` and ``patch``), else its absolute path without
    the leading ``/``, as ``git diff`` writes one (the patch then applies from ``/``)."""
    import os

    from co_lint.discovery import relative_to_root

    # The file --fix writes: symbolic links resolved (``git apply`` refuses a path through a
    # link, GNU patch a link itself), as git names a file reached through one.
    name = relative_to_root(os.path.realpath(path), os.path.realpath(base))
    return name.lstrip("/") if os.path.isabs(name) else name


# --------------------------------------------------------------------------- live account checks (issue 13)


def _open_account(options: Options):
    """The Twilio account of ``--live`` (None without it): credentials are checked before any
    file is read; nothing is sent until a live rule needs it."""
    if not options.live:
        return None
    from co_lint.live.check import open_account

    return open_account(options.api_url, options.api_timeout)


# --------------------------------------------------------------------------- change-aware checks (issue 9)


def _revision(options: Options, settings) -> str | None:
    """The base revision of the run: ``--base``, else the ``base`` setting; ``--base ''`` means none."""
    return (options.base if options.base is not None else settings.base) or None


def _open_changes(options: Options, settings, paths: list[Path], overrides: dict):
    """The change-aware check of ``--base`` (None without one); a bad revision is a usage error."""
    revision = _revision(options, settings)
    if revision is None:
        return None
    from co_lint.changes import ChangeCheck, ChangeError

    try:
        return ChangeCheck.open(revision, options.cwd, given=paths, settings=settings, overridden=overrides)
    except ChangeError as exc:
        raise UsageError(str(exc)) from exc
