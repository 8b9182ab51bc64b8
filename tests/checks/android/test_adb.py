"""The adb source against the stand-in adb: several Android versions, 400+ apps, and a phone that misbehaves."""

from __future__ import annotations

import devicegen
import pytest

from checks.android.checks import AndroidDevice
from checks.android.sources import adb
from checks.android.sources.assemble import assemble
from cybercheck.errors import NeedUnmet
from cybercheck.pipeline.model import Status
from cybercheck.testing import run

FORBIDDEN = (
    "install",
    "uninstall",
    " clear",
    "settings put",
    "am start",
    "rm ",
    "reboot",
    " put ",
    "grant",
    "revoke",
    "disable",
    "enable ",
    "set-",
    "push",
    ">",
)


def codes(result):
    return {f.code for f in result.findings}


@pytest.mark.parametrize("version", ["7", "9", "12", "14"])
def test_reads_a_phone_with_420_apps_in_two_round_trips(fake_adb, version):
    phone = devicegen.stalked_phone(version, apps=420)
    fake = fake_adb(phone)
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert "android.app.stalkerware" in codes(result)
    assert "android.accessibility.enabled" in codes(result)
    assert "android.setting.play-protect-off" in codes(result)
    assert "421 apps" in result.looked_at[0]
    calls = fake.calls()
    assert [c[:2] for c in calls] == [["devices", "-l"], ["-s", phone.serial]]
    assert calls[1][2] == "shell"
    if version == "9":  # no `--brief` there: hidden apps could not be looked for, and it says so
        assert any("home screen" in gap for gap in result.gaps)


def test_round_trips_do_not_grow_with_the_number_of_apps(fake_adb):
    counts = []
    for apps in (40, 450):
        fake = fake_adb(devicegen.base_phone("12", apps=apps))
        fake.log.unlink(missing_ok=True)
        raw = adb.collect("adb")
        assert len(assemble(raw).apps) == apps
        counts.append(len(fake.calls()))
    assert counts == [2, 2]


def test_android7_without_uid_flag_still_lists_installers(fake_adb):
    phone = devicegen.stalked_phone("7", apps=50)
    fake_adb(phone)
    artifacts = assemble(adb.collect("adb"))
    app = {a.package: a for a in artifacts.apps}["com.duiyun.cocospy"]
    assert app.installer is None and app.uid == 10050  # uid from dumpsys package when pm has no -U
    assert {a.package: a for a in artifacts.apps}["com.whatsapp"].installer == "com.android.vending"


def test_no_phone_is_not_run_with_the_steps_to_connect_one(fake_adb):
    fake_adb(None, state="none")
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert result.status is Status.NOT_RUN
    assert "Build number" in result.unmet[0] and "USB debugging" in result.unmet[0]


def test_unauthorised_phone_says_what_to_tap(fake_adb):
    fake = fake_adb(None, state="unauthorized")
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert result.status is Status.NOT_RUN
    assert "Allow USB debugging?" in result.unmet[0] and "Tap Allow" in result.unmet[0]
    assert len(fake.calls()) == 1  # nothing was sent to a phone that has not allowed it


def test_offline_and_several_phones(fake_adb):
    fake_adb(None, state="offline")
    with pytest.raises(NeedUnmet, match="not answering"):
        adb.collect("adb")
    phone = devicegen.base_phone("12", apps=35)
    fake_adb(phone, state="two")
    with pytest.raises(NeedUnmet, match="More than one phone"):
        adb.collect("adb")
    assert len(assemble(adb.collect(f"adb:{phone.serial}")).apps) == 35
    with pytest.raises(NeedUnmet, match="serial number NOPE"):
        adb.collect("adb:NOPE")


def test_disconnect_mid_collection_is_incomplete_and_keeps_what_was_read(fake_adb):
    fake_adb(devicegen.stalked_phone("14", apps=420), disconnect="dumpsys_accessibility")
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert any("connection to the phone was lost" in gap for gap in result.gaps)
    assert not result.complete
    assert "android.app.stalkerware" in codes(result)  # apps were read before the cable came out
    assert "android.setting.play-protect-off" in codes(result)


def test_disconnect_before_anything_fails_plainly(fake_adb):
    fake_adb(devicegen.base_phone("14"), disconnect="getprop")
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert result.status is Status.FAILED
    assert result.problem is not None and "stopped answering" in result.problem.plain


def test_missing_adb_program(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert result.status is Status.NOT_RUN
    assert "platform tools" in result.unmet[0] and "AndroidQF" in result.unmet[0]


def test_the_script_only_reads():
    script = adb.shell_script()
    for name, command in adb.SECTIONS:
        assert not any(word in command for word in FORBIDDEN), (name, command)
    assert "2>/dev/null" in script and script.count(adb.MARK) == 2 * len(adb.SECTIONS) + 1


def test_rooted_phone_with_user_certificate_and_clean_phone(fake_adb):
    phone = devicegen.base_phone("12", apps=40)
    phone.root_paths = ["/system/xbin/su", "/data/adb/magisk"]
    phone.certificates = ["1a2b3c4d.0"]
    phone.build_tags = "test-keys"
    fake_adb(phone)
    result = run(AndroidDevice, inputs={"android": "adb"})
    root = [f for f in result.findings if f.code == "android.root"]
    assert {f.severity.name for f in root} == {"HIGH", "MEDIUM"}
    assert "android.ca-certificate.user" in codes(result)
    clean = devicegen.base_phone("14", apps=40)
    clean.certificates = []
    clean.settings["global"].update(adb_enabled="0", development_settings_enabled="0")
    fake_adb(clean)
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert result.findings == () and result.status is Status.CLEAN, result.gaps


def test_timeout_keeps_partial_output(monkeypatch, fake_adb):
    fake_adb(devicegen.base_phone("12", apps=30))

    def slow(args, timeout):
        result = adb.run_adb(args, timeout)
        if "shell" in args:
            text = result.stdout.decode()
            return type(result)(
                args, -9, text[: text.index("@@CYBERCHECK@@ BEGIN dumpsys_package")].encode(), b""
            )
        return result

    artifacts = assemble(adb.collect("adb", runner=slow))
    assert any("connection to the phone was lost" in g for g in artifacts.gaps)
    assert "getprop" in artifacts.read and "dumpsys_package" not in artifacts.read


@pytest.mark.parametrize(
    "damage",
    [b"screen_bright\xffness=120\n", b"package:com.whatsapp\x00\n", b"x=" + b"a" * 70_000 + b"\n"],
    ids=["not-utf8", "nul", "line-far-too-long"],
)
def test_an_answer_damaged_on_the_way_is_a_gap_naming_the_command(fake_adb, damage):
    fake = fake_adb(devicegen.base_phone())
    before = run(AndroidDevice, inputs={"android": "adb"})
    assert not any("settings_system" in gap for gap in before.gaps)
    (fake.recording / "settings_system.txt").write_bytes(damage)
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert any("settings_system" in gap for gap in result.gaps), result.gaps
    assert result.status is not Status.CLEAN


@pytest.mark.parametrize("cut", ["before-the-heading", "empty", "no-such-service"])
def test_a_notification_dump_without_its_listener_list_is_a_gap_not_no_listeners(fake_adb, cut):
    # The phone filters the dump for its "Notification listeners" heading, which every Android since 5.0
    # prints; when it never comes the phone sends nothing, and the secure setting alone names only the
    # listeners one user approved by component.
    fake = fake_adb(devicegen.base_phone())
    dump = fake.recording / "dumpsys_notification.txt"
    if cut == "no-such-service":
        dump.unlink()
    else:
        whole = dump.read_bytes()
        dump.write_bytes(whole[: whole.lower().index(b"notification listeners")] if cut != "empty" else b"")
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert any("apps that can read notifications could not be read" in gap for gap in result.gaps), (
        result.gaps
    )
    assert result.status is not Status.CLEAN
