"""Builds iPhone backups in the real layout (plists, Manifest.db, hashed files), plain or encrypted.

Layout and encryption follow the format as iphone_backup_decrypt reads it: a BackupKeyBag of
TLV blocks in Manifest.plist whose class keys are AES-wrapped (RFC 3394) with a key derived
from the password by PBKDF2-SHA256 then PBKDF2-SHA1; Manifest.db encrypted with AES-CBC under
ManifestKey; each file encrypted under its own key, wrapped in its MBFile record's
EncryptionKey. Iteration counts are tiny here to keep tests fast; the structure is the same.
"""

from __future__ import annotations

import hashlib
import os
import plistlib
import sqlite3
import struct
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from checks.ios.sources.profiles import PROFILES_DOMAIN, PROFILES_FOLDER

WHEN = datetime(2026, 11, 20, 9, 30)


def file_id(domain: str, relative: str) -> str:
    return hashlib.sha1(f"{domain}-{relative}".encode()).hexdigest()


def _pad(data: bytes) -> bytes:
    n = 16 - len(data) % 16
    return data + bytes([n]) * n


def _cbc(key: bytes, data: bytes) -> bytes:
    from Crypto.Cipher import AES

    return AES.new(key, AES.MODE_CBC, iv=b"\x00" * 16).encrypt(_pad(data))


def _wrap(kek: bytes, key: bytes) -> bytes:
    from Crypto.Cipher import AES

    return AES.new(kek, AES.MODE_KW).seal(key)


def _tlv(tag: bytes, value: bytes | int) -> bytes:
    raw = struct.pack(">L", value) if isinstance(value, int) else value
    return tag + struct.pack(">L", len(raw)) + raw


def _mbfile(relative: str, size: int, wrapped_key: bytes | None, protection: int = 3) -> bytes:
    uid = plistlib.UID
    record = {"$class": uid(4), "RelativePath": uid(2), "LastModified": 1763630000, "Birth": 1763630000,
              "Size": size, "ProtectionClass": protection, "Mode": 0o100644, "Flags": 0, "UserID": 501,
              "GroupID": 501, "InodeNumber": 1234}
    objects: list = ["$null", record, relative, None, {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]}]
    if wrapped_key is not None:
        record["EncryptionKey"] = uid(3)
        objects[3] = {"NS.data": struct.pack("<l", protection) + wrapped_key, "$class": uid(5)}
        objects.append({"$classname": "NSMutableData", "$classes": ["NSMutableData", "NSData", "NSObject"]})
    else:
        objects[3] = "unused"
    archive = {"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": uid(1)}, "$objects": objects}
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)


@dataclass
class BackupBuilder:
    """A backup to write: add apps, files and profiles, then build(folder)."""

    device_name: str = "Sam's iPhone"
    ios_version: str = "17.5.1"
    product_type: str = "iPhone15,2"
    password: str | None = None
    apps: dict[str, dict] = field(default_factory=dict)
    files: list[tuple[str, str, bytes | None, int]] = field(default_factory=list)
    snapshot: str = "finished"

    def add_app(self, bundle: str, name: str, source_app: str | None = "com.apple.AppStore") -> BackupBuilder:
        meta = {"itemName": name, "softwareVersionBundleId": bundle, "bundleShortVersionString": "1.0",
                "artistName": "Example Ltd",
                "com.apple.iTunesStore.downloadInfo": {"purchaseDate": "2026-10-01T10:00:00Z"}}
        if source_app is not None:
            meta["sourceApp"] = source_app
        self.apps[bundle] = meta
        return self

    def add_file(self, domain: str, relative: str, data: bytes | None = b"", flags: int = 1) -> BackupBuilder:
        self.files.append((domain, relative, data, flags))
        return self

    def add_profile(self, name: str, payloads: list[dict], *, organization: str = "Example") -> BackupBuilder:
        ident = "com.example." + name.lower().replace(" ", "-")
        stub = {"PayloadDisplayName": name, "PayloadIdentifier": ident, "PayloadOrganization": organization,
                "PayloadUUID": "5A0E4C2B-0000-4000-8000-" + hashlib.sha1(name.encode()).hexdigest()[:12].upper(),
                "PayloadType": "Configuration", "PayloadVersion": 1, "InstallDate": WHEN,
                "PayloadContent": payloads}
        digest = hashlib.sha1(ident.encode()).hexdigest()
        return self.add_file(PROFILES_DOMAIN, f"{PROFILES_FOLDER}profile-{digest}.stub", plistlib.dumps(stub))

    def add_mdm(self, server: str = "https://mdm.example.net/server", supervised: bool = False) -> BackupBuilder:
        self.add_file(PROFILES_DOMAIN, PROFILES_FOLDER + "MDM.plist",
                      plistlib.dumps({"ServerURL": server, "CheckInURL": server, "IsSupervised": supervised}))
        return self

    # --- writing ----------------------------------------------------------------------------
    def build(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        keys = self._keys() if self.password is not None else None
        db_rows = []
        for domain, relative, data, flags in self.files:
            fid = file_id(domain, relative)
            wrapped = None
            if flags == 1 and data is not None:
                payload = data
                if keys is not None:
                    file_key = os.urandom(32)
                    wrapped = _wrap(keys["class"], file_key)
                    payload = _cbc(file_key, data)
                (folder / fid[:2]).mkdir(exist_ok=True)
                (folder / fid[:2] / fid).write_bytes(payload)
            db_rows.append((fid, domain, relative, flags, _mbfile(relative, len(data or b""), wrapped)))
        database = _database(db_rows)
        manifest = {"Version": "10.0", "Date": WHEN, "WasPasscodeSet": True, "SystemDomainsVersion": "24.0",
                    "IsEncrypted": keys is not None,
                    "Lockdown": {"DeviceName": self.device_name, "ProductVersion": self.ios_version,
                                 "ProductType": self.product_type, "BuildVersion": "21F90"},
                    "Applications": {b: {"CFBundleIdentifier": b, "CFBundleVersion": "1"} for b in self.apps}}
        if keys is not None:
            manifest["BackupKeyBag"] = keys["keybag"]
            manifest["ManifestKey"] = struct.pack("<l", 3) + _wrap(keys["class"], keys["manifest"])
            database = _cbc(keys["manifest"], database)
        (folder / "Manifest.db").write_bytes(database)
        (folder / "Manifest.plist").write_bytes(plistlib.dumps(manifest, fmt=plistlib.FMT_BINARY))
        (folder / "Info.plist").write_bytes(plistlib.dumps(self._info()))
        (folder / "Status.plist").write_bytes(plistlib.dumps(
            {"BackupState": "new", "IsFullBackup": False, "SnapshotState": self.snapshot, "Version": "3.3",
             "UUID": "00000000-0000-4000-8000-000000000001", "Date": WHEN}, fmt=plistlib.FMT_BINARY))
        return folder

    def _info(self) -> dict:
        return {"Device Name": self.device_name, "Display Name": self.device_name,
                "Product Type": self.product_type, "Product Version": self.ios_version, "Build Version": "21F90",
                "Last Backup Date": WHEN, "Unique Identifier": "0000000000000000000000000000000000000001",
                "iTunes Version": "12.13", "Installed Applications": sorted(self.apps),
                "Applications": {b: {"iTunesMetadata": plistlib.dumps(m, fmt=plistlib.FMT_BINARY),
                                     "PlaceholderIcon": b"\x89PNG"} for b, m in self.apps.items()}}

    def _keys(self) -> dict:
        assert self.password is not None
        salt, dpsl = os.urandom(20), os.urandom(20)
        round1 = hashlib.pbkdf2_hmac("sha256", self.password.encode(), dpsl, 1, 32)
        pass_key = hashlib.pbkdf2_hmac("sha1", round1, salt, 1, 32)
        class_key, manifest_key = os.urandom(32), os.urandom(32)
        keybag = b"".join([
            _tlv(b"VERS", 3), _tlv(b"TYPE", 1), _tlv(b"UUID", os.urandom(16)), _tlv(b"HMCK", os.urandom(40)),
            _tlv(b"WRAP", 0), _tlv(b"SALT", salt), _tlv(b"ITER", 1), _tlv(b"DPWT", 1), _tlv(b"DPIC", 1),
            _tlv(b"DPSL", dpsl),
            _tlv(b"UUID", os.urandom(16)), _tlv(b"CLAS", 3), _tlv(b"WRAP", 2), _tlv(b"KTYP", 0),
            _tlv(b"WPKY", _wrap(pass_key, class_key)),
        ])
        return {"keybag": keybag, "class": class_key, "manifest": manifest_key}


def _database(rows: list[tuple]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Manifest.db"
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)")
        db.execute("CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)")
        db.executemany("INSERT INTO Files VALUES (?, ?, ?, ?, ?)", rows)
        db.commit()
        db.close()
        return path.read_bytes()


VPN_PAYLOAD = {"PayloadType": "com.apple.vpn.managed", "PayloadDisplayName": "VPN",
               "PayloadIdentifier": "com.example.vpn.payload", "PayloadUUID": "0B7D0000-0000-4000-8000-000000000002",
               "PayloadVersion": 1, "UserDefinedName": "Secure Connection", "VPNType": "IKEv2",
               "IKEv2": {"RemoteAddress": "vpn.example.net", "AuthenticationMethod": "Certificate"}}
