"""Reads the device description and the installed apps from a backup's Info.plist and Manifest.plist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checks.ios.known import backup_keys
from checks.ios.records import DeviceInfo, InstalledApp
from checks.ios.sources.plists import as_dict, first_string, load_dict, when
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text


def device_info(info: Mapping[str, Any] | None, manifest: Mapping[str, Any] | None) -> DeviceInfo:
    """The phone described by Info.plist, with Manifest.plist's Lockdown section filling gaps."""
    info, manifest = as_dict(info), as_dict(manifest)
    lockdown = as_dict(manifest.get("Lockdown"))
    keys = backup_keys()

    def described(name: str) -> str | None:
        return first_string(info, *keys["info"][name]) or first_string(lockdown, *keys["lockdown"][name])

    dated = (when(info.get(key)) for key in keys["info"]["last_backup"])
    return DeviceInfo(
        name=described("name"),
        product_type=described("product_type"),
        ios_version=described("ios_version"),
        last_backup=next((d for d in dated if d is not None), None) or when(manifest.get("Date")),
        encrypted=bool(manifest.get("IsEncrypted")),
    )


def installed_apps(
    info: Mapping[str, Any] | None, manifest: Mapping[str, Any] | None
) -> tuple[list[InstalledApp], int]:
    """Every app either plist lists, and how many app records were damaged and skipped."""
    info, manifest = as_dict(info), as_dict(manifest)
    found: dict[str, InstalledApp] = {}
    damaged = 0
    details = as_dict(info.get("Applications"))
    for bundle, entry in details.items():
        if not isinstance(bundle, str) or not bundle.strip():
            damaged += 1
            continue
        try:
            found[bundle.strip()] = _from_itunes(bundle.strip(), entry)
        except DamagedInput:
            damaged += 1
            found[bundle.strip()] = InstalledApp(bundle.strip(), seen_in=text("ios.listed-info-damaged"))
    listed = info.get("Installed Applications")
    for bundle in listed if isinstance(listed, list) else ():
        if isinstance(bundle, str) and bundle.strip():
            found.setdefault(
                bundle.strip(), InstalledApp(bundle.strip(), seen_in=text("ios.listed-info-installed"))
            )
    manifest_apps = as_dict(manifest.get("Applications"))
    for bundle, entry in manifest_apps.items():
        if isinstance(bundle, str) and bundle.strip() and bundle.strip() not in found:
            version = (
                first_string(entry, "CFBundleShortVersionString", "CFBundleVersion")
                if isinstance(entry, dict)
                else None
            )
            found[bundle.strip()] = InstalledApp(
                bundle.strip(), version=version, seen_in=text("ios.listed-manifest-apps")
            )
    return sorted(found.values(), key=lambda a: a.bundle_id.lower()), damaged


def _from_itunes(bundle: str, entry: Any) -> InstalledApp:
    if not isinstance(entry, dict):
        raise DamagedInput(text("ios.app-record-damaged", bundle=bundle))
    raw = entry.get("iTunesMetadata")
    if not isinstance(raw, bytes):
        return InstalledApp(bundle, seen_in=text("ios.listed-info-apps"))
    meta = load_dict(raw, text("ios.app-store-details", bundle=bundle))
    download = meta.get("com.apple.iTunesStore.downloadInfo")
    purchased = None
    if isinstance(download, dict):
        account = as_dict(download.get("accountInfo"))
        purchased = when(download.get("purchaseDate")) or when(account.get("PurchaseDate"))
    return InstalledApp(
        bundle_id=first_string(meta, "softwareVersionBundleId") or bundle,
        name=first_string(meta, "itemName", "bundleDisplayName", "playlistName"),
        version=first_string(meta, "bundleShortVersionString", "bundleVersion"),
        source_app=first_string(meta, "sourceApp"),
        installed=purchased,
        seen_in=text("ios.listed-info-app-store"),
    )
