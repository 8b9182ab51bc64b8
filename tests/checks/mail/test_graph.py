"""mail.outlook against a loopback server speaking the documented Microsoft Graph shapes."""

from __future__ import annotations

import json

import pytest

from checks.mail.checks import OutlookRules
from checks.mail.sources.graph import forwarding_step
from cybercheck.errors import Refused
from cybercheck.pipeline.model import Status
from cybercheck.testing import make_env, run
from tests.servers.mail_graph import GOOD_TOKEN, REFRESH_TOKEN, graph_error


def _run(server, **kwargs):  # type: ignore[no-untyped-def]
    secrets = kwargs.pop("secrets", {"outlook-token": GOOD_TOKEN})
    return run(
        OutlookRules,
        endpoints={"graph": server.url, "microsoft-login": server.url},
        secrets=secrets,
        **kwargs,
    )


def test_rules_on_every_page_are_judged_with_folder_names(graph) -> None:  # type: ignore[no-untyped-def]
    _stub, server = graph
    result = _run(server)
    found = sorted((f.code, f.subject) for f in result.findings)
    assert found == [
        ("mail.rule.forwards-external", "A rule forwards mail to spy@evil.example"),
        ("mail.rule.hides-security", "A rule hides security mail"),
    ]
    hidden = next(f for f in result.findings if f.code == "mail.rule.hides-security")
    assert 'moves it to "RSS Feeds" (rarely looked at)' in hidden.evidence[0].fields["actions"]
    assert (
        sum(1 for r in server.requests if r.path.endswith("/messageRules")) == 2
    )  # followed @odata.nextLink
    # mailbox forwarding is not in Graph: a guided step with the menu path
    assert any("Settings → Mail → Forwarding" in gap for gap in result.gaps)
    assert result.status is Status.FOUND


def test_a_next_link_to_another_host_is_not_followed(graph) -> None:  # type: ignore[no-untyped-def]
    stub, server = graph
    stub.next_link_base = "https://graph.evil.example"
    result = _run(server)
    assert [f.code for f in result.findings] == ["mail.rule.forwards-external"]  # first page only


def test_the_forwarding_question_answered_yes_is_a_finding(graph) -> None:  # type: ignore[no-untyped-def]
    stub, server = graph
    stub.rules = []
    result = _run(server, answers={forwarding_step().question: "yes"})
    assert [f.code for f in result.findings] == ["mail.forwarding.external"]
    result = _run(server, answers={forwarding_step().question: "no"})
    assert result.status is Status.CLEAN


def test_automatic_replies_switched_on(graph) -> None:  # type: ignore[no-untyped-def]
    stub, server = graph
    stub.rules = []
    stub.replies = {
        "status": "alwaysEnabled",
        "externalAudience": "all",
        "externalReplyMessage": "I have a new number",
    }
    result = _run(server)
    assert [f.code for f in result.findings] == ["mail.auto-reply.on"]


@pytest.mark.parametrize("status, words", [(401, "cybercheck login outlook"), (403, "MailboxSettings.Read")])
def test_refusals_are_plain_failures(graph, status: int, words: str) -> None:  # type: ignore[no-untyped-def]
    stub, server = graph
    stub.queued["messageRules"] = [graph_error(status)]
    result = _run(server)
    assert result.status is Status.FAILED
    assert words in result.problem.plain
    assert GOOD_TOKEN not in repr(result)


def test_throttling_is_retried_and_outages_fail_plainly(graph) -> None:  # type: ignore[no-untyped-def]
    stub, server = graph
    stub.queued["messageRules"] = [graph_error(429)]
    assert _run(server).status is Status.FOUND
    stub.queued["mailboxSettings"] = [graph_error(503)] * 6
    result = _run(server)
    assert result.status is Status.FAILED and "Try again later" in result.problem.plain


def test_unreadable_folder_names_are_a_gap_not_a_failure(graph) -> None:  # type: ignore[no-untyped-def]
    stub, server = graph
    stub.folders = {}
    stub.well_known = {}
    result = _run(server)
    assert any("folders" in gap for gap in result.gaps)
    hidden = next(f for f in result.findings if f.code == "mail.rule.hides-security")
    assert hidden.evidence[0].fields["this action"].startswith("moves it to")


def test_device_code_login_waits_for_the_person(graph) -> None:  # type: ignore[no-untyped-def]
    from checks.mail.sources.microsoft_login import login

    stub, server = graph
    stub.device_polls = [{"error": "authorization_pending"}, {"error": "slow_down"}]
    env = make_env(
        inputs={"outlook-client-id": "11111111-2222-3333-4444-555555555555"},
        endpoints={"microsoft-login": server.url},
    )
    said: list[str] = []
    slept: list[float] = []
    secret = login(env, said.append, sleep=slept.append)
    blob = json.loads(secret.reveal())
    assert blob["refresh_token"] == REFRESH_TOKEN and blob["tenant"] == "common"
    assert "FTP8DQ7BC" in said[0]
    assert slept == [0.0, 0.0, 5.0]  # slow_down adds five seconds
    polls = [r for r in server.requests if r.path == "/common/oauth2/v2.0/token"]
    assert polls[0].form["grant_type"] == "urn:ietf:params:oauth:grant-type:device_code"
    first = next(r for r in server.requests if r.path.endswith("/devicecode"))
    assert "MailboxSettings.Read" in first.form["scope"] and "ReadWrite" not in first.form["scope"]


def test_an_expired_device_code_is_a_plain_refusal(graph) -> None:  # type: ignore[no-untyped-def]
    from checks.mail.sources.microsoft_login import login

    stub, server = graph
    stub.device_polls = [{"error": "expired_token", "error_description": "AADSTS70020"}]
    env = make_env(inputs={"outlook-client-id": "abc"}, endpoints={"microsoft-login": server.url})
    with pytest.raises(Refused) as caught:
        login(env, lambda text: None, sleep=lambda s: None)
    assert "cybercheck login outlook" in caught.value.plain


def test_an_expired_token_is_refreshed_with_its_scope(graph) -> None:  # type: ignore[no-untyped-def]
    _stub, server = graph
    blob = json.dumps(
        {
            "access_token": "old",
            "refresh_token": REFRESH_TOKEN,
            "expires_at": 1,
            "client_id": "abc",
            "tenant": "consumers",
            "scope": "x",
            "send_scope_on_refresh": "yes",
        }
    )
    result = _run(server, secrets={"outlook-token": blob})
    assert result.status is Status.FOUND
    refresh = next(r for r in server.requests if r.path == "/consumers/oauth2/v2.0/token")
    assert refresh.form["scope"] == "x"
