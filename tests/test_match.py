"""``co-lint match`` (issue 14): which configuration captures this traffic, and why not.

Most tests run the installed console script over ``tests/fixtures/match``, a project of
ten configurations in two scopes (prod and staging: separate accounts) with the mistakes
the troubleshooting page lists. The property test at the end checks the index-based
answer against a plain reading of rules.md §0 and against CO301.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from co_lint.loader import Document, SourceFile
from co_lint.match import MatchIndex, Traffic, TrafficError, another_form, parse_traffic, read_traffic_file
from co_lint.model import Configuration
from conftest import REPO
from test_cli import run

FIXTURES = REPO / "tests" / "fixtures" / "match"
CUSTOMER = "+14155550123"


def match(*args: str, cwd: Path = FIXTURES) -> subprocess.CompletedProcess:
    return run("match", *args, cwd=cwd)


def match_json(*args: str, cwd: Path = FIXTURES) -> tuple[int, dict]:
    result = match("--format", "json", *args, cwd=cwd)
    assert result.stderr == "", result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return result.returncode, json.loads(lines[0])


def near(answer: dict) -> list[tuple[str, int, str]]:
    return [(n["file"], n["line"], n["pointer"]) for n in answer["near_misses"]]


def matched(answer: dict) -> list[tuple[str, int, str | None]]:
    return [(m["file"], m["line"], m["displayName"]) for m in answer["matches"]]


# --------------------------------------------------------------------------- captured


def test_captured_message_one_configuration_exit_0_text():
    result = match("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550110")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == (
        "SMS from +14155550123 to +18005550110\n"
        "Captured by 1 configuration: Sales Line.\n"
        '  configs/prod/sales.yaml:16: Sales Line, scope prod: {"from": "*", "to": "+18005550110"}\n'
    )
    assert result.stderr == ""


def test_captured_message_json_is_exactly_the_documented_shape():
    code, answer = match_json("--channel", "sms", "--from", CUSTOMER, "--to", "+18005550110")
    assert code == 0
    assert answer == {
        "traffic": {
            "channel": "SMS",
            "from": CUSTOMER,
            "to": "+18005550110",
            "callType": None,
            "chatService": None,
        },
        "matches": [
            {
                "file": "configs/prod/sales.yaml",
                "line": 16,
                "displayName": "Sales Line",
                "pointer": "/channelSettings/SMS/captureRules/1",
                "rule": {"from": "*", "to": "+18005550110"},
            }
        ],
        "near_misses": [],
    }


def test_outbound_message_matches_the_from_rule():
    code, answer = match_json("--channel", "SMS", "--from", "+18005550110", "--to", CUSTOMER)
    assert code == 0
    assert [m["rule"] for m in answer["matches"]] == [{"from": "+18005550110", "to": "*"}]


def test_paths_default_to_the_current_directory_and_can_be_given(tmp_path):
    code, answer = match_json("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550110", "configs/prod")
    assert code == 0 and matched(answer) == [("configs/prod/sales.yaml", 16, "Sales Line")]
    # From another directory, naming the fixtures: the same answer, paths relative to it.
    code, answer = match_json(
        "--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550110", str(FIXTURES / "configs"), cwd=FIXTURES.parent
    )
    assert code == 0 and matched(answer) == [("match/configs/prod/sales.yaml", 16, "Sales Line")]


# --------------------------------------------------------------------------- near misses


def test_miss_other_direction_only():
    result = match("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550120")
    assert result.returncode == 1
    assert result.stdout == (
        "SMS from +14155550123 to +18005550120\n"
        "Not captured: no capture rule of the 10 configurations matches this traffic, so no conversation is created.\n"
        "Near misses, in the order of the troubleshooting steps:\n"
        "  Step 1: check that capture rules match (channel, both directions, wildcards)\n"
        "    configs/prod/billing.yaml:14: Billing Line, scope prod: captures traffic from +18005550120 only, and "
        'this traffic goes to it: make the rules bidirectional, add {"from": "*", "to": "+18005550120"}\n'
    )


def test_miss_same_number_written_with_separators():
    code, answer = match_json("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550130")
    assert code == 1 and answer["matches"] == []
    assert near(answer) == [("configs/prod/legacy.yaml", 16, "/channelSettings/SMS/captureRules/1/to")]
    assert answer["near_misses"][0]["reason"] == (
        "'+1 (800) 555-0130' is +18005550130 written in another form: capture rules compare addresses exactly, "
        "so write it '+18005550130' (E.164)"
    )


def test_miss_missing_plus():
    code, answer = match_json("--channel", "SMS", "--from", "+18005550140", "--to", CUSTOMER)
    assert code == 1
    assert near(answer) == [("configs/prod/legacy.yaml", 17, "/channelSettings/SMS/captureRules/2/from")]
    assert answer["near_misses"][0]["reason"].startswith("'18005550140' lacks the '+' of +18005550140")


def test_miss_traffic_written_in_another_form_names_the_rule_that_would_match():
    """Input is taken as written: the customer's number typed without + is not what Twilio reports."""
    code, answer = match_json("--channel", "SMS", "--from", CUSTOMER, "--to", "18005550110")
    assert code == 1
    assert near(answer) == [("configs/prod/sales.yaml", 17, "/channelSettings/SMS/captureRules/1/to")]
    assert (
        "the rule captures +18005550110, and '18005550110' is the same number in another form"
        in (answer["near_misses"][0]["reason"])
    )


def test_miss_partial_wildcard():
    code, answer = match_json("--channel", "SMS", "--from", "+18005550152", "--to", CUSTOMER)
    assert code == 1
    assert near(answer) == [("configs/prod/legacy.yaml", 21, "/channelSettings/SMS/captureRules/4/from")]
    assert "has `*` inside a longer value: compared literally, it matches nothing" in answer["near_misses"][0]["reason"]


def test_miss_right_address_on_another_channel():
    code, answer = match_json("--channel", "VOICE", "--from", CUSTOMER, "--to", "+18005550110")
    assert code == 1
    assert near(answer) == [
        ("configs/prod/sales.yaml", 16, "/channelSettings/SMS/captureRules/1"),
        ("configs/prod/sales.yaml", 25, "/channelSettings/WHATSAPP/captureRules/1"),
    ]
    reasons = [n["reason"] for n in answer["near_misses"]]
    assert reasons[0] == (
        "captures these addresses on SMS, and this traffic is VOICE: a capture rule belongs to one channel"
    )
    assert "on WHATSAPP" in reasons[1]


def test_miss_whatsapp_prefix_present_rule_on_its_channel():
    """SMS traffic to a number Concierge captures only as ``whatsapp:+1…`` under WHATSAPP."""
    code, answer = match_json("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550160")
    assert code == 1
    assert near(answer) == [("configs/prod/concierge.yaml", 15, "/channelSettings/WHATSAPP/captureRules/1")]
    assert answer["near_misses"][0]["reason"] == (
        "captures 'whatsapp:+18005550160' on WHATSAPP (the whatsapp: prefix marks WHATSAPP traffic), and this "
        "traffic is SMS: a capture rule belongs to one channel"
    )


def test_miss_whatsapp_prefix_absent_rule_on_sms():
    code, answer = match_json(
        "--channel", "WHATSAPP", "--from", "whatsapp:" + CUSTOMER, "--to", "whatsapp:+18005550165"
    )
    assert code == 1
    assert near(answer) == [("configs/prod/concierge.yaml", 24, "/channelSettings/SMS/captureRules/1")]
    assert answer["near_misses"][0]["reason"] == (
        "captures '+18005550165' on SMS, without the whatsapp: prefix: WHATSAPP traffic such as "
        "'whatsapp:+18005550165' is matched against WHATSAPP rules only"
    )


def test_miss_voice_rule_without_call_type_for_a_client_identity():
    result = match("--channel", "VOICE", "--call-type", "CLIENT", "--from", CUSTOMER, "--to", "agent-theo")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2:] == [
        "  CLIENT or SIP calls: verify that the callType metadata is present on the capture rule",
        "    configs/prod/voice.json:17: Contact Center Voice, scope prod: has no callType, so it captures PSTN "
        'calls only (passive voice rules default to PSTN matching); add "metadata": {"callType": "CLIENT"} '
        "to capture this CLIENT call",
    ]


def test_miss_voice_rule_without_call_type_for_a_sip_address():
    code, answer = match_json(
        "--channel",
        "VOICE",
        "--call-type",
        "PUBLIC_SIP",
        "--from",
        CUSTOMER,
        "--to",
        "sip:backoffice@tidewater.sip.twilio.com",
    )
    assert code == 1
    assert near(answer) == [("configs/prod/voice.json", 18, "/channelSettings/VOICE/captureRules/7/to")]
    assert 'add "metadata": {"callType": "PUBLIC_SIP"}' in answer["near_misses"][0]["reason"]


def test_miss_voice_rule_for_another_call_type():
    code, answer = match_json("--channel", "VOICE", "--from", CUSTOMER, "--to", "agent-maya")
    assert code == 1
    assert answer["traffic"]["callType"] == "PSTN"  # effective call type when none is given
    assert near(answer) == [("configs/prod/voice.json", 14, "/channelSettings/VOICE/captureRules/3/metadata/callType")]
    assert answer["near_misses"][0]["reason"] == (
        "is for callType CLIENT, and this call is PSTN (no call type was given: PSTN): if it is a CLIENT call, "
        "say so (--call-type CLIENT)"
    )
    code, answer = match_json("--channel", "VOICE", "--call-type", "SIP", "--from", CUSTOMER, "--to", "+18005550175")
    assert code == 1
    assert answer["near_misses"][0]["reason"].endswith(
        "call types are compared as written (SIP is not PUBLIC_SIP, CO204)"
    )


def test_miss_client_prefix_of_call_logs():
    code, answer = match_json(
        "--channel", "VOICE", "--call-type", "CLIENT", "--from", CUSTOMER, "--to", "client:agent-maya"
    )
    assert code == 1
    assert near(answer) == [("configs/prod/voice.json", 14, "/channelSettings/VOICE/captureRules/3/to")]
    assert "removes the client: prefix of call logs is undocumented" in answer["near_misses"][0]["reason"]


def test_miss_chat_service():
    code, answer = match_json(
        "--channel", "CHAT", "--chat-service", "IS" + "0" * 32, "--from", "visitor-17", "--to", "agent-2"
    )
    assert code == 1
    assert near(answer) == [("configs/prod/chat.yaml", 18, "/channelSettings/CHAT/captureRules/0/metadata/chatService")]


def test_no_near_miss_says_what_to_add():
    result = match("--channel", "RCS", "--from", CUSTOMER, "--to", "+18005550199")
    assert result.returncode == 1
    assert "No capture rule names these addresses in any form, on any channel" in result.stdout
    _, answer = match_json("--channel", "RCS", "--from", CUSTOMER, "--to", "+18005550199")
    assert answer["matches"] == [] and answer["near_misses"] == []


# --------------------------------------------------------------------------- several


def test_two_overlapping_configurations_exit_1_both_named_and_co301_agrees():
    result = match("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550180")
    assert result.returncode == 1
    assert result.stdout == (
        "SMS from +14155550123 to +18005550180\n"
        "Captured by 2 configurations of scope prod (Spring Promo, Summer Promo): if multiple configurations "
        "match the same address, Conversation Orchestrator doesn't guarantee which one handles the traffic "
        "(troubleshooting step 4). Capture each address in one configuration only.\n"
        '  configs/prod/campaigns.yaml:16: Spring Promo, scope prod: {"from": "*", "to": "+18005550180"}\n'
        '  configs/prod/campaigns.yaml:34: Summer Promo, document 2, scope prod: {"from": "*", "to": "+18005550180"}\n'
    )
    co301 = sorted(
        (f["file"], f["line"]) for f in json.loads(run("--format", "json", cwd=FIXTURES).stdout) if f["rule"] == "CO301"
    )
    assert co301 == [("configs/prod/campaigns.yaml", 17), ("configs/prod/campaigns.yaml", 35)]


def test_traffic_between_two_own_addresses_names_both_though_co301_is_silent():
    code, answer = match_json("--channel", "SMS", "--from", "+18005550100", "--to", "+18005550110", "--scope", "prod")
    assert code == 1
    assert matched(answer) == [
        ("configs/prod/sales.yaml", 16, "Sales Line"),
        ("configs/prod/support.yaml", 14, "Support Desk"),
    ]
    result = match("--channel", "SMS", "--from", "+18005550100", "--to", "+18005550110", "--scope", "prod")
    assert (
        "  note: +18005550100 is captured by Support Desk and +18005550110 by Sales Line: traffic between two "
        "captured addresses matches both; CO301 does not report this case" in result.stdout
    )
    files = {f["file"] for f in json.loads(run("--format", "json", cwd=FIXTURES).stdout) if f["rule"] == "CO301"}
    assert files == {"configs/prod/campaigns.yaml"}


def test_one_configuration_per_scope_is_not_ambiguous_and_scope_selects():
    result = match("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550100")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1] == (
        "Captured by 1 configuration in each of 2 scopes (prod, staging): Support Desk, Support Desk Staging."
    )
    code, answer = match_json("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550100", "--scope", "staging")
    assert code == 0
    assert matched(answer) == [("configs/staging/support.yaml", 15, "Support Desk Staging")]


# --------------------------------------------------------------------------- voice, WhatsApp


def test_voice_client_and_public_sip_traffic_captured():
    code, answer = match_json("--channel", "VOICE", "--call-type", "client", "--from", "agent-maya", "--to", CUSTOMER)
    assert code == 0
    assert answer["traffic"]["callType"] == "CLIENT"
    assert matched(answer) == [("configs/prod/voice.json", 13, "Contact Center Voice")]
    assert answer["matches"][0]["rule"] == {"from": "agent-maya", "to": "*", "metadata": {"callType": "CLIENT"}}
    sip = "sip:frontdesk@tidewater.sip.twilio.com"
    code, answer = match_json("--channel", "VOICE", "--call-type", "PUBLIC_SIP", "--from", CUSTOMER, "--to", sip)
    assert code == 0
    assert [m["pointer"] for m in answer["matches"]] == ["/channelSettings/VOICE/captureRules/4"]
    # The same SIP address as a PSTN call: the PUBLIC_SIP rule is a near miss.
    code, answer = match_json("--channel", "VOICE", "--from", CUSTOMER, "--to", sip)
    assert code == 1 and near(answer) == [
        ("configs/prod/voice.json", 15, "/channelSettings/VOICE/captureRules/4/metadata/callType")
    ]


@pytest.mark.parametrize(
    ("sender", "recipient", "line", "written"),
    [
        # Support Desk writes the prefix; Sales Line does not. Both forms of the traffic match both
        # (rules.md §0: the prefix is removed before comparing).
        ("whatsapp:" + CUSTOMER, "whatsapp:+18005550100", 25, "whatsapp:+18005550100"),
        (CUSTOMER, "+18005550100", 25, "whatsapp:+18005550100"),
        ("whatsapp:" + CUSTOMER, "whatsapp:+18005550110", 25, "+18005550110"),
        (CUSTOMER, "+18005550110", 25, "+18005550110"),
    ],
)
def test_whatsapp_address_with_and_without_prefix(sender, recipient, line, written):
    code, answer = match_json("--channel", "WHATSAPP", "--from", sender, "--to", recipient)
    assert code == 0
    assert [(m["line"], m["rule"]["to"]) for m in answer["matches"]] == [(line, written)]


def test_whatsapp_form_difference_is_noted_in_text():
    result = match("--channel", "WHATSAPP", "--from", CUSTOMER, "--to", "+18005550100")
    assert result.returncode == 0
    assert (
        "    note: the rule writes 'whatsapp:+18005550100' and the traffic '+18005550100': co-lint matches them "
        "without the whatsapp: prefix (rules.md §0)" in result.stdout
    )
    same = match("--channel", "WHATSAPP", "--from", "whatsapp:" + CUSTOMER, "--to", "whatsapp:+18005550100")
    assert "note:" not in same.stdout


def test_foreign_prefix_on_the_traffic_is_noted():
    result = match("--channel", "SMS", "--from", CUSTOMER, "--to", "whatsapp:+18005550110")
    assert result.returncode == 0  # rules.md §0 removes the prefix
    assert "note: 'whatsapp:+18005550110' carries the whatsapp: prefix of another channel" in result.stdout


# --------------------------------------------------------------------------- --traffic


PLAN = [
    {"channel": "SMS", "from": CUSTOMER, "to": "+18005550110"},
    {"channel": "VOICE", "callType": "CLIENT", "from": "agent-maya", "to": CUSTOMER},
    {"channel": "SMS", "from": CUSTOMER, "to": "+18005550120"},
    {"channel": "SMS", "from": CUSTOMER, "to": "+18005550180"},
]


def test_traffic_file_several_lines_json_lines_in_order(tmp_path):
    plan = tmp_path / "plan.jsonl"
    plan.write_text("".join(json.dumps(line) + "\n" for line in PLAN[:2]) + "\n" + json.dumps(PLAN[2]) + "\n")
    result = match("--format", "json", "--traffic", str(plan))
    assert result.returncode == 1  # the third is not captured
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["traffic"]["to"], len(a["matches"]), len(a["near_misses"])) for a in answers] == [
        ("+18005550110", 1, 0),
        (CUSTOMER, 1, 0),
        ("+18005550120", 0, 1),
    ]
    plan.write_text("".join(json.dumps(line) + "\n" for line in PLAN[:2]))
    assert match("--traffic", str(plan)).returncode == 0  # a routing plan that holds


def test_traffic_file_text_summary_and_stdin():
    text = "".join(json.dumps(line) + "\n" for line in PLAN)
    result = subprocess.run(
        [*run_args(), "match", "--traffic", "-"], input=text, cwd=FIXTURES, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    blocks = result.stdout.split("\n\n")
    assert len(blocks) == 5  # one a query, then the summary
    assert blocks[1].startswith("VOICE call (callType CLIENT) from agent-maya to +14155550123\nCaptured by 1")
    assert result.stdout.endswith(
        "\n4 queries: 2 captured by exactly one configuration, 1 by several, 1 not captured.\n"
    )


def run_args() -> list[str]:
    from test_cli import CO_LINT

    return [CO_LINT]


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--channel", "SMSS", "--from", "a", "--to", "b"], "unknown channel 'SMSS' (did you mean 'SMS'?)"),
        (["--from", "a", "--to", "b"], "--channel is required"),
        (["--channel", "SMS", "--to", "b"], "--from is required"),
        (["--channel", "SMS", "--from", "a"], "--to is required"),
        (["--channel", "SMS", "--from", "*", "--to", "b"], "'*' is the capture-rule wildcard, not an address"),
        (["--channel", "SMS", "--call-type", "CLIENT", "--from", "a", "--to", "b"], "--call-type applies to VOICE"),
        (["--channel", "VOICE", "--call-type", "PTSN", "--from", "a", "--to", "b"], "(did you mean 'PSTN'?)"),
        (["--channel", "SMS", "--chat-service", "IS1", "--from", "a", "--to", "b"], "--chat-service applies to CHAT"),
        (
            ["--channel", "SMS", "--from", "a", "--to", "b", "--scope", "qa"],
            "unknown scope 'qa' (scopes: prod, staging)",
        ),
        (["--channel", "SMS", "--from", "a", "--to", "b", "nope.yaml"], "nope.yaml: no such file or directory"),
        (["--traffic", "plan.jsonl", "--from", "a"], "--traffic FILE describes the traffic: leave out --from"),
        (["--traffic", "missing.jsonl"], "missing.jsonl: cannot read the traffic file"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message):
    result = match(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("co-lint: error: ")
    assert message in result.stderr


def test_traffic_file_errors_name_the_line(tmp_path):
    plan = tmp_path / "plan.jsonl"
    plan.write_text(json.dumps(PLAN[0]) + "\n" + '{"channel": "SMS", "from": "a", "too": "b"}\n')
    result = match("--traffic", str(plan))
    assert result.returncode == 2
    assert result.stderr == f"co-lint: error: {plan}:2: unknown key 'too' (did you mean 'to'?)\n"
    plan.write_text("{not json\n")
    assert f"{plan}:1: not a JSON object" in match("--traffic", str(plan)).stderr
    plan.write_text("\n\n")
    assert "no traffic in the file" in match("--traffic", str(plan)).stderr


def test_unparsable_configuration_is_a_warning_and_the_rest_is_searched(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "project")
    project = tmp_path / "project"
    (project / "configs" / "prod" / "broken.json").write_text('{"displayName": "Broken" "x": 1}\n')
    result = match("--channel", "SMS", "--from", CUSTOMER, "--to", "+18005550110", cwd=project)
    assert result.returncode == 0
    assert result.stderr.startswith("co-lint: warning: configs/prod/broken.json:1: CO001 ")
    assert result.stderr.rstrip().endswith("its capture rules were not evaluated")


def test_unquoted_yaml_number_is_matched_by_its_source_text(tmp_path):
    """rules.md §1: ``from: +18005550199`` loads as an int and is judged as its source text."""
    (tmp_path / "night.yaml").write_text(
        "displayName: Night Desk\nchannelSettings:\n  SMS:\n    captureRules:\n"
        "      - from: +18005550199\n        to: '*'\n"
    )
    code, answer = match_json("--channel", "SMS", "--from", "+18005550199", "--to", CUSTOMER, cwd=tmp_path)
    assert code == 0
    assert answer["matches"] == [
        {
            "file": "night.yaml",
            "line": 5,
            "displayName": "Night Desk",
            "pointer": "/channelSettings/SMS/captureRules/0",
            "rule": {"from": "+18005550199", "to": "*"},
        }
    ]


def test_version_does_not_import_match():
    code = "import sys; sys.argv = ['co-lint', '--version']; from co_lint.cli import main\n"
    code += "try:\n    main()\nexcept SystemExit:\n    pass\nprint('co_lint.match' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "False"


# --------------------------------------------------------------------------- units


def test_another_form():
    assert another_form("+18005550100", "+18005550100") is None
    assert another_form("18005550100", "+18005550100").startswith("'18005550100' lacks the '+'")
    assert another_form("+1 800-555-0100", "+18005550100").startswith("'+1 800-555-0100' is +18005550100")
    assert another_form("(800) 555-0100", "+18005550100").startswith("'(800) 555-0100' lacks the + and country code")
    assert another_form("020 7946 0000", "+442079460000").startswith("'020 7946 0000' lacks the + and country code")
    assert another_form("0044 20 7946 0000", "+442079460000") is not None
    assert another_form("client:agent-1", "agent-1").startswith("'client:agent-1' has the client: prefix")
    assert another_form("+18005550101", "+18005550100") is None
    assert another_form("5550100", "+18005550100") is None  # seven digits of another number's tail
    assert another_form("agent-1", "agent-2") is None


def test_parse_traffic_defaults_and_file_names():
    traffic = parse_traffic({"channel": "voice", "from": "+1", "to": "agent-1"})
    assert traffic.key == ("VOICE", "PSTN") and not traffic.call_type_given
    assert parse_traffic({"channel": "CHAT", "from": "a", "to": "b"}).key == ("CHAT", None)
    with pytest.raises(TrafficError, match="'from' is required"):
        parse_traffic({"channel": "SMS", "to": "b"})
    with pytest.raises(TrafficError, match="plan:3: 'to' must be a non-empty address"):
        read_traffic_file('\n\n{"channel": "SMS", "from": "a", "to": ""}', "plan")


# --------------------------------------------------------------------------- property: agrees with CO301


def in_memory(name: str, data: dict) -> Configuration:
    return Configuration(Document(SourceFile(path=Path(name), display=name), 0, data, None))


RULE_SIDES = [
    "*",
    "*",
    "*",
    "+18005550100",
    "+18005550100",
    "+18005550111",
    "+18005550111",
    "whatsapp:+18005550111",
    "RCS:+18005550100",
    "agent-1",
    "sip:desk@acme.example",
    "+1 (800) 555-0100",
    "+1800555*",
    "${NUMBER}",
]
ADDRESSES = ["+18005550100", "+18005550111", "whatsapp:+18005550100", "agent-1", "sip:desk@acme.example", CUSTOMER]
CALL_TYPE_WRITTEN = [None, None, "PSTN", "CLIENT", "PUBLIC_SIP", "SIP", "client", "${CALL_TYPE}"]

rules_strategy = st.lists(
    st.tuples(
        st.sampled_from(["SMS", "WHATSAPP", "VOICE"]),
        st.sampled_from(RULE_SIDES),
        st.sampled_from(RULE_SIDES),
        st.sampled_from(CALL_TYPE_WRITTEN),
    ),
    min_size=1,
    max_size=5,
)


def build(config_rules: list[list[tuple]]) -> list[Configuration]:
    configs = []
    for number, rules in enumerate(config_rules):
        channels: dict[str, dict] = {}
        for channel, from_, to, call_type in rules:
            rule: dict = {"from": from_, "to": to}
            if call_type is not None:
                rule["metadata"] = {"callType": call_type}
            channels.setdefault(channel, {"captureRules": []})["captureRules"].append(rule)
        configs.append(in_memory(f"c{number}.yaml", {"displayName": f"c{number}", "channelSettings": channels}))
    return configs


def strip(value: str) -> str:
    lowered = value.lower()
    for prefix in ("whatsapp:", "rcs:"):
        if lowered.startswith(prefix):
            return value[len(prefix) :]
    return value


def plain_captures(channel: str, rule: dict, traffic: Traffic) -> bool:
    """rules.md §0 read literally, one rule at a time (the oracle; no index)."""
    if channel != traffic.channel:
        return False
    if channel == "VOICE" and rule.get("metadata", {}).get("callType", "PSTN") != traffic.call_type:
        return False

    def side(value: str, address: str) -> bool:
        if value == "*":
            return True
        return "*" not in value and "$" not in value and strip(value) == strip(address)

    return side(rule["from"], traffic.from_) and side(rule["to"], traffic.to)


OWN = [[("SMS", "+18005550100", "*", None)], [("SMS", "*", "+18005550111", None)]]
SAME = [
    [("SMS", "*", "+18005550111", None)],
    [("SMS", "*", "whatsapp:+18005550111", None)],
    [("VOICE", "*", "*", None)],
]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Traffic between two own addresses (CO301 silent, rules.md §5) and a shared address (CO301 reports).
@example(config_rules=OWN, channel="SMS", call_type="PSTN", sender="+18005550100", recipient="+18005550111")
@example(config_rules=SAME, channel="SMS", call_type="PSTN", sender=CUSTOMER, recipient="+18005550111")
@given(
    config_rules=st.lists(rules_strategy, min_size=2, max_size=4),
    channel=st.sampled_from(["SMS", "WHATSAPP", "VOICE"]),
    call_type=st.sampled_from(["PSTN", "CLIENT", "PUBLIC_SIP", "SIP"]),
    sender=st.sampled_from(ADDRESSES),
    recipient=st.sampled_from(ADDRESSES),
)
def test_property_match_is_rules_md_and_agrees_with_co301(config_rules, channel, call_type, sender, recipient):
    from co_lint.rules.co301_overlapping_capture_rules import check_project

    configs = build(config_rules)
    raw = {"channel": channel, "from": sender, "to": recipient}
    if channel == "VOICE":
        raw["callType"] = call_type
    traffic = parse_traffic(raw)
    answer = MatchIndex(configs).query(traffic)

    # 1. The index answers exactly what a rule-by-rule reading of rules.md §0 answers.
    expected = {
        (config.path, rule.pointer)
        for config in configs
        for rule in config.capture_rules
        if plain_captures(rule.channel, rule.data, traffic)
    }
    assert {(m.file, m.pointer) for m in answer.matches} == expected
    assert (answer.near_misses == []) or not expected  # near misses only explain a miss
    for miss in answer.near_misses:
        assert (miss.file, miss.entry.rule.pointer) not in expected

    # 2. Whenever two configurations both capture the traffic, CO301 reports the pair, or the
    #    traffic runs from an address one claims to an address the other claims (rules.md §5).
    reported = set()
    for hit in check_project(configs):
        for other, *_ in hit.related:
            reported.add(frozenset((hit.config.path, other.path)))
    claims: dict[str, set[str]] = {}
    for found in answer.matches:
        sides = claims.setdefault(found.file, set())
        sides.update(side for side in ("from", "to") if found.entry.side_text(side) != "*")
    capturing = sorted(claims)
    assert capturing == sorted({config.path for config in answer.captured_by})  # match names them all
    for i, first in enumerate(capturing):
        for second in capturing[i + 1 :]:
            own_addresses = ("from" in claims[first] and "to" in claims[second]) or (
                "to" in claims[first] and "from" in claims[second]
            )
            assert frozenset((first, second)) in reported or own_addresses, (first, second, answer.as_json())
    assert answer.verdict == ("none" if not capturing else "one" if len(capturing) == 1 else "several")


# --------------------------------------------------------------------------- speed


def generated(count: int) -> list[Configuration]:
    """``count`` configurations of a dozen rules each, every one sharing a head-office number."""
    configs = []
    for i in range(count):
        numbers = [f"+1206{i:06d}{k}" for k in range(4)]
        rules = [{"from": n, "to": "*"} for n in numbers] + [{"from": "*", "to": n} for n in numbers]
        rules.append({"from": "+18005550100", "to": f"+1312{i:07d}"})
        rules.append({"from": f"1206{i:06d}9", "to": "*"})  # missing +: a form near miss
        voice = [{"from": "*", "to": f"agent-{i}", "metadata": {"callType": "CLIENT"}}]
        data = {
            "displayName": f"c{i}",
            "channelSettings": {"SMS": {"captureRules": rules}, "VOICE": {"captureRules": voice}},
        }
        configs.append(in_memory(f"c{i}.yaml", data))
    return configs


def test_a_query_over_ten_thousand_configurations_uses_the_index():
    configs = generated(10_000)
    start = time.perf_counter()
    index = MatchIndex(configs)
    build_time = time.perf_counter() - start
    queries = []
    for i in range(0, 10_000, 50):
        queries += [
            parse_traffic({"channel": "SMS", "from": CUSTOMER, "to": f"+1206{i:06d}2"}),  # captured
            parse_traffic({"channel": "SMS", "from": f"+1206{i:06d}9", "to": CUSTOMER}),  # missing + near miss
            parse_traffic({"channel": "VOICE", "from": CUSTOMER, "to": f"agent-{i}"}),  # call type near miss
        ]
    start = time.perf_counter()
    answers = [index.query(traffic) for traffic in queries]
    query_time = time.perf_counter() - start
    assert [a.verdict for a in answers[:3]] == ["one", "none", "none"]
    assert [m.kind for m in answers[1].near_misses] == ["form"]
    assert [m.kind for m in answers[2].near_misses] == ["callType"]
    # 600 queries together cost less than building the index once: no query scans the rules.
    assert query_time < build_time, (query_time, build_time)


# --------------------------------------------------------------------------- README


def readme_sessions() -> list[tuple[list[str], str, int]]:
    """The console sessions of the README's "Why wasn't my conversation created?": (argv, output, exit code)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Why wasn't my conversation created?", 1)[1].split("\n## ", 1)[0]
    sessions = []
    for block in section.split("```console\n")[1:]:
        lines = block.split("```", 1)[0].splitlines()
        command = lines[0].removeprefix("$ co-lint ").split()
        output = lines[1 : lines.index("$ echo $?")]
        sessions.append((command, "\n".join(output) + "\n", int(lines[lines.index("$ echo $?") + 1])))
    return sessions


def test_readme_walkthrough_is_real_output(tmp_path):
    (before, output, code), (again, fixed_output, fixed_code) = readme_sessions()
    result = run(*before, cwd=FIXTURES)
    assert (result.stdout, result.returncode) == (output, code)
    project = tmp_path / "project"
    shutil.copytree(FIXTURES, project)
    with open(project / "configs" / "prod" / "billing.yaml", "a", encoding="utf-8") as handle:
        handle.write('      - from: "*"\n        to: "+18005550120"\n')
    result = run(*again, cwd=project)
    assert (result.stdout, result.returncode) == (fixed_output, fixed_code)
    assert fixed_code == 0 and code == 1
