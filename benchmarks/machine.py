"""How fast this machine is next to the one the performance issue was measured on.

The issue states its targets as ratios to check-jsonschema measured in one run, because
absolute figures differ from one machine to the next, except one: 10,000 files in 3 s. Its
table of building blocks (start-up, imports, parsing one file) gives that machine's speed; the
same blocks measured here give this one's, and their ratio turns the issue's 3 s into what it
is here. check-jsonschema's own figures (the issue's 1,000 files in 4.0 s) give a second scale.

    .bench/bin/python benchmarks/machine.py
"""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

#: The issue's building blocks, in milliseconds (the middle of a range it gives). The
#: imports are wall times of ``python -c ...``; the parsing figures are a 1.5 KB file.
ISSUE_BLOCKS_MS = {
    "python -c pass": 13.0,
    "python -c 'import yaml'": 40.0,
    "python -c 'import click'": 49.0,
    "libyaml CSafeLoader load of one file": 0.3,
    "json.loads of one file": 0.02,
}
#: check-jsonschema on 1,000 files on the issue's machine, in seconds.
ISSUE_CJS_1000_S = 4.0
#: The one absolute target, in seconds: 10,000 files.
ISSUE_10K_TARGET_S = 3.0


def _wall_ms(code: str, repeat: int) -> float:
    """Median wall time of ``python -c code`` in this interpreter, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _per_file_ms(parse, texts: list[str], repeat: int) -> float:
    """Best of ``repeat`` passes of ``parse`` over ``texts``, per text, in milliseconds."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            parse(text)
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1000


def building_blocks(repeat: int = 5) -> dict[str, float]:
    """This machine's figures for :data:`ISSUE_BLOCKS_MS`, on generated configurations."""
    import yaml

    with tempfile.TemporaryDirectory(prefix="co-lint-machine-") as scratch:
        files = generate(Path(scratch), 400)
        yaml_texts = [p.read_text() for p in files if p.suffix == ".yaml"]
        json_texts = [p.read_text() for p in files if p.suffix == ".json"]
    return {
        "python -c pass": _wall_ms("pass", repeat),
        "python -c 'import yaml'": _wall_ms("import yaml", repeat),
        "python -c 'import click'": _wall_ms("import click", repeat),
        "libyaml CSafeLoader load of one file": _per_file_ms(
            lambda text: yaml.load(text, Loader=yaml.CSafeLoader), yaml_texts, repeat
        ),
        "json.loads of one file": _per_file_ms(json.loads, json_texts, repeat),
    }


def slowdown(blocks: dict[str, float]) -> float:
    """How many times slower this machine is than the issue's: the geometric mean of the
    blocks' ratios (no one block decides)."""
    ratios = [blocks[name] / ISSUE_BLOCKS_MS[name] for name in ISSUE_BLOCKS_MS]
    return math.exp(sum(map(math.log, ratios)) / len(ratios))


def report(blocks: dict[str, float]) -> list[str]:
    """Markdown lines: each block here and on the issue's machine, and the slowdown."""
    lines = ["| building block | here ms | issue's machine ms | ratio |", "|---|---|---|---|"]
    for name, issue in ISSUE_BLOCKS_MS.items():
        lines.append(f"| {name} | {blocks[name]:.3f} | {issue:g} | {blocks[name] / issue:.1f}x |")
    lines.append(f"| geometric mean | | | {slowdown(blocks):.1f}x |")
    return lines


if __name__ == "__main__":
    measured = building_blocks()
    print("\n".join(report(measured)))
