"""App files (APKs) saved in an AndroidQF acquisition: hashed, and their code scanned with Echap's YARA rules."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import devicegen
import pytest

from checks.android.checks import AndroidDevice
from checks.android.sources import apks
from cybercheck.testing import run

# A DEX file ("dex\n035" at its start) holding four of the strings of Echap's `cerberus` rule.
CERBERUS_DEX = b"dex\n035\x00" + b"\x00".join(
    [b"support@cerberusapp.com", b"sendaudiofile.php", b"comm/radar.php", b"notifyowner.php", b"padding" * 20]
)
PLAIN_DEX = b"dex\n035\x00" + b"nothing to see here" * 10


def apk(dex: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("AndroidManifest.xml", b"\x03\x00\x08\x00")
        archive.writestr("classes.dex", dex)
    return buffer.getvalue()


def acquisition_with(acquisition, files: dict[str, bytes | None]):
    phone = devicegen.base_phone("14", apps=30)
    for package in files:
        phone.packages.append(devicegen.Pkg(package))
    folder = acquisition(phone)
    data = json.loads((folder / "packages.json").read_text())
    (folder / "apks").mkdir()
    for entry in data:
        if entry["name"] in files:
            local = f"apks/{entry['name']}_base.apk"
            entry["files"][0]["local_name"] = local
            content = files[entry["name"]]
            if content is not None:
                (folder / local).write_bytes(content)
    (folder / "packages.json").write_text(json.dumps(data))
    return folder


def test_code_matching_a_rule_is_stalkerware_whatever_the_name(acquisition):
    pytest.importorskip("yara")
    folder = acquisition_with(acquisition, {"com.calculator.plus": apk(CERBERUS_DEX), "com.notes.app": apk(PLAIN_DEX)})
    result = run(AndroidDevice, inputs={"android": folder})
    (found,) = [f for f in result.findings if f.code == "android.app.stalkerware"]
    assert found.subject == "cerberus (com.calculator.plus)"
    assert found.evidence[0].fields["how sure"].startswith("Certain: the app's own code")
    assert any(line.startswith("2 app files (APKs)") and "of 2 scanned" in line for line in result.looked_at)


def test_a_saved_file_matching_a_stalkerware_hash_is_found(acquisition, monkeypatch):
    content = apk(PLAIN_DEX)
    sha256 = hashlib.sha256(content).hexdigest()
    from cybercheck.indicators import sets

    original = sets.IndicatorSet.file_hash

    def file_hash(self, value):
        return original(self, "2f3bc9ebe8c249f0416f5b0367f34b4b8f6aaa7d351dc5b4912fe2558491b6b7") if value == sha256 else original(self, value)

    monkeypatch.setattr(sets.IndicatorSet, "file_hash", file_hash)
    result = run(AndroidDevice, inputs={"android": acquisition_with(acquisition, {"com.renamed.sample": content})})
    (found,) = [f for f in result.findings if f.code == "android.app.stalkerware"]
    assert found.evidence[0].fields["how sure"] == "Certain: its app file is on the stalkerware list"


def test_without_yara_the_files_are_hashed_and_the_gap_says_so(acquisition, monkeypatch):
    monkeypatch.setattr(apks, "_rules", lambda: None)
    result = run(AndroidDevice, inputs={"android": acquisition_with(acquisition, {"com.calculator.plus": apk(CERBERUS_DEX)})})
    assert "android.app.stalkerware" not in {f.code for f in result.findings}
    assert any("yara-python" in gap for gap in result.gaps)


def test_missing_and_damaged_app_files_are_gaps(acquisition):
    pytest.importorskip("yara")
    folder = acquisition_with(acquisition, {"com.gone.app": None, "com.broken.app": b"PK\x03\x04 cut short"})
    result = run(AndroidDevice, inputs={"android": folder})
    assert any("com.gone.app" in gap and "not in it" in gap for gap in result.gaps)
    assert any("com.broken.app" in gap and "could not be opened" in gap for gap in result.gaps)


def test_an_acquisition_without_app_files_says_the_code_was_not_scanned(acquisition):
    result = run(AndroidDevice, inputs={"android": acquisition(devicegen.base_phone("12", apps=30))})
    assert any(line.startswith("The acquisition holds no app files") for line in result.looked_at)
