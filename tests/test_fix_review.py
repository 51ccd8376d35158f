"""--fix defects a review reproduced (session 8), each through the console script.

Every case checks what a ruff user relies on: one ``--fix`` writes the right text, a second
``--fix`` changes nothing, and ``--diff`` then prints nothing.
"""

from __future__ import annotations

import pytest
import yaml
from test_fixes import META, fix, rules_found

from test_cli import run

SMS_HEAD = META + "  SMS:\n    statusTimeouts: {closed: 5}\n    captureRules:\n"


def fix_twice(directory, name, text):
    """``--fix`` once (the text it writes), then check that the file has settled."""
    _, fixed = fix(directory, name, text)
    again = run("--fix", name, cwd=directory)
    assert (directory / name).read_text(encoding="utf-8") == fixed, "a second --fix changed the file"
    assert "fixed 0 problems" in again.stderr
    diff = run("--diff", name, cwd=directory)
    assert (diff.returncode, diff.stdout) == (0, "")
    return fixed


def capture_rules(text, channel="SMS", document=0):
    return list(yaml.safe_load_all(text))[document]["channelSettings"][channel]["captureRules"]


# --------------------------------------------------------------------------- CO201 settles


def test_a_mirror_written_another_way_is_added_once_when_the_original_keeps_its_spelling(tmp_path):
    """The original's CO202 is suppressed: the mirror (a copy without the comment) is then
    normalised by CO202's fix, the original no longer sees it as written, and each pass used
    to add one more mirror (10 a run, 10 more each run)."""
    text = SMS_HEAD + '      - from: "*"\n        to: "+1 206 555 0134"   # co-lint: disable=CO202\n'
    fixed = fix_twice(tmp_path, "a.yaml", text)
    assert capture_rules(fixed) == [
        {"from": "*", "to": "+1 206 555 0134"},
        {"from": "+12065550134", "to": "*"},
    ]
    # What is left is reported, without a fix: which spelling is meant is the user's call.
    assert ("CO201", 11, 13) in rules_found(tmp_path, "a.yaml")


def test_a_whatsapp_mirror_whose_original_reports_co209_is_added_once(tmp_path):
    """CO209 (once a channel) hides the original's CO202, so only the copy was normalised."""
    text = META + (
        "  WHATSAPP:\n    statusTimeouts: {closed: 5}\n    captureRules:\n"
        '      - from: "+12065550177"\n        to: "*"\n'
        '      - from: "*"\n        to: "+12065550177"\n'
        '      - from: "*"\n        to: "whatsapp:1 206 555 0136"\n'
    )
    fixed = fix_twice(tmp_path, "a.yaml", text)
    rules = capture_rules(fixed, "WHATSAPP")
    assert len(rules) == 4
    assert rules[3] == {"from": "whatsapp:+12065550136", "to": "*"}


def test_every_document_of_a_file_gets_its_mirror_in_one_run(tmp_path):
    """The mirrors of one pass were keyed by file and description only: one document a pass,
    and 20 passes at most, so a file of 23 documents was left part fixed."""
    document = SMS_HEAD + '      - from: "*"\n        to: "+12065550134"\n'
    text = "".join("---\n" + document for _ in range(23))
    fixed = fix_twice(tmp_path, "a.yaml", text)
    for index in range(23):
        assert capture_rules(fixed, document=index)[1] == {"from": "+12065550134", "to": "*"}


def test_two_identical_rules_of_one_list_still_get_one_mirror(tmp_path):
    text = SMS_HEAD + '      - from: "*"\n        to: "+12065550134"\n' * 2
    fixed = fix_twice(tmp_path, "a.yaml", text)
    assert capture_rules(fixed).count({"from": "+12065550134", "to": "*"}) == 1


# --------------------------------------------------------------------------- anchors


def test_a_rule_holding_an_anchor_gets_no_mirror_and_the_other_fixes_still_apply(tmp_path):
    """Copying ``&m`` defined the anchor twice (CO001): the pass was undone and every fix of
    the file was dropped, while the report still said they were fixable."""
    text = SMS_HEAD + (
        '      - from: "*"\n        to: +12065550177\n        metadata: &m {k: v}\n'
        '      - from: "1 312 555 0191"\n        to: "*"\n'
    )
    fixed = fix_twice(tmp_path, "a.yaml", text)
    assert capture_rules(fixed) == [
        {"from": "*", "to": "+12065550177", "metadata": {"k": "v"}},
        {"from": "+13125550191", "to": "*"},
        {"from": "*", "to": "+13125550191"},
    ]
    assert "&m" in fixed
    assert [found for found in rules_found(tmp_path, "a.yaml") if found[0] == "CO201"] == [("CO201", 11, 13)]


def test_statustimeouts_holding_an_anchor_is_not_deleted(tmp_path):
    """CO401 deleted ``closed: &c 30``; the alias elsewhere then named nothing (CO001)."""
    text = META + (
        "  VOICE:\n    statusTimeouts:\n      inactive: 5\n      closed: &c 30\n"
        '    captureRules:\n      - {from: "*", to: "+12065550177"}\n'
        "  SMS:\n    statusTimeouts: {closed: *c}\n"
        '    captureRules:\n      - {from: "*", to: "+12065550134"}\n'
    )
    fixed = fix_twice(tmp_path, "a.yaml", text)
    assert "closed: &c 30" in fixed
    assert capture_rules(fixed) == [{"from": "*", "to": "+12065550134"}, {"from": "+12065550134", "to": "*"}]


# --------------------------------------------------------------------------- CO401 keeps text


VOICE_RULES = '    captureRules:\n      - {from: "*", to: "+12065550177"}\n      - {from: "+12065550177", to: "*"}\n'


def test_co401_keeps_a_block_that_holds_a_directive(tmp_path):
    """Deleting the block deleted its comments: here a directive, so CO501 came back. (Other
    comments in the block go with the timeouts: see test_fixes.)"""
    text = META.replace("intelligenceConfigurationIds: []\n", "") + (
        "  VOICE:\n    statusTimeouts:\n      inactive: 5\n      # co-lint: disable-file=CO501\n      closed: 30\n"
        + VOICE_RULES
    )
    fixed = fix_twice(tmp_path, "a.yaml", text)
    assert fixed == text
    assert "CO501" not in {rule for rule, _, _ in rules_found(tmp_path, "a.yaml")}


def test_co401_keeps_a_flow_mapping_that_holds_a_directive(tmp_path):
    text = (
        META.replace("intelligenceConfigurationIds: []\n", "")
        + "  VOICE:\n    statusTimeouts: {inactive: 5,  # co-lint: disable-file=CO501\n      closed: 30}\n"
        + VOICE_RULES
    )
    assert fix_twice(tmp_path, "a.yaml", text) == text


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_co401_adds_no_final_line_break(tmp_path, newline):
    text = (META + "  VOICE:\n" + VOICE_RULES + "    statusTimeouts:\n      inactive: 5\n      closed: 30").replace(
        "\n", newline
    )
    path = tmp_path / "a.yaml"
    path.write_bytes(text.encode())
    run("--fix", "a.yaml", cwd=tmp_path)
    assert path.read_bytes().decode().endswith("statusTimeouts: null")
    assert path.read_bytes().decode() == text.split(newline + "      inactive")[0].replace(
        "statusTimeouts:", "statusTimeouts: null"
    )


# --------------------------------------------------------------------------- directives


def test_a_mirror_is_not_put_under_the_directive_of_a_flow_line(tmp_path):
    """In ``[{…}]  # co-lint: disable=CO211`` the mirror would land on the directive's line and
    have its own CO211 silenced, unlike a block-style mirror, which lands on a line of its own."""
    text = META + (
        "  SMS:\n    statusTimeouts: {closed: 5}\n"
        '    captureRules: [{from: "*", to: "+120655501"}]  # co-lint: disable=CO211\n'
    )
    assert fix_twice(tmp_path, "a.yaml", text) == text
    assert ("CO201", 9, 36) in rules_found(tmp_path, "a.yaml")


# --------------------------------------------------------------------------- CO202 trunk zero


@pytest.mark.parametrize(
    "written",
    ['"+44 (0)20 7946 0000"', '"+49 (0)30 1234567"', '"+44 020 7946 0000"', '"00 44 020 7946 0000"'],
)
def test_a_trunk_zero_after_the_country_code_is_not_guessed(tmp_path, written):
    """``+44 (0)20 …`` was rewritten ``+4402079460000``, a number that does not exist, and the
    message suggested it: the ``0`` is dropped in most countries and kept in a few."""
    text = SMS_HEAD + f'      - from: {written}\n        to: "*"\n      - from: "*"\n        to: {written}\n'
    result, fixed = fix(tmp_path, "a.yaml", text)
    assert fixed == text
    report = run("a.yaml", cwd=tmp_path)
    assert "CO202" in report.stdout
    assert "+440" not in report.stdout and "+490" not in report.stdout


def test_a_country_code_written_apart_from_a_national_number_is_still_normalised(tmp_path):
    text = (
        SMS_HEAD
        + '      - from: "+44 20 7946 0000"\n        to: "*"\n      - from: "*"\n        to: "+44 20 7946 0000"\n'
    )
    _, fixed = fix(tmp_path, "a.yaml", text)
    assert capture_rules(fixed) == [{"from": "+442079460000", "to": "*"}, {"from": "*", "to": "+442079460000"}]


def test_the_fixes_of_a_file_a_pass_broke_are_not_reported_as_fixable():
    """The pass was undone and the file left alone, but its findings kept their fixes: the
    report said ``[*] N fixable`` for fixes ``--fix`` would never apply."""
    from co_lint.fixes import fix_loop
    from co_lint.types import Edit, Finding, Fix, Span

    def finding(path, fix):
        return Finding("CO202", "error", "m", path, Span.at(1, 1), fix=fix)

    def lint(texts):
        found = [finding(p, Fix("break", (Edit(0, 1, "["),))) for p, t in texts.items() if t == "x"]
        found += [finding(p, Fix("mend", (Edit(0, 1, "y"),))) for p, t in texts.items() if t == "z"]
        return found + [Finding("CO001", "error", "broken", p, Span.at(1, 1)) for p, t in texts.items() if "[" in t]

    result, left, applied = fix_loop({"a": "x", "b": "z"}, lint({"a": "x", "b": "z"}), lint)
    assert (result, applied) == ({"a": "x", "b": "y"}, 1)
    assert [(f.path, f.fix) for f in left] == [("a", None)]


def test_a_channel_of_one_directional_rules_is_normalised_once_a_rule_not_once_a_pair(tmp_path, monkeypatch):
    """Whether a mirror exists written another way was asked of every rule against every rule:
    3,000 one-directional rules took 72 s to ``--diff``. The channel's pairs are now counted
    once a list, so normalisations grow with the rules (here 2 a rule and 2 a finding)."""
    import io

    import co_lint.fixes
    from co_lint.app import Options
    from co_lint.app import run as run_in_process

    calls = []
    real = co_lint.fixes._normal_side

    def counted(address):
        calls.append(address)
        return real(address)

    monkeypatch.setattr(co_lint.fixes, "_normal_side", counted)
    rules = "".join(f'      - from: "+1206555{i:04d}"\n        to: "+1312555{i:04d}"\n' for i in range(200))
    (tmp_path / "a.yaml").write_text(SMS_HEAD + rules, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    options = Options(paths=["a.yaml"], no_cache=True, cwd=tmp_path, format="json", fail_level="note")
    assert run_in_process(options, io.StringIO(), io.StringIO()) == 1
    assert 200 * 2 <= len(calls) <= 200 * 2 + 200 * 2  # every rule once, and each finding's own pair
