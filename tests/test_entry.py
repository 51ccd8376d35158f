"""``co-lint PATH...`` skips click (co_lint.entry): the same options, the same output, as through click."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import co_lint.app
from co_lint import cli, entry
from conftest import BASELINE_YAML, REPO

ARGS = [
    [],
    ["a.yaml"],
    ["configs", "b.json", ""],
    ["lintable.yaml"],
    ["--no-cache", "a.yaml"],
    ["a.yaml", "--fix", "--no-color"],
    ["--diff", "--statistics", "configs", "--diff"],
    ["--no-color"],
    ["--fix", "rules"],  # a flag first: "rules" is a path, for click too
]
ENVIRONS = [{}, {"NO_COLOR": "1"}, {"GITHUB_ACTIONS": "true"}, {"GITHUB_ACTIONS": "false", "NO_COLOR": ""}]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _options_through_click(args: list[str], environ: dict[str, str], monkeypatch) -> co_lint.app.Options:
    captured = []
    monkeypatch.setattr(co_lint.app, "run", lambda options: captured.append(options) or 0)
    monkeypatch.setattr(os, "environ", dict(environ))
    monkeypatch.setattr(sys, "stdout", _Terminal())
    with pytest.raises(SystemExit):
        cli.main.main(args=list(args), prog_name="co-lint")
    (options,) = captured
    return options


@pytest.mark.parametrize("environ", ENVIRONS)
@pytest.mark.parametrize("args", ARGS)
def test_plain_paths_build_the_options_click_builds(args, environ, monkeypatch):
    assert entry.is_plain_lint(args, environ)
    ours = entry.plain_options(args, environ, _Terminal())
    assert ours == _options_through_click(args, environ, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "json", "a.yaml"],
        ["--no-cache=1", "a.yaml"],
        ["--fix", "--", "a.yaml"],
        ["-j", "2", "a.yaml"],
        ["a.yaml", "-"],
        ["rules"],
        ["lint", "a.yaml"],
        ["export", "d"],
        ["--help"],
        ["--version", "a.yaml"],
    ],
)
def test_options_subcommands_and_stdin_go_to_click(args):
    assert not entry.is_plain_lint(args, {})


def test_a_co_lint_variable_goes_to_click():
    """Click reads option values (CO_LINT_FORMAT, CO_LINT_API_URL) and completion (_CO_LINT_COMPLETE) from these."""
    assert not entry.is_plain_lint(["a.yaml"], {"CO_LINT_FORMAT": "json"})
    assert not entry.is_plain_lint(["a.yaml"], {"_CO_LINT_COMPLETE": "bash_complete"})
    variables = [p.envvar for command in cli.main.commands.values() for p in command.params if p.envvar]
    assert variables and all("CO_LINT" in name for name in variables), "the plain path must not miss a variable"


def test_the_subcommands_are_the_cli_subcommands():
    assert set(entry.SUBCOMMANDS) == set(cli.main.commands)


@pytest.mark.parametrize("folder", ["examples/problems", "examples/clean"])
def test_the_plain_path_prints_what_click_prints(folder):
    env = {k: v for k, v in os.environ.items() if "CO_LINT" not in k} | {"NO_COLOR": "1"}
    script = "import sys; from co_lint.entry import main; sys.argv[0] = 'co-lint'; main()"

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", script, *args]
        return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)

    for flags in ([], ["--no-cache", "--statistics"], ["--diff"]):
        plain = run(*flags, folder)
        through_click = run("lint", *flags, folder)
        assert (plain.returncode, plain.stdout, plain.stderr) == (
            through_click.returncode,
            through_click.stdout,
            through_click.stderr,
        )


#: Runs the console script's entry point with the arguments given after ``-c``, and writes on
#: stderr, at its exit, which of the modules it is told to watch (``WATCHED``) were imported.
_MODULES_AT_EXIT = (
    "import os, sys\n"
    "from co_lint import entry\n"
    "real_exit = entry.exit_now\n"
    "def report(code):\n"
    "    watched = os.environ['WATCHED'].split(',')\n"
    "    sys.stderr.write('imported: %s\\n' % [name for name in watched if name in sys.modules])\n"
    "    real_exit(code)\n"
    "entry.exit_now = report\n"
    "sys.argv[0] = 'co-lint'\n"
    "entry.main()\n"
)


def imported_at_exit(args: list[str], cwd: Path, watched: tuple[str, ...]) -> str:
    """The run's ``imported: [...]`` line: the modules of ``watched`` it imported, as a list."""
    env = {k: v for k, v in os.environ.items() if "CO_LINT" not in k}
    result = subprocess.run(
        [sys.executable, "-c", _MODULES_AT_EXIT, *args],
        cwd=cwd,
        env={**env, "WATCHED": ",".join(watched)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("imported: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("flags", [[], ["--no-cache", "--fix"], ["--diff", "--no-color", "--statistics"]])
def test_the_plain_path_never_imports_click_or_dataclasses(flags):
    """What the plain path is for: a pre-commit hook's `co-lint [--fix] FILE...` pays no click
    import, nor ``dataclasses`` (with ``inspect``: ~25 ms a run, see :class:`co_lint.types.Record`)."""
    watched = ("click", "dataclasses", "inspect")
    assert imported_at_exit([*flags, "examples/clean"], REPO, watched) == "imported: []"


@pytest.mark.parametrize(
    ("members", "imported"),
    [("[]", False), ("\n  - intelligence_configuration_012yfstbqq5w6asqz1y2ksaae0", False), ("[a, b]", True)],
    ids=["plain block", "block list", "flow list"],
)
def test_a_plain_block_file_is_read_without_pyyaml(tmp_path, members, imported):
    """pre-commit's case: one staged file, in plain block style (the line path), costs no PyYAML
    import (~120 million instructions); a file the line path cannot read still gets PyYAML."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    text = BASELINE_YAML.replace("intelligenceConfigurationIds: []", f"intelligenceConfigurationIds: {members}")
    (tmp_path / "desk.yaml").write_text(text)
    expected = "imported: ['yaml']" if imported else "imported: []"
    for flags in ([], ["--no-cache"]):  # with the project cache (written on the first run) and without
        assert imported_at_exit([*flags, "desk.yaml"], tmp_path, ("yaml",)) == expected
