"""``--diff`` prints a patch that applies, and ``--fix`` writes what it can.

Each ``--diff`` here is applied with the real tools, ``git apply`` and GNU ``patch -p1``
(no fuzz), to a copy of the files as they were, and must give, byte for byte, what ``--fix``
writes: with a UTF-8 BOM, with line breaks ``str.splitlines`` knows but patch tools do not
(U+2028, NEL, a lone CR), with file names holding a space, a tab, a newline, a quote or bytes
that are not UTF-8, for files outside the working directory and for absolute paths. The
hunks are :func:`difflib.unified_diff`'s for ordinary edits (compared over generated cases),
and thousands of edits do not make the search quadratic. ``--fix`` writes every file it can
when one cannot be written, and reports that one.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from test_cli import CO_LINT

PATCH = shutil.which("patch")
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(os.name != "posix" or not (PATCH and GIT), reason="needs POSIX, patch and git")

BOM = b"\xef\xbb\xbf"
#: One one-directional rule: --fix quotes its number (CO003) and adds its mirror (CO201).
ONE_WAY = b'channelSettings:\n  SMS:\n    captureRules:\n      - {from: +13125550191, to: "*"}\n'
FIXED = (
    b'channelSettings:\n  SMS:\n    captureRules:\n      - {from: "+13125550191", to: "*"}\n'
    b'      - {from: "*", to: "+13125550191"}\n'
)
META = (
    "displayName: Harbor Desk\ndescription: Messaging desk\n"
    "conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES\n"
    "memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n\nintelligenceConfigurationIds: []\n"
)


def co_lint(*args, cwd, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """The console script, its output as bytes (a diff is bytes: a BOM, CRs, any name)."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [CO_LINT, "--no-cache", *args], cwd=cwd, input=stdin, capture_output=True, env=environment, timeout=120
    )


def snapshot(root: Path) -> dict[bytes, bytes]:
    """Every file below ``root`` (``.git`` aside), by its path's bytes."""
    files = {}
    for directory, subdirectories, names in os.walk(os.fsencode(root)):
        subdirectories[:] = [d for d in subdirectories if d != b".git"]
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, os.fsencode(root))] = handle.read()
    return files


def restore(root: Path, files: dict[bytes, bytes]) -> None:
    for path in set(snapshot(root)) - set(files):
        os.remove(os.path.join(os.fsencode(root), path))
    for path, data in files.items():
        with open(os.path.join(os.fsencode(root), path), "wb") as handle:
            handle.write(data)


def git_init(directory: Path) -> None:
    subprocess.run([GIT, "init", "-q", str(directory)], check=True, capture_output=True)


def assert_diff_applies(root: Path, *args, cwd: Path | None = None, apply_from: Path | str | None = None) -> bytes:
    """``co-lint --diff ARGS`` run in ``cwd``; applied in ``apply_from`` (``root`` by default)
    with ``git apply`` and with ``patch -p1``, each gives exactly the files ``--fix`` writes.
    Returns the diff."""
    cwd = cwd or root
    apply_from = apply_from or root
    before = snapshot(root)
    diff = co_lint("--diff", *args, cwd=cwd)
    assert diff.returncode == 1, diff.stderr
    assert diff.stdout and snapshot(root) == before
    fixed = co_lint("--fix", *args, cwd=cwd)
    assert fixed.returncode in (0, 1), fixed.stderr
    after = snapshot(root)
    assert after != before
    restore(root, before)
    tools = {
        "git apply": [GIT, "apply", "--verbose", "-"],
        "patch -p1": [PATCH, "-p1", "-F0", "--no-backup-if-mismatch", "--batch"],
    }
    for tool, command in tools.items():
        applied = subprocess.run(command, input=diff.stdout, cwd=apply_from, capture_output=True, timeout=60)
        assert applied.returncode == 0, (tool, applied.stdout, applied.stderr, diff.stdout)
        assert snapshot(root) == after, (tool, diff.stdout)
        restore(root, before)
    return diff.stdout


def reference_diff(old: str, new: str, name: str) -> str:
    """The diff as co-lint printed it before (difflib over ``splitlines``)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{name}", tofile=f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


# --------------------------------------------------------------------------- 1. a UTF-8 BOM


def test_a_bom_stays_in_the_diff_of_a_yaml_file(tmp_path):
    git_init(tmp_path)
    (tmp_path / "a.yaml").write_bytes(BOM + ONE_WAY)
    diff = assert_diff_applies(tmp_path, "a.yaml")
    assert diff.splitlines()[3] == b" " + BOM + b"channelSettings:"
    assert (tmp_path / "a.yaml").read_bytes() == BOM + ONE_WAY  # restored: --diff wrote nothing


def test_a_bom_stays_in_the_diff_of_a_one_line_json_file(tmp_path):
    (tmp_path / "a.json").write_bytes(
        BOM + b'{"channelSettings": {"SMS": {"captureRules": [{"from": "+13125550191", "to": "*"}]}}}'
    )
    diff = assert_diff_applies(tmp_path, "a.json")
    assert diff.splitlines()[3].startswith(b"-" + BOM + b'{"channelSettings"')
    assert diff.count(b"\\ No newline at end of file\n") == 2


# --------------------------------------------------------------------------- 2. lines end at \n only


def test_a_line_separator_in_a_json_value_is_not_a_line_break(tmp_path):
    note = "north\u2028south\u2029east\x85west"
    rule = {"from": "+13125550191", "to": "*", "metadata": {"note": note}}  # the mirror copies it
    config = {"channelSettings": {"SMS": {"captureRules": [rule]}}, "description": note}
    (tmp_path / "a.json").write_bytes(json.dumps(config, indent=2, ensure_ascii=False).encode() + b"\n")
    diff = assert_diff_applies(tmp_path, "a.json")
    assert b"\\ No newline" not in diff
    assert diff.count("\u2028".encode()) == 2  # the rule (context) and its mirror


def test_cr_only_line_endings(tmp_path):
    (tmp_path / "a.yaml").write_bytes(ONE_WAY.replace(b"\n", b"\r"))
    diff = assert_diff_applies(tmp_path, "a.yaml")
    assert diff.count(b"\\ No newline at end of file\n") == 2  # one line each, at the end of the diff
    assert diff.endswith(b"\n\\ No newline at end of file\n")


def test_crlf_line_endings_and_no_final_newline(tmp_path):
    (tmp_path / "a.yaml").write_bytes(ONE_WAY.replace(b"\n", b"\r\n"))
    (tmp_path / "b.yaml").write_bytes(ONE_WAY.rstrip(b"\n"))
    diff = assert_diff_applies(tmp_path, "a.yaml", "b.yaml")
    assert b'-      - {from: +13125550191, to: "*"}\r\n' in diff


# --------------------------------------------------------------------------- 3. file names


@pytest.mark.parametrize(
    ("name", "header"),
    [
        (b"x y.yaml", b"--- a/x y.yaml\t\n+++ b/x y.yaml\t\n"),
        (b"x\ty.yaml", b'--- "a/x\\ty.yaml"\n+++ "b/x\\ty.yaml"\n'),
        (b"x\ny.yaml", b'--- "a/x\\ny.yaml"\n+++ "b/x\\ny.yaml"\n'),
        (b'q"x y.yaml', b'--- "a/q\\"x y.yaml"\t\n+++ "b/q\\"x y.yaml"\t\n'),
        (b"b\\s.yaml", b'--- "a/b\\\\s.yaml"\n+++ "b/b\\\\s.yaml"\n'),
        (b"esc\x1b.yaml", b'--- "a/esc\\033.yaml"\n+++ "b/esc\\033.yaml"\n'),
        (b"caf\xe9.yaml", b'--- "a/caf\\351.yaml"\n+++ "b/caf\\351.yaml"\n'),  # not UTF-8
        ("café.yaml".encode(), "--- a/café.yaml\n+++ b/café.yaml\n".encode()),
        (b"plain.yaml", b"--- a/plain.yaml\n+++ b/plain.yaml\n"),
    ],
    ids=["space", "tab", "newline", "quote-and-space", "backslash", "escape", "latin-1", "utf-8", "plain"],
)
def test_file_names_are_quoted_as_git_quotes_them(tmp_path, name, header):
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write(ONE_WAY)
    diff = assert_diff_applies(tmp_path, os.fsdecode(name))
    assert diff.startswith(header)


def test_names_are_relative_to_the_repository_root(tmp_path):
    """Run in a subdirectory, for a file beside it: named from the root, where the patch applies."""
    git_init(tmp_path)
    (tmp_path / "configs").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "configs" / "a.yaml").write_bytes(ONE_WAY)
    (tmp_path / "shared" / "b.yaml").write_bytes(ONE_WAY)
    diff = assert_diff_applies(tmp_path, "a.yaml", "../shared/b.yaml", cwd=tmp_path / "configs")
    assert diff.startswith(b"--- a/configs/a.yaml\n+++ b/configs/a.yaml\n")
    assert b"\n--- a/shared/b.yaml\n+++ b/shared/b.yaml\n" in diff


def test_outside_a_repository_names_are_relative_to_the_working_directory(tmp_path):
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "a.yaml").write_bytes(ONE_WAY)
    diff = assert_diff_applies(tmp_path, "configs/a.yaml")
    assert diff.startswith(b"--- a/configs/a.yaml\n+++ b/configs/a.yaml\n")


def test_a_file_outside_the_base_is_named_by_its_absolute_path(tmp_path):
    """No repository, a file above the working directory (``..``) or named absolutely: both
    tools refuse ``a/../x`` and ``a//x``; ``a/tmp/.../x`` applies from ``/``."""
    (tmp_path / "work").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "o.yaml").write_bytes(ONE_WAY)
    (tmp_path / "out" / "p.yaml").write_bytes(ONE_WAY)
    absolute = str(tmp_path / "out" / "p.yaml")
    diff = assert_diff_applies(tmp_path, "../out/o.yaml", absolute, cwd=tmp_path / "work", apply_from="/")
    name = os.fsencode(tmp_path).lstrip(b"/")
    assert diff.startswith(b"--- a/" + name + b"/out/o.yaml\n+++ b/" + name + b"/out/o.yaml\n")
    assert b"\n--- a/" + name + b"/out/p.yaml\n" in diff


def test_stdin_is_named_by_its_stdin_filename(tmp_path):
    git_init(tmp_path)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "a.yaml").write_bytes(BOM + ONE_WAY)
    result = co_lint(
        "--diff",
        "-",
        "--stdin-filename",
        "a.yaml",
        cwd=tmp_path / "configs",
        stdin=(tmp_path / "configs/a.yaml").read_bytes(),
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(b"--- a/configs/a.yaml\n+++ b/configs/a.yaml\n@@ -1,4 +1,5 @@\n " + BOM)
    applied = subprocess.run([GIT, "apply", "-"], input=result.stdout, cwd=tmp_path, capture_output=True)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "configs" / "a.yaml").read_bytes() == BOM + FIXED


# --------------------------------------------------------------------------- 4. stdin keeps its BOM


@pytest.mark.parametrize("text", [ONE_WAY, FIXED], ids=["fixed", "nothing-to-fix"])
def test_fix_from_stdin_keeps_the_bom(tmp_path, text):
    result = co_lint("--fix", "-", "--stdin-filename", "a.yaml", cwd=tmp_path, stdin=BOM + text)
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout == BOM + FIXED
    (tmp_path / "a.yaml").write_bytes(BOM + text)
    co_lint("--fix", "a.yaml", cwd=tmp_path)
    assert (tmp_path / "a.yaml").read_bytes() == result.stdout  # as --fix writes a file


# --------------------------------------------------------------------------- 5. a file --fix cannot write


def three_files(directory: Path) -> None:
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (directory / name).write_bytes(ONE_WAY)


def test_fix_writes_every_file_it_can_and_reports_the_one_it_cannot(tmp_path, monkeypatch):
    import errno

    import co_lint.reporters
    from co_lint.app import Options
    from co_lint.app import run as run_in_process

    real = co_lint.reporters.write_atomic

    def write_atomic(path, data):
        if os.path.basename(path) == "b.yaml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        real(path, data)

    three_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(co_lint.reporters, "write_atomic", write_atomic)
    stdout, stderr = io.StringIO(), io.StringIO()
    options = Options(paths=["."], fix=True, no_cache=True, cwd=tmp_path, format="json", fail_level="note")
    code = run_in_process(options, stdout, stderr)
    assert code == 2
    assert (tmp_path / "a.yaml").read_bytes() == FIXED
    assert (tmp_path / "b.yaml").read_bytes() == ONE_WAY
    assert (tmp_path / "c.yaml").read_bytes() == FIXED
    assert stderr.getvalue() == (
        "co-lint: fixed 4 problems in 2 files\nco-lint: error: b.yaml: cannot write the fixes: Permission denied\n"
    )
    # The report: b.yaml's fixable findings are still there (it was not written); a and c are fixed.
    findings = json.loads(stdout.getvalue())
    assert {f["rule"] for f in findings if f["file"] == "b.yaml"} >= {"CO003", "CO201"}
    assert not {f["rule"] for f in findings if f["file"] != "b.yaml"} & {"CO003", "CO201"}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs RLIMIT_FSIZE")
def test_fix_through_the_console_script_goes_on_after_a_file_the_system_refuses(tmp_path):
    """Everything runs as root here, so permissions refuse nothing: the kernel refuses any
    write past 2,000 bytes (EFBIG), and b.yaml is larger."""
    import resource
    import signal

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    three_files(tmp_path)
    big = b"description: " + b"x" * 2500 + b"\n" + ONE_WAY
    (tmp_path / "b.yaml").write_bytes(big)
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(
        [CO_LINT, "--no-cache", "--fix", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        preexec_fn=small_files,
    )
    assert result.returncode == 2
    assert (tmp_path / "a.yaml").read_bytes() == FIXED
    assert (tmp_path / "b.yaml").read_bytes() == big
    assert (tmp_path / "c.yaml").read_bytes() == FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "c.yaml"]  # no temporary file left
    assert result.stderr == (
        "co-lint: fixed 4 problems in 2 files\nco-lint: error: b.yaml: cannot write the fixes: File too large\n"
    )
    assert "b.yaml:5:16: CO003" in result.stdout  # the report, with b.yaml as it still is
    assert "a.yaml:4:16: CO003" not in result.stdout


# --------------------------------------------------------------------------- 6. the hunks and the time they take


def big_config(pairs: int) -> str:
    """The reviewer's big.yaml: ``pairs`` one-directional rules, each of which --fix mirrors."""
    head = (
        "displayName: Big\ndescription: big\nconversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES\n"
        "intelligenceConfigurationIds: []\nchannelSettings:\n  SMS:\n    captureRules:\n"
    )
    return head + "".join(f"    - from: '+1206{5000000 + i:07d}'\n      to: '*'\n" for i in range(pairs))


def big_config_fixed(pairs: int) -> str:
    """What --fix makes of :func:`big_config`: each rule followed by its mirror."""
    text = big_config(pairs)
    for i in range(pairs):
        rule = f"    - from: '+1206{5000000 + i:07d}'\n      to: '*'\n"
        text = text.replace(rule, rule + f"    - from: '*'\n      to: '+1206{5000000 + i:07d}'\n")
    return text


def test_many_fixes_do_not_make_the_diff_quadratic(tmp_path, monkeypatch):
    """No timing: the lines difflib's search scans, counted, stay within a few dozen passes over
    the texts (the search before scanned each range again after each block: 482,012 lines
    for these 400 mirrors, 1,924,012 for 800, 19 million for 3,000)."""
    from co_lint.app import Options
    from co_lint.app import run as run_in_process

    scanned = [0]
    real = difflib.SequenceMatcher.find_longest_match

    def counting(self, alo=0, ahi=None, blo=0, bhi=None):
        scanned[0] += (len(self.a) if ahi is None else ahi) - alo + (len(self.b) if bhi is None else bhi) - blo
        return real(self, alo, ahi, blo, bhi)

    text = big_config(400)
    (tmp_path / "big.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counting)
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_in_process(Options(paths=["big.yaml"], diff=True, no_cache=True, cwd=tmp_path), stdout, stderr)
    assert code == 1, stderr.getvalue()
    lines = 2 * text.count("\n") + 2 * 400  # the lines of the old text and of the new
    assert scanned[0] < 50_000 + 34 * lines
    assert stdout.getvalue() == reference_diff(text, big_config_fixed(400), "big.yaml")


def test_many_fixes_diff_applies(tmp_path):
    """The anchored search (past difflib's budget) through the console script and both tools."""
    git_init(tmp_path)
    text = big_config(300)
    # Rules the mirrors land next to: a '*' rule after a one-directional one, and a duplicate.
    text += "    - from: '*'\n      to: '+12067000000'\n    - from: '+12065000001'\n      to: '*'\n"
    (tmp_path / "big.yaml").write_text(text)
    assert_diff_applies(tmp_path, "big.yaml")


def test_the_anchored_search_gives_valid_blocks():
    """Forced past the budget on random texts of few distinct lines (many repeats, moves,
    crossings): the blocks match equal lines, in order, and the opcodes rebuild the new text."""
    from co_lint.diffs import AnchoredMatcher

    class Anchored(AnchoredMatcher):
        BUDGET, BUDGET_PER_LINE = -1, 0

    class AnchoredAgain(Anchored):
        LARGE = 0  # every range between anchors is anchored again

    rng = random.Random(7)
    for case in range(800):
        pool = [f"line {k}\n" for k in range(rng.randint(1, 30))]
        a = [rng.choice(pool) for _ in range(rng.randint(0, 80))]
        b = list(a)
        for _ in range(rng.randint(0, 8)):
            position = rng.randrange(len(b) + 1)
            if rng.random() < 0.5:
                b[position:position] = [rng.choice(pool) for _ in range(rng.randint(1, 4))]
            else:
                del b[position : position + rng.randint(1, 4)]
        matcher = (Anchored if case % 2 else AnchoredAgain)(None, a, b)
        blocks = matcher.get_matching_blocks()
        ends = (0, 0)
        for i, j, k in blocks:
            assert i >= ends[0] and j >= ends[1]
            assert a[i : i + k] == b[j : j + k]
            ends = (i + k, j + k)
        assert blocks[-1] == (len(a), len(b), 0)
        rebuilt = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            rebuilt += a[i1:i2] if tag == "equal" else b[j1:j2]
        assert rebuilt == b


def fix_shaped_config(rng: random.Random) -> tuple[str, int]:
    """A configuration of ``rules`` capture rules of which a few need fixes of every kind
    (an unquoted number, a number to normalise, a missing mirror, VOICE statusTimeouts)."""
    lines = [META, "channelSettings:\n"]
    defects = 0
    for channel in rng.sample(["SMS", "WHATSAPP", "VOICE"], rng.randint(1, 3)):
        lines.append(f"  {channel}:\n")
        if channel == "VOICE":
            if rng.random() < 0.5:
                lines.append("    statusTimeouts:\n      inactive: 5\n      closed: 30\n")
                defects += 1
            else:
                lines.append("    statusTimeouts: null\n")
        else:
            lines.append("    statusTimeouts:\n      inactive: 30\n      closed: 1440\n")
        lines.append("    captureRules:\n")
        prefix = "whatsapp:" if channel == "WHATSAPP" else ""
        for _ in range(rng.choice([1, 3, 10, 40, 120])):
            number = f"+1206{rng.randrange(10**7):07d}"
            kind = rng.random()
            if kind < 0.04:  # unquoted: CO003
                lines.append(f"      - from: {number}\n        to: '*'\n      - from: '*'\n        to: '{number}'\n")
                defects += 1
            elif kind < 0.07 and not prefix:  # to normalise: CO202
                written = f"1 ({number[2:5]}) {number[5:8]}-{number[8:]}"
                lines.append(f"      - from: '{written}'\n        to: '*'\n      - from: '*'\n        to: '{number}'\n")
                defects += 1
            elif kind < 0.12 and channel != "VOICE":  # one direction: CO201
                lines.append(f"      - from: '{prefix}{number}'\n        to: '*'\n")
                defects += 1
            elif kind < 0.16:
                lines.append("      - from: '*'\n        to: '*'\n")
            else:
                lines.append(
                    f"      - from: '{prefix}{number}'\n        to: '*'\n"
                    f"      - from: '*'\n        to: '{prefix}{number}'\n"
                )
            if rng.random() < 0.05:
                lines.append("        # checked\n")
    return "".join(lines), defects


def test_fix_diffs_are_difflibs(tmp_path, monkeypatch):
    """Real fixes of generated configurations, from a rule to a few hundred: the diff is
    exactly the one co-lint printed before (difflib over the lines)."""
    from co_lint.app import Options
    from co_lint.app import run as run_in_process
    from co_lint.diffs import unified_diff

    rng = random.Random(2024)
    monkeypatch.chdir(tmp_path)
    compared = 0
    for case in range(60):
        text, defects = fix_shaped_config(rng)
        if not defects:
            continue
        path = tmp_path / f"c{case}.yaml"
        path.write_text(text)
        stdout, stderr = io.StringIO(), io.StringIO()
        run_in_process(Options(paths=[path.name], fix=True, no_cache=True, cwd=tmp_path), stdout, stderr)
        fixed = path.read_text()
        assert fixed != text, stderr.getvalue()
        assert "".join(unified_diff(text, fixed, path.name)) == reference_diff(text, fixed, path.name)
        compared += 1
    assert compared >= 40


def test_edited_texts_diff_as_difflib_does():
    """A few edits (inserted, replaced, deleted lines, among many repeated ones; a last line
    without a newline) in texts of 5 to 3,000 lines: exactly difflib's diff."""
    from co_lint.diffs import unified_diff

    pool = [
        "    - from: '*'\n",
        "      to: '*'\n",
        "      inactive: 30\n",
        "      closed: 1440\n",
        "    statusTimeouts:\n",
        "  SMS:\n",
        "  VOICE:\n",
        "    captureRules:\n",
        "\n",
        "      metadata: {}\n",
    ]
    rng = random.Random(11)

    def line() -> str:
        if rng.random() < 0.4:
            return f"    - from: '+1206{rng.randrange(10**7):07d}'\n"
        return rng.choice(pool)

    for _ in range(1500):
        a = [line() for _ in range(rng.choice([5, 20, 60, 150, 250, 600, 3000]))]
        b = list(a)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(b) + 1)
            kind = rng.random()
            if kind < 0.4:
                b[position:position] = [line() for _ in range(rng.randint(1, 3))]
            elif kind < 0.7 and position < len(b):
                b[position] = b[position].replace("'+", '"+') if "'+" in b[position] else line()
            elif position < len(b):
                del b[position : position + rng.randint(1, 2)]
        old, new = "".join(a), "".join(b)
        if rng.random() < 0.2:
            new = new.rstrip("\n")
        assert "".join(unified_diff(old, new, "x.yaml")) == reference_diff(old, new, "x.yaml")


def every_rule_twice(pairs: int) -> tuple[str, str]:
    """Each rule written twice, and --fix's mirror between the two: no line is once in each text."""
    text = fixed = "displayName: Big\nchannelSettings:\n  SMS:\n    captureRules:\n"
    for i in range(pairs):
        rule = f"    - from: '+1206{5000000 + i:07d}'\n      to: '*'\n"
        text += rule + rule
        fixed += rule + f"    - from: '*'\n      to: '+1206{5000000 + i:07d}'\n" + rule
    return text, fixed


@pytest.mark.parametrize(
    "texts",
    [lambda: (big_config(1000), big_config_fixed(1000)), lambda: every_rule_twice(600)],
    ids=["mirrors", "every-rule-twice"],
)
def test_thousands_of_changes_diff_as_difflib_does_in_linear_work(texts, monkeypatch):
    """The reviewer's case (with 1,000 mirrors, not 3,000), and one where no line occurs once
    in each text: past the budget the anchors give difflib's own diff, scanning few lines."""
    from co_lint.diffs import unified_diff

    old, new = texts()
    expected = reference_diff(old, new, "big.yaml")
    scanned = [0]
    real = difflib.SequenceMatcher.find_longest_match

    def counting(self, alo=0, ahi=None, blo=0, bhi=None):
        scanned[0] += (len(self.a) if ahi is None else ahi) - alo + (len(self.b) if bhi is None else bhi) - blo
        return real(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counting)
    assert "".join(unified_diff(old, new, "big.yaml")) == expected
    assert scanned[0] < 50_000 + 34 * (old.count("\n") + new.count("\n"))
