"""Reads the device description and the installed apps from a backup's Info.plist and Manifest.plist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checks.ios.plists import as_dict, load_dict, text, when
from checks.ios.records import DeviceInfo, InstalledApp
from cybercheck.errors import DamagedInput


def device_info(info: Mapping[str, Any] | None, manifest: Mapping[str, Any] | None) -> DeviceInfo:
    """The phone described by Info.plist, with Manifest.plist's Lockdown section filling gaps."""
    info, manifest = as_dict(info), as_dict(manifest)
    lockdown = as_dict(manifest.get("Lockdown"))
    return DeviceInfo(
        name=text(info, "Device Name", "Display Name") or text(lockdown, "DeviceName"),
        product_type=text(info, "Product Type") or text(lockdown, "ProductType"),
        ios_version=text(info, "Product Version") or text(lockdown, "ProductVersion"),
        build=text(info, "Build Version") or text(lockdown, "BuildVersion"),
        last_backup=when(info.get("Last Backup Date")) or when(manifest.get("Date")),
        encrypted=bool(manifest.get("IsEncrypted")),
    )


def installed_apps(info: Mapping[str, Any] | None, manifest: Mapping[str, Any] | None) -> tuple[list[InstalledApp], int]:
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
            found[bundle.strip()] = InstalledApp(bundle.strip(), seen_in="Info.plist (its details are damaged)")
    listed = info.get("Installed Applications")
    for bundle in listed if isinstance(listed, list) else ():
        if isinstance(bundle, str) and bundle.strip():
            found.setdefault(bundle.strip(), InstalledApp(bundle.strip(), seen_in="Info.plist Installed Applications"))
    manifest_apps = as_dict(manifest.get("Applications"))
    for bundle, entry in manifest_apps.items():
        if isinstance(bundle, str) and bundle.strip() and bundle.strip() not in found:
            version = text(entry, "CFBundleShortVersionString", "CFBundleVersion") if isinstance(entry, dict) else None
            found[bundle.strip()] = InstalledApp(bundle.strip(), version=version, seen_in="Manifest.plist Applications")
    return sorted(found.values(), key=lambda a: a.bundle_id.lower()), damaged


def _from_itunes(bundle: str, entry: Any) -> InstalledApp:
    if not isinstance(entry, dict):
        raise DamagedInput(f"The app record for {bundle} is damaged.")
    raw = entry.get("iTunesMetadata")
    if not isinstance(raw, bytes):
        return InstalledApp(bundle, seen_in="Info.plist Applications")
    meta = load_dict(raw, f"the App Store details of {bundle}")
    download = meta.get("com.apple.iTunesStore.downloadInfo")
    purchased = None
    if isinstance(download, dict):
        account = as_dict(download.get("accountInfo"))
        purchased = when(download.get("purchaseDate")) or when(account.get("PurchaseDate"))
    return InstalledApp(
        bundle_id=text(meta, "softwareVersionBundleId") or bundle,
        name=text(meta, "itemName", "bundleDisplayName", "playlistName"),
        version=text(meta, "bundleShortVersionString", "bundleVersion"),
        source_app=text(meta, "sourceApp"),
        installed=purchased,
        seen_in="Info.plist Applications (App Store details)",
    )
