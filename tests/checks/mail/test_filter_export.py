"""Gmail's own filter export (mailFilters.xml) through mail.takeout, and files that are neither export."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.mail.checks import TakeoutMail
from checks.mail.sources.file_kind import file_kind
from checks.mail.sources.gmail_filter_export import filter_export_read
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.model import Severity, Status
from cybercheck.testing import run

REAL = Path(__file__).parents[2] / "realworld" / "mail"
HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'"
    " xmlns:apps='http://schemas.google.com/apps/2006'>\n<title>Mail Filters</title>\n"
)


def _feed(*entries: dict[str, str]) -> str:
    body = "".join(
        "<entry><category term='filter'></category><title>Mail Filter</title><content></content>"
        + "".join(f"<apps:property name='{k}' value='{v}'/>" for k, v in entry.items())
        + "</entry>\n"
        for entry in entries
    )
    return f"{HEAD}{body}</feed>\n"


def _write(tmp_path: Path, text: str, name: str = "mailFilters.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_real_export_is_read_filter_by_filter() -> None:
    read = filter_export_read(REAL / "awesome-gmail-filters-mailFilters.xml")
    assert len(read.rules) == 8 and not read.gaps
    assert "8 filters in Gmail's filter export" in read.looked_at[0]
    first = read.rules[0]
    assert [c.value for c in first.conditions] == ["*@app.rainforestqa.com"]
    assert "<apps:property name='from' value='*@app.rainforestqa.com'/>" in first.raw  # as Gmail wrote it


def test_a_forward_and_binned_security_mail_are_found(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _feed(
            {"from": "bank.example", "forwardTo": "spy@evil.example", "sizeOperator": "s_sl"},
            {"subject": "security alert", "shouldTrash": "true", "shouldMarkAsRead": "true"},
        ),
    )
    result = run(TakeoutMail, inputs={"takeout": path})
    assert sorted((f.code, f.severity) for f in result.findings) == [
        ("mail.rule.forwards-external", Severity.HIGH),
        ("mail.rule.hides-security", Severity.URGENT),
    ]
    assert result.status is Status.FOUND


def test_a_setting_it_does_not_know_is_a_gap_naming_the_filter(tmp_path: Path) -> None:
    path = _write(tmp_path, _feed({"from": "a@b.example", "shouldTeleport": "true"}))
    result = run(TakeoutMail, inputs={"takeout": path})
    assert result.status is Status.INCOMPLETE
    assert any("filter 1" in g and "shouldTeleport" in g for g in result.gaps)


def test_a_canned_response_is_an_automatic_reply(tmp_path: Path) -> None:
    path = _write(tmp_path, _feed({"to": "me@example.org", "cannedResponse": "tag:mail.google.com,2009:x"}))
    assert [f.code for f in run(TakeoutMail, inputs={"takeout": path}).findings] == ["mail.auto-reply.on"]


def test_a_cut_off_export_is_damaged_and_says_how_to_export_again(tmp_path: Path) -> None:
    text = _feed({"from": "a@b.example", "forwardTo": "x@evil.example"})
    path = _write(tmp_path, text[: len(text) // 2])
    result = run(TakeoutMail, inputs={"takeout": path})
    assert result.status is Status.FAILED
    assert result.problem is not None and "Export" in result.problem.plain


def test_entities_are_refused_unread(tmp_path: Path) -> None:
    text = HEAD.replace("<feed", '<!DOCTYPE feed [<!ENTITY a "aaaa">]>\n<feed') + "</feed>"
    with pytest.raises(DamagedInput):
        filter_export_read(_write(tmp_path, text))


@pytest.mark.parametrize(
    ("content", "name", "kind", "words"),
    [
        (b"From a@b Mon Dec  7 10:00:00 2026\nSubject: x\n\nhi\n", "All mail.mbox", "mbox", "mailbox file"),
        (b"%PDF-1.7\n", "report.pdf", "pdf", "PDF"),
        (b"!BDN\x00\x00", "outlook.pst", "pst", "Outlook data file"),
        (b'{"filter": []}', "Filters.json", "json", "JSON"),
        (b'require "fileinto";\n', "rules.sieve", None, "does not know what kind"),
    ],
)
def test_other_files_are_named_not_called_damaged(
    tmp_path: Path, content: bytes, name: str, kind: str | None, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert file_kind(path) == kind
    result = run(TakeoutMail, inputs={"takeout": path})
    assert result.status is Status.FAILED and result.problem is not None
    assert words in result.problem.plain and "damaged" not in result.problem.plain
    assert "takeout.google.com" in result.problem.plain or "mailFilters.xml" in result.problem.plain


def test_only_a_zip_that_is_cut_off_is_called_damaged(tmp_path: Path) -> None:
    whole = tmp_path / "takeout.zip"
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("Takeout/Mail/User Settings/Filters.json", '{"filter": []}' * 200)
    cut = tmp_path / "takeout-cut.zip"
    cut.write_bytes(whole.read_bytes()[:200])
    assert file_kind(cut) == "zip-damaged"
    result = run(TakeoutMail, inputs={"takeout": cut})
    assert result.problem is not None and "damaged or only partly downloaded" in result.problem.plain


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_the_reader_copes_with_any_bytes(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mailFilters.xml"
        path.write_bytes(HEAD.encode() + data)
        with contextlib.suppress(DamagedInput):
            filter_export_read(path)
        file_kind(path)
