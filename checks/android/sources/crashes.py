"""Crashes and "not responding" records in a bug report: which processes crashed, and when.

A bug report's main text holds them in four shapes, read here from the same pass over its lines:
- dropbox entries (`dumpsys dropbox`, and the "DROPBOX ... CRASHES" sections that print them
  whole): a header "2024-01-05 11:22:33 data_app_crash (text, 2345 bytes)" and, on the next lines
  or in a one-line summary, "Process: com.example.app";
- the event log: "01-05 11:22:33.123 ... am_crash: [pid,user,com.example.app,...]" and `am_anr`;
- the crash log: "... AndroidRuntime: Process: com.example.app, PID: 1234" after a fatal exception;
- native crashes: "... DEBUG : pid: 1234, tid: 1234, name: x  >>> com.example.app <<<".
The zip also holds tombstone files (FS/data/tombstones/tombstone_NN), each the report of one
native crash, read by `tombstone`. Times are as the phone wrote them, in its own time zone (a
tombstone's carries its offset from UTC).
"""

from __future__ import annotations

import re
from datetime import datetime

from checks.android.records import Crash

DROPBOX_TAGS = {
    "data_app_crash": "crash",
    "system_app_crash": "crash",
    "data_app_anr": "anr",
    "system_app_anr": "anr",
    "data_app_native_crash": "native crash",
    "system_app_native_crash": "native crash",
    "SYSTEM_TOMBSTONE": "native crash",
}
_DROPBOX = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.\d+)? (" + "|".join(DROPBOX_TAGS) + r") \(",
)
_PROCESS = re.compile(r"(?:^\s*|/)Process: ([^\s/,]+)")  # its own line, or one of a summary's "/" parts
_UID = re.compile(r"(?:^\s*|/)UID: (\d+)")
_NATIVE = re.compile(r"\bpid: \d+, tid: \d+, name: .*?>>> (\S+) <<<")
_LOG_TIME = re.compile(r"^(\d\d-\d\d \d\d:\d\d:\d\d)\.\d+\s")
_EVENT = re.compile(r"\s(am_crash|am_anr)\s*:\s*\[([^\]]*)\]?")
_CRASH_LOG = re.compile(r"\sAndroidRuntime\s*:\s*Process: ([^,\s]+), PID: \d+")
_REPORT_TIME = re.compile(r"^== dumpstate: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")
PENDING_LINES = 12  # how far below a dropbox header its "Process:" line may be


class CrashReader:
    """Takes a bug report's lines one at a time and keeps the crashes they record."""

    def __init__(self) -> None:
        self.crashes: list[Crash] = []
        self.report_time: datetime | None = None  # from "== dumpstate: ...": the year of log lines
        self._pending: tuple[str, datetime | None] | None = None  # a dropbox header awaiting its process
        self._pending_uid: int | None = None
        self._left = 0

    def take(self, line: str) -> None:
        """Read one line."""
        if self._pending is not None:
            self._in_entry(line)
        if line[:1] == "2" and " (" in line:
            header = _DROPBOX.match(line)
            if header:
                self._pending = (DROPBOX_TAGS[header.group(2)], _clock(header.group(1)))
                self._pending_uid, self._left = None, PENDING_LINES
                return
        if line[:2] == "==" and self.report_time is None:
            found = _REPORT_TIME.match(line)
            if found:
                self.report_time = _clock(found.group(1))
            return
        if "am_crash" in line or "am_anr" in line:
            self._event(line)
        elif "AndroidRuntime" in line and "Process: " in line:
            found = _CRASH_LOG.search(line)
            if found:
                self._add(found.group(1), "crash", "crash log", self._log_time(line))
        elif ">>> " in line and " DEBUG" in line:
            found = _NATIVE.search(line)
            if found:
                self._add(found.group(1), "native crash", "crash log", self._log_time(line))

    def _in_entry(self, line: str) -> None:
        assert self._pending is not None
        kind, when = self._pending
        self._left -= 1
        uid = _UID.search(line)
        if uid:
            self._pending_uid = int(uid.group(1))
        process = _PROCESS.search(line)
        native = _NATIVE.search(line) if process is None and ">>> " in line else None
        name = process.group(1) if process else native.group(1) if native else None
        if name:
            self._add(name, kind, "dropbox", when, self._pending_uid)
            self._pending = None
        elif self._left <= 0 or line.startswith("===="):
            self._pending = None

    def _event(self, line: str) -> None:
        found = _EVENT.search(line)
        if not found:
            return
        fields = found.group(2).split(",")
        if len(fields) >= 3 and fields[2].strip():
            kind = "crash" if found.group(1) == "am_crash" else "anr"
            self._add(fields[2].strip(), kind, "event log", self._log_time(line))

    def _log_time(self, line: str) -> datetime | None:
        found = _LOG_TIME.match(line)
        if not found or self.report_time is None:
            return None
        year = self.report_time.year
        moment = _clock(f"{year:04d}-{found.group(1)}")
        if moment is not None and moment > self.report_time.replace(hour=23, minute=59, second=59):
            moment = _clock(f"{year - 1:04d}-{found.group(1)}")  # last year's lines
        return moment

    def _add(
        self, process: str, kind: str, where: str, when: datetime | None, uid: int | None = None
    ) -> None:
        name = process.strip().strip("'\"")
        if name and len(name) <= 256:
            self.crashes.append(Crash(name, kind, where, when, uid))


_TOMBSTONE_PROCESS = re.compile(r"^pid: \d+, tid: \d+, name: .*?>>> (.+?) <<<")
_TOMBSTONE_UID = re.compile(r"^uid: (\d+)")
_TOMBSTONE_TIME = re.compile(r"^Timestamp: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.\d+)?([+-]\d{4})?")


def tombstone(content: str) -> Crash | None:
    """The native crash a text tombstone reports (the first "pid: ... >>> process <<<" line), or None."""
    process: str | None = None
    uid: int | None = None
    when: datetime | None = None
    for line in content.splitlines()[:200]:
        if process is None and (found := _TOMBSTONE_PROCESS.match(line)):
            process = found.group(1).strip()
        elif uid is None and (found := _TOMBSTONE_UID.match(line)):
            uid = int(found.group(1))
        elif when is None and (found := _TOMBSTONE_TIME.match(line)):
            if found.group(2):  # with the phone's offset from UTC at the time
                when = _time(found.group(1) + found.group(2), "%Y-%m-%d %H:%M:%S%z")
            else:
                when = _clock(found.group(1))
    if not process:
        return None
    return Crash(process, "native crash", "tombstone", when, uid)


def _clock(value: str) -> datetime | None:
    """ "YYYY-MM-DD HH:MM:SS" (its digits already matched), without strptime's cost: a phone keeps 1,000 crash records."""
    try:
        return datetime(
            int(value[0:4]),
            int(value[5:7]),
            int(value[8:10]),
            int(value[11:13]),
            int(value[14:16]),
            int(value[17:19]),
        )
    except ValueError:
        return None


def _time(value: str, layout: str) -> datetime | None:
    try:
        return datetime.strptime(value, layout)
    except ValueError:
        return None
