"""Password-manager exports: each format from fixtures in its real layout, and damaged input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.passwords.sources.exports import read_export, read_export_bytes
from checks.passwords.sources.exports.reader import CSV_FORMATS, MAX_BYTES
from cybercheck.errors import DamagedInput
from cybercheck.secrets import Secret

REALWORLD = Path(__file__).resolve().parents[2] / "realworld" / "passwords"

CASES = [
    ("bitwarden.csv", "Bitwarden (CSV)", [("mail.example.com", "alice@example.com"), ("shop.example", "alice")], 4, 2),
    ("bitwarden-org.csv", "Bitwarden (CSV)", [("bank.example", "alice")], 1, 0),
    ("bitwarden.json", "Bitwarden (JSON)", [("mail.example.com", "alice@example.com"), ("Shop", "alice")], 3, 1),
    ("1password.csv", "1Password (CSV)", [("mail.example.com", "alice@example.com"), ("bank.example", "alice")], 2, 0),
    ("lastpass.csv", "LastPass (CSV)", [("mail.example.com", "alice@example.com"), ("bank.example", "alice")], 3, 1),
    ("lastpass-old.csv", "LastPass (CSV)", [("mail.example.com", "alice@example.com")], 1, 0),
    (
        "chrome.csv",
        "Chrome, Edge or another Chromium browser (CSV)",
        [("mail.example.com", "alice@example.com"), ("bank.example", "alice"), ("com.example.app", "alice")],
        3,
        0,
    ),
    ("edge.csv", "Chrome, Edge or another Chromium browser (CSV)", [("mail.example.com", "alice@example.com")], 1, 0),
    ("firefox.csv", "Firefox (CSV)", [("mail.example.com", "alice@example.com"), ("bank.example", "alice")], 2, 0),
    ("apple.csv", "Safari or Apple Passwords (CSV)", [("mail.example.com", "alice@example.com"), ("bank.example", "alice")], 2, 0),
    ("keepassxc.csv", "KeePassXC (CSV)", [("mail.example.com", "alice@example.com"), ("bank.example", "alice")], 2, 0),
    ("keepassxc-old.csv", "KeePassXC (CSV)", [("mail.example.com", "alice@example.com")], 1, 0),
    ("dashlane.csv", "Dashlane (CSV)", [("mail.example.com", "alice@example.com"), ("bank.example", "alice")], 2, 0),
    (
        "protonpass.csv",
        "Proton Pass (CSV)",
        [("mail.example.com", "alice@example.com"), ("bank.example", "alice")],
        4,
        2,
    ),
]


@pytest.mark.parametrize(("name", "fmt", "accounts", "rows", "without"), CASES)
def test_each_format_is_recognised_by_its_header(fixture_path: Path, name, fmt, accounts, rows, without) -> None:
    read = read_export(fixture_path / name)
    assert read.format == fmt
    assert [(e.site, e.username) for e in read.entries] == accounts
    assert (read.rows, read.without_password) == (rows, without)
    assert all(isinstance(e.password, Secret) for e in read.entries)
    assert read.problems == ()


def test_passwords_are_kept_exactly_and_never_shown(fixture_path: Path) -> None:
    read = read_export(fixture_path / "bitwarden.json")
    assert [e.password.reveal() for e in read.entries] == ["Tulip-hedge-42", " spaced password "]
    shown = repr(read) + str(read.entries) + "".join(f"{e}" for e in read.entries)
    assert "Tulip" not in shown and "spaced" not in shown


def test_each_fixture_matches_exactly_one_format(fixture_path: Path) -> None:
    import csv

    for name, fmt, *_ in CASES:
        if name.endswith(".csv"):
            with (fixture_path / name).open(encoding="utf-8-sig", newline="") as handle:
                header = frozenset(h.strip().lower() for h in next(csv.reader(handle)))
            assert [f.name for f in CSV_FORMATS if f.matches(header)] == [fmt], name


@pytest.mark.parametrize(
    ("name", "fmt", "entries", "rows", "without"),
    [
        ("1password-legacy.csv", "1Password 7 or older (CSV)", 11, 14, 3),
        ("nordpass.csv", "NordPass (CSV)", 11, 20, 9),
    ],
)
def test_real_exports_are_read_under_their_own_name(name: str, fmt: str, entries: int, rows: int, without: int) -> None:
    """pass-import's test vault as 1Password 7 and NordPass wrote it (tests/realworld/passwords)."""
    read = read_export(REALWORLD / name)
    assert (read.format, len(read.entries), read.rows, read.without_password) == (fmt, entries, rows, without)
    assert read.problems == ()


def test_a_1pux_export_says_what_it_is_and_what_to_give_instead(tmp_path: Path) -> None:
    export = tmp_path / "1PasswordExport.1pux"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("export.attributes", '{"version": 3}')
        archive.writestr("export.data", '{"accounts": []}')
    with pytest.raises(DamagedInput) as caught:
        read_export(export)
    assert "1Password 8 export in its own .1pux format" in caught.value.plain
    assert "pick CSV" in caught.value.plain
    assert "damaged" not in caught.value.plain


def test_an_android_backup_says_what_it_is_and_what_to_give_instead() -> None:
    with pytest.raises(DamagedInput) as caught:
        read_export_bytes(b"ANDROID BACKUP\n5\n1\nnone\n\x78\x9c\x00\x01", "backup.ab")
    assert "Android backup made with adb backup" in caught.value.plain
    assert "Export passwords" in caught.value.plain
    assert "damaged" not in caught.value.plain


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"version": "1.21.2", "userId": "u", "encrypted": false, "vaults": {"v": {"items": []}}}', "Proton Pass"),
        (b"-----BEGIN PGP MESSAGE-----\n\nwcFMA0abc\n-----END PGP MESSAGE-----\n", "encrypted with PGP"),
    ],
)
def test_proton_pass_json_and_pgp_exports_say_what_they_are(data: bytes, words: str) -> None:
    with pytest.raises(DamagedInput) as caught:
        read_export_bytes(data, "export")
    assert words in caught.value.plain and "export again" in caught.value.plain.lower()
    assert "damaged" not in caught.value.plain


def test_a_one_column_file_is_named_in_the_singular() -> None:
    with pytest.raises(DamagedInput) as caught:
        read_export(REALWORLD / "dashlane.csv")
    assert "only 1 column," in caught.value.plain


def test_encrypted_bitwarden_export_says_how_to_export_again(fixture_path: Path) -> None:
    with pytest.raises(DamagedInput, match="encrypted"):
        read_export(fixture_path / "bitwarden-encrypted.json")


def test_unknown_header_is_refused_without_quoting_it() -> None:
    with pytest.raises(DamagedInput) as caught:
        read_export_bytes(b"site,user,hunter2-secret\nx,y,z\n", "mystery.csv")
    assert "not a password export we recognise" in caught.value.plain
    assert "hunter2" not in caught.value.plain + caught.value.detail
    assert "Bitwarden" in caught.value.plain


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \r\n", "empty"),
        ("name,url,username,password\nsite,https://s.example,b\xe9a,caf\xe9\n".encode("latin-1"), "UTF-8"),
        (b"\x00\x01\x02PK binary", "not a text file"),
        (b'{"items": [', "damaged or cut short"),
        (b'{"something": "else"}', "not a password export we recognise"),
        (b"[" * 100_000, "damaged or cut short"),
    ],
)
def test_damaged_exports_give_a_plain_message(data: bytes, words: str) -> None:
    with pytest.raises(DamagedInput, match=words):
        read_export_bytes(data, "export.csv")


def test_utf16_export_with_a_byte_order_mark_is_read() -> None:
    text = "name,url,username,password\r\nmail,https://mail.example.com,alice,Ünïcode-pass\r\n"
    read = read_export_bytes(text.encode("utf-16"), "chrome.csv")
    assert read.entries[0].password.reveal() == "Ünïcode-pass"


def test_semicolon_separated_export_is_read() -> None:
    read = read_export_bytes(b"name;url;username;password\nm;https://m.example;al;pw-1\n", "chrome.csv")
    assert [(e.site, e.username) for e in read.entries] == [("m.example", "al")]


def test_ragged_and_cut_short_rows_are_named_as_gaps() -> None:
    data = b"name,url,username,password\nm,https://m.example,al,pw-1\nbroken,row\nn,https://n.example,bo,pw-2\n"
    read = read_export_bytes(data, "chrome.csv")
    assert len(read.entries) == 2
    assert any("1 row of" in p and "skipped" in p for p in read.problems)
    cut = read_export_bytes(b'name,url,username,password\nm,https://m.example,al,pw-1\nn,"https://n.ex', "chrome.csv")
    assert [e.username for e in cut.entries] == ["al"]
    assert cut.problems


def test_enormous_export_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(DamagedInput, match="far larger"):
        read_export(big)


def test_export_inside_a_zip_is_read_in_place(tmp_path: Path, fixture_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(fixture_path / "firefox.csv", "logins.csv")
        zipped.writestr("readme.json", '{"not": "an export"}')
        zipped.writestr("../escape.csv", "name,url,username,password\n")
    read = read_export(archive)
    assert read.format == "Firefox (CSV)"
    assert len(read.entries) == 2
    assert any("outside the export" in p for p in read.problems)
    assert any("readme.json" in p for p in read.problems)


def test_zip_without_an_export_says_so(tmp_path: Path) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.txt", "hello")
    with pytest.raises(DamagedInput, match="no .csv or .json"):
        read_export(archive)


HEADERS = [
    b"name,url,username,password\n",
    b"url,username,password,totp,extra,name,grouping,fav\n",
    b"folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n",
    b'{"encrypted": false, "items": ',
    b"",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(HEADERS), st.binary(max_size=2000))
def test_any_bytes_give_entries_or_a_plain_message(header: bytes, body: bytes) -> None:
    try:
        read = read_export_bytes(header + body, "fuzz.csv")
    except DamagedInput as error:
        assert error.plain.endswith((".", ")")) and len(error.plain) < 400
    else:
        assert all(isinstance(e.password, Secret) and e.password for e in read.entries)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=30), min_size=0, max_size=6), max_size=20))
def test_any_csv_text_under_a_known_header_gives_entries_or_a_message(rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "url", "username", "password"])
    writer.writerows(rows)
    try:
        read = read_export_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"), "fuzz.csv")
    except (DamagedInput, UnicodeEncodeError):
        return
    assert read.rows >= len(read.entries)


def test_an_export_with_too_many_rows_is_read_in_part(monkeypatch) -> None:
    from checks.passwords.sources.exports import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    data = b"name,url,username,password\n" + b"".join(b"s%d,https://s%d.example,u,pw-%d\n" % (i, i, i) for i in range(30))
    read = read_export_bytes(data, "chrome.csv")
    assert len(read.entries) == 10
    assert any("more than 10 rows" in p for p in read.problems)


def test_a_cut_short_zip_gives_a_plain_message(tmp_path: Path, fixture_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(fixture_path / "firefox.csv", "logins.csv")
    archive.write_bytes(archive.read_bytes()[:60])
    with pytest.raises(DamagedInput) as caught:
        read_export(archive)
    assert "Tulip" not in caught.value.plain + caught.value.detail
