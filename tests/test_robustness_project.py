"""Bad project input through the console script: unreadable paths, a closed stdin, broken
settings and rule modules, the summary's count, and a file reached through a symbolic link.

Each case is a clear one-line error with its exit code, or the findings a normal run gives;
never a traceback, a silent skip, or a file compared with itself.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import BASELINE_YAML
from test_cli import CLEAN, CO_LINT, run

#: Root reads every file whatever its mode: the permission cases drop that privilege.
SETPRIV = shutil.which("setpriv")
WITHOUT_OVERRIDE = [SETPRIV or "setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run_unprivileged(*args, cwd):
    """:func:`run` without root's power to read any file (plain ``run`` for another user)."""
    if not AS_ROOT:
        return run(*args, cwd=cwd)
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    command = [*WITHOUT_OVERRIDE, CO_LINT, *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=60)


needs_permissions = pytest.mark.skipif(
    AS_ROOT and SETPRIV is None, reason="root reads every file, and setpriv is not there to drop that"
)


@pytest.fixture
def locked(tmp_path):
    """``cfg/`` with a readable bad file and ``cfg/locked/`` (mode 000) holding a configuration."""
    (tmp_path / "cfg" / "locked").mkdir(parents=True)
    (tmp_path / "cfg" / "bad.yaml").write_text("colour: x\n" + CLEAN)
    (tmp_path / "cfg" / "locked" / "a.yaml").write_text(CLEAN)
    (tmp_path / "cfg" / "locked").chmod(0)
    yield tmp_path
    (tmp_path / "cfg" / "locked").chmod(0o755)  # so that pytest can remove it


def one_line_error(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("co-lint: error: ")
    return lines[0]


# --------------------------------------------------------------------------- 1. unreadable directories


@needs_permissions
def test_unreadable_subdirectory_is_reported_and_the_rest_linted(locked):
    """As ruff reports a path it cannot read (E902); co-lint's read errors are exit 2."""
    result = run_unprivileged("cfg", cwd=locked)
    assert result.returncode == 2, result.stdout + result.stderr
    assert one_line_error(result) == "co-lint: error: cfg/locked: cannot read: Permission denied"
    assert "cfg/bad.yaml:1:1: CO101 [error]" in result.stdout
    assert "1 path could not be checked" in result.stdout


@needs_permissions
def test_file_below_an_unreadable_directory_is_a_clean_error(locked):
    result = run_unprivileged("cfg/locked/a.yaml", "cfg/bad.yaml", cwd=locked)
    assert result.returncode == 2
    assert one_line_error(result) == "co-lint: error: cfg/locked/a.yaml: cannot read: Permission denied"
    assert "cfg/bad.yaml:1:1: CO101 [error]" in result.stdout


@needs_permissions
def test_unreadable_directory_named_on_the_command_line(locked):
    # Plain paths, as pre-commit passes them (with an option, click reads the paths: see
    # test_an_unreadable_directory_with_an_option_is_the_same_one_line_error).
    result = run_unprivileged("cfg/locked", cwd=locked)
    assert result.returncode == 2
    assert one_line_error(result) == "co-lint: error: cfg/locked: cannot read: Permission denied"
    assert result.stdout.strip().startswith("No problems in 0 files read, but 1 path")


# --------------------------------------------------------------------------- 2. closed stdin


def test_closed_stdin_is_a_usage_error(tmp_path):
    result = subprocess.run(
        ["sh", "-c", f'exec "{CO_LINT}" - <&-'], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert one_line_error(result) == "co-lint: error: cannot read stdin (the path -): it is closed"


# --------------------------------------------------------------------------- 3. settings files


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("include: [unclosed\n", ":2:1: did not find expected ',' or ']' (while parsing a flow sequence at line 1"),
        ("select: [CO2]\n---\nselect: [CO5]\n", ":2:1: but found another document"),
        # Only the safe loader reads settings: a Python tag is refused, with its place.
        ('x: !!python/object/apply:os.system ["touch pwned"]\n', ":1:4: could not determine a constructor"),
    ],
)
def test_settings_syntax_error_names_file_line_and_column(tmp_path, text, expected):
    (tmp_path / ".co-lint.yaml").write_text(text)
    (tmp_path / "a.yaml").write_text(CLEAN)
    result = run("a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert one_line_error(result).startswith(f"co-lint: error: {tmp_path / '.co-lint.yaml'}{expected}")
    assert not (tmp_path / "pwned").exists()


def test_pyproject_syntax_error_is_placed_the_same_way(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.co-lint]\nignore = "CO1\n')
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert one_line_error(result).startswith(f"co-lint: error: {tmp_path / 'pyproject.toml'}:2:")


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("select: ['']\n", "'select'"),
        ("ignore: ['']\n", "'ignore'"),
        ("ignore: [CO5, '  ']\n", "'ignore'"),
        ("per-file-ignores:\n  '*.yaml': ['']\n", "'per-file-ignores.*.yaml'"),
        ("levels:\n  '': note\n", "'levels'"),
        ("exclude: ['']\n", "'exclude'"),
    ],
)
def test_empty_selector_in_settings_is_an_error_naming_the_setting(tmp_path, text, setting):
    """``ignore: ['']`` turned every rule off (an empty prefix matches every id)."""
    (tmp_path / ".co-lint.yaml").write_text(text)
    (tmp_path / "a.yaml").write_text("colour: x\n" + CLEAN)
    result = run("a.yaml", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert setting in one_line_error(result)
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("text", "place", "key"),
    [
        ("select: [CO2]\nselect: [CO5]\n", ":2:1:", "'select'"),
        ("levels:\n  CO101: note\n  CO101: error\n", ":3:3:", "'CO101'"),
    ],
)
def test_duplicate_settings_key_is_an_error_naming_key_and_line(tmp_path, text, place, key):
    (tmp_path / ".co-lint.yaml").write_text(text)
    (tmp_path / "a.yaml").write_text(CLEAN)
    message = one_line_error(run("a.yaml", cwd=tmp_path))
    assert message.startswith(f"co-lint: error: {tmp_path / '.co-lint.yaml'}{place} duplicate key {key}")
    assert "first defined at line" in message


# --------------------------------------------------------------------------- 4. custom rules


def write_rule(directory, rule: str, body: str = "def check(config):\n    return ()\n"):
    directory.mkdir(exist_ok=True)
    (directory / "acme.py").write_text(f'"""A rule."""\nfrom co_lint.rule import Hit, Rule\n\nRULE = {rule}\n\n{body}')


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ('Rule(id="ACME001", name="x", level="fatal", summary="s")', "level 'fatal' must be one of"),
        ('Rule(id="acme001", name="x", level="note", summary="s")', "id 'acme001' must be upper-case"),
        ('Rule(id="ACME001", name="two words", level="note", summary="s")', "name 'two words'"),
        ('Rule(id="ACME001", name="x", level="note", summary="")', "summary ''"),
        ('Rule(id="ACME001", name="x", level="note", summary="s", tags="security")', "tags 'security'"),
        ('Rule(id="ACME001", name="x", level="note", summary="s", precision="exact")', "precision 'exact'"),
        ('Rule(id="ACME001", name="x", level="note", summary="s", security_severity=9)', "security_severity 9"),
    ],
)
def test_malformed_rule_is_a_load_error(tmp_path, rule, problem):
    write_rule(tmp_path / "policies", rule)
    (tmp_path / "c.yaml").write_text(CLEAN)
    lint = ("--rules-dir", "policies", "c.yaml")
    for args in (lint, ("--format", "sarif", *lint), ("rules", "--rules-dir", "policies")):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        message = one_line_error(result)
        assert "acme.py: RULE of module" in message and problem in message


def test_check_that_is_not_a_function_is_a_load_error(tmp_path):
    write_rule(tmp_path / "policies", 'Rule(id="ACME001", name="x", level="note", summary="s")', "check = 5\n")
    (tmp_path / "c.yaml").write_text(CLEAN)
    result = run("--rules-dir", "policies", "c.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "check of module" in one_line_error(result)


def test_unknown_hit_level_is_co009_not_a_crash_of_the_report(tmp_path):
    body = "def check(config):\n    yield Hit(config, '/displayName', 'm', level='fatal')\n"
    write_rule(tmp_path / "policies", 'Rule(id="ACME001", name="x", level="note", summary="s")', body)
    (tmp_path / "c.yaml").write_text(CLEAN)
    result = run("--format", "json", "--rules-dir", "policies", "c.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [crash] = json.loads(result.stdout)
    assert crash["rule"] == "CO009" and "ACME001" in crash["message"] and "'fatal'" in crash["message"]


@pytest.mark.parametrize("function", ["check(config)", "check_project(configs)"])
def test_rule_calling_sys_exit_is_co009(tmp_path, function):
    """SystemExit is no Exception: it ended the run with the rule's exit code and no report."""
    body = f"import sys\n\ndef {function}:\n    sys.exit(3)\n"
    write_rule(tmp_path / "policies", 'Rule(id="ACME001", name="x", level="note", summary="s")', body)
    (tmp_path / "c.yaml").write_text("colour: x\n" + CLEAN)
    result = run("--format", "json", "--rules-dir", "policies", "c.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    assert sorted(f["rule"] for f in findings) == ["CO009", "CO101"]
    assert "ACME001 (x" in findings[0]["message"] and "SystemExit: 3" in findings[0]["message"]
    # The other side of containing every crash: ^C (KeyboardInterrupt) still stops the run.
    (tmp_path / "policies" / "acme.py").write_text(
        (tmp_path / "policies" / "acme.py").read_text().replace("sys.exit(3)", "raise KeyboardInterrupt")
    )
    interrupted = run("--rules-dir", "policies", "c.yaml", cwd=tmp_path)
    assert interrupted.returncode == 1
    assert interrupted.stdout == "" and "Aborted!" in interrupted.stderr


def test_rule_calling_sys_exit_in_worker_processes_is_co009(tmp_path):
    body = "import sys\n\ndef check(config):\n    sys.exit(3)\n"
    write_rule(tmp_path / "policies", 'Rule(id="ACME001", name="x", level="note", summary="s")', body)
    (tmp_path / "cfg").mkdir()
    for number in range(210):
        text = BASELINE_YAML.replace("Harbor Desk", f"Desk {number}").replace("0134", f"{number:04d}")
        (tmp_path / "cfg" / f"c{number:03d}.yaml").write_text(text)
    args = ("--jobs", "2", "--no-cache", "--select", "ACME,CO009", "--format", "json", "--rules-dir", "policies")
    result = run(*args, "cfg", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    assert len(findings) == 210 and {f["rule"] for f in findings} == {"CO009"}


# --------------------------------------------------------------------------- 5. the summary's count


def test_summary_counts_the_files_read_not_the_paths_found(tmp_path):
    (tmp_path / "good.yaml").write_text(CLEAN)
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    result = run("good.yaml", "dangling.yaml", "pipe.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stdout.strip() == "No problems in 1 file read, but 2 paths could not be checked (see the errors above)."
    )
    alone = run("dangling.yaml", cwd=tmp_path)
    assert alone.stdout.strip().startswith("No problems in 0 files read, but 1 path")


@needs_permissions
def test_summary_does_not_count_an_unreadable_file(tmp_path):
    (tmp_path / "secret.yaml").write_text(CLEAN)
    (tmp_path / "secret.yaml").chmod(0)
    result = run_unprivileged("secret.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert one_line_error(result) == "co-lint: error: secret.yaml: cannot read: Permission denied"
    assert result.stdout.strip().startswith("No problems in 0 files read, but 1 path")


# --------------------------------------------------------------------------- 6. a file and a link to it


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def linked(tmp_path):
    """A git repository with one configuration and a symbolic link to it, both tracked."""
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "a.yaml").write_text(CLEAN)
    (tmp_path / "link.yaml").symlink_to("a.yaml")
    git("add", ".", cwd=tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        (".",),  # a walk meets both: the real file is kept
        ("a.yaml",),  # pre-commit: the link is in the project set
        ("link.yaml",),  # the link named: its target is in the project set
        ("a.yaml", "link.yaml"),
    ],
)
def test_a_file_is_never_compared_with_itself_through_a_link(linked, args):
    result = run("--no-cache", *args, cwd=linked)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "All checks passed (1 file checked)."


def test_a_link_named_alone_is_linted_under_its_name(linked):
    (linked / "a.yaml").write_text("colour: x\n" + CLEAN)
    result = run("--no-cache", "--format", "json", "link.yaml", cwd=linked)
    assert [(f["file"], f["rule"]) for f in json.loads(result.stdout)] == [("link.yaml", "CO101")]


def test_settings_project_set_reads_a_linked_file_once(linked):
    (linked / ".co-lint.yaml").write_text("include: ['*.yaml']\n")
    result = run("--no-cache", "a.yaml", cwd=linked)
    assert result.stdout.strip() == "All checks passed (1 file checked)."


def test_stdin_standing_for_a_given_file_replaces_it(linked):
    """``- a.yaml --stdin-filename a.yaml`` (or the link): stdin is that file's new text, read once."""
    for name in ("a.yaml", "link.yaml"):
        result = subprocess.run(
            [CO_LINT, "--no-cache", "-", "a.yaml", "--stdin-filename", name],
            cwd=linked,
            input=CLEAN,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert result.stdout.strip() == "All checks passed (1 file checked).", (name, result.stdout)


def test_named_directory_and_a_link_to_it_are_walked_once_but_a_copy_is_compared(tmp_path):
    """Only the same file is read once: a copy is another configuration, and CO3xx compare it."""
    for directory in ("cfg", "copy"):
        (tmp_path / directory).mkdir()
        (tmp_path / directory / "a.yaml").write_text(CLEAN)
    (tmp_path / "alias").symlink_to("cfg")
    result = run("--format", "json", "cfg", "alias", "copy", cwd=tmp_path)
    findings = json.loads(result.stdout)
    assert {f["file"] for f in findings} == {"cfg/a.yaml", "copy/a.yaml"}
    assert {"CO301", "CO304"} <= {f["rule"] for f in findings}
    assert {r["file"] for f in findings for r in f["related"]} == {"cfg/a.yaml", "copy/a.yaml"}


# --------------------------------------------------------------------------- integration (lead)


@needs_permissions
def test_an_unreadable_directory_with_an_option_is_the_same_one_line_error(locked):
    """With an option, click parses the paths: it must leave readability to co-lint."""
    result = run_unprivileged("--format", "json", "cfg/locked", cwd=locked)
    assert result.returncode == 2
    assert one_line_error(result) == "co-lint: error: cfg/locked: cannot read: Permission denied"


@needs_permissions
def test_match_reports_an_unreadable_directory(locked):
    result = run_unprivileged("match", "--channel", "SMS", "--from", "+12065550100", "--to", "+1", "cfg", cwd=locked)
    assert result.returncode == 2
    assert "co-lint: error: cfg/locked: cannot read: Permission denied" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [(".co-lint.yaml", "levels:\n  CO201: {}\n"), ("pyproject.toml", "[tool.co-lint]\nx = {}\n")],
)
def test_a_settings_integer_too_long_to_read_is_a_clean_error(tmp_path, name, text):
    (tmp_path / name).write_text(text.format("9" * 5000))
    (tmp_path / "a.yaml").write_text(CLEAN)
    result = run("a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert one_line_error(result).startswith(f"co-lint: error: {tmp_path / name}: not a settings file: Exceeds")


def test_a_traffic_integer_too_long_to_read_is_a_clean_error(tmp_path):
    (tmp_path / "a.yaml").write_text(CLEAN)
    (tmp_path / "t.jsonl").write_text('{"channel": "SMS", "from": ' + "9" * 5000 + ', "to": "+1"}\n')
    result = run("match", "--traffic", "t.jsonl", "a.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert one_line_error(result).startswith("co-lint: error: t.jsonl:1: not a JSON object: Exceeds")


@pytest.mark.skipif(os.name != "posix", reason="needs RLIMIT_FSIZE")
def test_a_report_that_cannot_be_written_leaves_the_previous_one_whole(tmp_path):
    import resource
    import signal

    def small_files() -> None:  # any write beyond 100 bytes fails (EFBIG), as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    (tmp_path / "a.yaml").write_text("displayName: A\n")
    (tmp_path / "report.json").write_text("previous\n")
    command = [CO_LINT, "--no-cache", "--format", "json", "-o", "report.json", "a.yaml"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, preexec_fn=small_files)
    assert result.returncode == 2
    assert one_line_error(result).startswith("co-lint: error: cannot write report.json")
    assert (tmp_path / "report.json").read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "report.json"]
