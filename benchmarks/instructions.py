"""Instructions executed by co-lint (valgrind's callgrind), for comparing two builds on a noisy machine.

Wall time on a shared 2-vCPU VM swings by 30% from one minute to the next (RESULTS.md); the
number of instructions a run executes does not: two runs of one build agree to 0.1%. It is
not time (a cache miss costs more than an add), but a change that takes work away shows here
first and exactly. For the issue's targets, measure time with ``run.py``.

    env -u PYTHONDONTWRITEBYTECODE .bench/bin/python benchmarks/instructions.py [--files 300]

Cases: ``--version``; one file edited before the run (pre-commit's usual case, cache kept);
one edited file in a project of 1,000 with the cache warm; and ``--no-cache`` over one file
and over ``--files`` files, whose difference gives the instructions a file costs. Fewer than
200 files, so that no worker process starts (callgrind counts this process only) and no
``--jobs`` sends the command line through click. Needs ``valgrind`` on the PATH; callgrind
runs a program about 50 times slower.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from run import tool, touch_content  # noqa: E402

from co_lint.parallel import MIN_FILES  # noqa: E402

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(command: list[str], cwd: Path) -> int:
    """Instructions ``command`` executes, counted by callgrind (its profile is thrown away)."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    found = _REFS.search(result.stderr)
    if found is None or result.returncode not in (0, 1):  # a crash or a usage error counts nothing
        sys.exit(f"{command} failed (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def project(directory: Path, size: int, repository: bool = True) -> list[Path]:
    """``size`` generated configurations in ``directory/configs``; in a git repository, the
    project set cross-configuration rules read (a run that names one file reads them all)."""
    files = generate(directory / "configs", size)
    if repository:
        subprocess.run(["git", "init", "-q"], cwd=directory, check=True)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=150, help="files of the per-file case (2 to 199)")
    args = parser.parse_args()
    if not 2 <= args.files < MIN_FILES:
        parser.error(f"--files must be from 2 to {MIN_FILES - 1}: from {MIN_FILES} on, worker processes start")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    co_lint = tool("co-lint")
    rows: list[tuple[str, int]] = []
    with tempfile.TemporaryDirectory(prefix="co-lint-instructions-") as scratch:
        root = Path(scratch)
        rows.append(("--version", instructions([co_lint, "--version"], root)))

        one = project(root / "one", 1)[0]
        name = str(one.relative_to(root / "one"))
        subprocess.run([co_lint, name], cwd=root / "one", stdout=subprocess.DEVNULL)  # the cache exists
        touch_content(one)
        rows.append(("one file, edited", instructions([co_lint, name], root / "one")))

        files = project(root / "precommit", 1000)
        staged = files[len(files) // 2]
        name = str(staged.relative_to(root / "precommit"))
        subprocess.run([co_lint, name], cwd=root / "precommit", stdout=subprocess.DEVNULL)  # fills the cache
        touch_content(staged)
        rows.append(("pre-commit: 1 edited of 1,000, cache warm", instructions([co_lint, name], root / "precommit")))

        # Not a repository: the one-file run reads that file alone, so the difference is the rest's.
        first = str(project(root / "many", args.files, repository=False)[0].relative_to(root / "many"))
        single = instructions([co_lint, "--no-cache", first], root / "many")
        many = instructions([co_lint, "--no-cache", "configs"], root / "many")
        rows.append((f"{args.files:,} files, --no-cache", many))
        per_file = (many - single) // (args.files - 1)
    version = subprocess.run([co_lint, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; python {sys.version.split()[0]}; {time.strftime('%Y-%m-%d')}")
    print()
    print("| case | million instructions |")
    print("|---|---|")
    for case, count in rows:
        print(f"| {case} | {count / 1e6:,.1f} |")
    print(f"| a file, from the {args.files:,}-file case | {per_file / 1e6:,.2f} |")


if __name__ == "__main__":
    main()
