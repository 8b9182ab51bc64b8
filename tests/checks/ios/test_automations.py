"""ios.backup reads personal automations (Shortcuts.sqlite's ZTRIGGER) and Screen Time's settings.

No real Shortcuts.sqlite with automations, nor a real ScreenTimeAgent.plist, is public with a licence;
the tables, columns, class names and keys are built to the layout public sources read (see
tests/realworld/ios/SOURCES.md, "Built to a documented layout").
"""

from __future__ import annotations

import plistlib
import sqlite3
import tempfile
from pathlib import Path

from builder import BackupBuilder
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.ios.checks import IphoneBackup
from checks.ios.records import Automation, Shortcut
from checks.ios.sources.screen_time import SCREEN_TIME_DOMAIN, SCREEN_TIME_PATH, parse_screen_time
from checks.ios.sources.shortcuts import (
    SHORTCUTS_DOMAIN,
    SHORTCUTS_PATH,
    parse_automations,
    trigger_kind,
)
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.model import Severity, Status
from cybercheck.pipeline.words import text
from cybercheck.testing import make_context, run

SEND_MESSAGE = "is.workflow.actions.sendmessage"
LOCATION = "is.workflow.actions.getcurrentlocation"
# ZTRIGGER as the public automation checkers read it: the shortcut it runs, on/off, "Ask Before Running",
# the archived trigger; and the columns a forensic note lists beside them.
ZTRIGGER = (
    "CREATE TABLE ZTRIGGER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZENABLED INTEGER,"
    " ZSHOULDNOTIFY INTEGER, ZSHOULDPROMPT INTEGER, ZSHOULDRECUR INTEGER, ZSOURCE INTEGER,"
    " ZDISABLEMENTREASON INTEGER, ZSHORTCUT INTEGER, ZDATA BLOB)"
)


def archived_trigger(class_name: str) -> bytes:
    """A trigger as NSKeyedArchiver keeps it: the root object names its class through $class."""
    return plistlib.dumps(
        {
            "$version": 100000,
            "$archiver": "NSKeyedArchiver",
            "$top": {"root": plistlib.UID(1)},
            "$objects": [
                "$null",
                {"$class": plistlib.UID(2), "identifier": plistlib.UID(0)},
                {"$classname": class_name, "$classes": [class_name, "WFTrigger", "NSObject"]},
            ],
        },
        fmt=plistlib.FMT_BINARY,
    )


def action(identifier: str, **parameters: object) -> dict:
    return {"WFWorkflowActionIdentifier": identifier, "WFWorkflowActionParameters": parameters}


def shortcuts_db(
    shortcuts: list[tuple[str, list[dict]]],
    triggers: list[tuple[int, int | None, int | None, bytes | None]],
    *,
    trigger_table: str | None = ZTRIGGER,
) -> bytes:
    """Shortcuts.sqlite with shortcuts (Z_PK from 1) and triggers (shortcut, enabled, prompt, data)."""
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
                (number, number, plistlib.dumps(actions, fmt=plistlib.FMT_BINARY)),
            )
        if trigger_table:
            db.execute(trigger_table)
            for shortcut, enabled, prompt, data in triggers:
                db.execute(
                    "INSERT INTO ZTRIGGER (ZSHORTCUT, ZENABLED, ZSHOULDPROMPT, ZDATA) VALUES (?, ?, ?, ?)",
                    (shortcut, enabled, prompt, data),
                )
        db.commit()
        db.close()
        return path.read_bytes()


SHORTCUTS = [
    ("Leaving", [action(SEND_MESSAGE, WFSendMessageActionRecipients=["+44 7700 900456"])]),
    ("Morning", [action(SEND_MESSAGE, WFSendMessageContent="Good morning")]),
    ("Ask me", [action(LOCATION), action(SEND_MESSAGE)]),
    ("Off", [action(LOCATION), action(SEND_MESSAGE)]),
    ("Lights", [action("is.workflow.actions.homeaccessory")]),
    ("Hook", [action(LOCATION), action("is.workflow.actions.downloadurl", WFURL="https://example.net/in")]),
    ("Share", [action(LOCATION), action("is.workflow.actions.share")]),
]
TRIGGERS = [
    (1, 1, 0, archived_trigger("WFLeaveLocationTrigger")),
    (2, 1, 0, archived_trigger("WFTimeOfDayTrigger")),
    (3, 1, 1, archived_trigger("WFLeaveLocationTrigger")),
    (4, 0, 0, archived_trigger("WFArriveLocationTrigger")),
    (5, 1, 0, archived_trigger("WFWifiTrigger")),
    (6, 1, 0, b"not an archive"),
    (7, 1, 0, archived_trigger("WFAlarmTrigger")),
]


def backup(tmp_path: Path, *, screen_time: dict | None = None, triggers: list = TRIGGERS) -> Path:
    builder = BackupBuilder(ios_version="26.1").add_file(
        SHORTCUTS_DOMAIN, SHORTCUTS_PATH, shortcuts_db(SHORTCUTS, triggers)
    )
    if screen_time is not None:
        builder.add_file(
            SCREEN_TIME_DOMAIN, SCREEN_TIME_PATH, plistlib.dumps(screen_time, fmt=plistlib.FMT_BINARY)
        )
    return builder.build(tmp_path / "backup")


def ask(name: str, trigger: str) -> str:
    return str(
        text(
            "ios.ask-automation",
            name=name,
            when=text(f"ios.trigger-{trigger}"),
            sends=text("ios.shortcut-what-message") if name != "Hook" else text("ios.shortcut-what-url"),
        )
    )


def test_the_automations_table_is_read():
    automations, unreadable = parse_automations(shortcuts_db(SHORTCUTS, TRIGGERS), "Shortcuts.sqlite") or (
        [],
        0,
    )
    assert len(automations) == 7 and unreadable == 1
    assert automations[0] == Automation(
        shortcut_key=1, trigger="WFLeaveLocationTrigger", enabled=True, asks_first=False
    )
    assert automations[2].asks_first is True and automations[3].enabled is False
    assert automations[5].trigger is None


def test_a_database_without_automations_is_said_to_be_unread(tmp_path):
    assert parse_automations(shortcuts_db(SHORTCUTS, [], trigger_table=None), "Shortcuts.sqlite") is None
    odd = "CREATE TABLE ZTRIGGER (Z_PK INTEGER PRIMARY KEY, ZWORKFLOW INTEGER)"
    assert parse_automations(shortcuts_db(SHORTCUTS, [], trigger_table=odd), "Shortcuts.sqlite") is None
    builder = BackupBuilder(ios_version="26.1").add_file(
        SHORTCUTS_DOMAIN, SHORTCUTS_PATH, shortcuts_db(SHORTCUTS, [], trigger_table=None)
    )
    result = run(IphoneBackup, inputs={"ios": builder.build(tmp_path / "backup")}, offline=True)
    assert result.status is Status.FOUND  # the shortcuts themselves are judged; the gap is shown beside them
    assert any("Hook" in f.subject for f in result.findings if f.code == "ios.shortcut.sends-out")
    assert any("automations" in gap and "Automation tab" in gap for gap in result.gaps)


def test_unasked_automations_that_pass_things_on_are_worth_a_look_and_ordinary_ones_a_gap(tmp_path):
    result = run(IphoneBackup, inputs={"ios": backup(tmp_path)}, offline=True)
    found = {
        f.evidence[0].fields["shortcut"]: f for f in result.findings if f.code.startswith("ios.automation")
    }
    # "Leaving" tells where the person is; "Hook" gathers location (its trigger could not be read);
    # "Lights" and "Share" send nothing by themselves; "Ask me" asks first; "Off" is off.
    assert sorted(found) == ["Hook", "Leaving"]
    assert all(f.code == "ios.automation.sends-out" and f.severity is Severity.MEDIUM for f in found.values())
    leaving = found["Leaving"].evidence[0].fields
    assert "+44 7700 900456" in leaving["sends to"] and leaving["asks before running"] == "no"
    assert leaving["what starts it"] == str(text("ios.trigger-place"))
    assert "set up by you (your answer)" not in leaving
    assert found["Hook"].evidence[0].fields["gathers"] == str(text("ios.shortcut-what-location"))
    # the shortcuts run by automations are judged with them, not twice
    assert not [f for f in result.findings if f.code == "ios.shortcut.sends-out" and "Hook" in f.subject]
    assert any("Share" in f.subject for f in result.findings if f.code == "ios.shortcut.sends-out")
    assert any("Morning" in gap and "Nobody said" in gap for gap in result.gaps)
    assert any(
        "1 automations could not be read" in gap or "What starts 1 automations" in gap for gap in result.gaps
    )
    assert any("7 automations" in line and "(3 do)" in line for line in result.looked_at)


def test_the_persons_answers_decide(tmp_path):
    answers = {
        ask("Leaving", "place"): "no",
        ask("Morning", "time"): "not sure",
        ask("Hook", "unreadable"): "yes",
    }
    ctx = make_context(IphoneBackup.id, inputs={"ios": backup(tmp_path)}, answers=answers)
    result = run(IphoneBackup, ctx)
    found = {
        f.evidence[0].fields["shortcut"]: f for f in result.findings if f.code.startswith("ios.automation")
    }
    assert sorted(found) == ["Leaving", "Morning"]
    assert found["Leaving"].code == "ios.automation.not-set-up" and found["Leaving"].severity is Severity.HIGH
    assert (
        found["Morning"].code == "ios.automation.not-set-up" and found["Morning"].severity is Severity.MEDIUM
    )
    assert found["Morning"].evidence[0].fields["set up by you (your answer)"] == "not sure"
    assert not any("Nobody said" in gap for gap in result.gaps)
    asked = " ".join(ctx.env.asker.asked)  # type: ignore[attr-defined]
    assert "Lights" not in asked and "Ask me" not in asked and "Off" not in asked


def test_a_persons_own_automations_raise_nothing(tmp_path):
    answers = {
        ask(name, kind): "yes"
        for name, kind in (("Leaving", "place"), ("Morning", "time"), ("Hook", "unreadable"))
    }
    ctx = make_context(IphoneBackup.id, inputs={"ios": backup(tmp_path)}, answers=answers)
    result = run(IphoneBackup, ctx)
    assert not [f for f in result.findings if f.code.startswith("ios.automation")]
    assert not [f for f in result.findings if any(n in f.subject for n in ("Leaving", "Morning", "Hook"))]
    assert not [gap for gap in result.gaps if "Nobody said" in gap]


def test_screen_time_is_said_and_never_a_finding(tmp_path):
    on = run(
        IphoneBackup,
        inputs={"ios": backup(tmp_path / "a", screen_time={"ScreenTimeEnabled": True})},
        offline=True,
    )
    said = " ".join(on.looked_at)
    assert "switched on" in said and "Settings → Screen Time" in said and "Family" in said
    assert not [f for f in on.findings if "screen" in f.code]
    off = run(
        IphoneBackup,
        inputs={"ios": backup(tmp_path / "b", screen_time={"ScreenTimeEnabled": False})},
        offline=True,
    )
    assert any("switched off" in line for line in off.looked_at)
    none = run(IphoneBackup, inputs={"ios": backup(tmp_path / "c")}, offline=True)
    assert any("Screen Time" in line and "holds none" in line for line in none.looked_at)
    builder = BackupBuilder(ios_version="26.1").add_file(SCREEN_TIME_DOMAIN, SCREEN_TIME_PATH, b"garbage")
    damaged = run(IphoneBackup, inputs={"ios": builder.build(tmp_path / "d")}, offline=True)
    assert any("Screen Time" in gap for gap in damaged.gaps)


def test_the_judgement_needs_a_shortcut_that_sends_by_itself():
    from checks.ios.judge.automations import sending_automations

    sends = Shortcut("s", actions=(SEND_MESSAGE,), key=1)
    shares = Shortcut("t", actions=("is.workflow.actions.share",), key=2)
    running = [
        Automation(1, "WFTimeOfDayTrigger", True, False),
        Automation(2, "WFTimeOfDayTrigger", True, False),
    ]
    assert [a.shortcut.name for a in sending_automations(running, [sends, shares])] == ["s"]
    unknown = sending_automations([Automation(1, "WFSomethingNewTrigger", None, None)], [sends])
    assert unknown[0].trigger == "unknown" and not unknown[0].passes_on  # not recorded is not "asks first"
    assert sending_automations([Automation(9, None, True, False)], [sends]) == []  # its shortcut is missing


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_trigger_or_a_database_are_read_or_refused_plainly(data):
    kind = trigger_kind(data)
    assert kind is None or isinstance(kind, str)
    try:
        found = parse_automations(data, "Shortcuts.sqlite")
    except DamagedInput:
        return
    assert found is None or found[1] >= 0


archives = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.text(max_size=12)
    | st.builds(plistlib.UID, st.integers(0, 5)),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["$top", "$objects", "root", "$class", "$classname", "x"]), inner, max_size=4
        )
    ),
    max_leaves=16,
)


@settings(max_examples=150, deadline=None)
@given(archives)
def test_any_archive_shaped_trigger_is_read_or_left_unknown(value):
    try:
        data = plistlib.dumps(
            {"$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)}, "$objects": value}
            if not isinstance(value, dict)
            else value,
            fmt=plistlib.FMT_BINARY,
        )
    except (TypeError, ValueError, OverflowError):
        return
    kind = trigger_kind(data)
    assert kind is None or (isinstance(kind, str) and 0 < len(kind) <= 100)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=20),
        st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=10),
        max_size=5,
    )
)
def test_any_screen_time_settings_are_read_or_refused_plainly(content):
    try:
        state = parse_screen_time(plistlib.dumps(content, fmt=plistlib.FMT_BINARY), "ScreenTimeAgent.plist")
    except DamagedInput:
        return
    assert state.enabled in (None, True, False)


cells = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=True)
    | st.text(max_size=8)
    | st.binary(max_size=40)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cells, cells, cells, cells), max_size=6))
def test_any_values_in_the_automations_table_are_read_or_left_unrecorded(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Shortcuts.sqlite"
        db = sqlite3.connect(path)
        db.execute(ZTRIGGER)
        db.executemany(
            "INSERT INTO ZTRIGGER (ZSHORTCUT, ZENABLED, ZSHOULDPROMPT, ZDATA) VALUES (?, ?, ?, ?)", rows
        )
        db.commit()
        db.close()
        data = path.read_bytes()
    found = parse_automations(data, "Shortcuts.sqlite")
    assert found is not None
    automations, unreadable = found
    assert len(automations) == len(rows) and 0 <= unreadable <= len(rows)
    for automation in automations:
        assert automation.enabled in (None, True, False) and automation.asks_first in (None, True, False)
        assert automation.shortcut_key is None or isinstance(automation.shortcut_key, int)
