"""Text from outside, made safe to keep and show: no secret that was sent anywhere, nothing that cannot be printed.

A server's error text may repeat the request it was sent, token and all; a hostile one may
put it in a rule name. Every credential a request carries (net.py holds them as they are
sent; other protocols call `hold`) and every secret given as an input is held here, and
errors, problems, coverage lines and evidence are scrubbed of them before they are kept,
shown or saved. The values are held in memory only, as the secrets themselves already are.
Passwords that are only hashed on this computer are never held, so a weak one such as
"password" cannot blank out ordinary words.

Records also carry whatever their files held: lone surrogates that no file can be written
in, control characters that would drive a terminal, and direction marks that make a name
read backwards. Those are shown as visible code points instead.
"""

from __future__ import annotations

import re
import threading
from functools import cache

SHORTEST = 8  # shorter values are too common in ordinary text to scrub without garbling it
MASK = "***"

_held: set[str] = set()
_lock = threading.Lock()


def hold(value: str) -> None:
    """Remember a secret value (and the forms it takes in a web address or form) for scrubbing."""
    if len(value) < SHORTEST:
        return
    from urllib.parse import quote, quote_plus  # NOTE: here, not at the top: every start would pay for it

    with _lock:
        _held.update({value, quote(value, safe=""), quote_plus(value)})


@cache
def _unprintable() -> re.Pattern[str]:
    # C0 and C1 controls but tab, newline and a carriage return ending a line; lone surrogates;
    # direction overrides and isolates. Compiled on first use: it costs start-up time otherwise.
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def _visible(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


def scrub(text: str) -> str:
    """`text` with every held secret value masked and every unprintable character made visible."""
    if _unprintable().search(text):
        text = _unprintable().sub(_visible, text)
    if not _held or not text:
        return text
    with _lock:
        values = sorted(_held, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
    return text
