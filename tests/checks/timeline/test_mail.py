"""Mail: a real Gmail-export mbox, a real DKIM-signed mail, damage, the DKIM re-check's shape."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.timeline.records import Direction
from checks.timeline.sources.base import Reading
from checks.timeline.sources.mail import message_at, read_mail, reverify_dkim

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline" / "mail"


def read(path: Path, **kwargs: object) -> tuple[list, Reading]:
    reading = Reading.of(path, "mail")
    return list(read_mail(path, reading, **kwargs)), reading  # type: ignore[arg-type]


def test_takeout_style_mbox() -> None:
    path = SAMPLES / "takeout-style.mbox"
    events, reading = read(path, is_owner=lambda a: a == "recipient@example.com")
    assert not reading.gaps and len(events) == 4
    assert [e.thread for e in events] == ["Message 1", "Message 2", "Message 3", "Message 4"]
    lines = path.read_text(encoding="utf-8").splitlines()
    for event in events:
        number = int(event.source.locator.removeprefix("line "))
        assert lines[number - 1].startswith("From ")
    assert events[0].sender == "sender@example.com" and events[0].recipients == ("recipient@example.com",)
    assert events[0].direction is Direction.INCOMING
    assert events[1].attachments == ("Attachment.zip",)
    assert "Body of message 1." in events[0].content
    assert message_at(path, 1).startswith(b"MIME-Version")


def test_receiving_server_verdicts_are_kept_as_written() -> None:
    events, _ = read(SAMPLES / "gmail-dkim.eml")
    (mail,) = events
    assert mail.fields["auth.by"] == "mx.google.com"
    assert (mail.fields["auth.spf"], mail.fields["auth.dkim"], mail.fields["auth.dmarc"]) == (
        "pass",
        "pass",
        "pass",
    )
    assert mail.when == datetime(2015, 6, 11, 2, 5, 37, tzinfo=timezone.utc)
    assert mail.content.startswith("Testing verification of Google DKIM-Signature headers")


def test_mail_without_a_date_is_a_gap(tmp_path: Path) -> None:
    path = tmp_path / "x.eml"
    path.write_bytes(b"From: a@example.com\nSubject: hi\n\nbody\n")
    events, reading = read(path)
    assert events == [] and [g.key for g in reading.gaps] == ["timeline.date-impossible"]


def test_binary_garbage_is_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "junk.mbox"
    path.write_bytes(b"From x\n" + bytes(range(256)) * 50)
    events, reading = read(path)
    assert events == [] and reading.gaps


def test_dkim_recheck_says_when_and_needs_a_signature() -> None:
    now = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
    result = reverify_dkim(b"From: a@example.com\n\nhi\n", now=now)
    assert result == {"dkim.reverified": "none", "dkim.checked_at": "2026-12-07T12:00:00+00:00"}


def test_a_large_mail_is_parsed_up_to_its_text_and_its_later_attachments_named(tmp_path: Path) -> None:
    import base64

    blob = base64.encodebytes(b"\x00" * 600_000).decode()
    raw = (
        "From: Alex <alex@example.com>\nTo: sam@example.org\nSubject: photos\n"
        "Date: Mon, 15 Jan 2024 08:00:00 +0000\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nI know where you live\n'
        '--b\nContent-Type: image/jpeg; name="one.jpg"\nContent-Disposition: attachment; filename="one.jpg"\n'
        f"Content-Transfer-Encoding: base64\n\n{blob}\n"
        '--b\nContent-Type: image/jpeg\nContent-Disposition: attachment; filename="two.jpg"\n'
        f"Content-Transfer-Encoding: base64\n\n{blob}\n--b--\n"
    )
    path = tmp_path / "big.eml"
    path.write_text(raw, encoding="utf-8")
    (mail,), reading = read(path)
    assert not reading.gaps and "I know where you live" in mail.content
    assert mail.attachments == ("one.jpg", "two.jpg")
    assert message_at(path, 1) == raw.encode()  # read whole again for a DKIM re-check


_HEADER_NAMES = (
    "From",
    "To",
    "Cc",
    "Subject",
    "Date",
    "Message-ID",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Authentication-Results",
    "X-Other",
    "from",
    "SUBJECT",
)
_VALUES = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
_SPECIAL = st.sampled_from(
    [
        "Alex <alex@example.com>",
        "alex@example.com",
        '"Alex, A" <a@example.com>, b@example.com',
        "Tue, 02 Jan 2024 10:00:00 +0000",
        "text/plain",
        "text/plain; charset=utf-8",
        'text/plain; charset="latin-1"',
        "text/html",
        "multipart/mixed; boundary=x",
        "quoted-printable",
        "7bit",
        "base64",
        "=?utf-8?q?Caf=C3=A9?=",
        "mx.example.org; dkim=pass; spf=fail",
        "text/plain; name=a.txt",
        "TEXT/PLAIN; CHARSET=UTF-8",
    ]
)


@st.composite
def _mails(draw: st.DrawFn) -> bytes:
    end = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["Date: Tue, 02 Jan 2024 10:00:00 +0000"] if draw(st.integers(0, 4)) else []
    for _ in range(draw(st.integers(0, 8))):
        value = draw(st.one_of(_SPECIAL, _VALUES))
        lines.append(
            f"{draw(st.sampled_from(_HEADER_NAMES))}:{draw(st.sampled_from([' ', '', '  ', chr(9)]))}{value}"
        )
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from([" ", "\t"])) + draw(_VALUES))  # a folded line
    if draw(st.booleans()):
        lines.insert(
            draw(st.integers(0, len(lines))), draw(st.sampled_from(["not a header", "From x", ":", "Ünï: x"]))
        )
    body = draw(st.binary(max_size=60)) if draw(st.booleans()) else draw(_VALUES).encode()
    return (end.join(lines) + end + end).encode("utf-8") + body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mails())
def test_the_cheap_reader_reads_a_plain_mail_as_the_full_parser_does(raw: bytes) -> None:
    from checks.timeline.sources import mail

    reading = Reading(Path("m.eml"), "0" * 64, len(raw), "mail")
    fast = mail._event(raw, 1, reading, None)
    full_reading = Reading(Path("m.eml"), "0" * 64, len(raw), "mail")
    original = mail.plain_mail
    try:
        mail.plain_mail = lambda _: None  # type: ignore[assignment]  # the full parser only
        full = mail._event(raw, 1, full_reading, None)
    finally:
        mail.plain_mail = original  # type: ignore[assignment]
    assert fast == full
    assert reading.gaps == full_reading.gaps


_ZONES = st.integers(-14 * 60, 14 * 60).map(
    lambda m: f"{'-' if m < 0 else '+'}{abs(m) // 60:02d}{abs(m) % 60:02d}"
)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)),
    _ZONES | st.sampled_from(["-0000", "+0000", "+0099", "-0160", "GMT", "EST", "+01:00"]),
    st.sampled_from(
        ["%a, %d %b %Y %H:%M:%S", "%a, %d %b %Y %H:%M", "%d %b %Y %H:%M:%S", "%a, %-d %b %Y %H:%M:%S"]
    ),
    st.sampled_from(["", " ", "  ", "\r", " (UTC)"]),
    st.sampled_from(["", "31 ", "99:"]),
)
def test_a_date_header_is_read_as_the_standard_library_reads_it(
    when: datetime, zone: str, layout: str, end: str, swap: str
) -> None:
    from email.utils import parsedate_to_datetime

    from checks.timeline.sources.mail import mail_date

    text = f"{when:{layout}} {zone}{end}".replace("01 ", swap, 1) if swap else f"{when:{layout}} {zone}{end}"
    try:
        expected: object = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError) as error:
        expected = type(error)
    try:
        found: object = mail_date(text)
    except (TypeError, ValueError, IndexError) as error:
        found = type(error)
    assert found == expected
    if isinstance(found, datetime) and isinstance(expected, datetime):
        assert found.utcoffset() == expected.utcoffset() and (found.tzinfo is None) == (
            expected.tzinfo is None
        )
