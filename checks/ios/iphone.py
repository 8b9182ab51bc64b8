"""device.ios: configuration profiles, device management, jailbreak signs and watchware in an iPhone backup."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from checks.ios.backup import IosBackup, WrongPassword
from checks.ios.device import device_info, installed_apps
from checks.ios.judge import (
    judge_apps,
    judge_enrolment,
    judge_files,
    judge_profiles,
    judge_version,
    versions_checked,
)
from checks.ios.profiles import is_enrolment_file, is_profile_file, parse_enrolment, parse_profile
from checks.ios.records import BackupFile, ConfigProfile, DeviceInfo, Enrolment
from cybercheck.check import Area, Check, Need
from cybercheck.context import Context
from cybercheck.errors import DamagedInput, NeedUnmet
from cybercheck.model import Finding

PASSWORD = "ios-backup"
Plist = dict[str, Any]


class IphoneBackup(Check):
    """Reads a backup of an iPhone made on a computer, and looks for what lets someone watch the phone.

    Give the backup folder with `--input ios=FOLDER` (the folder that holds Manifest.plist).
    To make a backup, connect the iPhone with a cable and tap "Trust" on the phone:
      - Mac (macOS 10.15 or later): Finder → the iPhone in the sidebar → General →
        "Back up all of the data on your iPhone to this Mac" → Back Up Now. Backups are in
        ~/Library/Application Support/MobileSync/Backup/.
      - Windows: the Apple Devices app (or iTunes) → the iPhone → Backups → "This computer" →
        Back Up Now. Backups are in %USERPROFILE%\\Apple\\MobileSync\\Backup\\ (or
        %APPDATA%\\Apple Computer\\MobileSync\\Backup\\ for older iTunes).
      - Linux: install libimobiledevice (Debian/Ubuntu: apt install libimobiledevice-utils),
        then run `idevicebackup2 backup --full FOLDER`; the backup is made inside FOLDER.
    Making a backup changes nothing on the phone, but the phone shows that a computer is
    connected. An encrypted backup ("Encrypt local backup") holds more of what this check reads.
    Its password is asked hidden (or taken from the keyring as "ios-backup"), used only in
    memory and never saved. Nothing leaves this computer.
    """

    id = "device.ios"
    title = "iPhone backup: profiles, device management, jailbreak and monitoring apps"
    area = Area.DEVICES
    looks_at = "an iPhone backup folder: its apps, configuration profiles, device management, jailbreak traces and iOS version"
    needs: ClassVar[tuple[Need, ...]] = (
        Need.input("ios", how="an iPhone backup folder: --input ios=FOLDER (see `cybercheck checks show device.ios`)"),
    )
    blind_spots: ClassVar[tuple[str, ...]] = (
        ("A backup does not show who sees the phone's location in Find My, who is in its Family Sharing "
         "group or which devices are signed in to its Apple Account; the guided questions "
         "(cybercheck guide) go through those on the phone."),
        ("Someone who knows the Apple Account password needs nothing on the phone: iCloud shows them "
         "photos, messages and location. The guided questions about the Apple Account cover that."),
        "Spyware built to hide, and apps that leave no record in a backup, cannot be seen this way.",
    )
    example_inputs: ClassVar[dict[str, str]] = {"ios": "examples/backup"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        path = ctx.input_path("ios")
        assert path is not None  # the need guarantees it
        backup = IosBackup(path)
        source = f"iPhone backup {backup.root.name}"
        try:
            device, info, manifest = self._describe(ctx, backup)
            yield from judge_version(device, source=source)
            if info is not None or manifest is not None:
                yield from self._apps(ctx, info, manifest, source)
            if not self._open_files(ctx, backup, device):
                return
            files = self._listed(ctx, backup)
            if files is None:
                return
            yield from judge_files(files, source=f"{source}, Manifest.db")
            profiles, enrolments = self._profiles(ctx, backup, files)
            yield from judge_profiles(profiles, source=f"{source}, configuration profiles")
            yield from judge_enrolment(enrolments, source=f"{source}, device management records")
        finally:
            backup.close()

    def _describe(self, ctx: Context, backup: IosBackup) -> tuple[DeviceInfo, Plist | None, Plist | None]:
        info = _plist(ctx, backup, "Info.plist")
        manifest = _plist(ctx, backup, "Manifest.plist")
        status = _plist(ctx, backup, "Status.plist")
        if status is not None and str(status.get("SnapshotState", "finished")).lower() != "finished":
            ctx.partial("Status.plist says this backup was not finished, so some of the phone may be missing from it.")
        device = device_info(info, manifest)
        when = f", made {device.last_backup:%Y-%m-%d %H:%M} UTC" if device.last_backup else ""
        ctx.looked_at(
            f"a backup of {device.name or 'an iPhone'} ({device.product_type or 'model not recorded'}, "
            f"iOS {device.ios_version or 'version not recorded'}){when}"
            + (", encrypted" if device.encrypted else "")
        )
        if device.ios_version:
            ctx.looked_at(f"its iOS version against Apple's releases (list checked {versions_checked()})")
        return device, info, manifest

    def _apps(self, ctx: Context, info: Plist | None, manifest: Plist | None, source: str) -> Iterator[Finding]:
        apps, damaged = installed_apps(info, manifest)
        if damaged:
            ctx.partial(f"The details of {damaged} apps in Info.plist were damaged; only their ids were checked.")
        ctx.looked_at(f"{len(apps)} apps listed in the backup, against {len(ctx.indicators.ios_bundles)} "
                      f"iPhone app ids in the indicator set ({ctx.indicators.version}) and known jailbreak apps")
        yield from judge_apps(apps, ctx.indicators, source=f"{source}, app list")

    def _open_files(self, ctx: Context, backup: IosBackup, device: DeviceInfo) -> bool:
        if not device.encrypted:
            return True
        what = "so its configuration profiles, device management records and files were not read"
        try:
            password = ctx.secret(PASSWORD, prompt="Type the password of this iPhone backup (it will not be shown)")
        except NeedUnmet:
            ctx.partial(f"This backup is encrypted and no backup password was given, {what}.")
            return False
        task = ctx.progress(1, "Unlocking the backup (this can take a minute)")
        try:
            backup.unlock(password)
        except WrongPassword as error:
            ctx.partial(f"{error.plain} Without it, its configuration profiles and files were not read.")
            return False
        except DamagedInput as error:
            ctx.partial(f"{error.plain} ({what}).")
            return False
        finally:
            task.close()
        return True

    def _listed(self, ctx: Context, backup: IosBackup) -> list[BackupFile] | None:
        try:
            files = list(backup.files())
        except DamagedInput as error:
            ctx.partial(f"{error.plain} Configuration profiles, device management and jailbreak traces were not checked.")
            return None
        ctx.looked_at(f"{len(files)} files listed in Manifest.db, for jailbreak traces")
        return files

    def _profiles(
        self, ctx: Context, backup: IosBackup, files: list[BackupFile]
    ) -> tuple[list[ConfigProfile], list[Enrolment]]:
        profiles: list[ConfigProfile] = []
        enrolments: list[Enrolment] = []
        unread: list[str] = []
        for file in files:
            try:
                if is_profile_file(file):
                    profiles.append(parse_profile(backup.read(file), file.where))
                elif is_enrolment_file(file):
                    found = parse_enrolment(backup.read(file), file)
                    if found is not None:
                        enrolments.append(found)
            except DamagedInput as error:
                unread.append(error.plain)
        ctx.looked_at(f"{len(profiles)} configuration profiles and {len(enrolments)} device management records")
        for reason in unread[:5]:
            ctx.partial(f"A configuration profile record could not be read: {reason}")
        if len(unread) > 5:
            ctx.partial(f"{len(unread) - 5} more configuration profile records could not be read.")
        return profiles, enrolments


def _plist(ctx: Context, backup: IosBackup, name: str) -> Plist | None:
    try:
        value = backup.plist(name)
    except DamagedInput as error:
        ctx.partial(f"{error.plain} What it holds was not checked.")
        return None
    if value is None:
        ctx.partial(f"The backup has no {name}; it may be incomplete, so what that file holds was not checked.")
    return value
