"""Damaged and hostile exports: a plain message, partial results, never a traceback or a hang."""

from __future__ import annotations

import json
import zipfile

from checks.sessions.checks import FacebookSessions, GoogleSessions
from cybercheck.pipeline.model import Status
from cybercheck.testing import run

from .conftest import FIXTURES, make_zip

GOOD_CSV = (FIXTURES / "takeout-2023" / "Activities - A list of Google services accessed by.csv").read_bytes()
LOG = "Takeout/Access Log Activity/Activities - A list of Google services accessed by.csv"


def check_partial(result, *words):
    assert result.problem is None, result.problem
    assert result.status in (Status.FOUND, Status.INCOMPLETE)
    text = " ".join(result.gaps)
    for word in words:
        assert word in text, (word, result.gaps)
    assert "Traceback" not in text and "Error:" not in text


def test_zip_slip_names_are_refused_and_the_rest_is_read(tmp_path):
    archive = make_zip(
        tmp_path / "takeout.zip",
        {LOG: GOOD_CSV, "../../evil.csv": GOOD_CSV, "/etc/evil.csv": GOOD_CSV, "C:/evil.csv": GOOD_CSV},
    )
    result = run(GoogleSessions, inputs={"takeout": archive})
    check_partial(result, "reach outside the export")
    assert result.looked_at[0].startswith("3 sign-ins")


def test_a_thousand_to_one_compression_bomb_is_refused(tmp_path):
    bomb = b"0" * (3 * 1024 * 1024)
    archive = make_zip(tmp_path / "takeout.zip", {LOG: GOOD_CSV, "Takeout/Drive/big.csv": bomb})
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("Takeout/Drive/big.csv")
        assert info.file_size / info.compress_size > 900
    result = run(GoogleSessions, inputs={"takeout": archive})
    check_partial(result, "zip bomb")
    assert result.looked_at[0].startswith("3 sign-ins")


def test_a_truncated_zip_is_named_and_the_other_export_still_read(tmp_path):
    whole = make_zip(tmp_path / "whole.zip", {LOG: GOOD_CSV * 20})
    cut = tmp_path / "takeout-002.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    result = run(GoogleSessions, inputs={"takeout": [cut, FIXTURES / "takeout-2023"]})
    check_partial(result, "takeout-002.zip", "damaged")
    assert result.looked_at[0].startswith("3 sign-ins")


def test_a_member_cut_short_inside_a_readable_zip(tmp_path):
    big = GOOD_CSV + b"".join(GOOD_CSV.splitlines(keepends=True)[1:] * 4000)
    whole = make_zip(tmp_path / "t.zip", {LOG: big})
    data = bytearray(whole.read_bytes())
    with zipfile.ZipFile(whole) as z:
        info = z.getinfo(LOG)
    start = info.header_offset + 30 + len(LOG.encode()) + 2000
    data[start : start + 64] = b"\x00" * 64  # corrupt the deflate stream in the middle
    whole.write_bytes(bytes(data))
    result = run(GoogleSessions, inputs={"takeout": whole})
    check_partial(result)
    assert result.gaps


def test_a_zip_inside_the_zip_is_refused(tmp_path):
    inner = make_zip(tmp_path / "inner.zip", {LOG: GOOD_CSV}).read_bytes()
    archive = make_zip(tmp_path / "takeout.zip", {"Takeout/inner.zip": inner, LOG: GOOD_CSV})
    check_partial(run(GoogleSessions, inputs={"takeout": archive}), "archive inside the export")


def test_a_csv_that_is_not_utf8_still_reads(tmp_path):
    latin = GOOD_CSV.replace(b"San Jose", "Tromsø".encode("latin-1"))
    folder = tmp_path / "t" / "Takeout" / "Access Log Activity"
    folder.mkdir(parents=True)
    (folder / "Activities - A list of Google services accessed by.csv").write_bytes(latin)
    result = run(GoogleSessions, inputs={"takeout": tmp_path / "t"})
    assert result.problem is None and result.looked_at[0].startswith("3 sign-ins")


def test_utf16_and_semicolons_from_a_spreadsheet_resave(tmp_path):
    text = GOOD_CSV.decode().replace(",", ";")
    archive = make_zip(tmp_path / "t.zip", {LOG: text.encode("utf-16")})
    result = run(GoogleSessions, inputs={"takeout": archive})
    assert result.problem is None and result.looked_at[0].startswith("3 sign-ins")


def test_missing_columns_are_named(tmp_path):
    archive = make_zip(
        tmp_path / "t.zip",
        {
            LOG: "Gaia ID,Something Else\n1,2\n",
            "Takeout/Access Log Activity/Activities - copy.csv": GOOD_CSV,
        },
    )
    result = run(GoogleSessions, inputs={"takeout": archive})
    check_partial(result, "was not understood")
    assert result.looked_at[0].startswith("3 sign-ins")


def test_short_rows_are_counted_not_fatal(tmp_path):
    archive = make_zip(
        tmp_path / "t.zip", {LOG: GOOD_CSV + b"111,2026-03-11 02:49:39 UTC\nnot a time at all,,,,,,,,,,,,\n"}
    )
    check_partial(run(GoogleSessions, inputs={"takeout": archive}), "2 rows")


def test_a_json_file_that_is_an_html_error_page(tmp_path):
    good = (FIXTURES / "facebook-v2" / "logins_and_logouts.json").read_text()
    archive = make_zip(
        tmp_path / "facebook-me.zip",
        {
            "security_and_login_information/where_you're_logged_in.json": "<!DOCTYPE html><html><body>Sorry, something went wrong.</body></html>",
            "security_and_login_information/logins_and_logouts.json": good,
        },
    )
    result = run(FacebookSessions, inputs={"facebook": archive})
    check_partial(result, "web page")
    assert result.looked_at[0].startswith("2 sign-ins")


def test_truncated_json_keeps_the_records_before_the_cut(tmp_path):
    rows = [{"action": "Login", "timestamp": 1700000000 + i, "ip_address": "192.0.2.1"} for i in range(50)]
    text = json.dumps({"account_accesses_v2": rows})
    archive = make_zip(tmp_path / "facebook-me.zip", {"logins_and_logouts.json": text[: len(text) // 2]})
    result = run(FacebookSessions, inputs={"facebook": archive})
    check_partial(result, "cut short")
    assert 20 <= int(result.looked_at[0].split()[0]) < 50


def test_an_export_downloaded_as_html_says_to_choose_json(tmp_path):
    archive = make_zip(
        tmp_path / "facebook-me.zip",
        {"security_and_login_information/logins_and_logouts.html": "<html></html>"},
    )
    check_partial(run(FacebookSessions, inputs={"facebook": archive}), "JSON format")


def test_a_file_that_is_not_an_export_at_all(tmp_path):
    junk = tmp_path / "takeout.zip"
    junk.write_bytes(b"this is not a zip file" * 100)
    result = run(GoogleSessions, inputs={"takeout": junk})
    assert result.problem is None and result.status is Status.INCOMPLETE and "takeout.zip" in result.gaps[0]


def test_an_export_with_none_of_the_files(tmp_path):
    archive = make_zip(tmp_path / "takeout.zip", {"Takeout/Photos/a.json": "{}"})
    result = run(GoogleSessions, inputs={"takeout": archive})
    assert result.status is Status.INCOMPLETE and "Access Log Activity" in result.gaps[-1]
