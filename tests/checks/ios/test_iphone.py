"""ios.backup end to end: backups built in the real layout, plain, encrypted, damaged and partial."""

from __future__ import annotations

import os
import plistlib
import shutil
import tempfile
from pathlib import Path

import pytest
from builder import VPN_PAYLOAD, BackupBuilder, file_id

from checks.ios.checks import IphoneBackup
from checks.ios.sources.profiles import PROFILES_DOMAIN, PROFILES_FOLDER
from cybercheck.pipeline.model import Status
from cybercheck.testing import make_context, run

PASSWORD = "Plum-Orchard-4471!"


def codes(result):
    return sorted(f.code for f in result.findings)


def everything_said(result) -> str:
    """Every word and value a result would put in a report."""
    parts = [repr(result), *result.looked_at, *result.gaps]
    for finding in result.findings:
        parts.append(finding.subject)
        for evidence in finding.evidence:
            parts.extend(f"{k}={v}" for k, v in evidence.fields.items())
    if result.problem:
        parts += [result.problem.plain, result.problem.detail]
    return "\n".join(parts)


def rich_backup(password: str | None = None, **kwargs) -> BackupBuilder:
    builder = BackupBuilder(password=password, ios_version="26.1", **kwargs)
    builder.add_app("com.apple.Pages", "Pages").add_app("com.life360.safetymap", "Life360")
    builder.add_app("com.example.sideloaded", "Helper", source_app="com.example.altstore")
    builder.add_app("com.opa334.TrollStore", "TrollStore", source_app=None)
    builder.add_profile("Secure Connection", [VPN_PAYLOAD])
    builder.add_profile("Wi-Fi at work", [{"PayloadType": "com.apple.wifi.managed", "SSID_STR": "Office"}])
    builder.add_profile("Quiet", [{"PayloadType": "com.apple.notificationsettings",
                                   "NotificationSettings": [{"BundleIdentifier": "com.life360.safetymap",
                                                             "ShowInLockScreen": False}]}])
    builder.add_profile("Trust", [{"PayloadType": "com.apple.security.root", "PayloadCertificateFileName": "ca.cer"},
                                  {"PayloadType": "com.apple.proxy.http.global", "ProxyServer": "198.51.100.7",
                                   "ProxyServerPort": 8080}])
    builder.add_mdm(supervised=True)
    builder.add_file(PROFILES_DOMAIN, PROFILES_FOLDER + "CloudConfigurationDetails.plist",
                     plistlib.dumps({"IsSupervised": True, "OrganizationName": "Example Org"}))
    builder.add_file("HomeDomain", "Library/Filza", None, flags=2)
    builder.add_file("HomeDomain", "Library/Filza/.Trash", None, flags=2)
    return builder


def test_plain_backup_reports_each_concern_with_its_settings_path(tmp_path):
    folder = rich_backup().build(tmp_path / "backup")
    result = run(IphoneBackup, inputs={"ios": folder})
    assert result.status is Status.FOUND
    assert codes(result) == [
        "ios.app.not-from-store", "ios.app.watchware", "ios.jailbreak.app", "ios.jailbreak.trace",
        "ios.mdm.enrolled", "ios.profile.hides-notifications", "ios.profile.installed", "ios.profile.proxy",
        "ios.profile.root-certificate", "ios.profile.vpn", "ios.supervised",
    ]
    for finding in result.findings:
        fields = finding.evidence[0].fields
        assert "look on the phone" in fields or finding.code == "ios.jailbreak.trace"
        if "look on the phone" in fields:
            assert fields["look on the phone"].startswith("Settings → ")
    vpn = next(f for f in result.findings if f.code == "ios.profile.vpn")
    assert vpn.evidence[0].fields["RemoteAddress"] == "vpn.example.net"
    assert "VPN & Device Management" in vpn.evidence[0].fields["look on the phone"]
    assert not result.gaps
    assert any("4 configuration profiles" in line for line in result.looked_at)


def test_watchware_and_stalkerware_are_kept_apart():
    from checks.ios.judge.apps import judge_apps
    from checks.ios.records import InstalledApp
    from cybercheck.indicators.load import build_set
    from cybercheck.indicators.sets import ThreatKind

    text = "- name: HiddenSpy\n  type: stalkerware\n  ios_bundles: [com.hidden.spy]\n"
    watch = "- name: Tracker\n  type: watchware\n  ios_bundles: [com.tracker.kids]\n"
    indicators = build_set([(text, "ioc.yaml"), (watch, "watchware.yaml")], None, version="t", source="t")
    apps = [InstalledApp("com.hidden.spy", "Calculator"), InstalledApp("com.tracker.kids", "Tracker")]
    found = {f.code: f for f in judge_apps(apps, indicators, source="test")}
    assert set(found) == {"ios.app.stalkerware", "ios.app.watchware"}
    assert found["ios.app.stalkerware"].severity > found["ios.app.watchware"].severity
    assert indicators.ios_bundle("com.hidden.spy").threat.kind is ThreatKind.STALKERWARE


def test_encrypted_backup_is_read_with_the_password(tmp_path):
    folder = rich_backup(PASSWORD).build(tmp_path / "backup")
    assert b"Secure Connection" not in (folder / "Manifest.db").read_bytes()
    result = run(IphoneBackup, inputs={"ios": folder}, secrets={"ios-backup": PASSWORD})
    assert "ios.profile.vpn" in codes(result) and "ios.mdm.enrolled" in codes(result)
    assert not result.gaps
    assert any("encrypted" in line for line in result.looked_at)


def test_the_builders_encryption_is_the_one_the_library_reads(tmp_path):
    from iphone_backup_decrypt import EncryptedBackup

    folder = rich_backup(PASSWORD).build(tmp_path / "backup")
    backup = EncryptedBackup(backup_directory=str(folder), passphrase=PASSWORD)
    assert backup.test_decryption()
    name = next(n for n in backup._temp_manifest_db_conn.execute("SELECT relativePath FROM Files"))[0]
    assert name.startswith(PROFILES_FOLDER)


def test_encrypted_backup_typed_password_is_asked_hidden(tmp_path):
    folder = rich_backup(PASSWORD).build(tmp_path / "backup")
    ctx = make_context(IphoneBackup.id, inputs={"ios": folder}, hidden=[PASSWORD])
    result = run(IphoneBackup, ctx)
    assert "ios.profile.vpn" in codes(result)
    assert any("password" in asked.lower() for asked in ctx.env.asker.asked)


def test_encrypted_backup_without_password_is_honest_about_what_it_skipped(tmp_path):
    folder = rich_backup(PASSWORD).build(tmp_path / "backup")
    result = run(IphoneBackup, inputs={"ios": folder})
    assert result.status is Status.FOUND  # the app list is not encrypted
    assert "ios.app.watchware" in codes(result)
    assert not any(c.startswith("ios.profile") for c in codes(result))
    assert any("encrypted" in gap and "password" in gap for gap in result.gaps)


def test_wrong_password_gives_a_plain_message_and_never_echoes_it(tmp_path):
    folder = rich_backup(PASSWORD).build(tmp_path / "backup")
    wrong = "Not-The-Right-One-9"
    result = run(IphoneBackup, inputs={"ios": folder}, secrets={"ios-backup": wrong})
    assert any("did not open this backup" in gap for gap in result.gaps)
    assert wrong not in everything_said(result)


def test_the_password_never_reaches_disk_or_output(tmp_path, capfd, monkeypatch):
    folder = rich_backup(PASSWORD).build(tmp_path / "backup")
    temp = tmp_path / "private-temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before = set(temp.iterdir())
    result = run(IphoneBackup, inputs={"ios": folder}, secrets={"ios-backup": PASSWORD})
    assert "ios.profile.vpn" in codes(result)
    assert PASSWORD not in everything_said(result)
    out, err = capfd.readouterr()
    assert PASSWORD not in out + err and not out
    assert set(temp.iterdir()) <= before  # nothing decrypted was left in the temp folder
    for path in folder.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes()


def test_damaged_manifest_db_reads_what_it_can(tmp_path):
    folder = rich_backup().build(tmp_path / "backup")
    (folder / "Manifest.db").write_bytes(os.urandom(5000))
    result = run(IphoneBackup, inputs={"ios": folder})
    assert result.problem is None
    assert "ios.app.watchware" in codes(result)
    assert any("Manifest.db" in gap and "damaged" in gap for gap in result.gaps)


def test_junk_where_plists_should_be(tmp_path):
    folder = rich_backup().build(tmp_path / "backup")
    (folder / "Info.plist").write_bytes(b"\x00\xff junk \x01" * 50)
    stub = next(f for d, f, _, _ in rich_backup().files if f.endswith(".stub"))
    fid = file_id(PROFILES_DOMAIN, stub)
    (folder / fid[:2] / fid).write_bytes(b"bplist00" + os.urandom(300))
    result = run(IphoneBackup, inputs={"ios": folder})
    assert result.problem is None
    assert any("Info.plist" in gap for gap in result.gaps)
    assert any("configuration profile record could not be read" in gap for gap in result.gaps)
    assert "ios.app.watchware" in codes(result)  # Manifest.plist still lists the apps


def test_partial_backup_missing_files_and_unfinished(tmp_path):
    builder = rich_backup()
    builder.snapshot = "uploading"
    folder = builder.build(tmp_path / "backup")
    for path in folder.iterdir():
        if path.is_dir():
            shutil.rmtree(path)
    (folder / "Info.plist").unlink()
    result = run(IphoneBackup, inputs={"ios": folder})
    assert result.problem is None
    assert any("not finished" in gap for gap in result.gaps)
    assert any("no Info.plist" in gap for gap in result.gaps)
    assert any("copy is missing" in gap for gap in result.gaps)
    assert "ios.jailbreak.trace" in codes(result)  # the file list alone shows it


def test_huge_sparse_files_are_refused_not_read(tmp_path):
    folder = rich_backup().build(tmp_path / "backup")
    stub = next(f for d, f, _, _ in rich_backup().files if f.endswith(".stub"))
    fid = file_id(PROFILES_DOMAIN, stub)
    with (folder / fid[:2] / fid).open("wb") as handle:
        handle.truncate(2 * 1024**3)
    result = run(IphoneBackup, inputs={"ios": folder})
    assert any("far larger" in gap for gap in result.gaps)
    (folder / "Manifest.db").unlink()
    with (folder / "Manifest.db").open("wb") as handle:
        handle.truncate(2 * 1024**3)
    result = run(IphoneBackup, inputs={"ios": folder})
    assert result.problem is None and any("Manifest.db" in gap for gap in result.gaps)


def test_no_manifest_db(tmp_path):
    folder = rich_backup().build(tmp_path / "backup")
    (folder / "Manifest.db").unlink()
    result = run(IphoneBackup, inputs={"ios": folder})
    assert any("no Manifest.db" in gap for gap in result.gaps)


def test_a_link_inside_the_backup_is_not_followed(tmp_path):
    secret_file = tmp_path / "elsewhere.plist"
    secret_file.write_bytes(plistlib.dumps({"PayloadIdentifier": "x", "PayloadContent": [VPN_PAYLOAD]}))
    folder = rich_backup().build(tmp_path / "backup")
    stub = next(f for d, f, _, _ in rich_backup().files if f.endswith(".stub"))
    fid = file_id(PROFILES_DOMAIN, stub)
    (folder / fid[:2] / fid).unlink()
    (folder / fid[:2] / fid).symlink_to(secret_file)
    result = run(IphoneBackup, inputs={"ios": folder})
    assert any("link" in gap for gap in result.gaps)


def test_one_level_up_is_accepted_and_not_a_backup_is_a_plain_failure(tmp_path):
    rich_backup().build(tmp_path / "Backup" / "00008110-001")
    assert run(IphoneBackup, inputs={"ios": tmp_path / "Backup"}).findings
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = run(IphoneBackup, inputs={"ios": empty})
    assert result.status is Status.FAILED
    assert "does not look like an iPhone backup" in result.problem.plain


def test_old_ios_is_flagged(tmp_path):
    folder = BackupBuilder(ios_version="16.7.2").add_app("com.apple.Pages", "Pages").build(tmp_path / "b")
    result = run(IphoneBackup, inputs={"ios": folder})
    assert codes(result) == ["ios.version.old"]
    assert "iOS Version" in result.findings[0].evidence[0].fields["look on the phone"]


def test_clean_backup_is_clean_and_says_what_it_read(tmp_path):
    folder = BackupBuilder(ios_version="26.1").add_app("com.apple.Pages", "Pages").build(tmp_path / "b")
    result = run(IphoneBackup, inputs={"ios": folder})
    assert result.status is Status.CLEAN
    assert len(result.looked_at) >= 4
    assert any("Find My" in spot for spot in result.blind_spots)


def test_demo_example_shows_the_vpn_profile():
    folder = Path(__file__).parents[3] / "checks" / "ios" / IphoneBackup.example_inputs["ios"]
    result = run(IphoneBackup, inputs={"ios": folder})
    assert codes(result) == ["ios.profile.vpn"]


@pytest.mark.parametrize("code", ["ios.profile.vpn", "ios.app.stalkerware", "ios.version.old", "ios.supervised"])
def test_every_code_has_advice(code):
    from cybercheck.advice import all_advice

    assert code in all_advice()


def test_the_password_stays_out_of_a_saved_report_and_the_terminal(tmp_path):
    import subprocess
    import sys

    folder = rich_backup(PASSWORD).build(tmp_path / "backup")
    home = tmp_path / "home"
    home.mkdir()
    report = tmp_path / "report.json"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local"),
           "XDG_CACHE_HOME": str(home / ".cache"), "PATH": os.environ.get("PATH", ""),
           "CYBERCHECK_SECRET_IOS_BACKUP": PASSWORD, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = subprocess.run(
        [sys.executable, "-m", "cybercheck", "scan", "--check", "ios.backup", "--input", f"ios={folder}",
         "--offline", "--output", str(report), "--verbose"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 1, done.stderr  # found something
    saved = report.read_text(encoding="utf-8")
    assert "ios.profile.vpn" in saved
    assert PASSWORD not in done.stdout + done.stderr + saved
    for path in home.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes()
