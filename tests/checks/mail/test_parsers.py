"""Property tests: every reader of outside data gives records or a plain error, never a traceback."""

from __future__ import annotations

import socket

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.mail.sources.gmail import filter_rule
from checks.mail.sources.graph import message_rule
from checks.mail.sources.managesieve import ManageSieve
from cybercheck.errors import SourceError

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
_gmail_keys = st.sampled_from(
    ["id", "criteria", "action", "from", "query", "addLabelIds", "removeLabelIds", "forward"]
)
_graph_keys = st.sampled_from(
    ["displayName", "isEnabled", "conditions", "actions", "forwardTo", "moveToFolder", "delete"]
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_gmail_keys, _json | st.dictionaries(_gmail_keys, _json, max_size=4), max_size=5))
def test_any_gmail_filter_shape(item: dict) -> None:  # type: ignore[type-arg]
    filter_rule(item, source="s", index=0)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_graph_keys, _json | st.dictionaries(_graph_keys, _json, max_size=4), max_size=5))
def test_any_graph_rule_shape(item: dict) -> None:  # type: ignore[type-arg]
    message_rule(item, {})


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"OK",
                b"NO",
                b"BYE",
                b' "x"',
                b"{3}\r\n",
                b"{99999999}\r\n",
                b"\r\n",
                b"\xff",
                b"ACTIVE",
                b'"SASL" "PLAIN"',
            ]
        ),
        max_size=30,
    ).map(b"".join)
)
def test_any_server_answer_is_a_response_or_a_plain_error(data: bytes) -> None:
    ours, theirs = socket.socketpair()
    ours.settimeout(1.0)
    theirs.sendall(data)
    theirs.close()
    client = ManageSieve("test.invalid", timeout=1.0)
    client._sock = ours  # the wire only; no TLS needed to test the parser
    try:
        answer = client._response()
        assert answer.status in ("OK", "NO", "BYE")
    except SourceError as error:
        assert error.plain
    finally:
        ours.close()
