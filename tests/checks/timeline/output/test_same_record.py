"""The record of a small mixed input is the record it has always been: the reading (every event, gap,
note and judgement) and the HTML rows, CSV and JSON match saved copies exactly.

The saved copies (golden/) were made before the reading and writing were made faster, so any change
in what is read or written shows here. When the record is meant to change, remake them with
CYBERCHECK_REMAKE_GOLDEN=1 and read the difference before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import asdict, fields, is_dataclass
from datetime import date, datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from checks.timeline import helper, parallel, store
from checks.timeline.output import log
from checks.timeline.api import TimelineInput, build_timeline
from checks.timeline.output.make import default_reader, in_date_order
from checks.timeline.output.write import TimelineRun, write_record
from checks.timeline.run import parse_about
from cybercheck.pipeline.model import CheckResult, Evidence, Finding, Severity
from cybercheck.report.build import build_report
from cybercheck.report.json_report import render_json

REAL = Path(__file__).resolve().parents[3] / "realworld" / "timeline"
GOLDEN = Path(__file__).resolve().parent / "golden"
REMAKE = os.environ.get("CYBERCHECK_REMAKE_GOLDEN") == "1"
ABOUT = "Alex, +44 7700 900123, alex@example.com, Dmitry S, John Doe, sender@example.com, Elon Musk"
STOP = datetime(2022, 3, 27, 21, 45, tzinfo=timezone.utc)
ZONE = ZoneInfo("Europe/London")


def _chat() -> bytes:
    """A day-first Android chat with what a long chat meets: several lines, media, calls, damage."""
    lines = [
        "not a message line before the first date",
        "03/04/2021, 09:15 - Messages and calls are end-to-end encrypted. Tap to learn more.",
        "03/04/2021, 09:16 - Alex: hello <b>&\"'</b>",
        "03/04/2021, 09:17 - Sam: =SUM(1+2)",
        "03/04/2021, 09:18 - Alex: +44 7700 900123",
        "03/04/2021, 09:18 - Alex: I know where you live",
        "a second line of that message",
        "",
        "and a third after a blank one",
        "03/04/2021, 23:30 - Alex: Missed voice call",
        "04/04/2021, 00:05 - Alex: <Media omitted>",
        "04/04/2021, 00:06 - Alex: IMG-20210404-WA0001.jpg (file attached)",
        "04/04/2021, 00:07 - Alex: -starts with a minus",
        "31/04/2021, 10:00 - Alex: a date that cannot be",
        "05/04/2021, 10:00 - Alex: \u200eyou blocked this contact",
        "05/04/2021, 10:01 - You blocked this contact. Tap to unblock.",
        "28/03/2021, 01:30 - Alex: in the hour the clocks skip",
        "13/04/2021, 18:00 - Alex: where are you",
        "13/04/2021, 18:01 - Alex: 😊 answer me",
    ]
    for minute in range(35):  # a burst of unanswered messages within an hour
        lines.append(f"20/04/2021, 22:{minute:02d} - Alex: why are you ignoring me {minute}")
    lines.append("21/04/2021, 07:00 - Sam: please stop")
    text = "\n".join(lines).encode("utf-8")
    return text.replace(b"a second line", b"a second \xff line") + b"\n"


def _other_chats(folder: Path) -> None:
    """Date orders decided by the sequence, mixed, and line ends and encodings other than UTF-8 with \\n."""
    sequence = ["01/02/21, 10:00 - Alex: one", "01/03/21, 10:00 - Alex: two", "02/01/21, 10:00 - Alex: three"]
    sequence += ["02/03/21, 10:00 - Alex: four", "03/01/21, 10:00 - Alex: five"]
    (folder / "WhatsApp Chat with Alex sequence.txt").write_text("\n".join(sequence) + "\n", encoding="utf-8")
    mixed = "13/01/2021, 10:00 - Alex: day first\n01/14/2021, 10:00 - Alex: month first\n"
    (folder / "WhatsApp Chat with Alex mixed.txt").write_text(mixed, encoding="utf-8")
    crlf = "[15/02/2021, 10:00:01] Alex: carriage\r\nreturns\r\n[15/02/2021, 10:00:02] Alex: x\r\n"
    (folder / "WhatsApp Chat with Alex crlf.txt").write_bytes(crlf.encode("utf-8"))
    wide = "16/02/2021, 10:00 - Alex: wide text\n17/02/2021, 10:00 - Alex: \u0645\n"
    (folder / "WhatsApp Chat with Alex utf16.txt").write_bytes(wide.encode("utf-16"))


def _sms() -> str:
    rows = []
    for index in range(12):
        ms = 1618000000000 + index * 3_600_000
        kind = 2 if index % 4 == 3 else 1
        body = ("Answer me &amp; &lt;now&gt;", "=HYPERLINK(&quot;x&quot;)", "call me back", "ok")[index % 4]
        rows.append(
            f'  <sms protocol="0" address="+44 7700 900123" date="{ms}" type="{kind}" subject="null" '
            f'body="{body}" read="1" status="-1" contact_name="Alex" />'
        )
    rows.append(
        '  <call number="07700900123" duration="0" date="1618100000000" type="3" contact_name="Alex" />'
    )
    rows.append(
        '  <sms protocol="0" address="+447700900999" date="1618000000500" type="1" body="someone else" />'
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        '<smses count="14">\n' + "\n".join(rows) + "\n  <sms date=\n</smses>\n"
    )


def _mbox() -> str:
    mails = []
    for index, (sender, zone) in enumerate(
        (
            ("Alex <alex@example.com>", "+0200"),
            ("Other <other@example.net>", "+0000"),
            ("alex@example.com", "-0500"),
        )
    ):
        mails.append(
            f"From alex@example.com Mon Apr 12 10:0{index}:00 2021\n"
            f"From: {sender}\nTo: Sam <sam@example.org>, Kim <kim@example.org>\n"
            f"Date: Mon, 12 Apr 2021 10:0{index}:00 {zone}\nSubject: =?utf-8?q?Hi_=C3=A9?=\n"
            f"Message-ID: <{index}@example.com>\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: quoted-printable\n\n"
            f"I know where you live =C3=A9 {index}\n\n"
        )
    return "".join(mails)


def _report(path: Path) -> None:
    finding = Finding(
        "mail.rule.forwards-external",
        Severity.HIGH,
        "Filter forwarding to someone@example.net",
        (
            Evidence(
                "Gmail filters", datetime(2021, 4, 12, 9, 30, tzinfo=timezone.utc), {"to": "x@example.net"}
            ),
        ),
    )
    result = CheckResult(check_id="mail.gmail", title="Gmail", area="accounts", findings=(finding,))
    report = build_report([result], generated_at=datetime(2021, 5, 1, tzinfo=timezone.utc), country="GB")
    path.write_text(render_json(report), encoding="utf-8")


@pytest.fixture
def exports(tmp_path: Path) -> dict[str, tuple[Path, ...]]:
    folder = tmp_path / "exports"
    chats = folder / "whatsapp"
    shutil.copytree(REAL / "whatsapp", chats)
    (chats / "WhatsApp Chat with Alex.txt").write_bytes(_chat())
    _other_chats(chats)
    (folder / "sms.xml").write_text(_sms(), encoding="utf-8")
    shutil.copy(REAL / "sms" / "sms-20240115.xml", folder / "sms-20240115.xml")
    shutil.copy(REAL / "sms" / "calls-20240115.xml", folder / "calls-20240115.xml")
    (folder / "mail.mbox").write_text(_mbox(), encoding="utf-8")
    shutil.copy(REAL / "mail" / "takeout-style.mbox", folder / "takeout.mbox")
    shutil.copy(REAL / "telegram" / "chatminer-batch.json", folder / "telegram.json")
    _report(folder / "scan.json")
    return {
        "whatsapp": (chats,),
        "sms": (folder / "sms.xml", folder / "sms-20240115.xml", folder / "calls-20240115.xml"),
        "mbox": (folder / "mail.mbox", folder / "takeout.mbox"),
        "telegram": (folder / "telegram.json",),
        "report": (folder / "scan.json",),
    }


def _plain(value: Any) -> Any:
    """Any record as JSON-able data, field by field (so every field is compared)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat() + (f" {value.tzinfo}" if isinstance(value, datetime) else "")
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or (hasattr(value, "__iter__") and not isinstance(value, str)):
        return [_plain(v) for v in value]
    return value


def _normal(text: str, root: Path) -> str:
    return text.replace(str(root), "<exports>")


def _compare(name: str, made: str) -> None:
    path = GOLDEN / name
    if REMAKE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(made.encode("utf-8"))
        return
    saved = path.read_bytes().decode("utf-8")
    if made != saved:  # the first differing line, rather than pytest's diff of two long texts
        for number, (a, b) in enumerate(zip(made.splitlines(), saved.splitlines(), strict=False), 1):
            assert a == b, f"{name}, line {number}"
        assert made == saved, f"{name}: {len(made)} characters, saved {len(saved)}"


@pytest.fixture(params=[None, 7], ids=["in-memory", "in-runs"])
def limit(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[int | None]:
    """Both ways of keeping the events: all in memory, and in sorted runs on disk merged back."""
    if request.param is not None:
        monkeypatch.setattr(store, "MEMORY_LIMIT", request.param)
    yield request.param


@pytest.fixture(params=["here", "shared-out"])
def where(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[tuple[str, bool]]]:
    """Everything done in this process; and the inputs shared out to two helpers, and the log written
    in two halves, the second by a helper (each must send back what it did, not leave it to this one).
    Gives the (job, whether it came back) of each helper."""
    helpers: list[tuple[str, bool]] = []
    if request.param == "shared-out":
        monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
        monkeypatch.setattr(log, "SPLIT_FROM", 0)
        monkeypatch.setattr(store, "_BATCH", 5)  # batches small enough to cut the small log between
        monkeypatch.setattr(helper, "cores", lambda: 3)
        start, result = helper.start, helper.result
        jobs: dict[int, str] = {}

        def started(job: str, work: object) -> helper.Helper:
            process = start(job, work)
            jobs[id(process)] = job
            return process

        def came(process: helper.Helper) -> Any:
            done = result(process)
            helpers.append((jobs[id(process)], done is not None))
            return done

        monkeypatch.setattr(helper, "start", started)
        monkeypatch.setattr(helper, "result", came)
    yield helpers


def test_the_reading_is_unchanged(
    exports: dict[str, tuple[Path, ...]], limit: int | None, where: list[tuple[str, bool]]
) -> None:
    from checks.timeline.output.make import reader_kind

    about = parse_about([ABOUT])
    items = [TimelineInput(reader_kind(k), p) for k, paths in exports.items() for p in paths]
    with build_timeline(items, about, asked_to_stop=STOP, local=ZONE) as result:
        data = {f.name: _plain(getattr(result, f.name)) for f in fields(result)}
    root = exports["report"][0].parent
    _compare(
        "reading.json", _normal(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True), root) + "\n"
    )
    assert where in ([], [("read", True), ("read", True)])


def test_the_record_is_unchanged(
    exports: dict[str, tuple[Path, ...]],
    limit: int | None,
    where: list[tuple[str, bool]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    about = parse_about([ABOUT])
    read = default_reader(exports, about, {"asked-to-stop": STOP, "blocked": None})
    run = TimelineRun(
        about=about,
        events=in_date_order(read.streams),
        results=read.results,
        sources=read.sources,
        started=datetime(2026, 1, 1, tzinfo=timezone.utc),
        country="GB",
        threats=read.threats,
    )
    out = tmp_path / "record" / "timeline.html"
    out.parent.mkdir()
    written = write_record(run, out, public_key=None, key_fingerprint=None)
    root = exports["report"][0].parent
    html = out.read_text(encoding="utf-8")
    rows = "".join(line + "\n" for line in html.splitlines() if line.startswith('<tr id="row-'))
    _compare("record-rows.html", _normal(rows, root))
    _compare("record.csv", _normal(out.with_suffix(".csv").read_bytes().decode("utf-8"), root))
    data = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    timeline = data["timeline"]
    timeline.pop("finished")
    kept = {
        "timeline": timeline,
        "findings": [f for r in data["results"] for f in r.get("findings", [])],
        "evidence_files": data["evidence_files"],
    }
    text = json.dumps(kept, indent=1, ensure_ascii=False, sort_keys=True)
    _compare("record.json", _normal(text, root) + "\n")
    assert written.tally.contacts > 50
    assert asdict(written.tally)["replies"] > 5
    assert where in ([], [("read", True), ("read", True), ("write", True)])
