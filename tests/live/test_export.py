"""``co-lint export DIR``: an account's configurations as desired-state files (issue 13)."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest
import yaml

from .fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio, make_configuration
from .support import CONFIGURATIONS, DROPPED, EXPORTED, CoLint, paths_read

#: The key order of an exported file (a configuration with no conversationsV1Bridge).
KEY_ORDER = [
    "id",
    "displayName",
    "description",
    "conversationGroupingType",
    "memoryStoreId",
    "memoryExtractionEnabled",
    "intelligenceConfigurationIds",
    "statusCallbacks",
    "channelSettings",
]


def desired(deployed: dict) -> dict:
    """What an exported file must hold: the deployment without dropped fields and nulls."""
    return {key: value for key, value in deployed.items() if key not in DROPPED and value is not None}


def test_export_follows_three_pages_and_names_files_after_display_names(cli: CoLint, fake: FakeTwilio) -> None:
    """5 configurations at a page cap of 2: three list requests, five files named from displayName."""
    run = cli.export()

    assert run.code == 0, run.stderr
    assert sorted(p.name for p in cli.path("out").iterdir()) == sorted(f"{stem}.yaml" for stem in EXPORTED)
    assert paths_read(fake) == [CONFIGURATIONS] * 3  # the export reads configurations and nothing else
    tokens = [query.get("pageToken") for _, _, query in fake.requests]
    assert tokens[0] is None and tokens[1] and tokens[2] and tokens[1] != tokens[2]
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        *(f"wrote out/{stem}.yaml" for stem in sorted(EXPORTED)),
        "co-lint: 5 configurations of account AC…4c7b: 5 written, 0 unchanged, 0 kept",
    ]


def test_exported_yaml_holds_the_desired_state_with_a_header(cli: CoLint, fake: FakeTwilio) -> None:
    """Read-only/response-only fields dropped, id kept, stable key order, a header comment, no secret."""
    cli.export()

    by_id = {c["id"]: c for c in fake.configurations}
    for stem, (name, identifier) in EXPORTED.items():
        text = cli.read(f"out/{stem}.yaml")
        data = yaml.safe_load(text)
        assert data == desired(by_id[identifier]), stem
        assert data["id"] == identifier and data["displayName"] == name
        assert not set(DROPPED) & set(data)
        assert list(data)[0] == "id"
        assert list(data) == [key for key in KEY_ORDER if key in data]
        header = text.splitlines()[:2]
        assert header[0] == f"# co-lint export: configuration {identifier} of account AC…4c7b"
        assert re.fullmatch(
            re.escape(f"# read from {fake.url} at ") + r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; .*", header[1]
        ), header[1]
        assert text.splitlines()[2] == f"id: {identifier}"
        assert AUTH_TOKEN not in text and ACCOUNT_SID not in text
    harbor = yaml.safe_load(cli.read("out/harbor-desk.yaml"))
    assert list(harbor) == KEY_ORDER


def test_export_json(cli: CoLint, fake: FakeTwilio) -> None:
    """``--format json``: the same desired state, as JSON files (no header: JSON has no comments)."""
    run = cli.export("--format", "json")

    assert run.code == 0, run.stderr
    assert sorted(p.name for p in cli.path("out").iterdir()) == sorted(f"{stem}.json" for stem in EXPORTED)
    by_id = {c["id"]: c for c in fake.configurations}
    for stem, (_, identifier) in EXPORTED.items():
        text = cli.read(f"out/{stem}.json")
        assert text.startswith("{\n") and text.endswith("}\n")
        data = json.loads(text)
        assert data == desired(by_id[identifier])
        assert list(data) == [key for key in KEY_ORDER if key in data]


def test_exported_yaml_files_have_no_schema_error(project: CoLint) -> None:
    """What the account holds is accepted by the API: its export lints with no CO0xx/CO1xx finding."""
    run = project("--select", "CO0,CO1", "out")

    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout == "All checks passed (5 files checked).\n"


def test_exported_json_files_have_no_schema_error(cli: CoLint) -> None:
    """The same for ``--format json``."""
    assert cli.export("--format", "json").code == 0

    run = cli("--select", "CO0,CO1", "out")

    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout == "All checks passed (5 files checked).\n"


def test_export_again_is_idempotent(project: CoLint) -> None:
    """A second export leaves every file alone (not even rewritten): exit 0, 5 unchanged."""
    cli = project  # out/ holds an export of the same account
    before = {p.name: p.read_bytes() for p in cli.path("out").iterdir()}
    for path in cli.path("out").iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # a rewrite would change the mtime

    run = cli.export()

    assert run.code == 0, run.stderr
    assert run.stderr == "co-lint: 5 configurations of account AC…4c7b: 0 written, 5 unchanged, 0 kept\n"
    assert {p.name: p.read_bytes() for p in cli.path("out").iterdir()} == before
    assert {p.stat().st_mtime_ns for p in cli.path("out").iterdir()} == {1_000_000_000}


def test_export_keeps_an_edited_file_unless_forced(project: CoLint) -> None:
    """An edited file is kept (exit 1, untouched, named on stderr); ``--force`` rewrites it."""
    cli = project  # out/ holds an export of the same account
    original = cli.read("out/harbor-desk.yaml")
    edited = cli.edit("out/harbor-desk.yaml", "to: '+12065550101'", "to: '+12065550199'")

    kept = cli.export()

    assert kept.code == 1
    assert cli.read("out/harbor-desk.yaml") == edited
    assert kept.stderr.splitlines() == [
        "kept out/harbor-desk.yaml: it differs from the deployment (--force overwrites it)",
        "co-lint: 5 configurations of account AC…4c7b: 0 written, 4 unchanged, 1 kept",
    ]

    forced = cli.export("--force")

    assert forced.code == 0, forced.stderr
    assert forced.stderr.splitlines() == [
        "wrote out/harbor-desk.yaml",
        "co-lint: 5 configurations of account AC…4c7b: 1 written, 4 unchanged, 0 kept",
    ]
    rewritten = cli.read("out/harbor-desk.yaml")
    assert rewritten.splitlines()[2:] == original.splitlines()[2:]  # the header's date may differ


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and symbolic links")
def test_a_forced_export_keeps_a_files_mode_and_writes_through_its_link(project: CoLint) -> None:
    """``--force`` replaces a file as ``--fix`` does: its permissions kept, a symbolic link followed."""
    cli = project  # out/ holds an export of the same account
    original = cli.read("out/harbor-desk.yaml")
    kept = cli.path("team/harbor-desk.yaml")
    kept.parent.mkdir()
    cli.path("out/harbor-desk.yaml").rename(kept)
    cli.path("out/harbor-desk.yaml").symlink_to("../team/harbor-desk.yaml")
    cli.edit("out/harbor-desk.yaml", "to: '+12065550101'", "to: '+12065550199'")
    kept.chmod(0o640)

    forced = cli.export("--force")

    assert forced.code == 0, forced.stderr
    assert "wrote out/harbor-desk.yaml" in forced.stderr.splitlines()
    assert os.readlink(cli.path("out/harbor-desk.yaml")) == "../team/harbor-desk.yaml"
    assert kept.read_text().splitlines()[2:] == original.splitlines()[2:]
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert sorted(p.name for p in cli.cwd.rglob(".*")) == []  # no temporary file left


def test_a_changed_comment_is_not_a_difference(project: CoLint) -> None:
    """Only the leading header comment is ignored when comparing: a file with a new header is unchanged."""
    cli = project  # out/ holds an export of the same account
    path = cli.path("out/field-service.yaml")
    text = path.read_text()
    path.write_text("# owned by the field team\n" + text.split("\n", 2)[2])

    run = cli.export()

    assert run.code == 0, run.stderr
    assert "0 written, 5 unchanged, 0 kept" in run.stderr


def test_colliding_and_unsafe_display_names_get_distinct_safe_file_names(cli: CoLint, fake: FakeTwilio) -> None:
    """Names equal after sanitising take an id suffix; path separators and reserved names are defused."""
    fake.configurations = [
        make_configuration("Harbor Desk", id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1a"),
        make_configuration("harbor desk!", id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1b"),
        make_configuration("../Ops/Night Shift", id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1c"),
        make_configuration("CON", id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1d"),
    ]

    run = cli.export()

    assert run.code == 0, run.stderr
    assert sorted(p.name for p in cli.cwd.rglob("*") if p.is_file()) == [
        "conv_configuration_01jq8v3m2c7x5d9k4n6p0r8t1d.yaml",
        "harbor-desk-0r8t1a.yaml",
        "harbor-desk-0r8t1b.yaml",
        "ops-night-shift.yaml",
    ]
    assert {p.parent for p in cli.cwd.rglob("*.yaml")} == {cli.path("out")}
    assert yaml.safe_load(cli.read("out/harbor-desk-0r8t1b.yaml"))["displayName"] == "harbor desk!"
    # Pairing goes by id, not by file name: the renamed files are not drift, nor unmanaged.
    live = cli.live("--select", "CO801,CO804")
    assert live.live() == []


def test_export_into_a_file_is_exit_2(cli: CoLint) -> None:
    """A DIR that cannot be created is one clear error line, exit 2."""
    cli.path("out").write_text("not a directory\n")

    run = cli.export(directory="out/configs")

    assert run.code == 2
    assert run.stderr == "co-lint: error: cannot write into out/configs: Not a directory\n"
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr
