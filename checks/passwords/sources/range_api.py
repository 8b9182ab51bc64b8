"""Pwned Passwords range API: how often each password was seen, sending only five characters of its hash.

SHA-1 is computed here; each distinct five-character prefix is asked for once, with the
`Add-Padding: true` header, and the many requests go out side by side over the shared
session. Nothing from a response is ever written anywhere: a cache of prefixes would tell
someone with access to the computer which hashes were checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from checks.passwords.hashing import sha1_hex
from checks.passwords.records import Lookup
from cybercheck.errors import DamagedInput, SourceError
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    import requests

    from cybercheck.pipeline.context import ProgressTask

DEFAULT_URL = "https://api.pwnedpasswords.com"
PREFIX = 5
WORKERS = 32  # the session's connection pool holds 32
MANY = 10  # from this many requests on, a progress bar is shown
_LINE = re.compile(r"^([0-9A-Fa-f]+):([0-9]+)$")


def parse_range(body: bytes, *, suffix_length: int = 35) -> dict[str, int]:
    """A range body (`SUFFIX:COUNT` lines, CRLF or LF, maybe a BOM) -> upper-case suffix -> count.

    Padding lines (count 0) are left out. DamagedInput when a line is not of that form, since
    a garbled body cannot be trusted to say that a password is absent.
    """
    try:
        decoded = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DamagedInput(_garbled(), detail="range body is not UTF-8") from None
    counts: dict[str, int] = {}
    lines = 0
    for raw in decoded.splitlines():
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        match = _LINE.match(line)
        if match is None or len(match.group(1)) != suffix_length:
            raise DamagedInput(_garbled(), detail=f"unexpected line {lines + 1} in a range body")
        lines += 1
        count = int(match.group(2))
        if count:
            counts[match.group(1).upper()] = count
    if not lines:
        raise DamagedInput(_garbled(), detail="empty range body")
    return counts


def _garbled() -> str:
    return text("passwords.hibp-garbled")


def range_counts(
    session: requests.Session,
    base_url: str,
    passwords: Sequence[Secret],
    *,
    workers: int = WORKERS,
    start_progress: Callable[[int], ProgressTask] | None = None,
) -> Lookup:
    """How often each password was seen in breaches, by asking the range API once per distinct prefix.

    `start_progress(total)` is called with the number of requests when there are many.
    """
    hashes = [sha1_hex(p) for p in passwords]
    prefixes = sorted({h[:PREFIX] for h in hashes})
    ranges: dict[str, dict[str, int] | SourceError] = {}
    task = start_progress(len(prefixes)) if start_progress and len(prefixes) >= MANY else None

    def fetch(prefix: str) -> tuple[str, dict[str, int] | SourceError]:
        try:
            return prefix, _fetch_range(session, base_url, prefix)
        except SourceError as error:
            return prefix, error
        finally:
            if task is not None:
                task.advance()

    try:
        if prefixes:
            with ThreadPoolExecutor(
                max_workers=max(1, min(workers, len(prefixes))), thread_name_prefix="pwned"
            ) as pool:
                for prefix, result in pool.map(fetch, prefixes):
                    ranges[prefix] = result
    finally:
        if task is not None:
            task.close()
    counts: list[int | None] = []
    failed: list[int] = []
    problems: dict[str, None] = {}
    for position, full in enumerate(hashes):
        result = ranges[full[:PREFIX]]
        if isinstance(result, SourceError):
            counts.append(None)
            failed.append(position)
            problems.setdefault(result.plain, None)
        else:
            counts.append(result.get(full[PREFIX:], 0))
    return Lookup(tuple(counts), tuple(problems), tuple(failed))


def _fetch_range(session: requests.Session, base_url: str, prefix: str) -> dict[str, int]:
    from cybercheck.net import request

    response = request(
        session,
        "GET",
        f"{base_url}/range/{prefix}",
        service=text("passwords.hibp"),
        headers={"Add-Padding": "true"},
    )
    if response.status_code != 200:
        raise DamagedInput(_garbled(), detail=f"HTTP {response.status_code} for a range request")
    return parse_range(response.content)
