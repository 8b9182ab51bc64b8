"""Reads a DNS log into name records: a Pi-hole or dnsmasq query log, or a plain list of names.

dnsmasq with `log-queries` writes syslog-style lines (Pi-hole's /var/log/pihole/pihole.log is
the same format, written by its embedded dnsmasq):

    Dec  1 10:00:01 dnsmasq[812]: query[A] api.example.com from 192.168.1.23
    Dec  1 10:00:01 dnsmasq[812]: reply api.example.com is 203.0.113.7
    Dec  1 10:00:01 pihole-FTL[812]: gravity blocked ads.example.net is 0.0.0.0

and with `log-queries=extra` puts a serial number and client before `query[...]`. A plain list
has one name per line; `#` starts a comment; hosts-file style lines ("0.0.0.0 name") are read too.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from checks.network.addresses import is_ip_text
from checks.network.records import NameSighting, TrafficRead
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

MAX_BYTES = 512 * 1024 * 1024
NameUse = list[Any]  # [count, first, last, addresses, clients], updated in place per line
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1
    )
}
_LOG_LINE = re.compile(
    r"^(?P<month>[A-Z][a-z]{2}) +(?P<day>\d{1,2}) (?P<time>\d\d:\d\d:\d\d) (?:\S+ )?"
    r"(?:dnsmasq|pihole-FTL)\[\d+\]: (?P<extra>\d+ \S+ )?(?P<what>.*)$"
)
_QUERY = re.compile(r"^query\[(?P<type>[A-Za-z0-9]+)\] (?P<name>\S+) from (?P<client>\S+)")
_REPLY = re.compile(
    r"^(?:reply|cached|cached-stale|config|/\S+|gravity blocked|regex blocked|exactly blocked|special domain)"
    r" (?P<name>\S+) is (?P<value>\S+)"
)
_FORWARDED = re.compile(r"^forwarded (?P<name>\S+) to [0-9A-Fa-f.:]+(?:#\d+)?$")  # an address, maybe #port
# The first word of every line dnsmasq writes about one query; such a line that does not then follow
# its pattern is damaged (dnsmasq's other lines, "started, version ..." and the like, are not queries).
_QUERY_VERBS = frozenset(
    {
        "query", "forwarded", "reply", "cached", "cached-stale", "config", "gravity", "regex", "exactly",
        "special", "validation", "dnssec-query", "dnssec-retry", "secure", "insecure", "bogus",
    }
)  # fmt: skip
_FIRST_WORD = re.compile(r"^[^\s\[]*")
MAX_LINE = 4096  # dnsmasq's lines are a few hundred characters; far longer is damage
_PROGRAM = re.compile(r"^[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d (?:\S+ )?(?P<program>[\w./-]+)(?:\[\d+\])?: ")
_NOT_TEXT = re.compile(r"[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANOTHER_LINE = re.compile(r"[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d ")  # lines run together
# What dnsmasq writes in place of a name that is not printable text (DNS tunnels send such names).
UNPRINTABLE = "<name unprintable>"
_NAME = re.compile(r"^(?:[a-z0-9_](?:[a-z0-9_-]{0,62})?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62})?)*\.?$")


def _other_program(line: str) -> bool:
    """Whether a line that is not a DNS query or answer is a whole syslog line of another program
    (a cut-short or damaged dnsmasq line is not, nor one whose program name is a near miss of it)."""
    found = _PROGRAM.match(line)
    if found is None:
        return False
    program = found.group("program").lower()
    if program.startswith("dnsmasq-"):  # dnsmasq's DHCP, TFTP and script lines
        return True
    return not any(_near(program, ours) for ours in ("dnsmasq", "pihole-ftl"))


def _near(program: str, ours: str) -> bool:
    """A name one or two letters from `ours`, or the start of it: a damaged name, not another program."""
    from difflib import SequenceMatcher

    return (len(program) >= 3 and ours.startswith(program)) or SequenceMatcher(
        None, program, ours
    ).ratio() >= 0.75


def _damaged_query_line(match: re.Match[str]) -> bool:
    """A dnsmasq line about a query that does not follow its pattern."""
    what = match.group("what")
    verb = _FIRST_WORD.match(what)
    word = verb.group() if verb else ""
    if not match.group("extra") and word.isdigit():
        return True
    if word not in _QUERY_VERBS and not word.startswith("/"):
        return match.group("extra") is not None  # with a serial and client, only query lines are written
    return not (_QUERY.match(what) or _REPLY.match(what) or _FORWARDED.match(what) or word not in _CHECKED)


_CHECKED = frozenset(
    {
        "query",
        "forwarded",
        "reply",
        "cached",
        "cached-stale",
        "config",
        "gravity",
        "regex",
        "exactly",
        "special",
    }
)


def looks_like_name(candidate: str) -> bool:
    """Whether `candidate` is a DNS name (letters, digits, hyphens, underscores; at least one dot)."""
    return "." in candidate.strip(".") and len(candidate) <= 253 and bool(_NAME.match(candidate))


def looks_like_label(candidate: str) -> bool:
    """Whether `candidate` is a name of one label: the router's own host name, a printer, or the
    random words browsers look up to tell whether the network makes up answers. Normal on every
    home network; no list of servers names one, so it is read and passed over."""
    return "." not in candidate.strip(".") and len(candidate) <= 63 and bool(_NAME.match(candidate))


def read_dnslog(path: Path, *, now: datetime) -> TrafficRead:
    """Every name in a dnsmasq/Pi-hole log or a plain list; DamagedInput when it is neither.

    Syslog lines carry no year: each is dated in the year up to `now`.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or text("network.unreadable")
        raise DamagedInput(text("network.dnslog-unreadable", name=path.name, reason=reason)) from None
    if b"\x00" in data[:4096]:
        raise DamagedInput(text("network.dnslog-not-text", name=path.name))
    return parse_dnslog(
        data[:MAX_BYTES].decode("utf-8", "replace"), source=path.name, now=now, cut=len(data) > MAX_BYTES
    )


def parse_dnslog(content: str, *, source: str, now: datetime, cut: bool = False) -> TrafficRead:
    """Every name in the text of a DNS log (format detected from the lines themselves)."""
    lines = content.splitlines()
    syslog = sum(1 for line in lines[:200] if _LOG_LINE.match(line))
    if syslog:
        return _read_syslog(lines, source=text("network.dnslog-source", name=source), now=now, cut=cut)
    return _read_list(lines, source=text("network.list-source", name=source), cut=cut)


def _read_syslog(lines: list[str], *, source: str, now: datetime, cut: bool) -> TrafficRead:
    uses: dict[str, NameUse] = {}
    bad = 0
    unprintable = {"query": 0, "other": 0}
    first = last = None
    for line in lines:
        if len(line) > MAX_LINE:
            bad += 1
            continue
        match = _LOG_LINE.match(line)
        what = match.group("what").strip() if match else ""
        if match and UNPRINTABLE in what and not _NOT_TEXT.search(line):
            unprintable["query" if what.startswith("query[") else "other"] += 1
            continue
        if match and (
            not what or _NOT_TEXT.search(line) or _ANOTHER_LINE.search(what) or _damaged_query_line(match)
        ):  # cut short, or damaged
            bad += 1
            continue
        if not match:
            if line.strip() and not _other_program(line):  # other programs' lines are not damage
                bad += 1
            continue
        when = _when(match, now)
        if when is not None:
            first = when if first is None or when < first else first
            last = when if last is None or when > last else last
        what = match.group("what")
        query = _QUERY.match(what)
        if query:
            name = query.group("name").rstrip(".").lower()
            if not looks_like_name(name):
                bad += 0 if looks_like_label(name) else 1
                continue
            use = _use(uses, name, when)
            use[0] += 1
            if len(use[4]) < 32:
                use[4].add(query.group("client"))
            continue
        reply = _REPLY.match(what)
        if reply:
            name = reply.group("name").rstrip(".").lower()
            value = reply.group("value")
            if not looks_like_name(name):
                bad += 0 if looks_like_label(name) else 1
                continue
            use = _use(uses, name, when)  # a log without its query lines still names what was asked
            if is_ip_text(value) and len(use[3]) < 32:
                use[3].add(value)
    return TrafficRead(
        source=source,
        kind="dnslog",
        names=tuple(
            NameSighting(
                name=n,
                via="dns",
                count=u[0] or 1,
                first=u[1],
                last=u[2],
                addresses=tuple(sorted(u[3])),
                clients=tuple(sorted(u[4])),
            )
            for n, u in sorted(uses.items())
        ),
        items=len(lines),
        skipped_malformed=bad,
        file_truncated=cut,
        first=first,
        last=last,
        notes=_unprintable_note(unprintable["query"] or unprintable["other"], source),
    )


def _unprintable_note(count: int, source: str) -> tuple[str, ...]:
    """The names dnsmasq itself could not print: looked up, but unknown to anyone reading the log."""
    if not count:
        return ()
    return (
        text(
            "network.dnslog-unprintable-one" if count == 1 else "network.dnslog-unprintable",
            count=count,
            source=source,
        ),
    )


def _read_list(lines: list[str], *, source: str, cut: bool) -> TrafficRead:
    counts: dict[str, int] = {}
    bad = given = 0
    for line in lines:
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        given += 1
        if len(words) >= 2 and is_ip_text(words[0]):  # hosts-file style
            words = words[1:]
        elif len(words) > 1:  # a line of some other log, not a name
            bad += 1
            continue
        names = [word.rstrip(".").lower() for word in words]
        if not all(looks_like_name(name) or looks_like_label(name) for name in names):
            bad += 1
            continue
        for name in names:
            if looks_like_name(name):
                counts[name] = counts.get(name, 0) + 1
    if not counts:
        raise DamagedInput(text("network.dnslog-no-names", source=source))
    if bad * 2 > given:  # mostly lines of something else: words picked from them are not lookups
        raise DamagedInput(text("network.dnslog-not-a-log", source=source, lines=given, bad=bad))
    return TrafficRead(
        source=source,
        kind="dnslog",
        names=tuple(NameSighting(name=n, via="dns", count=c) for n, c in sorted(counts.items())),
        items=len(lines),
        skipped_malformed=bad,
        file_truncated=cut,
    )


def _use(uses: dict[str, NameUse], name: str, when: datetime | None) -> NameUse:
    use = uses.get(name)
    if use is None:
        use = uses[name] = [0, when, when, set(), set()]
    elif when is not None:
        if use[1] is None or when < use[1]:
            use[1] = when
        if use[2] is None or when > use[2]:
            use[2] = when
    return use


def _when(match: re.Match[str], now: datetime) -> datetime | None:
    try:
        hour, minute, second = (int(x) for x in match.group("time").split(":"))
        month, day = _MONTHS[match.group("month")], int(match.group("day"))
        when = datetime(now.year, month, day, hour, minute, second, tzinfo=timezone.utc)
        if when > now + timedelta(days=1):  # a December line read in January
            when = datetime(now.year - 1, month, day, hour, minute, second, tzinfo=timezone.utc)
        return when
    except (KeyError, ValueError):
        return None
