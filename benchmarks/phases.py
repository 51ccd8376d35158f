"""Where co-lint's time goes: a file's phases, and the parent's serial phases of a whole run.

A large run is two kinds of work. Each file is read, parsed, put through the schema step and
its own rules (:func:`co_lint.parallel.check_file`), in workers and in the parent at once;
its cost a file, by phase, is the first table (one process, the best of several rounds, so
that the machine's noise counts less). Then the parent alone gathers the results, runs the
cross-configuration rules and writes the report: the second table times those phases in a
real run (``--no-cache``, worker processes as co-lint chooses them), with their wall time.

    .bench/bin/python benchmarks/phases.py DIR [--files 2000] [--rounds 3]

DIR holds configurations (``benchmarks/generate.py DIR N`` makes some). Timing wrappers
add a little to every phase; compare figures from this script with each other, not with
the benchmark's.
"""

from __future__ import annotations

import argparse
import collections
import functools
import gc
import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Totals = collections.Counter


def _timed(owner: Any, name: str, label: str, totals: Totals) -> Callable[[], None]:
    """Replace ``owner.name`` with a wrapper adding its wall time to ``totals[label]``; returns the undo."""
    original = owner.__dict__[name]

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start

    setattr(owner, name, wrapper)
    return lambda: setattr(owner, name, original)


def file_phases(files: list[Path], rounds: int) -> dict[str, float]:
    """Microseconds a file per phase of :func:`check_file` (the best round of each phase)."""
    from co_lint import engine as engine_module
    from co_lint import parallel
    from co_lint.registry import builtin_rules
    from co_lint.schema import SchemaChecker

    totals: Totals = collections.Counter()
    undo = [
        _timed(parallel, "read_bytes", "read", totals),
        _timed(parallel, "load_file", "parse", totals),
        _timed(SchemaChecker, "check", "schema", totals),
        _timed(parallel, "attach_fixes", "fixes", totals),
        _timed(parallel, "clamp_spans", "clamp", totals),
        _timed(parallel, "claimed_sides", "CO301 addresses", totals),
        _timed(engine_module.Engine, "_locate", "positions", totals),
    ]
    collect = engine_module.Engine.collect

    def per_rule(self: Any, definition: Any, produce: Any, argument: Any, context: Any, out: list) -> None:
        start = time.perf_counter()
        try:
            collect(self, definition, produce, argument, context, out)
        finally:
            totals[f"rule {definition.id}"] += time.perf_counter() - start

    engine_module.Engine.collect = per_rule
    best: dict[str, float] = {}
    try:
        engine = engine_module.Engine(builtin_rules())
        for _ in range(rounds):
            totals.clear()
            gc.disable()  # as in a lint run
            start = time.perf_counter()
            for path in files:
                parallel.check_file(engine, str(path), str(path), digest=False)
            totals["total"] = time.perf_counter() - start
            gc.enable()
            for label, seconds in totals.items():
                best[label] = min(best.get(label, seconds), seconds)
    finally:
        engine_module.Engine.collect = collect
        for step in undo:
            step()
    return {label: seconds / len(files) * 1e6 for label, seconds in best.items()}


def run_phases(directory: Path) -> dict[str, float]:
    """Seconds of wall time per phase of one ``co-lint --no-cache DIR`` run, in this process."""
    from co_lint import app, discovery, engine, parallel

    totals: Totals = collections.Counter()
    undo = [
        _timed(discovery, "discover", "discovery", totals),
        _timed(discovery, "project_files", "project set", totals),
        _timed(parallel, "check_in_workers", "files (workers and parent)", totals),
        _timed(parallel, "check_here", "files (parent only)", totals),
        _timed(parallel, "gather", "gather results", totals),
        _timed(engine.Engine, "check_project", "cross-configuration rules", totals),
        _timed(engine.Engine, "finish", "precedence, masking, order", totals),
    ]
    try:
        start = time.perf_counter()
        # Run from the directory, as a user would: its project set and settings, not this one's.
        options = app.Options(paths=["."], no_cache=True, cwd=directory.resolve())
        app.run(options, io.StringIO(), io.StringIO())
        totals["run (report included)"] = time.perf_counter() - start
    finally:
        for step in undo:
            step()
    return dict(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--files", type=int, default=2000, help="files for the per-file phases")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    # Hidden directories (.co-lint-cache, .git) are skipped, as co-lint's own discovery does:
    # the results cache is a JSON file, and timing it as a configuration swamped every phase.
    files = sorted(
        p
        for p in args.directory.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json")
        and not any(part.startswith(".") for part in p.relative_to(args.directory).parts)
    )
    phases = file_phases(files[: args.files], args.rounds)
    print(f"Per file, {min(args.files, len(files)):,} files, best of {args.rounds} rounds:")
    print("| phase | µs a file |")
    print("|---|---|")
    rules = sum(v for k, v in phases.items() if k.startswith("rule "))
    print(f"| **total** | {phases.pop('total'):.0f} |")
    print(f"| all per-configuration rules (positions included) | {rules:.0f} |")
    for label, micros in sorted(phases.items(), key=lambda item: -item[1])[:20]:
        print(f"| {label} | {micros:.1f} |")
    print()
    print(f"A whole run (`co-lint --no-cache`, {len(files):,} files), wall time of the parent's phases:")
    print("| phase | s |")
    print("|---|---|")
    for label, seconds in run_phases(args.directory).items():
        print(f"| {label} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
