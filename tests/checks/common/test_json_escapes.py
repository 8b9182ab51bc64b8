"""Lone surrogate escapes found in JSON read a chunk at a time, whatever the chunks: a pair is never one."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.common.json_escapes import LoneEscapes

PIECES = st.sampled_from(
    ["a", '"', "\\\\", "\\ud83d\\ude00", "\\ud800\\udc00", "\\ud800", "\\udc00", "\\u0041", " "]
)


def _lone(text: str) -> bool:
    """The truth: whether json.loads makes a lone surrogate of it."""
    value = json.loads('"' + text.replace('"', "") + '"')
    return any(0xD800 <= ord(c) <= 0xDFFF for c in value)


def _fed(data: bytes, cuts: list[int]) -> bool:
    finder = LoneEscapes()
    at = 0
    for cut in [*sorted(set(cuts)), len(data)]:
        if cut > at:
            if finder.feed(data[at:cut]):
                return True
            at = cut
    return finder.feed(b"")


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(PIECES, max_size=12), cuts=st.lists(st.integers(0, 120), max_size=8))
def test_a_lone_escape_is_found_and_a_pair_is_not_however_the_text_is_cut(
    pieces: list[str], cuts: list[int]
) -> None:
    text = "".join(pieces).replace('"', "")
    data = text.encode()
    assert _fed(data, [c for c in cuts if c < len(data)]) is _lone(text)


def test_a_pair_whose_second_half_starts_the_kept_end_is_not_lone() -> None:
    data = json.dumps({"User Agent": {"href": None, "value": "\U00010000"}}).encode()  # ends \udc00"}}
    assert _fed(data, []) is False
