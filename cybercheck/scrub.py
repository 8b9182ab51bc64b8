"""Every secret this process holds, so that no text it keeps or shows can carry one.

A server's error text may repeat the request it was sent, token and all; a hostile one may
put it in a rule name. Errors, problems, coverage lines and evidence are scrubbed of every
secret value before they are kept, shown or saved. The values are held in memory only, as
the secrets themselves already are.
"""

from __future__ import annotations

import threading
from urllib.parse import quote, quote_plus

SHORTEST = 4  # shorter values are too common in ordinary text to scrub without garbling it
MASK = "***"

_held: set[str] = set()
_lock = threading.Lock()


def hold(value: str) -> None:
    """Remember a secret value (and the forms it takes in a web address or form) for scrubbing."""
    if len(value) < SHORTEST:
        return
    with _lock:
        _held.update({value, quote(value, safe=""), quote_plus(value)})


def scrub(text: str) -> str:
    """`text` with every held secret value masked."""
    if not _held or not text:
        return text
    with _lock:
        values = sorted(_held, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
    return text
