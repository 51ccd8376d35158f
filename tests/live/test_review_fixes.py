"""Live checks: the defects a review found (secrets in messages, bad answers, re-export after a
rename, an empty project, server defaults, templated ids, list order), each reproduced."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from co_lint.live.client import MAX_WAIT, retry_delay

from .fake_twilio import make_configuration
from .support import EXPORTED, CoLint, located, position

HARBOR_ID = EXPORTED["harbor-desk"][1]
SECRET = "Tr0ub4dor-and-3-more-words-xyz"


def test_co801_masks_a_deployed_secret_before_shortening_it(project: CoLint) -> None:
    """A credential in a deployed callback URL is masked in the drift message, not cut short
    (a cut secret is no longer recognisable, and its first characters would be printed)."""
    harbor = next(c for c in project.fake.configurations if c["id"] == HARBOR_ID)
    harbor["statusCallbacks"] = [{"url": f"https://ops:{SECRET}@hooks.harbor.io/cb", "method": "POST"}]

    (drift,) = project.live("--select", "CO801").live()

    assert "/statusCallbacks/0" in drift["message"]
    assert SECRET[:8] not in drift["message"]


def test_api_url_with_a_password_is_refused(cli: CoLint) -> None:
    """--api-url user:password@host: exit 2 before any request; the password is never echoed."""
    url = cli.fake.url.replace("http://", "http://proxyuser:s3cr3tPassw0rdXYZ@")

    run = cli("export", "out", "--api-url", url)

    assert run.code == 2 and "s3cr3tPassw0rdXYZ" not in run.stderr
    assert run.stderr.startswith("co-lint: error: --api-url must not hold a user or password")
    assert cli.fake.requests == []


def test_malformed_api_url_is_a_usage_error(cli: CoLint) -> None:
    run = cli("export", "out", "--api-url", "http://[::1")

    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "co-lint: error: --api-url must be an http:// or https:// URL with a host, not 'http://[::1'\n"


class _Portal(BaseHTTPRequestHandler):
    """A captive portal: 200 and an HTML page for every request."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = b"<html><body>Sign in to the Wi-Fi</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def portal() -> Any:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("command", [("export", "out"), ("--live", "cfg.yaml")])
def test_an_html_answer_is_exit_2_not_a_traceback(cli: CoLint, portal: str, command: tuple[str, str]) -> None:
    """200 with HTML (a captive portal, a wrong --api-url): one error line, exit 2, no report, no CO009."""
    cli.path("cfg.yaml").write_text("displayName: X\nmemoryStoreId: mem_store_01k1etk2y5f1y9fpe2epfdtvv2\n")

    run = cli(*command, "--api-url", portal)

    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"co-lint: error: GET {portal}/v2/ControlPlane/Configurations answered HTTP 200 with text/html, "
        "not Twilio's JSON (is --api-url right?)\n"
    )


def test_reexport_after_a_rename_rewrites_the_same_file(project: CoLint) -> None:
    """A configuration renamed in the Console keeps its file (paired by id): no second file, no CO304."""
    harbor = next(c for c in project.fake.configurations if c["id"] == HARBOR_ID)
    harbor["displayName"] = "Harbor Front Desk"

    run = project.export("--force")

    assert run.code == 0, run.stderr
    assert sorted(p.name for p in project.path("out").iterdir()) == sorted(f"{stem}.yaml" for stem in EXPORTED)
    assert "displayName: Harbor Front Desk" in project.read("out/harbor-desk.yaml")
    assert project.live().live() == []


def test_a_new_configuration_does_not_take_an_existing_files_name(project: CoLint) -> None:
    """A second "Support Line" created later gets an id-suffixed name; support-line.yaml stays its own."""
    project.fake.configurations.append(
        make_configuration("Support Line", id="conv_configuration_01jq8v3m2c7x5d9k4n6p0r8zzz")
    )
    before = project.read("out/support-line.yaml")

    run = project.export()

    assert run.code == 0, run.stderr
    assert project.read("out/support-line.yaml") == before
    assert project.path("out/support-line-0r8zzz.yaml").exists()


def test_a_file_whose_configuration_left_the_account_is_reported_and_kept(project: CoLint) -> None:
    project.fake.configurations = [c for c in project.fake.configurations if c["id"] != HARBOR_ID]

    run = project.export()

    assert run.code == 0
    assert f"note: out/harbor-desk.yaml describes {HARBOR_ID}, which the account no longer has" in run.stderr
    assert project.path("out/harbor-desk.yaml").exists()


def test_unmanaged_deployments_are_reported_for_an_empty_project(cli: CoLint) -> None:
    """ "How do we start": --live on an empty directory names every deployment (CO804)."""
    cli.path("configs").mkdir()

    findings = cli.live(paths=("configs",)).live()

    assert sorted(located(f) for f in findings) == sorted((f"configs/{stem}.yaml", 1, 1) for stem in EXPORTED)
    assert {f["rule"] for f in findings} == {"CO804"}


def test_unmanaged_deployments_are_placed_as_json_in_a_json_project(cli: CoLint) -> None:
    """In a directory of JSON exports, CO804 names the .json file export would write."""
    assert cli.export("--format", "json").code == 0
    cli.path("out/harbor-desk.json").unlink()

    (note,) = cli.live().live()

    assert (note["rule"], located(note)) == ("CO804", ("out/harbor-desk.json", 1, 1))


def test_server_defaults_left_out_of_a_file_are_not_drift(project: CoLint) -> None:
    """RCS timeouts the API fills in ({closed: 15}) and a callback's default method (POST)."""
    harbor = next(c for c in project.fake.configurations if c["id"] == HARBOR_ID)
    harbor["statusCallbacks"] = [{"url": "https://status.harbor.io/cb", "method": "POST"}]
    harbor["channelSettings"]["RCS"]["captureRules"] = [{"from": "*", "to": "rcs:harbor", "metadata": {}}]
    text = project.read("out/harbor-desk.yaml")
    text = text.replace("statusCallbacks: []\n", "statusCallbacks:\n- url: https://status.harbor.io/cb\n")
    text = text.replace(
        "  RCS:\n    statusTimeouts:\n      inactive: null\n      closed: 15\n    captureRules: []\n", ""
    )
    text += "  RCS:\n    captureRules:\n    - from: '*'\n      to: rcs:harbor\n"
    project.path("out/harbor-desk.yaml").write_text(text)

    assert project.live("--select", "CO801").live() == []


def test_a_templated_id_pairs_by_display_name(project: CoLint) -> None:
    """id: ${HARBOR_ID} is filled in at deploy time: no 404 finding, paired by displayName."""
    project.edit("out/harbor-desk.yaml", f"id: {HARBOR_ID}", "id: ${HARBOR_CONFIG_ID}")

    assert project.live("--select", "CO801,CO804").live() == []


def test_reordered_capture_rules_are_not_drift(project: CoLint) -> None:
    text = project.read("out/harbor-desk.yaml")
    first = "    - from: '*'\n      to: '+12065550101'\n      metadata: {}\n"
    second = "    - from: '+12065550101'\n      to: '*'\n      metadata: {}\n"
    assert first + second in text
    project.path("out/harbor-desk.yaml").write_text(text.replace(first + second, second + first))

    assert project.live("--select", "CO801").live() == []


def test_a_rule_inserted_first_is_one_addition(project: CoLint) -> None:
    """A new capture rule before the others: one difference at its pointer, not a cascade."""
    text = project.edit(
        "out/harbor-desk.yaml",
        "    captureRules:\n    - from: '*'\n      to: '+12065550101'",
        "    captureRules:\n    - from: '*'\n      to: '+12065550109'\n    - from: '*'\n      to: '+12065550101'",
    )

    (drift,) = project.live("--select", "CO801").live()

    assert drift["pointer"] == "/channelSettings/SMS/captureRules/0"
    assert drift["message"] == (
        f"differs from deployed configuration {HARBOR_ID}: "
        '/channelSettings/SMS/captureRules/0 only here ({"from": "*", "to": "+12065550109"})'
    )
    line, _ = position(text, "to: '+12065550109'")
    assert located(drift) == ("out/harbor-desk.yaml", line - 1, 7)  # the new item's first key


def test_yaml_12_numbers_are_quoted_in_exports(cli: CoLint) -> None:
    """A string that YAML 1.2 readers take for a number (1e3, 0o17) is written quoted."""
    cli.fake.configurations[0]["description"] = "1e3"
    cli.fake.configurations[1]["description"] = "0o17"

    assert cli.export().code == 0

    texts = "".join(p.read_text() for p in cli.path("out").iterdir())
    assert "description: '1e3'\n" in texts and "description: '0o17'\n" in texts


def test_json_export_prints_where_it_was_read(cli: CoLint) -> None:
    run = cli.export("--format", "json")

    assert run.code == 0
    assert run.stderr.splitlines()[0].startswith(f"co-lint: read from {cli.fake.url} at ")
    first = json.loads(next(cli.path("out").iterdir()).read_text())
    assert "id" in first and "createdAt" not in first


def test_a_deployment_without_an_id_is_named_as_skipped(cli: CoLint) -> None:
    cli.fake.configurations[0].pop("id")

    run = cli.export()

    assert run.code == 0
    assert "skipped 'Harbor Desk': the API returned it without an id" in run.stderr


@pytest.mark.parametrize(
    ("header", "attempt", "wait"),
    [("0", 0, 0.5), ("0", 2, 2.0), ("3", 0, 3.0), ("100000", 0, MAX_WAIT), (None, 1, 1.0), ("soon", 0, 0.5)],
)
def test_retry_waits_honour_retry_after_but_never_burst(header: str | None, attempt: int, wait: float) -> None:
    """Retry-After is honoured, never below the backoff (0 would be a burst) nor above MAX_WAIT."""
    assert retry_delay(header, attempt) == wait
