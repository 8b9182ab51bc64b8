"""ios.backup: configuration profiles, device management, jailbreak signs and watchware in an iPhone backup."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


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

    id = "ios.backup"
    aliases = ("device.ios",)
    title = "iPhone backup: profiles, device management, jailbreak and monitoring apps"
    area = Area.DEVICES
    looks_at = "an iPhone backup folder: its apps, configuration profiles, device management, jailbreak traces and iOS version"
    needs: ClassVar[tuple[Need, ...]] = (
        Need.input("ios", how="an iPhone backup folder: --input ios=FOLDER (see `cybercheck checks show ios.backup`)"),
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
        from checks.ios.examine import examine_backup

        path = ctx.input_path("ios")
        assert path is not None  # the need guarantees it
        yield from examine_backup(ctx, path)
