"""The incident diary: the fields police and courts look for, CSV and a printable page, the reminder, sealed at rest."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cybercheck.casework.diary import FIELDS, DiaryEntry, new_entry, to_csv, to_html
from cybercheck.pipeline.words import text

from guided_helpers import plaintext_hits, run_cli

WHEN = datetime(2026, 11, 30, 21, 15, tzinfo=timezone.utc)
REMINDER = str(text("cybercheck.diary-reminder"))


def test_the_fields_are_those_writing_md_names() -> None:
    labels = [f.label for f in FIELDS]
    for wanted in ("Date", "Time", "Place", "What happened", "Links and usernames", "Witnesses", "Report numbers",
                   "How it made you feel", "How it changed your daily life"):
        assert wanted in labels


def test_date_and_what_happened_are_needed() -> None:
    with pytest.raises(ValueError):
        new_entry({"date": "2026-11-30"}, written=WHEN)
    entry = new_entry({"date": "2026-11-30", "what": "Messages quoted back to me"}, written=WHEN)
    assert entry.written == "2026-11-30 21:15 UTC"


def test_csv_has_every_field_the_reminder_and_no_formulas() -> None:
    entry = DiaryEntry(date="2026-11-30", what="=HYPERLINK(\"http://x\")", links="@someone", feelings="Frightened")
    rows = list(csv.reader(io.StringIO(to_csv([entry]))))
    assert rows[0][: len(FIELDS)] == [f.label for f in FIELDS]
    assert rows[1][FIELDS.index(next(f for f in FIELDS if f.key == "what"))].startswith("'=")
    assert rows[1][FIELDS.index(next(f for f in FIELDS if f.key == "links"))] == "'@someone"
    assert REMINDER in rows[-1][0]


def test_the_printable_page_is_self_contained_and_escaped() -> None:
    page = to_html([DiaryEntry(date="2026-11-30", what="<script>alert(1)</script>")], case="C-1")
    assert REMINDER in page and "<script>" not in page and "&lt;script&gt;" in page
    assert "<link" not in page and "src=" not in page and "<script" not in page


def test_diary_commands_keep_entries_sealed_and_export(
    tmp_path: Path, passphrases: dict[str, str], isolated_user_folders: dict[str, Path]
) -> None:
    run_cli("case", "new", "D-1")
    code, _, err = run_cli("diary", "add", "--case", "D-1", "--date", "2026-11-29", "--what", "Car followed me home",
                           "--feelings", "Scared to go out", "--daily-life", "I now take a taxi to work")
    assert code == 0 and REMINDER in err
    assert plaintext_hits([isolated_user_folders["data"]], ["Car followed me home", "taxi"]) == []
    code, out, _ = run_cli("diary", "list", "--case", "D-1")
    assert "Car followed me home" in out and REMINDER in out
    run_cli("diary", "export", "--case", "D-1", "--output", str(tmp_path / "diary.csv"))
    assert "I now take a taxi to work" in (tmp_path / "diary.csv").read_text(encoding="utf-8")
    run_cli("diary", "export", "--case", "D-1", "--output", str(tmp_path / "diary.html"), "--seal")
    sealed = tmp_path / "diary.html.zip"
    assert sealed.is_file() and b"taxi" not in sealed.read_bytes()
    code, _, err = run_cli("diary", "add", "--case", "D-1", "--date", "2026-11-30")
    assert code == 2 and "What happened" in err
