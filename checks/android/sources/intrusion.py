"""Android 16's Intrusion Logging export, as AndroidQF saves it (intrusion-logs/ in an acquisition).

Each file holds one JSON object a line, keyed by the kind of event: {"dns_event": {...}},
{"connect_event": {...}} or {"security_event": {...}}. DNS events carry `hostname`,
`ip_addresses`, `package_name` and `event_time` (milliseconds since 1970); connection events
`ip_address`, `port`, `package_name` and `event_time`; addresses are written as Java prints them
("/192.0.2.1"). This is the format of MVT's sample export (tests/realworld/android/mvt-intrusion-logs).
Lines that are not such objects are counted as damaged.

A few days of a busy phone are hundreds of thousands of lines, mostly the same names looked up
again and again. So files are read in large blocks, lines written exactly as the phone writes
network events are read with one regular expression (a line it matches is JSON whose values
are those it captured), repeats are folded into one record with their count, and only the
other lines go through the JSON parser.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from itertools import compress, islice
from operator import add, itemgetter, le
from pathlib import PurePosixPath
from typing import IO

from checks.android.records import IntrusionLog, NetworkEvent
from cybercheck.archive import Export
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

FOLDERS = ("intrusion-logs", "intrusion_logs")
BLOCK = 32 * 1024**2
LINE_LIMIT = 16 * 1024**2  # a "line" longer than this is damage, not an event

_INT = r"-?(?:0|[1-9][0-9]*)"


def _string(capture: bool) -> str:
    """A JSON string with no escapes: its text between the quotes is what JSON would read."""
    return r'"([^"\\\x00-\x1f]*)"' if capture else r'"[^"\\\x00-\x1f]*"'


def _dns_tail(capture: bool) -> str:
    listed = _string(False) + r"(?:," + _string(False) + r")*"
    addresses = f"({listed})?" if capture else f"(?:{listed})?"
    return (
        r'"package_name":'
        + _string(capture)
        + r',"hostname":'
        + _string(capture)
        + r',"ip_addresses":\['
        + addresses
        + r'\](?:,"ip_addresses_count":'
        + _INT
        + ")?"
    )


def _connect_tail(capture: bool) -> str:
    return r'"package_name":' + _string(capture) + r',"port":' + _INT + r',"ip_address":' + _string(capture)


# a network event as the phone writes it; groups: (time, what follows it) for DNS, then for connections
_NETWORK_LINE = re.compile(
    r'^(?:\{"dns_event":\{"event_id":'
    + _INT
    + r',"event_time":('
    + _INT
    + r"),("
    + _dns_tail(False)
    + r')\}\}|\{"connect_event":\{"event_id":'
    + _INT
    + r',"event_time":('
    + _INT
    + r"),("
    + _connect_tail(False)
    + r")\}\})$",
    re.MULTILINE,
)
# the same lines read fast: what follows the time is taken whole, and each distinct one is then
# held to _DNS_TAIL or _CONNECT_TAIL (a line whose rest is not in the grammar is read the strict way)
_NETWORK_LINE_FAST = re.compile(
    r'^(?:\{"dns_event":\{"event_id":' + _INT + r',"event_time":(' + _INT + r"),(.*)\}\}"
    r'|\{"connect_event":\{"event_id":' + _INT + r',"event_time":(' + _INT + r"),(.*)\}\})$",
    re.MULTILINE,
)
_DNS_TAIL = re.compile(_dns_tail(True))
_CONNECT_TAIL = re.compile(_connect_tail(True))
# milliseconds since 1970 that a datetime can hold (years 1 to 9999)
_EARLIEST, _LATEST = -62_135_596_800_000, 253_402_300_799_999

Key = tuple[str, str | None, str | None, tuple[str, ...]]  # kind, package, hostname, addresses


class Tally:
    """Events read so far: each (kind, app, name, addresses) with [count, first, last] in milliseconds."""

    def __init__(self) -> None:
        self.spans: dict[Key, list[int | float | None]] = {}
        self.seen: set[str] = set()  # daily files overlap: a line seen before is skipped
        self.other = 0
        self.damaged = 0
        self.keys: dict[str, Key] = {}  # what follows the time in a line -> its record key, once checked

    def add_text(self, block: str) -> None:
        """Every line of `block` (whole lines only)."""
        if "\r" in block:
            block = block.replace("\r\n", "\n").replace("\r", "\n")
        unique = dict.fromkeys(map(str.strip, block.split("\n")))
        unique.pop("", None)
        fresh = [line for line in unique if line not in self.seen] if self.seen else list(unique)
        self.seen.update(fresh)
        joined = "\n".join(fresh)
        pattern = _NETWORK_LINE_FAST
        rows = pattern.findall(joined)
        keys = _record_keys(rows, self.keys)
        if keys is None:  # some line looks like a network event but is not one as the phone writes it
            pattern = _NETWORK_LINE
            rows = pattern.findall(joined)
            keys = _record_keys(rows, self.keys)
            assert keys is not None
        if rows:
            self._add_rows(rows, keys)
        if len(rows) < len(fresh):
            for line in pattern.sub("", joined).split("\n"):
                if line:
                    self._add_json(line)

    def _add_rows(self, rows: list[tuple[str, str, str, str]], keys: Mapping[str, Key]) -> None:
        """Lines the regular expression read, counted and timed; without a loop in Python when in time order."""
        # (DNS time, DNS tail, connection time, connection tail): the other kind's two are empty
        tails = list(map(add, map(itemgetter(1), rows), map(itemgetter(3), rows)))
        times = list(map(int, map(add, map(itemgetter(0), rows), map(itemgetter(2), rows))))
        if min(times) >= _EARLIEST and max(times) <= _LATEST and all(map(le, times, islice(times, 1, None))):
            last = dict(zip(tails, times, strict=True))
            first = dict(zip(reversed(tails), reversed(times), strict=True))
            for tail, count in Counter(tails).items():
                self._merge(keys[tail], [count, first[tail], last[tail]])
            return
        spans: dict[str, list[int | float | None]] = {}
        for tail, moment in zip(tails, map(_millis, times), strict=True):
            span = spans.get(tail)
            if span is None:
                spans[tail] = [1, moment, moment]
            else:
                _widen(span, moment)
        for tail, span in spans.items():
            self._merge(keys[tail], span)

    def _add_json(self, line: str) -> None:
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            self.damaged += 1
            return
        if not isinstance(entry, dict) or not entry:
            self.damaged += 1
            return
        for kind, data in entry.items():
            if not isinstance(data, dict):
                self.damaged += 1
            elif kind == "dns_event":
                listed = data.get("ip_addresses")
                addresses = (
                    tuple(_address(a) for a in listed if isinstance(a, str))
                    if isinstance(listed, list)
                    else ()
                )
                key: Key = ("dns", _str(data, "package_name"), _str(data, "hostname"), addresses)
                self._merge(key, [1, *([_event_time(data)] * 2)])
            elif kind == "connect_event":
                found = _str(data, "ip_address")
                address = _address(found) if found else None
                key = ("connect", _str(data, "package_name"), None, (address,) if address else ())
                self._merge(key, [1, *([_event_time(data)] * 2)])
            else:
                self.other += 1

    def _merge(self, key: Key, span: list[int | float | None]) -> None:
        mine = self.spans.get(key)
        if mine is None:
            self.spans[key] = span
            return
        assert isinstance(span[0], int) and isinstance(mine[0], int)
        mine[0] += span[0]
        for moment in span[1:]:
            _widen(mine, moment, count=False)

    def events(self) -> tuple[NetworkEvent, ...]:
        """One record for each (kind, app, name, addresses), in the order first read."""
        found = []
        for (kind, package, hostname, addresses), (count, first, last) in self.spans.items():
            assert isinstance(count, int)
            found.append(
                NetworkEvent(
                    kind,
                    package,
                    hostname,
                    addresses,
                    _datetime(last),
                    count,
                    _datetime(first) if count > 1 else None,
                )
            )
        return tuple(found)


def _record_keys(rows: list[tuple[str, str, str, str]], known: dict[str, Key]) -> dict[str, Key] | None:
    """The record key of each distinct rest of line (added to `known`), or None when one is not in the grammar."""
    keys = known
    for tails, kind in (
        (set(compress(map(itemgetter(1), rows), map(itemgetter(0), rows))), "dns"),
        (set(compress(map(itemgetter(3), rows), map(itemgetter(2), rows))), "connect"),
    ):
        for tail in tails:
            if tail in keys and keys[tail][0] == kind:
                continue
            key = _record_key(kind, tail)
            if key is None:
                return None
            keys[tail] = key
    return keys


def _record_key(kind: str, tail: str) -> Key | None:
    """The record key of a line from what follows its time; None when that is not as the phone writes it."""
    if kind == "dns":
        dns = _DNS_TAIL.fullmatch(tail)
        if dns is None:
            return None
        package, hostname, addresses = dns.groups()
        listed = addresses[1:-1].split('","') if addresses else []
        return ("dns", package.strip() or None, hostname.strip() or None, tuple(_address(a) for a in listed))
    connect = _CONNECT_TAIL.fullmatch(tail)
    if connect is None:
        return None
    package, address = connect.groups()
    found = address.strip() or None
    connected = _address(found) if found else None
    return ("connect", package.strip() or None, None, (connected,) if connected else ())


def _widen(span: list[int | float | None], moment: int | float | None, count: bool = True) -> None:
    if count:
        assert isinstance(span[0], int)
        span[0] += 1
    if moment is None:
        return
    first, last = span[1], span[2]
    if first is None or moment < first:
        span[1] = moment
    if last is None or moment > last:
        span[2] = moment


def intrusion_files(export: Export) -> list[str]:
    """The text files under an intrusion-logs folder, at the top or one folder down."""
    return [
        n
        for n in export.names()
        if n.lower().endswith(".txt") and set(PurePosixPath(n).parts[:-1][:2]) & set(FOLDERS)
    ]


def read_intrusion(export: Export) -> tuple[IntrusionLog | None, list[str]]:
    """The export's intrusion log, or None when it has none; the gaps say what could not be read."""
    names = intrusion_files(export)
    refused = [r.name for r in export.refused if set(PurePosixPath(r.name).parts) & set(FOLDERS)]
    if not names and not refused:
        return None, []
    gaps: list[str] = [text("android.intrusion-refused", name=name) for name in refused]
    tally = Tally()
    for name in names:
        try:
            for block in blocks(export, name, tally):
                tally.add_text(block)
        except DamagedInput as error:
            gaps.append(error.plain)
    if tally.damaged:
        gaps.append(text("android.intrusion-damaged", count=tally.damaged))
    return IntrusionLog(tally.events(), tally.other, len(names)), gaps


def parse_text(content: str) -> Tally:
    """The events of one export file's text."""
    tally = Tally()
    tally.add_text(content)
    return tally


def blocks(export: Export, name: str, tally: Tally) -> Iterator[str]:
    """A member's text in blocks of whole lines; a line past LINE_LIMIT is counted as damaged and skipped."""
    with export.open(name) as stream:
        rest, encoding, skipping = b"", "utf-8-sig", False
        while chunk := _read(stream, name):
            if skipping:
                at = min((i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0), default=-1)
                if at < 0:
                    continue
                chunk, skipping = chunk[at + 1 :], False
            data = rest + chunk if rest else chunk
            cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
            rest = data[cut:]
            if cut:
                yield data[:cut].decode(encoding, errors="replace")
                encoding = "utf-8"
            if len(rest) > LINE_LIMIT:
                tally.damaged += 1
                rest, skipping = b"", True
        if rest:
            yield rest.decode(encoding, errors="replace")


def _read(stream: IO[bytes], name: str) -> bytes:
    try:
        return stream.read(BLOCK)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise DamagedInput(
            text("android.intrusion-cut-short", name=name), detail=f"{type(error).__name__}: {error}"
        ) from None


def _address(value: str) -> str:
    """An address as Java prints an InetAddress ("/192.0.2.1", "host/192.0.2.1") without its name part."""
    return value.rsplit("/", 1)[-1].strip()


def _str(data: dict[str, object], key: str) -> str | None:
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _event_time(data: dict[str, object]) -> int | float | None:
    value = data.get("event_time")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return _millis(value)


def _millis(value: int | float) -> int | float | None:
    return value if _EARLIEST <= value <= _LATEST else None


def _datetime(value: int | float | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
