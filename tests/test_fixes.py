"""--fix and --diff through the console script.

Every fix: the exact text it writes (everything else byte for byte), a re-lint that is silent
for the fixed finding, and the parsed data equal to the original apart from the fixed values.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from conftest import REPO
from test_cli import CO_LINT, run

META = """\
displayName: Harbor Desk
description: Messaging desk for the harbor office
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_2h6k9m3p7r1t5w8y0b4d6f2j7n
intelligenceConfigurationIds: []
channelSettings:
"""
SMS = (
    META
    + """\
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 1440
    captureRules:
"""
)
PAIR = '      - from: "+12065550134"\n        to: "*"\n      - from: "*"\n        to: "+12065550134"\n'


def fix(directory, name, text, *extra, encoding="utf-8"):
    """Write ``text``, run ``co-lint --fix`` on it; returns the result and the new text."""
    path = directory / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    result = run("--fix", *extra, name, cwd=directory)
    assert result.returncode in (0, 1), result.stderr
    return result, path.read_bytes().decode("utf-8") if isinstance(text, str) else path.read_bytes()


def run_with_stdin(args, stdin, cwd):
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [CO_LINT, *args], input=stdin, cwd=cwd, capture_output=True, text=True, env=environment, timeout=60
    )


def rules_found(directory, name):
    result = run("--format", "json", "--fail-level", "note", name, cwd=directory)
    return [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]


def load(text, name="a.yaml"):
    return json.loads(text) if name.endswith(".json") else yaml.safe_load(text)


# --------------------------------------------------------------------------- CO202


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ('"206-555-0134"', None),  # ten digits: ambiguous without a region
        ('"1 (206) 555-0134"', '"+12065550134"'),
        ("'1-206-555-0134'", "'+12065550134'"),
        ("1.206.555.0134", '"+12065550134"'),
        ('"0044 20 7946 0000"', '"+442079460000"'),
        ('"+1 206 555 0134"', '"+12065550134"'),
    ],
)
def test_co202_normalised_e164(tmp_path, written, fixed):
    text = SMS + f'      - from: {written}\n        to: "*"\n      - from: "*"\n        to: {written}\n'
    result, after = fix(tmp_path, "a.yaml", text)
    if fixed is None:
        assert after == text
        assert "fixed 0 problems in 0 files" in result.stderr
        return
    assert after == text.replace(written, fixed)
    assert "fixed 2 problems in 1 file" in result.stderr
    assert rules_found(tmp_path, "a.yaml") == []
    value = load(after)["channelSettings"]["SMS"]["captureRules"][0]["from"]
    assert value == load(f"v: {fixed}")["v"]


def test_co202_keeps_the_whatsapp_prefix(tmp_path):
    text = META + (
        "  WHATSAPP:\n    statusTimeouts:\n      inactive: 30\n      closed: 1440\n    captureRules:\n"
        '      - from: "whatsapp:+1 (206) 555-0134"\n        to: "*"\n'
        '      - from: "*"\n        to: "whatsapp:+1 (206) 555-0134"\n'
    )
    _, after = fix(tmp_path, "a.yaml", text)
    assert after == text.replace("whatsapp:+1 (206) 555-0134", "whatsapp:+12065550134")
    assert rules_found(tmp_path, "a.yaml") == []


def test_co202_in_json(tmp_path):
    data = load(SMS + PAIR)
    rules = data["channelSettings"]["SMS"]["captureRules"]
    rules[0]["from"] = rules[1]["to"] = "001-206-555-0134"
    text = json.dumps(data, indent=2) + "\n"
    _, after = fix(tmp_path, "a.json", text)
    assert after == text.replace('"001-206-555-0134"', '"+12065550134"')
    assert rules_found(tmp_path, "a.json") == []
    assert json.loads(after) == load(SMS + PAIR)


# --------------------------------------------------------------------------- CO003


def test_co003_quotes_the_scalar(tmp_path):
    text = SMS + "      - from: +12065550134  # the desk\n        to: '*'\n      - {from: '*', to: +12065550134}\n"
    result, after = fix(tmp_path, "a.yaml", text)
    assert after == SMS + (
        "      - from: \"+12065550134\"  # the desk\n        to: '*'\n      - {from: '*', to: \"+12065550134\"}\n"
    )
    assert rules_found(tmp_path, "a.yaml") == []
    before = load(text)
    for rule in before["channelSettings"]["SMS"]["captureRules"]:
        rule.update({k: "+12065550134" for k, v in rule.items() if v == 12065550134})
    assert load(after) == before


def test_co003_of_an_anchored_value_is_not_fixed(tmp_path):
    """Quoting the anchor would change every alias of it too."""
    text = META.replace("displayName: Harbor Desk", "displayName: &n 2024\ndescription: *n").replace(
        "description: Messaging desk for the harbor office\n", ""
    )
    text += "  SMS:\n    captureRules: []\n"
    _, after = fix(tmp_path, "a.yaml", text)
    assert after == text
    assert [rule for rule, _, _ in rules_found(tmp_path, "a.yaml")][:2] == ["CO003", "CO003"]


# --------------------------------------------------------------------------- CO401

VOICE_RULES = (
    '    captureRules:\n      - from: "*"\n        to: "+12065550134"\n      - from: "+12065550134"\n        to: "*"\n'
)


def test_co401_block_timeouts_become_null(tmp_path):
    text = META + (
        "  VOICE:\n"
        "    statusTimeouts:   # minutes\n"
        "      # tuned in 2023\n"
        "      inactive: 5\n"
        "      closed: 30  # half an hour\n"
        "    # the numbers\n" + VOICE_RULES
    )
    _, after = fix(tmp_path, "a.yaml", text)
    assert after == META + (
        "  VOICE:\n    statusTimeouts: null   # minutes\n      # tuned in 2023\n    # the numbers\n" + VOICE_RULES
    )
    assert rules_found(tmp_path, "a.yaml") == []
    expected = load(text)
    expected["channelSettings"]["VOICE"]["statusTimeouts"] = None
    assert load(after) == expected


def test_co401_flow_timeouts_become_null(tmp_path):
    text = META + "  VOICE:\n    statusTimeouts: {inactive: 5, closed: 30}\n" + VOICE_RULES
    _, after = fix(tmp_path, "a.yaml", text)
    assert after == META + "  VOICE:\n    statusTimeouts: null\n" + VOICE_RULES
    assert rules_found(tmp_path, "a.yaml") == []


def test_co401_missing_timeouts_are_added(tmp_path):
    text = META + "  VOICE:\n" + VOICE_RULES
    _, after = fix(tmp_path, "a.yaml", text)
    assert after == META + "  VOICE:\n    statusTimeouts: null\n" + VOICE_RULES
    assert rules_found(tmp_path, "a.yaml") == []
    text = META + "  VOICE: {}\n"
    _, after = fix(tmp_path, "a.yaml", text)
    assert after == META + "  VOICE: {statusTimeouts: null}\n"
    assert "CO401" not in {rule for rule, _, _ in rules_found(tmp_path, "a.yaml")}


def test_co401_in_json(tmp_path):
    data = load(META + "  VOICE:\n    statusTimeouts: {inactive: 5, closed: 30}\n" + VOICE_RULES)
    text = json.dumps(data, indent=2) + "\n"
    _, after = fix(tmp_path, "a.json", text)
    assert after == text.replace('{\n        "inactive": 5,\n        "closed": 30\n      }', "null")
    assert rules_found(tmp_path, "a.json") == []
    del data["channelSettings"]["VOICE"]["statusTimeouts"]
    text = json.dumps(data, indent=2) + "\n"
    _, after = fix(tmp_path, "a.json", text)
    assert after == text.replace('"VOICE": {\n', '"VOICE": {\n      "statusTimeouts": null,\n')
    assert rules_found(tmp_path, "a.json") == []
    data["channelSettings"]["VOICE"]["statusTimeouts"] = None
    assert json.loads(after) == data


def test_co401_in_compact_json(tmp_path):
    text = json.dumps(load(META + "  VOICE:\n" + VOICE_RULES))
    _, after = fix(tmp_path, "a.json", text)
    assert after == text.replace('"VOICE": {', '"VOICE": {"statusTimeouts": null, ')
    assert rules_found(tmp_path, "a.json") == []


# --------------------------------------------------------------------------- CO201


def test_co201_adds_the_mirror_after_the_rule(tmp_path):
    text = SMS + (
        '      - from: "+12065550134"   # co-lint: disable=CO202\n'
        "        # the main desk\n"
        '        to: "*"\n'
        "        metadata: {note: desk}\n"
        "      # the short code\n"
        '      - from: "*"\n        to: "72345"\n'
    )
    result, after = fix(tmp_path, "a.yaml", text)
    assert after == SMS + (
        '      - from: "+12065550134"   # co-lint: disable=CO202\n'
        "        # the main desk\n"
        '        to: "*"\n'
        "        metadata: {note: desk}\n"
        '      - from: "*"\n'
        '        to: "+12065550134"\n'
        "        metadata: {note: desk}\n"
        "      # the short code\n"
        '      - from: "*"\n        to: "72345"\n'
        '      - from: "72345"\n        to: "*"\n'
    )
    assert "fixed 2 problems in 1 file" in result.stderr
    # The directive stays with its rule (now unused there: CO008), and was not copied.
    assert rules_found(tmp_path, "a.yaml") == [("CO008", 12, 32)]
    rules = load(after)["channelSettings"]["SMS"]["captureRules"]
    assert rules[1] == {"from": "*", "to": "+12065550134", "metadata": {"note": "desk"}}
    assert rules[3] == {"from": "72345", "to": "*"}


def test_co201_both_sides_concrete_and_flow_style(tmp_path):
    text = SMS.replace("    captureRules:\n", '    captureRules: [{from: "+12065550134", to: "+12065550135"}]\n')
    _, after = fix(tmp_path, "a.yaml", text)
    assert after == SMS.replace(
        "    captureRules:\n",
        '    captureRules: [{from: "+12065550134", to: "+12065550135"}, {from: "+12065550135", to: "+12065550134"}]\n',
    )
    assert rules_found(tmp_path, "a.yaml") == []


def test_co201_at_the_end_of_a_file_without_a_final_newline(tmp_path):
    text = SMS + '      - from: "+12065550134"\n        to: "*"'
    _, after = fix(tmp_path, "a.yaml", text)
    assert after == SMS + '      - from: "+12065550134"\n        to: "*"\n      - from: "*"\n        to: "+12065550134"'
    assert rules_found(tmp_path, "a.yaml") == []


def test_co201_in_json(tmp_path):
    data = load(SMS + '      - from: "+12065550134"\n        to: "*"\n')
    text = json.dumps(data, indent=2) + "\n"
    _, after = fix(tmp_path, "a.json", text)
    data["channelSettings"]["SMS"]["captureRules"].append({"from": "*", "to": "+12065550134"})
    assert after == json.dumps(data, indent=2) + "\n"
    assert rules_found(tmp_path, "a.json") == []
    text = json.dumps(load(SMS + PAIR + '      - from: "72345"\n        to: "*"\n'))
    _, after = fix(tmp_path, "a.json", text)
    assert after == text.replace(
        '{"from": "72345", "to": "*"}', '{"from": "72345", "to": "*"}, {"from": "*", "to": "72345"}'
    )
    assert rules_found(tmp_path, "a.json") == []


def test_co201_on_voice_is_not_fixed(tmp_path):
    """Inbound-only voice is often deliberate (the finding is a note): no fix adds outbound capture."""
    text = (
        META + '  VOICE:\n    statusTimeouts: null\n    captureRules:\n      - from: "*"\n        to: "+12065550134"\n'
    )
    result, after = fix(tmp_path, "a.yaml", text)
    assert after == text
    assert rules_found(tmp_path, "a.yaml") == [("CO201", 11, 13)]


def test_identical_rules_get_one_mirror(tmp_path):
    rule = '      - from: "+12065550134"\n        to: "*"\n'
    _, after = fix(tmp_path, "a.yaml", SMS + rule + rule)
    assert after == SMS + rule + '      - from: "*"\n        to: "+12065550134"\n' + rule
    assert [rule for rule, _, _ in rules_found(tmp_path, "a.yaml")] == ["CO208"]


# --------------------------------------------------------------------------- together


def test_fixes_of_one_rule_converge_in_passes(tmp_path):
    """CO003 quotes, CO202 normalises, then CO201 mirrors the fixed value."""
    text = SMS + "      - from: 0012065550134\n        to: '*'\n"
    result, after = fix(tmp_path, "a.yaml", text)
    assert (
        after
        == SMS + "      - from: \"+12065550134\"\n        to: '*'\n      - from: '*'\n        to: \"+12065550134\"\n"
    )
    assert rules_found(tmp_path, "a.yaml") == []
    assert result.returncode == 0


def test_crlf_and_bom_are_preserved(tmp_path):
    text = (SMS + "      - from: +12065550134\n        to: '*'\n").replace("\n", "\r\n")
    original = b"\xef\xbb\xbf" + text.encode()
    _, after = fix(tmp_path, "a.yaml", original)
    expected = (
        text.replace("from: +12065550134", 'from: "+12065550134"')
        + "      - from: '*'\r\n        to: \"+12065550134\"\r\n"
    )
    assert after == b"\xef\xbb\xbf" + expected.encode()


@pytest.mark.parametrize(
    "name", ["examples/problems/night-shift.yaml", "examples/problems/broken.json", "examples/clean/pier-chat.yaml"]
)
def test_no_fixable_finding_means_byte_identical(tmp_path, name):
    original = (REPO / name).read_bytes()
    path = tmp_path / name.rsplit("/", 1)[1]
    path.write_bytes(original)
    stamp = path.stat().st_mtime_ns
    result = run("--fix", path.name, cwd=tmp_path)
    assert result.returncode in (0, 1)
    assert path.read_bytes() == original
    assert path.stat().st_mtime_ns == stamp  # not even rewritten


def test_fix_reports_what_is_left(tmp_path):
    text = SMS + "      - from: +12065550134\n        to: '*'\n      - from: \"206-555-0135\"\n        to: '*'\n"
    result, after = fix(tmp_path, "a.yaml", text)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("a.yaml:16:15: CO202 [error]")
    assert "fixed 3 problems in 1 file" in result.stderr


def test_diff_changes_nothing(tmp_path):
    text = SMS + "      - from: +12065550134\n        to: '*'\n      - from: '*'\n        to: '+12065550134'\n"
    (tmp_path / "a.yaml").write_text(text)
    result = run("--diff", "a.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "--- a/a.yaml\n+++ b/a.yaml\n@@ -9,7 +9,7 @@\n       inactive: 30\n       closed: 1440\n"
        '     captureRules:\n-      - from: +12065550134\n+      - from: "+12065550134"\n'
        "         to: '*'\n       - from: '*'\n         to: '+12065550134'\n"
    )
    assert result.stderr == "co-lint: would fix 1 problem in 1 file\n"
    assert (tmp_path / "a.yaml").read_text() == text
    (tmp_path / "b.yaml").write_text(SMS + PAIR)
    result = run("--diff", "b.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_fix_from_stdin_prints_the_fixed_text(tmp_path):
    text = SMS + "      - from: +12065550134\n        to: '*'\n      - from: '*'\n        to: '+12065550134'\n"
    result = run_with_stdin(["--fix", "-", "--stdin-filename", "configs/a.yaml"], text, tmp_path)
    assert result.returncode == 0
    assert result.stdout == text.replace("from: +12065550134", 'from: "+12065550134"')
    assert not (tmp_path / "configs").exists()


def test_diff_with_a_missing_path_is_exit_2(tmp_path):
    (tmp_path / "a.yaml").write_text(
        SMS + "      - from: +12065550134\n        to: '*'\n      - from: '*'\n        to: '+12065550134'\n"
    )
    result = run("--diff", "a.yaml", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.startswith("--- a/a.yaml\n")
    assert result.stderr.endswith("co-lint: error: nope.yaml: no such file or directory\n")


def test_a_pass_that_breaks_a_file_is_undone():
    """The safety net of fix_loop: a file a pass makes unreadable keeps its text and is left alone."""
    from co_lint.fixes import fix_loop
    from co_lint.types import Edit, Finding, Fix, Span

    def finding(path, fix):
        return Finding("CO202", "error", "m", path, Span.at(1, 1), fix=fix)

    def lint(texts):
        out = [finding(p, Fix("again", (Edit(0, 1, "["),))) for p, t in texts.items() if t == "ok" and p == "b"]
        return out + [
            Finding("CO001", "error", "broken", p, Span.at(1, 1)) for p, t in texts.items() if t.startswith("[")
        ]

    texts = {"a": "x", "b": "x"}
    findings = [finding("a", Fix("break", (Edit(0, 1, "["),))), finding("b", Fix("mend", (Edit(0, 1, "ok"),)))]
    result, left, applied = fix_loop(texts, findings, lint)
    assert result == {"a": "x", "b": "ok"}
    assert applied == 1
    assert [f.path for f in left] == ["b"]  # b's next fix would break it too: never applied


# --------------------------------------------------------------------------- writing the fixed files

FIXABLE = SMS + "      - from: +12065550134\n        to: '*'\n      - from: '*'\n        to: '+12065550134'\n"
FIXED = FIXABLE.replace("from: +12065550134", 'from: "+12065550134"')


def test_a_full_disk_during_a_fix_leaves_the_file_whole(tmp_path, monkeypatch):
    """A write that stops halfway (ENOSPC): the configuration is as it was, one error line, exit 2."""
    import builtins
    import errno
    import io

    from co_lint.app import Options
    from co_lint.app import run as run_in_process

    class HalfWritten:
        """A file that takes half of what is written, then finds the disk full."""

        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            self.handle.close()

    def full_disk(real_open):
        def opener(file, mode="r", *args, **kwargs):
            handle = real_open(file, mode, *args, **kwargs)
            return HalfWritten(handle) if "w" in mode else handle

        return opener

    (tmp_path / "a.yaml").write_text(FIXABLE)
    monkeypatch.chdir(tmp_path)
    stdout, stderr = io.StringIO(), io.StringIO()
    with monkeypatch.context() as patched:
        patched.setattr(builtins, "open", full_disk(builtins.open))
        patched.setattr(os, "fdopen", full_disk(os.fdopen))
        code = run_in_process(Options(paths=["a.yaml"], fix=True, no_cache=True, cwd=tmp_path), stdout, stderr)
    assert code == 2
    assert stderr.getvalue() == "co-lint: error: a.yaml: cannot write the fixes: No space left on device\n"
    assert (tmp_path / "a.yaml").read_text() == FIXABLE
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="needs RLIMIT_FSIZE")
def test_a_fix_the_file_system_refuses_leaves_the_file_whole(tmp_path):
    """The same through the console script, the kernel refusing any write past 100 bytes (EFBIG)."""
    import resource
    import signal

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    (tmp_path / "a.yaml").write_text(FIXABLE)
    environment = {**os.environ, "NO_COLOR": "1"}
    command = [CO_LINT, "--no-cache", "--fix", "a.yaml"]
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, env=environment, timeout=60, preexec_fn=small_files
    )
    assert result.returncode == 2
    assert result.stderr == "co-lint: error: a.yaml: cannot write the fixes: File too large\n"
    assert (tmp_path / "a.yaml").read_text() == FIXABLE
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_fixed_file_keeps_its_mode_and_its_bom(tmp_path):
    import stat

    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + FIXABLE.encode())
    path.chmod(0o640)
    result = run("--no-cache", "--fix", "a.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_symlinked_configuration_is_fixed_through_the_link(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "configs").mkdir()
    target = tmp_path / "shared" / "desk.yaml"
    target.write_text(FIXABLE)
    link = tmp_path / "configs" / "a.yaml"
    link.symlink_to("../shared/desk.yaml")
    result = run("--no-cache", "--fix", "configs/a.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "fixed 1 problem in 1 file" in result.stderr
    assert link.is_symlink() and os.readlink(link) == "../shared/desk.yaml"
    assert target.read_text() == FIXED
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.yaml", "configs", "desk.yaml", "shared"]
