"""Google Takeout: the Access Log Activity (every access with address, device, product) and Devices.

Pure functions from an open export to records. Columns are found by their header, so that
the several generations of the files (and a re-save with another delimiter) all read.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import Any

from checks.common.csv_records import well_formed
from checks.sessions.places import country_code
from checks.sessions.records import AccountMethod, EventKind, LoginEvent, MethodKind
from checks.sessions.sources.csv_stream import Decoded, csv_header, csv_rows, memo_rows
from checks.sessions.sources.notes import Notes
from checks.sessions.sources.times import parse_time
from cybercheck.archive import Export
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text
from cybercheck.yamldata import load_yaml

PROVIDER = "Google"
MAX_CSV_HEADERS = 400
_from_iso = datetime.fromisoformat
_new = tuple.__new__


@lru_cache(maxsize=1)
def _layout() -> dict[str, Any]:
    """The column headers and cell labels of Takeout's files (data/google_takeout.yaml)."""
    data = (
        resources.files("checks.sessions").joinpath("data", "google_takeout.yaml").read_text(encoding="utf-8")
    )
    layout: dict[str, Any] = load_yaml(data)
    return layout


@lru_cache(maxsize=2)
def _wanted(table: str) -> dict[str, tuple[str, ...]]:
    return {key: tuple(options) for key, options in _layout()[table].items()}


def _columns(header: list[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    found: dict[str, int] = {}
    for key, options in wanted.items():
        for option in options:
            if option in names:
                found[key] = names.index(option)
                break
    return found


def _kind_of_csv(header: list[str]) -> str:
    activity = _columns(header, _wanted("activity_columns"))
    if "time" in activity and ("ip" in activity or "agent" in activity):
        return "activities"
    device = _columns(header, _wanted("device_columns"))
    if "type" in device and ("brand" in device or "model" in device or "os" in device):
        return "devices"
    return ""


def access_log_files(export: Export, notes: Notes) -> dict[str, str]:
    """CSV members that are access-log activities or devices, recognised by their header."""
    found: dict[str, str] = {}
    candidates = sorted(export.find(".csv"), key=lambda n: ("access" not in n.lower(), n))
    for name in candidates[:MAX_CSV_HEADERS]:
        try:
            with Decoded(export, name) as decoded:
                line = decoded.text.readline()
        except (DamagedInput, UnicodeError):
            if "access log" in name.lower():
                notes.not_understood(name, text("sessions.why-unopened"))
            continue
        header, delimiter = csv_header(io.StringIO(line))
        kind = _kind_of_csv(header)
        if kind and not well_formed([line], delimiter):  # a quote opened in the header: the columns ran on
            notes.not_understood(name, text("sessions.why-not-takeout-columns"))
        elif kind:
            found[name] = kind
        elif "access log" in name.lower():
            notes.not_understood(name, text("sessions.why-not-takeout-columns"))
    return found


def takeout_records(export: Export, notes: Notes) -> Iterator[LoginEvent | AccountMethod]:
    """Every access and device of a Takeout export, then its recovery email and phone."""
    return chain(takeout_events(export, notes), takeout_methods(export, notes))


def takeout_events(export: Export, notes: Notes) -> Iterator[LoginEvent]:
    """Every access and device the Access Log Activity of a Takeout export lists."""
    return chain.from_iterable(_each_file(export, notes))  # NOTE: chained in C: one less step per row


def _each_file(export: Export, notes: Notes) -> Iterator[Iterator[LoginEvent]]:
    for name, kind in access_log_files(export, notes).items():
        yield _activities(export, name, notes) if kind == "activities" else _devices(export, name, notes)


def _activities(export: Export, name: str, notes: Notes) -> Iterator[LoginEvent]:
    with Decoded(export, name) as decoded:
        header, delimiter = csv_header(decoded.text)
        at = _columns(header, _wanted("activity_columns"))
        if "time" not in at:
            notes.not_understood(name, text("sessions.why-no-time-column"))
            return
        width = max(at.values()) + 1
        source = f"{export.path.name}: {name}"
        if _undecoded(header):  # a column name that is not text: that column may have been missed
            notes.undecoded(name)

        undecoded: dict[int, list[object]] = {}  # rows read with bytes that were not text
        same: dict[str, str] = {}  # one string object for each distinct value: far less memory to walk

        def event_of(row: list[str]) -> list[object] | None:
            """Every field of the row's LoginEvent but its time, in order, or None for a row too short."""
            if len(row) < width or not_one_record(row, len(header)):
                return None
            if len(same) > 100_000:
                same.clear()
            account, ip, kind, place, country, device, app = (
                same.setdefault(v, v) if isinstance(v, str) else v for v in _parts(row, at)
            )
            fields: list[object] = [PROVIDER, account, None, kind, ip, place, country, device, app, False]
            fields.append(source)
            if _undecoded(row) and len(undecoded) < 100_000:
                undecoded[id(fields)] = fields  # kept, so that the id stays this list's
            return fields

        for stamp, fields in memo_rows(decoded.text, delimiter, at["time"], event_of, columns=len(header)):
            # NOTE: "2026-03-11 02:49:39 UTC" is by far the commonest form, and fromisoformat reads it fastest.
            if stamp[19:] == " UTC" and "2000" <= stamp < "2100":
                try:
                    when = _from_iso(stamp[:19] + "+00:00")
                except ValueError:
                    when = None
            else:
                when = parse_time(stamp)
            if fields is None or when is None:
                notes.skip(name)
                continue
            # NOTE: the fields are shared by every row with the same rest, and copied into each new LoginEvent
            # at once; tuple.__new__ does that without NamedTuple's Python-level __new__ (half the cost, per row).
            if undecoded and id(fields) in undecoded:
                notes.undecoded(name)
            fields[2] = when
            yield _new(LoginEvent, fields)


def not_one_record(row: list[str], columns: int, *, breaks: bool = True) -> bool:
    """A row that is not one whole record: fewer or more cells than the header (rows run together by damage,
    or a header that lost columns: even empty cells past the header's, since Takeout writes every cell and
    no more), or (with `breaks`) a line break inside a cell, which no access-log cell has."""
    if len(row) != columns:
        return True
    return breaks and any("\n" in cell or "\r" in cell for cell in row)


def _undecoded(row: list[str]) -> bool:
    """Whether the row held bytes that were not text (read as U+FFFD, or a NUL)."""
    return any("\ufffd" in cell or "\x00" in cell for cell in row)


def _parts(row: list[str], at: dict[str, int]) -> tuple[str, str, EventKind, str, str, str, str]:
    """What one row says apart from its time: account, address, kind, place, country, device, app."""

    def cell(key: str) -> str:
        return row[at[key]].strip() if key in at else ""

    agent = cell("agent") or " ".join(p for p in (cell("device_model"), cell("device_type")) if p)
    place = ", ".join(dict.fromkeys(p for p in (cell("city"), cell("region"), cell("country")) if p))
    app = ", ".join(p for p in (cell("product"), cell("subproduct"), cell("channel")) if p)
    return (
        cell("account"),
        cell("ip"),
        _activity_kind(cell("type")),
        place,
        _country(cell("country")),
        agent,
        app,
    )


def _country(value: str) -> str:
    if len(value) == 2 and value.isalpha():
        return value.upper()
    return country_code(value) if value else ""


def _activity_kind(activity: str) -> EventKind:
    lowered = activity.lower()
    if not lowered:
        return EventKind.ACCESS
    if "fail" in lowered or "wrong" in lowered:
        return EventKind.FAILED
    if "password" in lowered:
        return EventKind.PASSWORD_RESET
    if "out" in lowered:
        return EventKind.SIGN_OUT
    if "sign" in lowered or "log" in lowered:
        return EventKind.SIGN_IN
    return EventKind.ACCESS


@lru_cache(maxsize=1)
def _location_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns for the country code and the time in a device's last-location cell."""
    labels = _layout()["location_labels"]
    return (
        re.compile(re.escape(labels["country"]) + r"\s*:\s*([A-Za-z]{2})"),
        re.compile(re.escape(labels["time"]) + r"\s*:\s*(.+)"),
    )


def _devices(export: Export, name: str, notes: Notes) -> Iterator[LoginEvent]:
    with Decoded(export, name) as decoded:
        header, rows = csv_rows(decoded.text, name)
        if _undecoded(header):
            notes.undecoded(name)
        at = _columns(header, _wanted("device_columns"))
        if not at:
            notes.not_understood(name, text("sessions.why-not-takeout-columns"))
            return
        country_pattern, time_pattern = _location_patterns()
        for row in rows:
            if row is None or len(row) <= max(at.values()) or not_one_record(row, len(header), breaks=False):
                if row is None or any(row) or 0 < len(row) != len(header):
                    notes.skip(name)
                continue
            if _undecoded(row):
                notes.undecoded(name)
            cell = {key: row[index].strip() for key, index in at.items()}
            location = cell.get("location", "")
            found_country = country_pattern.search(location)
            found_time = time_pattern.search(location)
            when = parse_time(cell.get("last", "")) or (
                parse_time(found_time.group(1).strip()) if found_time else None
            )
            label = cell.get("marketing") or " ".join(
                p for p in (cell.get("brand", ""), cell.get("model", "")) if p
            )
            system = cell.get("os", "")
            if label and system:
                device: str = text("sessions.device-model", name=label, model=system)
            else:
                device = label or system or cell.get("type", "")
            yield LoginEvent(
                provider=PROVIDER,
                account=cell.get("account", ""),
                when=when,
                kind=EventKind.SESSION,
                country=found_country.group(1).upper() if found_country else "",
                device=device,
                app=cell.get("type", ""),
                active=True,
                source=f"{export.path.name}: {name}",
            )


_RECOVERY = re.compile(
    r"(recovery|backup|alternate)[^:<>\n]{0,40}(e-?mail|sms|phone)[^:<>\n]{0,20}:\s*([^<>\n]{3,120})",
    re.IGNORECASE,
)


def takeout_methods(export: Export, notes: Notes) -> Iterator[AccountMethod]:
    """Recovery email and phone from the Google Account subscriber information, where Takeout has it."""
    for name in export.find("subscriberinfo.html"):
        try:
            page = html.unescape(re.sub(r"<[^>]+>", "\n", export.read_text(name, limit=8 * 1024**2)))
        except DamagedInput as error:
            notes.gaps.append(error.plain)
            continue
        account = name.rsplit("/", 1)[-1].split(".SubscriberInfo", 1)[0]
        for found in _RECOVERY.finditer(page):
            value = found.group(3).strip()
            kind = (
                MethodKind.RECOVERY_EMAIL if "mail" in found.group(2).lower() else MethodKind.RECOVERY_PHONE
            )
            if value and value.lower() not in ("none", "-", "n/a"):
                yield AccountMethod(
                    PROVIDER,
                    account,
                    kind,
                    value,
                    detail=found.group(0).split(":")[0].strip(),
                    source=f"{export.path.name}: {name}",
                )
