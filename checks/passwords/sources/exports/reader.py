"""Reads a password-manager export (CSV or JSON, alone or inside a zip or folder) into PasswordEntry records.

The format is recognised by the file's header, never by its name. A file that is not
recognised is refused with a plain sentence that names no value from it: a file without a
header starts with a password.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checks.common.csv_records import records
from checks.passwords.counting import joined
from checks.passwords.records import ExportRead, PasswordEntry
from checks.passwords.sources.exports import (
    apple,
    bitwarden,
    chromium,
    dashlane,
    firefox,
    keepassxc,
    lastpass,
    nordpass,
    onepassword,
    protonpass,
)
from checks.passwords.sources.exports.formats import CsvFormat, clip, site_of
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import Text, text
from cybercheck.secrets import Secret

MAX_BYTES = 64 * 1024**2  # far above any real password export
MAX_ROWS = 200_000
MAX_PASSWORD = 4096  # longer "passwords" are notes or damage, not something typed
ANDROID_BACKUP = b"ANDROID BACKUP\n"  # the first line of an `adb backup` file
ONEPUX_MEMBERS = ("export.data", "export.attributes")  # what a 1Password 8 .1pux zip holds
PGP_MESSAGE = "-----BEGIN PGP MESSAGE-----"  # an export encrypted with PGP (Proton Pass offers it)
# Most specific first: LastPass's columns include Chromium's, Apple's are close to 1Password's.
CSV_FORMATS: tuple[CsvFormat, ...] = (
    *bitwarden.FORMATS,
    *keepassxc.FORMATS,
    *onepassword.FORMATS,
    *apple.FORMATS,
    *lastpass.FORMATS,
    *dashlane.FORMATS,
    *protonpass.FORMATS,
    *nordpass.FORMATS,
    *firefox.FORMATS,
    *chromium.FORMATS,
)


def read_export(path: Path) -> ExportRead:
    """Every saved password in the export at `path`; DamagedInput, in plain words, when none can be read."""
    if path.is_dir() or _is_zip(path):
        return _read_archive(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DamagedInput(text("passwords.export-too-large", name=path.name, size=size // 1024**2))
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or text("passwords.unreadable")
        raise DamagedInput(text("passwords.export-unreadable", name=path.name, reason=reason)) from None
    return read_export_bytes(data, path.name)


def read_export_bytes(data: bytes, name: str) -> ExportRead:
    """The entries of one export file's contents; `name` is only used in messages."""
    if data.startswith(ANDROID_BACKUP):
        raise DamagedInput(text("passwords.export-is-android-backup", name=name), detail="adb backup")
    content = _decode(data, name)
    if not content.strip():
        raise DamagedInput(text("passwords.export-empty", name=name))
    if content.lstrip().startswith(PGP_MESSAGE):
        raise DamagedInput(text("passwords.export-is-pgp", name=name), detail="PGP message")
    if content.lstrip()[:1] in ("{", "["):
        return _read_json(content, name)
    return _read_csv(content, name)


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
        raise DamagedInput(text("passwords.export-not-utf8", name=name)) from None


def _not_text(name: str) -> DamagedInput:
    return DamagedInput(text("passwords.export-not-text", name=name, known=_known()))


def _known() -> Text:
    return text("passwords.known-formats")


# --- CSV --------------------------------------------------------------------------------
def _read_csv(content: str, name: str) -> ExportRead:
    first_line = content.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = records(io.StringIO(content, newline=""), delimiter)
    try:
        header = next(reader)[0]
    except (csv.Error, StopIteration):
        raise _unknown(name, 0) from None
    columns = [h.strip().strip("\ufeff").lower() for h in header]
    chosen = next((f for f in CSV_FORMATS if f.matches(frozenset(columns))), None)
    if chosen is None:
        raise _unknown(name, len(columns))
    index = {column: i for i, column in reversed(list(enumerate(columns)))}
    entries: list[PasswordEntry] = []
    rows = without = ragged = quoted = 0
    problems: list[Text] = []
    try:
        for row, whole in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > MAX_ROWS:
                problems.append(text("passwords.export-too-many-rows", name=name, most=f"{MAX_ROWS:,}"))
                break
            if not whole:
                quoted += 1
                continue
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
        problems.append(text("passwords.export-damaged-after", name=name, row=rows))
    if ragged:
        key = "passwords.export-ragged-one" if ragged == 1 else "passwords.export-ragged-many"
        problems.append(text(key, count=f"{ragged:,}", name=name))
    if quoted:
        key = "passwords.export-quotes-one" if quoted == 1 else "passwords.export-quotes-many"
        problems.append(text(key, count=f"{quoted:,}", name=name))
    return ExportRead(chosen.name, tuple(entries), rows, without, tuple(problems))


def _csv_entry(fmt: CsvFormat, cells: dict[str, str], position: int, name: str) -> PasswordEntry | None:
    if fmt.is_login is not None and not fmt.is_login(cells):
        return None
    password = cells.get(fmt.password, "")
    if not password or len(password) > MAX_PASSWORD:
        return None
    title = cells.get(fmt.title, "") if fmt.title else ""
    url = cells.get(fmt.url, "") if fmt.url else ""
    username = cells.get(fmt.username, "").strip()
    if not username and fmt.alt_username:
        username = cells.get(fmt.alt_username, "")
    return PasswordEntry(
        site=site_of(url, title),
        username=clip(username),
        password=Secret(password),
        title=clip(title),
        source=text("passwords.export-source", format=fmt.name, name=name),
        position=position,
    )


def _unknown(name: str, columns: int) -> DamagedInput:
    # NOTE: never quote the first line: in a file without a header it holds a password.
    if columns == 1:
        plain = text("passwords.export-unknown-one-column", name=name, known=_known())
    elif columns:
        plain = text("passwords.export-unknown-columns", name=name, columns=columns, known=_known())
    else:
        plain = text("passwords.export-unknown-no-header", name=name, known=_known())
    return DamagedInput(plain, detail=f"{columns} header columns")


# --- JSON -------------------------------------------------------------------------------
def _read_json(content: str, name: str) -> ExportRead:
    repeated = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        made = dict(items)
        repeated |= len(made) != len(items)  # a key twice in one object: damage (entries run together)
        return made

    try:
        data = json.loads(content, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        raise DamagedInput(text("passwords.json-damaged", name=name)) from None
    not_unicode = _LONE_SURROGATE.search(content) is not None and not _encodes(data)
    if protonpass.is_protonpass_json(data):
        raise DamagedInput(text("passwords.export-is-protonpass-json", name=name), detail="Proton Pass JSON")
    if not bitwarden.is_bitwarden_json(data):
        raise DamagedInput(text("passwords.json-unknown", name=name, known=_known()))
    entries: list[PasswordEntry] = []
    rows = without = 0
    json_name = text(bitwarden.JSON_NAME_KEY)
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
                source=text("passwords.export-source", format=json_name, name=name),
                position=position,
            )
        )
    problems: list[Text] = []
    if rows > MAX_ROWS:
        problems.append(text("passwords.json-too-many", name=name, most=f"{MAX_ROWS:,}"))
    if not_unicode:
        problems.append(text("passwords.json-not-unicode", name=name))
    if repeated:
        problems.append(text("passwords.json-repeated-key", name=name))
    items = data.get("items")
    odd = sum(1 for item in items if bitwarden.odd_item(item)) if isinstance(items, list) else 0
    if odd:
        key = "passwords.json-odd-one" if odd == 1 else "passwords.json-odd-many"
        problems.append(text(key, count=f"{odd:,}", name=name))
    return ExportRead(json_name, tuple(entries), min(rows, MAX_ROWS), without, tuple(problems))


_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # the escape of half a surrogate pair, or of a lone half


def _encodes(data: object) -> bool:
    """Whether parsed JSON holds only real text (a lone surrogate escape reads as a character that is not)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
        if all(export.find(member) for member in ONEPUX_MEMBERS):
            raise DamagedInput(text("passwords.export-is-1pux", name=path.name), detail="1pux")
        members = export.find(".csv", ".json")
        if not members:
            raise DamagedInput(text("passwords.archive-no-export", name=path.name, known=_known()))
        reads: list[ExportRead] = []
        refused: list[DamagedInput] = []
        for member in members:
            try:
                reads.append(read_export_bytes(export.read_bytes(member, MAX_BYTES), member))
            except DamagedInput as error:
                refused.append(error)
        if not reads:
            raise refused[0]
        notes: list[str] = [
            text("passwords.archive-member-refused", member=r.name, name=path.name, reason=r.reason)
            for r in export.refused
        ]
        notes += [error.plain for error in refused]
        return _merge(reads, notes)


def _merge(reads: list[ExportRead], notes: Sequence[str]) -> ExportRead:
    formats = joined(list(dict.fromkeys(r.format for r in reads)))
    return ExportRead(
        format=formats,
        entries=tuple(e for r in reads for e in r.entries),
        rows=sum(r.rows for r in reads),
        without_password=sum(r.without_password for r in reads),
        problems=tuple(p for r in reads for p in r.problems) + tuple(notes),
    )
