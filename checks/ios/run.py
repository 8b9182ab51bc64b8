"""The run step of ios.backup over one backup folder: each part read, its coverage recorded, then judged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checks.ios.asking import automation_answers, unrecognised_apps
from checks.ios.judge.apps import judge_apps
from checks.ios.judge.automations import judge_automations, sending_automations
from checks.ios.judge.files import judge_files
from checks.ios.judge.permissions import judge_permissions, permitted_apps
from checks.ios.judge.privacy import bare_bundle
from checks.ios.judge.profiles import judge_enrolment, judge_profiles
from checks.ios.judge.shortcuts import judge_shortcuts
from checks.ios.judge.version import judge_version
from checks.ios.known import versions_checked
from checks.ios.records import (
    BackupFile,
    ConfigProfile,
    DeviceInfo,
    Enrolment,
    LocationClient,
    Permission,
)
from checks.ios.sources.backup import IosBackup, WrongPassword
from checks.ios.sources.device import device_info, installed_apps
from checks.ios.sources.permissions import (
    LOCATIOND_DOMAIN,
    LOCATIOND_PATH,
    TCC_DOMAIN,
    TCC_PATH,
    parse_location_clients,
    parse_tcc,
)
from checks.ios.sources.profiles import is_enrolment_file, is_profile_file, parse_enrolment, parse_profile
from checks.ios.sources.screen_time import SCREEN_TIME_DOMAIN, SCREEN_TIME_PATH, parse_screen_time
from checks.ios.sources.shortcuts import SHORTCUTS_DOMAIN, SHORTCUTS_PATH, parse_automations, parse_shortcuts
from cybercheck.errors import DamagedInput, NeedUnmet
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import Text, text

PASSWORD = "ios-backup"
MAX_DATABASE_BYTES = 256 * 1024**2  # TCC.db is read into memory; a real one is well under 1 MB
Plist = dict[str, Any]


def examine_backup(ctx: Context, path: Path) -> Iterator[Finding]:
    """Everything ios.backup finds in the backup at `path`, recording what it read and could not."""
    backup = IosBackup(path)
    source = text("ios.from-backup", name=backup.root.name)
    try:
        device, info, manifest = _describe(ctx, backup)
        yield from judge_version(device, source=source)
        if info is not None or manifest is not None:
            yield from _apps(ctx, info, manifest, text("ios.seen-in-app-list", source=source))
        if not _open_files(ctx, backup, device):
            return
        files = _listed(ctx, backup)
        if files is None:
            return
        yield from judge_files(files, source=text("ios.seen-in-manifest-db", source=source))
        profiles, enrolments = _profiles(ctx, backup, files)
        yield from judge_profiles(profiles, source=text("ios.seen-in-profiles", source=source))
        yield from judge_enrolment(enrolments, source=text("ios.seen-in-management", source=source))
        yield from _permissions(ctx, backup, files, text("ios.seen-in-permissions", source=source))
        yield from _shortcuts(ctx, backup, files, source)
        _screen_time(ctx, backup, files)
    finally:
        backup.close()


def _describe(ctx: Context, backup: IosBackup) -> tuple[DeviceInfo, Plist | None, Plist | None]:
    info = _plist(ctx, backup, "Info.plist")
    manifest = _plist(ctx, backup, "Manifest.plist")
    status = _plist(ctx, backup, "Status.plist")
    if status is not None and str(status.get("SnapshotState", "finished")).lower() != "finished":
        ctx.partial(text("ios.backup-unfinished"))
    device = device_info(info, manifest)
    described = text(
        "ios.backup-read",
        name=device.name or text("ios.an-iphone"),
        model=device.product_type or text("ios.model-not-recorded"),
        version=device.ios_version or text("ios.version-not-recorded"),
    )
    if device.last_backup:
        described = text("ios.backup-made", backup=described, made=f"{device.last_backup:%Y-%m-%d %H:%M}")
    if device.encrypted:
        described = text("ios.backup-encrypted", backup=described)
    ctx.looked_at(described)
    if device.ios_version:
        ctx.looked_at(text("ios.version-compared", checked=versions_checked()))
    return device, info, manifest


def _apps(ctx: Context, info: Plist | None, manifest: Plist | None, source: str) -> Iterator[Finding]:
    apps, damaged = installed_apps(info, manifest)
    if damaged:
        ctx.partial(text("ios.apps-damaged", count=damaged))
    ctx.looked_at(
        text(
            "ios.apps-read",
            count=len(apps),
            ids=len(ctx.indicators.ios_bundles),
            version=ctx.indicators.version,
        )
    )
    yield from judge_apps(apps, ctx.indicators, source=source)


def _open_files(ctx: Context, backup: IosBackup, device: DeviceInfo) -> bool:
    if not device.encrypted:
        return True
    try:
        password = ctx.secret(PASSWORD, prompt=text("ios.password-prompt"))
    except NeedUnmet:
        ctx.partial(text("ios.no-password"))
        return False
    task = ctx.progress(1, text("ios.unlocking"))
    try:
        backup.unlock(password)
    except WrongPassword as error:
        ctx.partial(text("ios.wrong-password-gap", reason=error.plain))
        return False
    except DamagedInput as error:
        ctx.partial(text("ios.unlock-failed", reason=error.plain))
        return False
    finally:
        task.close()
    return True


def _listed(ctx: Context, backup: IosBackup) -> list[BackupFile] | None:
    try:
        files = list(backup.files())
    except DamagedInput as error:
        ctx.partial(text("ios.file-list-unread", reason=error.plain))
        return None
    ctx.looked_at(text("ios.files-read", count=len(files)))
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
    ctx.looked_at(text("ios.profiles-read", profiles=len(profiles), records=len(enrolments)))
    for reason in unread[:5]:
        ctx.partial(text("ios.profile-unread", reason=reason))
    if len(unread) > 5:
        ctx.partial(text("ios.profiles-unread-more", count=len(unread) - 5))
    return profiles, enrolments


def _permissions(ctx: Context, backup: IosBackup, files: list[BackupFile], source: Text) -> Iterator[Finding]:
    permissions: list[Permission] = []
    clients: list[LocationClient] = []
    tcc = _backup_file(files, TCC_DOMAIN, TCC_PATH)
    if tcc is None:
        ctx.looked_at(text("ios.tcc-not-in-backup"))  # not given, so not a gap; said all the same
    else:
        try:
            permissions, damaged = parse_tcc(backup.read(tcc, MAX_DATABASE_BYTES), tcc.where)
            ctx.looked_at(text("ios.tcc-read", count=len(permissions)))
            if damaged:
                ctx.partial(text("ios.tcc-rows-damaged", count=damaged))
        except DamagedInput as error:
            ctx.partial(text("ios.part-unread", reason=error.plain, what=text("ios.what-permissions")))
    located = _backup_file(files, LOCATIOND_DOMAIN, LOCATIOND_PATH)
    if located is None:
        ctx.looked_at(text("ios.locationd-not-in-backup"))
    else:
        try:
            clients, damaged = parse_location_clients(backup.read(located), located.where)
            ctx.looked_at(text("ios.locationd-read", count=len(clients)))
            if damaged:
                ctx.partial(text("ios.locationd-damaged", count=damaged))
        except DamagedInput as error:
            ctx.partial(text("ios.part-unread", reason=error.plain, what=text("ios.what-location-clients")))
    apps = {
        app: what
        for app, what in permitted_apps(permissions, clients).items()
        if ctx.indicators.ios_bundle(bare_bundle(app)) is None  # judged from the app list already
    }
    unrecognised = unrecognised_apps(ctx, apps, "ios.ask-backup-app")
    yield from judge_permissions(permissions, clients, unrecognised=unrecognised, source=source)


def _shortcuts(ctx: Context, backup: IosBackup, files: list[BackupFile], source: Text) -> Iterator[Finding]:
    found = _backup_file(files, SHORTCUTS_DOMAIN, SHORTCUTS_PATH)
    if found is None:
        ctx.looked_at(text("ios.shortcuts-not-in-backup"))
        return
    try:
        data = backup.read(found, MAX_DATABASE_BYTES)
        shortcuts, damaged = parse_shortcuts(data, found.where)
    except DamagedInput as error:
        ctx.partial(text("ios.part-unread", reason=error.plain, what=text("ios.what-shortcuts")))
        return
    ctx.looked_at(text("ios.shortcuts-read", count=len(shortcuts)))
    if damaged:
        ctx.partial(text("ios.shortcuts-rows-damaged", count=damaged))
    try:
        automations = parse_automations(data, found.where)
    except DamagedInput as error:
        automations = None
        ctx.partial(text("ios.part-unread", reason=error.plain, what=text("ios.what-automations")))
    else:
        if automations is None:
            ctx.partial(text("ios.automations-no-table"))
    sending = sending_automations(automations[0], shortcuts) if automations else []
    yield from judge_shortcuts(
        shortcuts,
        ctx.indicators,
        source=text("ios.seen-in-shortcuts", source=source),
        automated=frozenset(i.shortcut.key for i in sending if i.shortcut.key is not None),
    )
    if automations is None:
        return
    listed, unreadable = automations
    ctx.looked_at(text("ios.automations-read", count=len(listed), sending=len(sending)))
    if unreadable:
        ctx.partial(text("ios.automation-triggers-unread", count=unreadable))
    answers = automation_answers(ctx, sending)
    yield from judge_automations(sending, answers, source=text("ios.seen-in-automations", source=source))


def _screen_time(ctx: Context, backup: IosBackup, files: list[BackupFile]) -> None:
    found = _backup_file(files, SCREEN_TIME_DOMAIN, SCREEN_TIME_PATH)
    if found is None:
        ctx.looked_at(text("ios.screen-time-not-in-backup"))
        return
    try:
        state = parse_screen_time(backup.read(found), found.where)
    except DamagedInput as error:
        ctx.partial(text("ios.part-unread", reason=error.plain, what=text("ios.what-screen-time")))
        return
    if state.enabled is None:
        ctx.looked_at(text("ios.screen-time-not-recorded"))
    else:
        ctx.looked_at(text("ios.screen-time-on" if state.enabled else "ios.screen-time-off"))


def _backup_file(files: list[BackupFile], domain: str, path: str) -> BackupFile | None:
    return next((f for f in files if f.domain == domain and f.relative_path == path), None)


def _plist(ctx: Context, backup: IosBackup, name: str) -> Plist | None:
    try:
        value = backup.plist(name)
    except DamagedInput as error:
        ctx.partial(text("ios.plist-unread", reason=error.plain))
        return None
    if value is None:
        ctx.partial(text("ios.plist-missing", name=name))
    return value
