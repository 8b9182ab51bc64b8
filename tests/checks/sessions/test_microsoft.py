"""sessions.microsoft against a loopback Graph: methods, paging, personal accounts, expired sign-ins."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from checks.sessions.checks import MicrosoftMethods
from cybercheck.pipeline.model import Status
from cybercheck.testing import run

_spec = importlib.util.spec_from_file_location(
    "sessions_graph", Path(__file__).parents[2] / "servers" / "sessions_graph.py"
)
graph = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(graph)  # type: ignore[union-attr]


@pytest.fixture
def server(request):
    running, base = graph.serve(getattr(request, "param", "work"))
    yield base
    running.shutdown()


def test_methods_are_read_across_pages_and_the_unknown_ones_reported(server, tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("method: +47 912 34 567\n")
    result = run(
        MicrosoftMethods,
        inputs={"known": known, "owner": "me@example.org"},
        endpoints={"graph": server},
        secrets={"outlook-token": graph.TOKEN},
    )
    assert result.problem is None and result.status is Status.FOUND
    assert [f.evidence[0].fields["method"] for f in result.findings] == ["Unknown Pixel 7"]
    assert "Unknown Pixel 7" in result.memory["methods"]
    assert "4 sign-in and recovery methods" in result.looked_at[0]
    assert graph.TOKEN not in repr(result)


def test_no_token_means_not_run_with_the_guided_steps():
    result = run(MicrosoftMethods, secrets={})
    assert result.status is Status.NOT_RUN and "account.microsoft.com" in result.unmet[0]


@pytest.mark.parametrize("server", ["personal"], indirect=True)
def test_a_personal_account_gets_the_menu_path(server):
    result = run(MicrosoftMethods, endpoints={"graph": server}, secrets={"outlook-token": graph.TOKEN})
    assert result.status is Status.INCOMPLETE and "Manage how I sign in" in result.gaps[0]


@pytest.mark.parametrize("server", ["expired"], indirect=True)
def test_an_expired_sign_in_says_to_sign_in_again(server):
    result = run(MicrosoftMethods, endpoints={"graph": server}, secrets={"outlook-token": graph.TOKEN})
    assert result.status is Status.NOT_RUN and "cybercheck login outlook" in result.unmet[0]
    assert graph.TOKEN not in repr(result)


def test_an_unreachable_graph_is_a_plain_failure():
    result = run(
        MicrosoftMethods, endpoints={"graph": "http://127.0.0.1:9"}, secrets={"outlook-token": graph.TOKEN}
    )
    assert result.status is Status.FAILED and "Microsoft Graph" in result.problem.plain
    assert graph.TOKEN not in repr(result)


def _stored_sign_in(refresh_token: str) -> str:
    """What `cybercheck login outlook` keeps: an access token that has expired, and its refresh token."""
    import json

    return json.dumps(
        {
            "access_token": "old",
            "refresh_token": refresh_token,
            "expires_at": 1,
            "client_id": "id",
            "tenant": "common",
        }
    )


def test_the_stored_outlook_sign_in_is_renewed_in_memory_and_its_access_token_used(server):
    result = run(
        MicrosoftMethods,
        endpoints={"graph": server, "microsoft-login": server},
        secrets={"outlook-token": _stored_sign_in(graph.REFRESH_TOKEN)},
    )
    assert result.problem is None and result.status is Status.FOUND, (result.problem, result.unmet)
    assert graph.REFRESH_TOKEN not in repr(result) and graph.TOKEN not in repr(result)


def test_a_sign_in_that_cannot_be_renewed_says_to_sign_in_again(server):
    result = run(
        MicrosoftMethods,
        endpoints={"graph": server, "microsoft-login": server},
        secrets={"outlook-token": _stored_sign_in("withdrawn")},
    )
    assert result.status is Status.NOT_RUN and "cybercheck login outlook" in result.unmet[0]


def test_a_sign_in_server_that_is_busy_is_a_plain_failure_never_clean(server):
    result = run(
        MicrosoftMethods,
        endpoints={"graph": server, "microsoft-login": "http://127.0.0.1:9"},
        secrets={"outlook-token": _stored_sign_in(graph.REFRESH_TOKEN)},
        timeout=1,
    )
    assert result.status is Status.FAILED and "fault in its own code" not in result.problem.plain
