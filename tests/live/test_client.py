"""The live checks as an API client: retries, errors, credentials, read-only (issue 13)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from co_lint.live import AccountError  # noqa: E402 - needs the SDK
from co_lint.live.client import ReadOnlyHttpClient, credentials_from_env, make_client  # noqa: E402

from .fake_twilio import ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN, FakeTwilio, default_account
from .support import CONFIGURATIONS, EXPORTED, CoLint, Run, paths_read

WRONG_TOKEN = "0badc0de0badc0de0badc0de0badc0de"


def timed(fake: FakeTwilio) -> list[tuple[float, str]]:
    """Record when the fake receives each request (instrumenting the fake, not co-lint)."""
    times: list[tuple[float, str]] = []
    record = fake._record

    def timed_record(method: str, path: str, query: dict[str, str]) -> Any:
        times.append((time.monotonic(), path))
        return record(method, path, query)

    fake._record = timed_record  # type: ignore[method-assign]
    return times


def assert_one_line_error(run: Run, start: str) -> str:
    """Exit 2, nothing on stdout, one ``co-lint: error:`` line on stderr starting with ``start``."""
    assert run.code == 2, (run.stdout, run.stderr)
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    (line,) = run.stderr.splitlines()
    assert line.startswith("co-lint: error: " + start), line
    return line


# -- retries -------------------------------------------------------------------------------------


def test_429_with_retry_after_is_waited_for_and_retried(cli: CoLint, fake: FakeTwilio) -> None:
    """A 429 with Retry-After: 1, then success: the export succeeds, the request was sent again ≥ 1 s later."""
    times = timed(fake)
    fake.fail_next(CONFIGURATIONS, 429, retry_after="1")

    run = cli.export()

    assert run.code == 0, run.stderr
    assert len(list(cli.path("out").iterdir())) == 5
    assert run.seconds >= 1.0
    assert fake.requests[0] == fake.requests[1] == ("GET", CONFIGURATIONS, {"pageSize": "200"})
    assert times[1][0] - times[0][0] >= 0.95
    assert paths_read(fake) == [CONFIGURATIONS] * 4  # the retried first page, then pages 1–3


def test_503_four_times_then_success(fake: FakeTwilio) -> None:
    """A 5xx is retried: four 503s and the fifth attempt succeeds, after the backoff waits
    (Retry-After: 0 does not make them shorter). In process, with the client's own sleep hook."""
    fake.fail_next(CONFIGURATIONS, 503, times=4, retry_after="0")
    waits: list[float] = []
    credentials = credentials_from_env({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN})
    client = ReadOnlyHttpClient(credentials, api_url=fake.url, sleep=waits.append)

    response = client.request(
        "GET", f"https://conversations.twilio.com{CONFIGURATIONS}", auth=(ACCOUNT_SID, AUTH_TOKEN)
    )

    assert response.status_code == 200
    assert waits == [0.5, 1.0, 2.0, 4.0]
    assert paths_read(fake) == [CONFIGURATIONS] * 5


def test_503_five_times_is_exit_2_with_one_line(cli: CoLint, fake: FakeTwilio) -> None:
    """Five 503s exhaust the attempts: exit 2, one line naming the status, the request and the count."""
    fake.fail_next(CONFIGURATIONS, 503, times=5, retry_after="0")

    run = cli.export()

    line = assert_one_line_error(run, "HTTP 503 for GET ")
    assert line == (f"co-lint: error: HTTP 503 for GET {fake.url}{CONFIGURATIONS}: Service Unavailable (5 attempts)")
    assert paths_read(fake) == [CONFIGURATIONS] * 5
    assert not cli.path("out").exists() or not list(cli.path("out").iterdir())


def test_an_unreadable_part_of_the_account_aborts_live_with_no_report(project: CoLint, fake: FakeTwilio) -> None:
    """The memory stores cannot be read during ``--live`` (an error that is not retried): exit 2,
    one line naming what could not be read, no findings printed (no CO009 either)."""
    fake.fail_next("/v1/ControlPlane/Stores", 404)

    run = project("--live", "--api-url", fake.url, "--format", "json", "out")

    assert_one_line_error(run, "cannot read the memory stores (/v1/ControlPlane/Stores) (HTTP 404")


def test_timeout_is_one_line_exit_2(cli: CoLint, fake: FakeTwilio) -> None:
    """A server that does not answer within --api-timeout: exit 2, 'no answer … within'."""
    route = fake._route

    def slow_route(path: str, query: dict[str, str]) -> Any:
        time.sleep(1.5)
        return route(path, query)

    fake._route = slow_route  # type: ignore[method-assign]

    run = cli.export("--api-timeout", "0.2")

    line = assert_one_line_error(run, "no answer to GET ")
    assert line == f"co-lint: error: no answer to GET {fake.url}{CONFIGURATIONS} within 0.2 s"
    assert run.seconds < 10


# -- credentials ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "live"])
def test_401_names_the_variables_and_never_the_token(project: CoLint, command: str) -> None:
    """A wrong auth token: exit 2, the message names TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, no secret."""
    credentials = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": WRONG_TOKEN}
    args = ("export", "new") if command == "export" else ("--live", "out")

    run = project(*args, "--api-url", project.fake.url, credentials=credentials)

    line = assert_one_line_error(run, "Twilio refused the credentials (HTTP 401 for GET ")
    assert "TWILIO_ACCOUNT_SID" in line and "TWILIO_AUTH_TOKEN" in line
    assert "starts with AC and has 34 characters" in line
    for secret in (WRONG_TOKEN, AUTH_TOKEN, WRONG_TOKEN[:8], WRONG_TOKEN[-8:]):
        assert secret not in run.stdout + run.stderr


def test_401_with_an_api_key_names_the_key_variables(cli: CoLint) -> None:
    """A wrong API secret: the message names TWILIO_API_KEY and TWILIO_API_SECRET, not the secret."""
    wrong = "not-the-secret-0123456789abcdefgh"
    credentials = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_API_KEY": API_KEY, "TWILIO_API_SECRET": wrong}

    run = cli("export", "out", "--api-url", cli.fake.url, credentials=credentials)

    line = assert_one_line_error(run, "Twilio refused the credentials (HTTP 401 for GET ")
    assert "TWILIO_API_KEY" in line and "TWILIO_API_SECRET" in line
    assert wrong not in run.stderr and API_SECRET not in run.stderr


def test_api_key_credentials_work(cli: CoLint) -> None:
    """TWILIO_API_KEY + TWILIO_API_SECRET + TWILIO_ACCOUNT_SID, without an auth token, read the account."""
    credentials = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_API_KEY": API_KEY, "TWILIO_API_SECRET": API_SECRET}

    run = cli("export", "out", "--api-url", cli.fake.url, credentials=credentials)

    assert run.code == 0, run.stderr
    assert sorted(p.stem for p in cli.path("out").iterdir()) == sorted(EXPORTED)


def test_an_api_key_wins_over_an_auth_token(cli: CoLint) -> None:
    """With both forms set, the API key is used (a wrong auth token beside it does not matter)."""
    credentials = {
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": WRONG_TOKEN,
        "TWILIO_API_KEY": API_KEY,
        "TWILIO_API_SECRET": API_SECRET,
    }

    assert cli("export", "out", "--api-url", cli.fake.url, credentials=credentials).code == 0


def test_403_names_the_resource_not_the_credentials(cli: CoLint, fake: FakeTwilio) -> None:
    """A 403 (a restricted API key) is not retried: exit 2 at once, naming what could not be read
    and how to go on without it — the credentials themselves were accepted."""
    fake.fail_next(CONFIGURATIONS, 403)

    run = cli.export()

    line = assert_one_line_error(run, f"Twilio denied access to GET {fake.url}{CONFIGURATIONS} (HTTP 403")
    assert line.endswith(
        "the credentials cannot read it; give the API key read access, or --ignore the rule that needs it"
    )
    assert "TWILIO_AUTH_TOKEN" not in line
    assert paths_read(fake) == [CONFIGURATIONS]


def test_a_secret_echoed_by_the_server_is_masked(cli: CoLint, fake: FakeTwilio) -> None:
    """An API error whose message quotes the auth token: the token never reaches the terminal."""
    fake._route = lambda path, query: (  # type: ignore[method-assign]
        404,
        {"code": 20404, "message": f"no configurations for token {AUTH_TOKEN}", "status": 404},
    )

    run = cli.export()

    line = assert_one_line_error(run, "cannot read the configurations (/v2/ControlPlane/Configurations) (HTTP 404: ")
    assert AUTH_TOKEN not in run.stderr and AUTH_TOKEN[:12] not in line


def test_region_and_edge_keep_the_api_paths(cli: CoLint, fake: FakeTwilio) -> None:
    """TWILIO_REGION/TWILIO_EDGE change Twilio's host names; --api-url still replaces them, paths unchanged."""
    run = cli("export", "out", "--api-url", fake.url, TWILIO_REGION="ie1", TWILIO_EDGE="dublin")

    assert run.code == 0, run.stderr
    assert paths_read(fake) == [CONFIGURATIONS] * 3


@pytest.mark.parametrize("command", ["export", "live"])
def test_no_credentials_is_exit_2_before_any_request(cli: CoLint, command: str) -> None:
    """No TWILIO_* variable: exit 2 naming the variables, and nothing is sent."""
    args = ("export", "out") if command == "export" else ("--live", "out")
    cli.path("out").mkdir()

    run = cli(*args, "--api-url", cli.fake.url, credentials={})

    assert_one_line_error(
        run,
        "live checks need credentials in the environment: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, "
        "or TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_ACCOUNT_SID",
    )
    assert cli.fake.requests == []


@pytest.mark.parametrize(
    "sid",
    [
        AUTH_TOKEN,  # the auth token pasted into the SID variable
        "ACf3a1c0de5b7e4d2a9c8b6e1f0a2d4c7g",  # not hex
    ],
)
def test_malformed_account_sid_is_exit_2_without_echoing_it(cli: CoLint, sid: str) -> None:
    """A TWILIO_ACCOUNT_SID that is not AC + 32 hex: exit 2 before any request, its value not shown."""
    run = cli("export", "out", "--api-url", cli.fake.url, credentials={"TWILIO_ACCOUNT_SID": sid, **_token()})

    line = assert_one_line_error(run, "TWILIO_ACCOUNT_SID must start with AC and have 34 characters")
    assert line.endswith(f"(it has {len(sid)})")
    assert sid not in run.stderr and AUTH_TOKEN not in run.stderr
    assert cli.fake.requests == []


def _token() -> dict[str, str]:
    return {"TWILIO_AUTH_TOKEN": AUTH_TOKEN}


# -- the network ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "live"])
def test_unreachable_server_is_exit_2(tmp_path: Any, command: str) -> None:
    """A stopped fake's url: exit 2, 'cannot reach' the scheme and host, one line."""
    fake = default_account().start()
    fake.stop()
    cli = CoLint(tmp_path, fake)
    cli.path("out").mkdir()
    cli.path("out/a.yaml").write_text("displayName: A\n")
    args = ("export", "out") if command == "export" else ("--live", "out")

    run = cli(*args, "--api-url", fake.url)

    line = assert_one_line_error(run, "cannot reach ")
    assert line == f"co-lint: error: cannot reach {fake.url} (connection refused)"


def test_api_url_must_be_an_http_url(cli: CoLint) -> None:
    """A --api-url that is not http(s)://host is a clear exit 2, before any request."""
    run = cli("export", "out", "--api-url", "ftp://127.0.0.1/x")

    assert_one_line_error(run, "--api-url must be an http:// or https:// URL with a host, not 'ftp://127.0.0.1/x'")


# -- read-only -----------------------------------------------------------------------------------


def test_export_and_live_send_only_get(project: CoLint, fake: FakeTwilio) -> None:
    """Across an export and a --live run with findings of every rule, the account saw only GET."""
    assert project.export(directory="again").code == 0
    project.edit("out/harbor-desk.yaml", "to: '+12065550101'", "to: '+12065550199'")
    project.path("out/field-service.yaml").unlink()

    findings = project.live().live()

    assert {f["rule"] for f in findings} == {"CO801", "CO804", "CO805"}
    assert fake.requests and fake.methods() == {"GET"}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "post", "delete"])
def test_read_only_client_refuses_writes_before_sending(fake: FakeTwilio, method: str) -> None:
    """ReadOnlyHttpClient.request with a write method raises AccountError and sends nothing."""
    credentials = credentials_from_env({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN})
    client = ReadOnlyHttpClient(credentials, api_url=fake.url)

    with pytest.raises(AccountError, match=f"refused to send {method.upper()} {CONFIGURATIONS}"):
        client.request(method, f"https://conversations.twilio.com{CONFIGURATIONS}", data={"displayName": "x"})

    assert client.sent == []
    assert fake.requests == []


def test_read_only_client_refuses_the_sdks_own_writes(fake: FakeTwilio) -> None:
    """Through the SDK client co-lint builds, a delete or an update never reaches the account; a read does."""
    credentials = credentials_from_env({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN})
    http = ReadOnlyHttpClient(credentials, api_url=fake.url)
    client = make_client(credentials, http)
    identifier = EXPORTED["harbor-desk"][1]

    with pytest.raises(AccountError, match="refused to send DELETE"):
        client.conversations.v2.configurations(identifier).delete()
    with pytest.raises(AccountError, match="refused to send DELETE"):
        client.memory.v1.stores("mem_store_01k1etk2y5f1y9fpe2epfdtvv2").delete()
    assert fake.requests == [] and http.sent == []

    assert client.conversations.v2.configurations(identifier).fetch().display_name == "Harbor Desk"
    assert fake.requests == [("GET", f"{CONFIGURATIONS}/{identifier}", {})]
    assert fake.methods() == {"GET"}


def test_credentials_never_show_the_secret_in_a_repr():
    """A traceback or a debug print shows a repr: the auth token must not be in it."""
    credentials = credentials_from_env({"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN})
    shown = repr(credentials)
    assert AUTH_TOKEN not in shown and ACCOUNT_SID not in shown
    assert ACCOUNT_SID[-4:] in shown and "TWILIO_AUTH_TOKEN" in shown
