"""AndroidQF acquisitions (folder and zip, in its documented layout), damaged ones, and bug reports."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

import devicegen
from checks.android.sources.androidqf import read_androidqf
from checks.android.sources.assemble import assemble
from checks.android.checks import AndroidDevice
from tests.checks.android.conftest import FIXTURES, zip_folder
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.model import Status
from cybercheck.testing import run


def codes(result):
    return {f.code for f in result.findings}


def test_folder_and_zip_give_the_same_findings(acquisition, tmp_path):
    folder = acquisition(devicegen.stalked_phone("12", apps=120))
    flat = zip_folder(folder, tmp_path / "flat.zip")
    nested = zip_folder(folder, tmp_path / "nested.zip", prefix="8d3f0c7e-uuid/")
    results = [run(AndroidDevice, inputs={"android": p}) for p in (folder, flat, nested)]
    assert {r.status for r in results} == {Status.FOUND}
    assert len({tuple(sorted((f.code, f.subject) for f in r.findings)) for r in results}) == 1
    assert results[0].gaps == ()


def test_installer_null_lowercase_certificate_and_apk_hash(acquisition):
    phone = devicegen.base_phone("14", apps=40)
    # a signing certificate from Echap (upper case there, lower case in AndroidQF) on an innocent-looking name
    phone.packages.append(devicegen.Pkg("com.innocent.looking", installer=None))
    phone.certs["com.innocent.looking"] = "31A6ECECD97CF39BC4126B8745CD94A7C30BF81C".lower()
    phone.packages.append(devicegen.Pkg("com.life360.android.safetymapd"))  # watchware, from the Play Store
    folder = acquisition(phone)
    data = json.loads((folder / "packages.json").read_text())
    assert {e["installer"] for e in data} >= {"null", "com.android.vending"}
    result = run(AndroidDevice, inputs={"android": folder})
    by_code = {f.code: f for f in result.findings}
    stalker = by_code["android.app.stalkerware"]
    assert stalker.subject.endswith("(com.innocent.looking)")
    assert stalker.evidence[0].fields["how sure"].startswith("Certain: its signing certificate")
    watch = by_code["android.app.watchware"]
    assert watch.severity.name == "MEDIUM" and "Life360" in watch.subject


def test_apk_hash_from_samples_csv(acquisition, tmp_path):
    phone = devicegen.base_phone("12", apps=35)
    phone.packages.append(devicegen.Pkg("com.renamed.sample", installer="com.google.android.packageinstaller"))
    folder = acquisition(phone)
    data = json.loads((folder / "packages.json").read_text())
    data[-1]["files"][0]["sha256"] = "2f3bc9ebe8c249f0416f5b0367f34b4b8f6aaa7d351dc5b4912fe2558491b6b7"  # a 1TopSpy sample
    (folder / "packages.json").write_text(json.dumps(data))
    result = run(AndroidDevice, inputs={"android": folder})
    (finding,) = [f for f in result.findings if f.code == "android.app.stalkerware"]
    assert finding.evidence[0].fields["how sure"] == "Certain: its app file is on the stalkerware list"


def test_sideloaded_hidden_app_with_sensitive_permissions_is_high(acquisition):
    phone = devicegen.base_phone("14", apps=35)
    phone.packages.append(devicegen.Pkg(
        "com.quiet.helper", installer="com.google.android.packageinstaller", launcher=False,
        requested=("android.permission.READ_SMS", "android.permission.ACCESS_FINE_LOCATION"),
        granted=("android.permission.READ_SMS",)))
    phone.packages.append(devicegen.Pkg("com.plain.tool", installer=None))
    result = run(AndroidDevice, inputs={"android": acquisition(phone)})
    sideloaded = {f.subject: f for f in result.findings if f.code == "android.app.sideloaded"}
    assert sideloaded["com.quiet.helper"].severity.name == "HIGH"
    assert sideloaded["com.quiet.helper"].evidence[0].fields["icon on the home screen"].startswith("no")
    assert sideloaded["com.plain.tool"].severity.name in ("LOW", "MEDIUM")


def test_damaged_files_become_gaps_and_the_rest_is_still_judged(acquisition):
    folder = acquisition(devicegen.stalked_phone("12", apps=60))
    (folder / "processes.json").write_text('[{"pid": 1, "comm')
    (folder / "root_binaries.json").write_text("garbage")
    (folder / "dumpsys.txt").unlink()
    result = run(AndroidDevice, inputs={"android": folder})
    assert "android.app.stalkerware" in codes(result)
    assert not result.complete
    assert any("processes.json" in g and "damaged" in g for g in result.gaps)
    assert any("device administrators could not be read" in g for g in result.gaps)


def test_packages_json_garbage_keeps_other_sources(acquisition):
    folder = acquisition(devicegen.stalked_phone("12", apps=60))
    (folder / "packages.json").write_text("\x00\x01 not json")
    result = run(AndroidDevice, inputs={"android": folder})
    assert any("packages.json" in g for g in result.gaps)
    assert "android.app.stalkerware" in codes(result)  # the app is still in dumpsys package


def test_truncated_zip_and_non_acquisition(acquisition, tmp_path):
    archive = zip_folder(acquisition(devicegen.base_phone("12", apps=30)), tmp_path / "acq.zip")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = run(AndroidDevice, inputs={"android": cut})
    assert result.status is Status.FAILED and "damaged" in result.problem.plain
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.txt").write_text("meow")
    result = run(AndroidDevice, inputs={"android": other})
    assert result.status is Status.FAILED and "AndroidQF" in result.problem.plain


def test_encrypted_acquisition_says_how_to_decrypt(tmp_path):
    sealed = tmp_path / "abc.zip.age"
    sealed.write_bytes(b"age-encryption.org/v1\n-> X25519 abc\n")
    with pytest.raises(DamagedInput, match="age --decrypt"):
        read_androidqf(sealed)


def test_hostile_zip_member_is_refused(acquisition, tmp_path):
    archive = zip_folder(acquisition(devicegen.base_phone("12", apps=30)), tmp_path / "acq.zip")
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr("../packages.json", "[]")
    artifacts = assemble(read_androidqf(archive))
    assert len(artifacts.apps) == 30


def test_bug_report_zip(tmp_path):
    folder = tmp_path / "bugreport"
    shutil.copytree(FIXTURES / "bugreport", folder)
    archive = zip_folder(folder, tmp_path / "bugreport.zip")
    result = run(AndroidDevice, inputs={"android": archive})
    assert {"android.accessibility.enabled", "android.setting.play-protect-off", "android.app.sideloaded"} <= codes(result)
    assert "Android 12" in result.looked_at[0]


def test_demo_example_shows_the_three_signs():
    from pathlib import Path

    import checks.android

    example = Path(checks.android.__file__).parent / AndroidDevice.example_inputs["android"]
    result = run(AndroidDevice, inputs={"android": example})
    by_code = {f.code: f for f in result.findings}
    assert by_code["android.app.stalkerware"].severity.name == "URGENT"
    assert "android.accessibility.enabled" in by_code and "android.setting.play-protect-off" in by_code
    assert result.gaps == ()
