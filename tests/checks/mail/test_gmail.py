"""mail.gmail against a loopback server speaking the documented Gmail API shapes."""

from __future__ import annotations

import json
import threading

import requests

from checks.mail.checks import GmailSettings
from checks.mail.sources.gmail import gmail_read
from cybercheck.pipeline.model import Status
from cybercheck.secrets import Secret
from cybercheck.testing import run
from tests.servers.mail_gmail import GOOD_TOKEN, REFRESH_TOKEN, google_error
from tests.servers.mail_http import Reply


def _run(server, **kwargs):  # type: ignore[no-untyped-def]
    secrets = kwargs.pop("secrets", {"gmail-token": GOOD_TOKEN})
    return run(
        GmailSettings, endpoints={"gmail": server.url, "google-oauth": server.url}, secrets=secrets, **kwargs
    )


def test_forwarding_hiding_and_send_as_are_found(gmail) -> None:  # type: ignore[no-untyped-def]
    _stub, server = gmail
    result = _run(server, inputs={"owner": "sam@work.example"})
    codes = sorted(f.code for f in result.findings)
    assert codes == [
        "mail.access.sync-on",
        "mail.access.sync-on",
        "mail.forwarding.external",
        "mail.forwarding.hides-original",
        "mail.forwarding.pending",
        "mail.rule.forwards-external",
        "mail.rule.hides-security",
        "mail.send-as.outside-server",
        "mail.send-as.reply-to-external",
    ]
    assert result.status is Status.FOUND
    # delegates cannot be read for a personal account: a guided step with the menu path
    assert any("Settings → See all settings → Accounts" in gap for gap in result.gaps)
    assert result.looked_at and "2 Gmail filters" in result.looked_at[0]


def test_delegates_become_a_question_with_the_menu_path(gmail) -> None:  # type: ignore[no-untyped-def]
    stub, server = gmail
    from tests.fuzz.readers import _quiet_mailbox

    stub.settings = _quiet_mailbox()  # every setting answered: a missing one (404) is a gap of its own
    question = next(iter(_questions()))
    result = _run(server, answers={question: "yes"})
    assert [f.code for f in result.findings] == ["mail.delegate.present"]
    assert not result.gaps


def _questions() -> list[str]:
    from checks.mail.sources.gmail import delegates_question

    return [delegates_question().question]


def test_an_absent_filter_key_means_no_filters(gmail) -> None:  # type: ignore[no-untyped-def]
    stub, server = gmail
    stub.settings = {
        "filters": {},
        "forwardingAddresses": {},
        "sendAs": {},
        "autoForwarding": {"enabled": False},
    }
    read = gmail_read(requests.Session(), Secret(GOOD_TOKEN), base=server.url)
    assert read.rules == ()
    assert read.settings.forwarding_addresses == ()
    result = _run(server)
    assert result.findings == ()
    assert result.status is Status.INCOMPLETE  # delegates were not readable


def test_an_expired_token_is_a_plain_failure(gmail) -> None:  # type: ignore[no-untyped-def]
    _stub, server = gmail
    result = _run(server, secrets={"gmail-token": "ya29.expired-token-value"})
    assert result.status is Status.FAILED
    assert "cybercheck login gmail" in result.problem.plain
    assert "ya29.expired-token-value" not in repr(result)


def test_a_missing_scope_is_a_plain_failure(gmail) -> None:  # type: ignore[no-untyped-def]
    stub, server = gmail
    stub.queued["filters"] = [google_error(403)]
    result = _run(server)
    assert result.status is Status.FAILED
    assert "permission" in result.problem.plain
    assert GOOD_TOKEN not in repr(result)


def test_429_with_retry_after_is_retried(gmail) -> None:  # type: ignore[no-untyped-def]
    stub, server = gmail
    stub.queued["filters"] = [
        Reply(429, {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}}, {"Retry-After": "1"})
    ]
    result = _run(server)
    assert result.status is Status.FOUND
    assert sum(1 for r in server.requests if r.path.endswith("/filters")) == 2


def test_server_errors_are_a_plain_failure(gmail) -> None:  # type: ignore[no-untyped-def]
    stub, server = gmail
    stub.queued["sendAs"] = [Reply(503, "Service Unavailable")] * 6
    result = _run(server)
    assert result.status is Status.FAILED
    assert "Try again later" in result.problem.plain


def test_an_expired_stored_token_is_refreshed_in_memory(gmail) -> None:  # type: ignore[no-untyped-def]
    _stub, server = gmail
    blob = json.dumps(
        {"access_token": "old", "refresh_token": REFRESH_TOKEN, "expires_at": 1, "client_id": "id"}
    )
    result = _run(server, secrets={"gmail-token": blob})
    assert result.status is Status.FOUND
    refresh = [r for r in server.requests if r.path == "/token"]
    assert refresh and refresh[0].form["grant_type"] == "refresh_token"
    assert REFRESH_TOKEN not in repr(result)


def test_a_withdrawn_refresh_token_is_a_plain_failure(gmail) -> None:  # type: ignore[no-untyped-def]
    _stub, server = gmail
    blob = json.dumps(
        {"access_token": "old", "refresh_token": "1//withdrawn", "expires_at": 1, "client_id": "id"}
    )
    result = _run(server, secrets={"gmail-token": blob})
    assert result.status is Status.FAILED
    assert "cybercheck login gmail" in result.problem.plain
    assert "withdrawn" not in result.problem.plain


def test_login_runs_the_loopback_flow_with_pkce(gmail) -> None:  # type: ignore[no-untyped-def]
    from checks.mail.sources.google_login import SCOPE, login
    from cybercheck.testing import make_env

    _stub, server = gmail
    env = make_env(
        inputs={
            "google-client-id": "123.apps.googleusercontent.com",
            "google-client-secret": "client-secret",
        },
        endpoints={"google-oauth": server.url, "google-oauth-authorize": server.url + "/authorize"},
    )
    said: list[str] = []

    def say(text: str) -> None:  # the person opens the address; the stand-in approves at once
        said.append(text)
        url = text.split("\n")[-1]
        threading.Thread(target=lambda: requests.get(url, timeout=5), daemon=True).start()

    secret = login(env, say)
    blob = json.loads(secret.reveal())
    assert blob["access_token"] == GOOD_TOKEN and blob["refresh_token"] == REFRESH_TOKEN
    authorize = next(r for r in server.requests if r.path == "/authorize")
    assert authorize.query["scope"] == SCOPE
    assert authorize.query["code_challenge_method"] == "S256"
    assert authorize.query["redirect_uri"].startswith("http://127.0.0.1:")
    assert "client-secret" not in said[0] and REFRESH_TOKEN not in repr(secret)


def test_login_without_a_client_id_says_how_to_give_one() -> None:
    import pytest

    from checks.mail.sources.google_login import login
    from cybercheck.errors import ConfigError
    from cybercheck.testing import make_env

    with pytest.raises(ConfigError) as caught:
        login(make_env(), print)
    assert "google-client-id" in caught.value.plain


def test_the_sign_in_inputs_are_input_names_the_command_line_accepts() -> None:
    from cybercheck.pipeline.inputs import known_inputs

    assert {
        "google-client-id",
        "google-client-secret",
        "outlook-client-id",
        "outlook-tenant",
    } <= known_inputs()


def test_a_missing_scope_is_told_from_an_expired_sign_in_by_its_status_not_its_text() -> None:
    """The detail names the server's address, whose port may hold "401" (a 403 once read as expired)."""
    import pytest

    from checks.mail.sources.oauth_tokens import bearer_get
    from cybercheck.errors import Refused
    from cybercheck.secrets import Secret

    class Forbidden:
        status_code = 403
        headers: dict[str, str] = {}

    class Session:
        def request(self, *args: object, **kwargs: object) -> Forbidden:
            return Forbidden()

    with pytest.raises(Refused) as refused:
        bearer_get(
            Session(),  # type: ignore[arg-type]
            "http://127.0.0.1:40127/gmail/v1/users/me/settings/filters",
            Secret("token"),
            service="Gmail",
            expired="expired",
            no_permission="no permission",
        )
    assert refused.value.plain == "no permission"
