"""Reads a password-manager export (CSV or JSON, alone or inside a zip or folder) into PasswordEntry records.

The format is recognised by the file's header, never by its name. A file that is not
recognised is refused with a plain sentence that names no value from it: a file without a
header starts with a password.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from checks.passwords.exports import apple, bitwarden, chromium, firefox, keepassxc, lastpass, onepassword
from checks.passwords.exports.formats import CsvFormat, clip, site_of
from checks.passwords.records import ExportRead, PasswordEntry
from cybercheck.errors import DamagedInput
from cybercheck.secrets import Secret

MAX_BYTES = 64 * 1024**2  # far above any real password export
MAX_ROWS = 200_000
MAX_PASSWORD = 4096  # longer "passwords" are notes or damage, not something typed
# Most specific first: LastPass's columns include Chromium's, Apple's are close to 1Password's.
CSV_FORMATS: tuple[CsvFormat, ...] = (
    *bitwarden.FORMATS,
    *keepassxc.FORMATS,
    *onepassword.FORMATS,
    *apple.FORMATS,
    *lastpass.FORMATS,
    *firefox.FORMATS,
    *chromium.FORMATS,
)
KNOWN = "Bitwarden (CSV or JSON), 1Password (CSV), LastPass, Chrome, Edge, Firefox, Safari or Apple Passwords, and KeePassXC"


def read_export(path: Path) -> ExportRead:
    """Every saved password in the export at `path`; DamagedInput, in plain words, when there is none to read."""
    if path.is_dir() or _is_zip(path):
        return _read_archive(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DamagedInput(
                f"{path.name} is far larger than a password export ({size // 1024**2} MB), so it was not read."
            )
        data = path.read_bytes()
    except OSError as error:
        raise DamagedInput(
            f"{path.name} could not be read ({error.strerror or 'unreadable'}), so no passwords were checked."
        ) from None
    return read_export_bytes(data, path.name)


def read_export_bytes(data: bytes, name: str) -> ExportRead:
    """The entries of one export file's contents; `name` is only used in messages."""
    text = _decode(data, name)
    if not text.strip():
        raise DamagedInput(f"{name} is empty, so there were no passwords to check.")
    if text.lstrip()[:1] in ("{", "["):
        return _read_json(text, name)
    return _read_csv(text, name)


# --- text -------------------------------------------------------------------------------
def _decode(data: bytes, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_text(name) from None
    if b"\x00" in data[:4096]:
        raise _not_text(name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DamagedInput(
            f"{name} is not saved in the UTF-8 text encoding that password managers export in, so it "
            "was not read (reading it another way could check the wrong passwords). Export it again "
            "from the password manager and give that file."
        ) from None


def _not_text(name: str) -> DamagedInput:
    return DamagedInput(
        f"{name} is not a text file, so it is not a password export we can read. "
        f"We can read exports from {KNOWN}."
    )


# --- CSV --------------------------------------------------------------------------------
def _read_csv(text: str, name: str) -> ExportRead:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration):
        raise _unknown(name, 0) from None
    columns = [h.strip().strip("\ufeff").lower() for h in header]
    chosen = next((f for f in CSV_FORMATS if f.matches(frozenset(columns))), None)
    if chosen is None:
        raise _unknown(name, len(columns))
    index = {column: i for i, column in reversed(list(enumerate(columns)))}
    entries: list[PasswordEntry] = []
    rows = without = ragged = 0
    problems: list[str] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > MAX_ROWS:
                problems.append(f"{name} has more than {MAX_ROWS:,} rows; only the first {MAX_ROWS:,} were read.")
                break
            if len(row) != len(columns):
                ragged += 1
                continue
            cells = {column: row[i] for column, i in index.items()}
            entry = _csv_entry(chosen, cells, rows, name)
            if entry is None:
                without += 1
            else:
                entries.append(entry)
    except csv.Error:
        problems.append(
            f"{name} is damaged after row {rows}, so only the rows before it were read; the rest were not checked."
        )
    if ragged:
        problems.append(
            f"{ragged:,} {'row' if ragged == 1 else 'rows'} of {name} did not have the same columns as its header, so they were skipped "
            "and their passwords were not checked."
        )
    return ExportRead(chosen.name, tuple(entries), rows, without, tuple(problems))


def _csv_entry(fmt: CsvFormat, cells: dict[str, str], position: int, name: str) -> PasswordEntry | None:
    if fmt.is_login is not None and not fmt.is_login(cells):
        return None
    password = cells.get(fmt.password, "")
    if not password or len(password) > MAX_PASSWORD:
        return None
    title = cells.get(fmt.title, "") if fmt.title else ""
    url = cells.get(fmt.url, "") if fmt.url else ""
    return PasswordEntry(
        site=site_of(url, title),
        username=clip(cells.get(fmt.username, "")),
        password=Secret(password),
        title=clip(title),
        source=f"{fmt.name} export {name}",
        position=position,
    )


def _unknown(name: str, columns: int) -> DamagedInput:
    # NOTE: never quote the first line: in a file without a header it holds a password.
    shape = f"its first line has {columns} columns, but not" if columns else "it has no"
    return DamagedInput(
        f"{name} is not a password export we recognise: {shape} the header of one. "
        f"We can read exports from {KNOWN}. Export again from the password manager "
        "and give that file unchanged.",
        detail=f"{columns} header columns",
    )


# --- JSON -------------------------------------------------------------------------------
def _read_json(text: str, name: str) -> ExportRead:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise DamagedInput(
            f"{name} looks like a JSON file but is damaged or cut short, so it was not read. Export it again."
        ) from None
    if not bitwarden.is_bitwarden_json(data):
        raise DamagedInput(
            f"{name} is a JSON file, but not a password export we recognise. "
            f"We can read exports from {KNOWN}."
        )
    entries: list[PasswordEntry] = []
    rows = without = 0
    for position, login in bitwarden.json_logins(data):
        rows += 1
        if rows > MAX_ROWS:
            break
        password = login["password"] if login else ""
        if login is None or not password or len(password) > MAX_PASSWORD:
            without += 1
            continue
        entries.append(
            PasswordEntry(
                site=login["site"],
                username=login["username"],
                password=Secret(password),
                title=login["title"],
                source=f"{bitwarden.JSON_NAME} export {name}",
                position=position,
            )
        )
    problems = (f"{name} has more than {MAX_ROWS:,} items; only the first {MAX_ROWS:,} were read.",) if rows > MAX_ROWS else ()
    return ExportRead(bitwarden.JSON_NAME, tuple(entries), min(rows, MAX_ROWS), without, problems)


# --- zip or folder ----------------------------------------------------------------------
def _is_zip(path: Path) -> bool:
    import zipfile

    try:
        return path.is_file() and zipfile.is_zipfile(path)
    except OSError:
        return False


def _read_archive(path: Path) -> ExportRead:
    from cybercheck.archive import open_export

    with open_export(path) as export:
        members = export.find(".csv", ".json")
        if not members:
            raise DamagedInput(
                f"{path.name} holds no .csv or .json file, so it has no password export in it. "
                f"We can read exports from {KNOWN}."
            )
        reads: list[ExportRead] = []
        refused: list[DamagedInput] = []
        for member in members:
            try:
                reads.append(read_export_bytes(export.read_bytes(member, MAX_BYTES), member))
            except DamagedInput as error:
                refused.append(error)
        if not reads:
            raise refused[0]
        notes = [f"{r.name} inside {path.name} was not read: {r.reason}." for r in export.refused]
        notes += [error.plain for error in refused]
        return _merge(reads, notes)


def _merge(reads: list[ExportRead], notes: list[str]) -> ExportRead:
    formats = " and ".join(dict.fromkeys(r.format for r in reads))
    return ExportRead(
        format=formats,
        entries=tuple(e for r in reads for e in r.entries),
        rows=sum(r.rows for r in reads),
        without_password=sum(r.without_password for r in reads),
        problems=tuple(p for r in reads for p in r.problems) + tuple(notes),
    )
