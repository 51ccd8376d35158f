"""``co-lint --live``: the CO8xx rules against a fake account, as ordinary located findings (issue 13)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .fake_twilio import (
    INTELLIGENCE_1,
    STORE_ACTIVE,
    STORE_FAILED,
    STORE_PROVISIONING,
    STORE_QUEUED,
    FakeTwilio,
    make_intelligence_configuration,
)
from .support import (
    CONFIGURATIONS,
    EXPORTED,
    INTELLIGENCE,
    NUMBERS_PATH,
    STORES,
    CoLint,
    located,
    paths_read,
    position,
)

HARBOR_ID = EXPORTED["harbor-desk"][1]
SUPPORT_ID = EXPORTED["support-line"][1]
MISSING_STORE = "mem_store_01k1etk2y5f1y9fpe2epfdtvzz"
MISSING_INTELLIGENCE = "intelligence_configuration_01k2a7m4q9s3v6x8z1c5e7g9zz"

#: Harbor Desk written by hand: no id (paired by displayName), none of the values the API
#: fills in by itself (no RCS/VOICE channels, no metadata, no statusCallbacks,
#: no memoryExtractionEnabled: false).
HAND_WRITTEN = """\
displayName: Harbor Desk
description: Harbor Desk conversations
conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES
memoryStoreId: mem_store_01k1etk2y5f1y9fpe2epfdtvv2
intelligenceConfigurationIds:
  - intelligence_configuration_01k2a7m4q9s3v6x8z1c5e7g9h2
channelSettings:
  SMS:
    statusTimeouts:
      inactive: 30
      closed: 1440
    captureRules:
      - from: "*"
        to: "+12065550101"
      - from: "+12065550101"
        to: "*"
"""


def sarif_validator() -> Any:
    import jsonschema

    from conftest import SHARED

    schema = json.loads((Path(SHARED) / "reference" / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft7Validator(schema)


def only(findings: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["rule"] == rule]


# -- acceptance ---------------------------------------------------------------------------------


def test_export_then_live_reports_nothing_live(cli: CoLint, fake: FakeTwilio) -> None:
    """Acceptance: ``co-lint export out/`` then ``co-lint --live out/``: no CO8xx finding at all,
    and each part of the account read once (configurations, stores, one store, intelligence, numbers)."""
    assert cli.export().code == 0
    fake.requests.clear()

    run = cli.live()

    assert run.live() == []
    read = paths_read(fake)
    assert read.count(CONFIGURATIONS) == 3  # three pages, read once for CO801 and CO804 together
    assert read.count(STORES) == 2  # 4 stores at 2 a page
    assert read.count(f"{STORES}/{STORE_ACTIVE}") == 1  # all five use it: fetched once
    assert read.count(INTELLIGENCE) == 1
    assert read.count(NUMBERS_PATH) == 3
    assert len(read) == 10


def test_editing_one_capture_rule_gives_exactly_one_co801(project: CoLint) -> None:
    """Acceptance: one edited ``to`` in one file is one CO801, naming that pointer, at that value."""
    text = project.edit("out/harbor-desk.yaml", "to: '+12065550101'", "to: '+12065550102'")

    findings = project.live().live()

    assert [f["rule"] for f in findings] == ["CO801"]
    (drift,) = findings
    assert located(drift) == ("out/harbor-desk.yaml", *position(text, "to: '+12065550102'", "'+1"))
    assert drift["level"] == "warning"
    assert drift["pointer"] == "/channelSettings/SMS/captureRules/0/to"
    assert drift["message"] == (
        f"differs from deployed configuration {HARBOR_ID}: "
        '/channelSettings/SMS/captureRules/0/to is "+12065550102" here, "+12065550101" deployed'
    )


# -- CO801 live-drift ----------------------------------------------------------------------------


def test_co801_field_only_in_the_file(project: CoLint) -> None:
    """A status callback only the file has: 'only here', at the new value."""
    text = project.edit(
        "out/harbor-desk.yaml",
        "statusCallbacks: []\n",
        "statusCallbacks:\n- url: https://status.harbor.io\n  method: POST\n",
    )

    (drift,) = only(project.live().findings(), "CO801")

    # Both sides have the list (the deployment's is empty): the new item is what the file adds.
    assert drift["pointer"] == "/statusCallbacks/0"
    assert located(drift) == ("out/harbor-desk.yaml", *position(text, "url: https://status", "url"))
    assert drift["message"] == (
        f"differs from deployed configuration {HARBOR_ID}: "
        '/statusCallbacks/0 only here ({"url": "https://status.harbor.io", "method": "POST"})'
    )


def test_co801_field_only_deployed_is_what_a_put_would_delete(project: CoLint) -> None:
    """intelligenceConfigurationIds removed from the file: a PUT of it would delete the deployed list."""
    project.edit("out/harbor-desk.yaml", f"intelligenceConfigurationIds:\n- {INTELLIGENCE_1}\n", "")

    (drift,) = only(project.live().findings(), "CO801")

    assert drift["message"] == (
        f"differs from deployed configuration {HARBOR_ID}: "
        # deleted values are quoted shortened to 40 characters
        'a PUT of this file would delete /intelligenceConfigurationIds (["intelligence_configuration_01k2a7m4q9…)'
    )
    # The deleted field is not in the file: the finding is at the mapping that would hold it.
    assert drift["pointer"] == ""
    assert located(drift) == ("out/harbor-desk.yaml", 3, 1)  # `id:`, after the two header lines


def test_co801_changed_value(project: CoLint) -> None:
    """A value both have but differently: 'is X here, Y deployed', at the file's value."""
    text = project.edit(
        "out/support-line.yaml",
        "conversationGroupingType: GROUP_BY_PROFILE",
        "conversationGroupingType: GROUP_BY_PARTICIPANT_ADDRESSES",
    )

    findings = project.live().findings()

    (drift,) = only(findings, "CO801")
    assert drift["pointer"] == "/conversationGroupingType"
    assert located(drift) == ("out/support-line.yaml", *position(text, "conversationGroupingType:", "GROUP_BY"))
    assert drift["message"] == (
        f"differs from deployed configuration {SUPPORT_ID}: "
        '/conversationGroupingType is "GROUP_BY_PARTICIPANT_ADDRESSES" here, "GROUP_BY_PROFILE" deployed'
    )


def test_co801_lists_every_difference_and_deletion_in_one_finding(project: CoLint) -> None:
    """Several differences in one file: one finding, changes first, then what a PUT would delete."""
    project.edit("out/harbor-desk.yaml", "description: Harbor Desk conversations", "description: Harbor desk")
    project.edit("out/harbor-desk.yaml", "      inactive: 30\n", "      inactive: 45\n")
    project.edit("out/harbor-desk.yaml", f"intelligenceConfigurationIds:\n- {INTELLIGENCE_1}\n", "")

    (drift,) = only(project.live().findings(), "CO801")

    assert drift["pointer"] == "/description"
    assert drift["message"] == (
        f"differs from deployed configuration {HARBOR_ID}: "
        '/description is "Harbor desk" here, "Harbor Desk conversations" deployed; '
        "/channelSettings/SMS/statusTimeouts/inactive is 45 here, 30 deployed; "
        # deleted values are quoted shortened to 40 characters
        'a PUT of this file would delete /intelligenceConfigurationIds (["intelligence_configuration_01k2a7m4q9…)'
    )


def test_co801_explicit_default_against_a_different_deployment_is_a_change(project: CoLint) -> None:
    """``memoryExtractionEnabled: false`` in the file, true deployed: a changed value at the file's
    ``false`` — not 'a PUT would delete' (the file states the field; a PUT sets it to false)."""
    text = project.edit("out/support-line.yaml", "memoryExtractionEnabled: true", "memoryExtractionEnabled: false")

    (drift,) = only(project.live().findings(), "CO801")

    assert drift["message"] == (
        f"differs from deployed configuration {SUPPORT_ID}: /memoryExtractionEnabled is false here, true deployed"
    )
    assert drift["pointer"] == "/memoryExtractionEnabled"
    assert located(drift) == ("out/support-line.yaml", *position(text, "memoryExtractionEnabled:", "false"))


def test_co801_default_omitted_against_a_different_deployment_is_a_deletion(project: CoLint) -> None:
    """memoryExtractionEnabled omitted from the file, true deployed: a PUT would reset it."""
    project.edit("out/support-line.yaml", "memoryExtractionEnabled: true\n", "")

    (drift,) = only(project.live().findings(), "CO801")

    assert drift["message"] == (
        f"differs from deployed configuration {SUPPORT_ID}: a PUT of this file would delete /memoryExtractionEnabled (true)"
    )


def test_co801_in_a_json_file_is_located_at_the_json_value(cli: CoLint) -> None:
    """Drift in an exported JSON file is located in the JSON text."""
    assert cli.export("--format", "json").code == 0
    text = cli.edit("out/harbor-desk.json", '"to": "+12065550101"', '"to": "+12065550102"')

    findings = cli.live().live()

    (drift,) = findings
    assert drift["rule"] == "CO801" and drift["pointer"] == "/channelSettings/SMS/captureRules/0/to"
    assert located(drift) == ("out/harbor-desk.json", *position(text, '"to": "+12065550102"', '"+1'))


def test_co801_server_filled_values_are_not_drift(cli: CoLint) -> None:
    """A hand-written file without the empty RCS/VOICE channels, metadata {}, empty lists or
    memoryExtractionEnabled: false is the same desired state: no CO801; paired by displayName."""
    cli.path("configs").mkdir()
    cli.path("configs/harbor.yaml").write_text(HAND_WRITTEN)

    findings = cli.live(paths=("configs",)).live()

    assert only(findings, "CO801") == []
    unmanaged = only(findings, "CO804")  # the four others; Harbor Desk is described by the file
    assert sorted(f["file"] for f in unmanaged) == sorted(
        f"configs/{stem}.yaml" for stem in EXPORTED if stem != "harbor-desk"
    )
    assert [f["rule"] for f in findings] == ["CO804"] * 4


def test_co801_pairs_by_display_name_without_an_id(cli: CoLint) -> None:
    """A file with no id is compared with the one deployment of its displayName."""
    cli.path("harbor.yaml").write_text(HAND_WRITTEN.replace('to: "+12065550101"', 'to: "+12065550103"'))

    findings = cli.live("--select", "CO801", paths=("harbor.yaml",)).live()

    (drift,) = findings
    assert located(drift) == ("harbor.yaml", 14, 13)
    assert drift["message"] == (
        f"differs from deployed configuration {HARBOR_ID}: "
        '/channelSettings/SMS/captureRules/0/to is "+12065550103" here, "+12065550101" deployed'
    )


def test_co801_display_name_shared_by_two_deployments_pairs_with_neither(cli: CoLint, fake: FakeTwilio) -> None:
    """displayName pairs only when it is unique in the account: otherwise no drift is guessed."""
    twin = dict(fake.configurations[4], id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1f", displayName="Harbor Desk")
    fake.configurations.append(twin)
    cli.path("harbor.yaml").write_text(HAND_WRITTEN.replace('to: "+12065550101"', 'to: "+12065550103"'))

    findings = cli.live("--select", "CO801,CO804", paths=("harbor.yaml",)).live()

    assert only(findings, "CO801") == []
    assert sum("'Harbor Desk'" in f["message"] for f in only(findings, "CO804")) == 2


def test_co801_id_the_account_does_not_have(project: CoLint) -> None:
    """A file whose id is not in the account: CO801 at /id (a PUT of it would fail)."""
    gone = "conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t9z"
    text = project.edit("out/harbor-desk.yaml", f"id: {HARBOR_ID}", f"id: {gone}")

    findings = project.live().findings()

    (drift,) = only(findings, "CO801")
    assert drift["pointer"] == "/id"
    assert located(drift) == ("out/harbor-desk.yaml", *position(text, f"id: {gone}", gone))
    assert drift["message"] == (
        f"id {gone} is not a configuration of this account: a PUT of this file would fail (404); "
        "it was deleted, or the file belongs to another account"
    )
    # Not paired by displayName either: the deployed Harbor Desk is now unmanaged.
    (unmanaged,) = only(findings, "CO804")
    assert HARBOR_ID in unmanaged["message"]


# -- CO802 live-memory-store ---------------------------------------------------------------------


def test_co802_stores_not_active(project: CoLint, fake: FakeTwilio) -> None:
    """memoryStoreIds whose stores are QUEUED, PROVISIONING, FAILED: one error each naming the status,
    at the id; each store fetched once (two of them are on the second page of the store list)."""
    cases = {
        "harbor-desk": (STORE_QUEUED, "QUEUED", "its creation has not started yet"),
        "support-line": (STORE_PROVISIONING, "PROVISIONING", "it is still being created"),
        "sales-outreach": (STORE_FAILED, "FAILED", "its creation failed; create the store again"),
    }
    expected = []
    for index, (stem, (store, status, why)) in enumerate(cases.items()):
        fake.configurations[index]["memoryStoreId"] = store  # deployed that way too: no drift, only CO802
        text = project.edit(f"out/{stem}.yaml", f"memoryStoreId: {STORE_ACTIVE}", f"memoryStoreId: {store}")
        where = (f"out/{stem}.yaml", *position(text, "memoryStoreId:", "mem_"))
        expected.append((*where, "error", "/memoryStoreId", f"memory store {store} is {status}, not ACTIVE: {why}"))

    findings = project.live().live()

    assert sorted((*located(f), f["level"], f["pointer"], f["message"]) for f in findings) == sorted(expected)
    for store, _, _ in cases.values():
        assert paths_read(fake).count(f"{STORES}/{store}") == 1


def test_co802_store_the_account_does_not_have(project: CoLint, fake: FakeTwilio) -> None:
    """A memoryStoreId of no store of the account: an error; the missing store is never fetched."""
    text = project.edit("out/support-line.yaml", f"memoryStoreId: {STORE_ACTIVE}", f"memoryStoreId: {MISSING_STORE}")

    findings = project.live().findings()

    (finding,) = only(findings, "CO802")
    assert located(finding) == ("out/support-line.yaml", *position(text, "memoryStoreId:", "mem_"))
    assert finding["message"] == (
        f"memory store {MISSING_STORE} does not exist in this account: nothing of these conversations is remembered"
    )
    assert f"{STORES}/{MISSING_STORE}" not in paths_read(fake)


def test_co802_active_store_and_placeholder_are_silent(project: CoLint, fake: FakeTwilio) -> None:
    """An ACTIVE store is fine, and a deploy-time template is not looked up at all."""
    project.edit("out/field-service.yaml", f"memoryStoreId: {STORE_ACTIVE}", "memoryStoreId: ${MEMORY_STORE_ID}")

    findings = project.live("--select", "CO802").findings()

    assert findings == []
    assert sorted(set(paths_read(fake))) == [STORES, f"{STORES}/{STORE_ACTIVE}"]


# -- CO803 live-intelligence-configuration -------------------------------------------------------


def test_co803_missing_intelligence_configuration(project: CoLint, fake: FakeTwilio) -> None:
    """One id of intelligenceConfigurationIds the account lacks: an error at its index; the existing one is silent."""
    fake.configurations[0]["intelligenceConfigurationIds"] = [INTELLIGENCE_1, MISSING_INTELLIGENCE]
    text = project.edit(
        "out/harbor-desk.yaml", f"- {INTELLIGENCE_1}\n", f"- {INTELLIGENCE_1}\n- {MISSING_INTELLIGENCE}\n"
    )

    findings = project.live().live()

    assert [f["rule"] for f in findings] == ["CO803"]
    (finding,) = findings
    assert finding["pointer"] == "/intelligenceConfigurationIds/1"
    assert finding["level"] == "error"
    assert located(finding) == ("out/harbor-desk.yaml", *position(text, MISSING_INTELLIGENCE))
    assert finding["message"] == (
        f"intelligence configuration {MISSING_INTELLIGENCE} does not exist in this account: its operators never run"
    )


def test_co803_reads_every_page_of_intelligence_configurations(project: CoLint, fake: FakeTwilio) -> None:
    """An id on the second page of /v3/ControlPlane/Configurations (list key ``items``) exists: silent."""
    third = make_intelligence_configuration("Escalations", accountId=fake.account_sid)
    fake.intelligence.append(third)
    fake.configurations[0]["intelligenceConfigurationIds"] = [INTELLIGENCE_1, third["id"]]
    project.edit("out/harbor-desk.yaml", f"- {INTELLIGENCE_1}\n", f"- {INTELLIGENCE_1}\n- {third['id']}\n")

    findings = project.live().live()

    assert findings == []
    assert paths_read(fake).count(INTELLIGENCE) == 2


# -- CO804 live-unmanaged ------------------------------------------------------------------------


def test_co804_deployment_without_a_file(project: CoLint) -> None:
    """A deleted export: a note at the file ``co-lint export`` would write, line 1 column 1."""
    project.path("out/field-service.yaml").unlink()

    findings = project.live().live()

    assert [f["rule"] for f in findings] == ["CO804"]
    (finding,) = findings
    assert located(finding) == ("out/field-service.yaml", 1, 1)
    assert finding["level"] == "note"
    assert finding["message"] == (
        "deployed configuration 'Field Service' (conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1e) is described "
        "by no file of the project: `co-lint export` would write it to out/field-service.yaml"
    )


def test_co804_counts_the_whole_project_set(project: CoLint) -> None:
    """One file given in a git repository: the project's other files still describe their deployments."""
    subprocess.run(["git", "init", "-q", str(project.cwd)], check=True)

    findings = project.live(paths=("out/harbor-desk.yaml",)).live()

    assert findings == []


def test_co804_without_a_project_set_places_at_the_given_files_directory(project: CoLint) -> None:
    """One file given outside any project: the four others are unmanaged, placed next to it."""
    findings = project.live("--select", "CO804", paths=("out/harbor-desk.yaml",)).live()

    assert sorted(located(f) for f in findings) == sorted(
        (f"out/{stem}.yaml", 1, 1) for stem in EXPORTED if stem != "harbor-desk"
    )


# -- CO805 live-address-not-owned ----------------------------------------------------------------

NUMBERS_FILE = """\
displayName: Harbor Desk
channelSettings:
  SMS:
    captureRules:
      - {from: "*", to: "+12065550109"}
      - {from: "+12065550101", to: "*"}
      - {from: "*", to: "88222"}
      - {from: "+12065550188", to: "+12065550101"}
      - {from: "+12065550177", to: "+12065550166"}
  VOICE:
    captureRules:
      - {from: "*", to: "+12065550155", metadata: {callType: SIP}}
      - {from: "*", to: "+12065550144"}
      - {from: "*", to: "+12065550133", metadata: {callType: PSTN}}
"""


def test_co805_addresses_the_account_does_not_own(cli: CoLint) -> None:
    """Unowned SMS and PSTN VOICE numbers are warnings at the value (at the rule when both sides are);
    ``*``, short codes, a rule with one owned side and SIP calls are not reported."""
    cli.path("numbers.yaml").write_text(NUMBERS_FILE)

    findings = cli.live("--select", "CO805", paths=("numbers.yaml",)).live()

    assert [(f["pointer"], f["line"], f["column"], f["level"]) for f in findings] == [
        ("/channelSettings/SMS/captureRules/0/to", 5, 25, "warning"),
        ("/channelSettings/SMS/captureRules/4", 9, 10, "warning"),
        ("/channelSettings/VOICE/captureRules/1/to", 13, 25, "warning"),
        ("/channelSettings/VOICE/captureRules/2/to", 14, 25, "warning"),
    ]
    assert [f["message"] for f in findings] == [
        "+12065550109 is not an incoming phone number of this account: this SMS rule captures nothing",
        "neither +12065550177 nor +12065550166 is an incoming phone number of this account: "
        "this SMS rule captures nothing",
        "+12065550144 is not an incoming phone number of this account: this VOICE rule captures nothing",
        "+12065550133 is not an incoming phone number of this account: this VOICE rule captures nothing",
    ]


def test_co805_exported_number_typo(project: CoLint, fake: FakeTwilio) -> None:
    """A typo in one digit of an exported number: CO805 at that value (and CO801, the drift)."""
    text = project.edit("out/clinic-reminders.yaml", "to: '+12065550104'", "to: '+12065550140'")

    findings = project.live().live()

    assert sorted(f["rule"] for f in findings) == ["CO801", "CO805"]
    (finding,) = only(findings, "CO805")
    assert located(finding) == ("out/clinic-reminders.yaml", *position(text, "to: '+12065550140'", "'+1"))
    assert finding["message"].startswith("+12065550140 is not an incoming phone number of this account")


# -- live findings are ordinary findings: SARIF, suppression, select/ignore -----------------------


def test_live_sarif_validates_and_carries_co801(project: CoLint) -> None:
    """``--live --format sarif``: a valid SARIF 2.1.0 log describing CO801–CO805 with the CO801 result."""
    from test_sarif import assert_valid

    text = project.edit("out/harbor-desk.yaml", "to: '+12065550101'", "to: '+12065550102'")

    run = project("--live", "--api-url", project.fake.url, "--format", "sarif", "out")

    assert run.code == 1, run.stderr
    sarif = json.loads(run.stdout)
    assert_valid(sarif_validator(), sarif)
    (sarif_run,) = sarif["runs"]
    rules = {rule["id"]: rule for rule in sarif_run["tool"]["driver"]["rules"]}
    assert {"CO801", "CO802", "CO803", "CO804", "CO805"} <= set(rules)
    assert rules["CO801"]["name"] == "live-drift"
    results = [r for r in sarif_run["results"] if r["ruleId"].startswith("CO8")]
    assert [r["ruleId"] for r in results] == ["CO801"]
    (result,) = results
    assert result["level"] == "warning"
    assert sarif_run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "CO801"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "out/harbor-desk.yaml"
    line, column = position(text, "to: '+12065550102'", "'+1")
    assert (location["region"]["startLine"], location["region"]["startColumn"]) == (line, column)
    assert "/channelSettings/SMS/captureRules/0/to" in result["message"]["text"]


def test_offline_sarif_does_not_describe_live_rules(project: CoLint) -> None:
    """Without --live, CO8xx are neither run nor described."""
    run = project("--format", "sarif", "out")

    rules = {rule["id"] for rule in json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert not {r for r in rules if r.startswith("CO8")}
    assert project.fake.requests == []


def test_suppression_comment_silences_co801(project: CoLint) -> None:
    """``# co-lint: disable=CO801`` on the reported line suppresses it (a suppressed result in SARIF)."""
    project.edit("out/harbor-desk.yaml", "to: '+12065550101'", "to: '+12065550102'  # co-lint: disable=CO801")

    findings = project.live().findings()

    assert [f["rule"] for f in findings if f["rule"].startswith("CO8") or f["rule"] == "CO008"] == []
    sarif = json.loads(project("--live", "--api-url", project.fake.url, "--format", "sarif", "out").stdout)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "CO801"]
    assert [s["kind"] for s in result["suppressions"]] == ["inSource"]


@pytest.mark.parametrize(
    ("selection", "read"),
    [
        (("--select", "CO802"), {STORES, f"{STORES}/{STORE_ACTIVE}"}),
        (("--select", "CO803"), {INTELLIGENCE}),
        (("--select", "CO805"), {NUMBERS_PATH}),
        (("--ignore", "CO801,CO804"), {STORES, f"{STORES}/{STORE_ACTIVE}", INTELLIGENCE, NUMBERS_PATH}),
        (("--ignore", "CO8"), set()),
    ],
)
def test_the_account_is_read_only_for_enabled_rules(
    project: CoLint, fake: FakeTwilio, selection: tuple[str, ...], read: set[str]
) -> None:
    """Each live rule reads only its part of the account; with no live rule enabled, nothing is read."""
    project.live(*selection)

    assert set(paths_read(fake)) == read


def test_co_lint_api_url_environment_variable(project: CoLint, fake: FakeTwilio) -> None:
    """``CO_LINT_API_URL`` stands in for ``--api-url``."""
    run = project("--live", "--format", "json", "--select", "CO8", "out", CO_LINT_API_URL=fake.url)

    assert (run.code, run.stderr, json.loads(run.stdout)) == (0, "", [])
    assert CONFIGURATIONS in paths_read(fake)
