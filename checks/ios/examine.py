"""ios.backup over one backup folder: each part read, its coverage recorded, then judged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
from cybercheck.pipeline.context import Context
from cybercheck.errors import DamagedInput, NeedUnmet
from cybercheck.pipeline.model import Finding

PASSWORD = "ios-backup"
Plist = dict[str, Any]


def examine_backup(ctx: Context, path: Path) -> Iterator[Finding]:
    """Everything ios.backup finds in the backup at `path`, recording what it read and could not."""
    backup = IosBackup(path)
    source = f"iPhone backup {backup.root.name}"
    try:
        device, info, manifest = _describe(ctx, backup)
        yield from judge_version(device, source=source)
        if info is not None or manifest is not None:
            yield from _apps(ctx, info, manifest, source)
        if not _open_files(ctx, backup, device):
            return
        files = _listed(ctx, backup)
        if files is None:
            return
        yield from judge_files(files, source=f"{source}, Manifest.db")
        profiles, enrolments = _profiles(ctx, backup, files)
        yield from judge_profiles(profiles, source=f"{source}, configuration profiles")
        yield from judge_enrolment(enrolments, source=f"{source}, device management records")
    finally:
        backup.close()


def _describe(ctx: Context, backup: IosBackup) -> tuple[DeviceInfo, Plist | None, Plist | None]:
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


def _apps(ctx: Context, info: Plist | None, manifest: Plist | None, source: str) -> Iterator[Finding]:
    apps, damaged = installed_apps(info, manifest)
    if damaged:
        ctx.partial(f"The details of {damaged} apps in Info.plist were damaged; only their ids were checked.")
    ctx.looked_at(f"{len(apps)} apps listed in the backup, against {len(ctx.indicators.ios_bundles)} "
                  f"iPhone app ids in the indicator set ({ctx.indicators.version}) and known jailbreak apps")
    yield from judge_apps(apps, ctx.indicators, source=f"{source}, app list")


def _open_files(ctx: Context, backup: IosBackup, device: DeviceInfo) -> bool:
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


def _listed(ctx: Context, backup: IosBackup) -> list[BackupFile] | None:
    try:
        files = list(backup.files())
    except DamagedInput as error:
        ctx.partial(f"{error.plain} Configuration profiles, device management and jailbreak traces were not checked.")
        return None
    ctx.looked_at(f"{len(files)} files listed in Manifest.db, for jailbreak traces")
    return files


def _profiles(
    ctx: Context, backup: IosBackup, files: list[BackupFile]
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
