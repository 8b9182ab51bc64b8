"""Reads configuration profiles and management records from a backup's configuration-profiles domain.

iOS keeps them in /private/var/containers/Shared/SystemGroup/
systemgroup.com.apple.configurationprofiles/Library/ConfigurationProfiles/, which a backup
lists under the domain below: one profile-<hash>.stub per installed profile (the profile's
own keys, with PayloadContent holding its payloads), MDM.plist when the phone is enrolled in
device management, and CloudConfigurationDetails.plist for supervision and automated
enrolment. Sources: MVT's ios/modules/backup/configuration_profiles.py (domain and stub
names), Apple's Device Management profile reference (payload types and keys).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checks.ios.records import BackupFile, ConfigProfile, Enrolment, ProfilePayload
from checks.ios.sources.plists import first_string, load_dict, load_plist, when
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

PROFILES_DOMAIN = "SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles"
PROFILES_FOLDER = "Library/ConfigurationProfiles/"
MDM_FILE = "MDM.plist"
CLOUD_FILE = "CloudConfigurationDetails.plist"

# Payload settings worth showing in evidence, by where they sit in the payload.
_DETAIL_KEYS = (
    "UserDefinedName",
    "VPNType",
    "VPNSubType",
    "RemoteAddress",
    "ProxyServer",
    "ProxyServerPort",
    "ProxyPACURL",
    "ProxyType",
    "PayloadCertificateFileName",
    "FilterType",
    "PluginBundleID",
    "ServerAddress",
    "ServerURL",
    "CheckInURL",
    "DNSProtocol",
    "Topic",
)
_NESTED = ("VPN", "IPSec", "IKEv2", "DNSSettings", "Proxies")


def is_profile_file(file: BackupFile) -> bool:
    """Whether a Manifest.db row is a stored configuration profile."""
    name = file.relative_path.rsplit("/", 1)[-1]
    return file.domain == PROFILES_DOMAIN and name.startswith("profile-") and file.flags == 1


def parse_profile(data: bytes, where: str) -> ConfigProfile:
    """One profile-*.stub as a ConfigProfile; DamagedInput when it is not one."""
    stub = load_dict(data, where)
    identifier = first_string(stub, "PayloadIdentifier", "ProfileIdentifier")
    if identifier is None:
        raise DamagedInput(text("ios.not-a-profile", where=where))
    return ConfigProfile(
        identifier=identifier,
        display_name=first_string(stub, "PayloadDisplayName", "ProfileDisplayName"),
        organization=first_string(stub, "PayloadOrganization", "ProfileOrganization"),
        uuid=first_string(stub, "PayloadUUID", "ProfileUUID"),
        installed=when(stub.get("InstallDate"))
        or when(_mapping(stub.get("InstallOptions")).get("InstallDate")),
        removal_disallowed=stub.get("PayloadRemovalDisallowed") is True,
        payloads=tuple(_payloads(stub, where)),
        file=where,
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _payloads(stub: Mapping[str, Any], where: str) -> Iterator[ProfilePayload]:
    content = stub.get("PayloadContent")
    if isinstance(content, bytes):  # some stubs keep the original profile as embedded plist data
        try:
            content = _mapping(load_plist(content, where)).get("PayloadContent")
        except DamagedInput:
            content = None
    for payload in content if isinstance(content, list) else ():
        if not isinstance(payload, dict) or not first_string(payload, "PayloadType"):
            continue
        details: dict[str, str] = {}
        for holder in (payload, *(_mapping(payload.get(k)) for k in _NESTED)):
            for key in _DETAIL_KEYS:
                value = first_string(holder, key)
                if value and key not in details:
                    details[key] = value
            servers = holder.get("ServerAddresses")
            if isinstance(servers, list) and "ServerAddresses" not in details:
                details["ServerAddresses"] = ", ".join(str(s) for s in servers[:10])
        hidden = _hidden_notifications(payload)
        if hidden:
            details[text("ios.label-notifications-changed")] = hidden
        yield ProfilePayload(
            type=first_string(payload, "PayloadType") or "",
            display_name=first_string(payload, "PayloadDisplayName"),
            identifier=first_string(payload, "PayloadIdentifier"),
            details=details,
        )


def _hidden_notifications(payload: Mapping[str, Any]) -> str:
    settings = payload.get("NotificationSettings")
    bundles = []
    for item in settings if isinstance(settings, list) else ():
        if isinstance(item, dict) and first_string(item, "BundleIdentifier"):
            bundles.append(first_string(item, "BundleIdentifier") or "")
    return ", ".join(bundles[:20])


def parse_enrolment(data: bytes, file: BackupFile) -> Enrolment | None:
    """MDM.plist or CloudConfigurationDetails.plist as an Enrolment; None when it records none."""
    record = load_dict(data, file.where)
    name = file.relative_path.rsplit("/", 1)[-1]
    if name == MDM_FILE:
        return Enrolment(
            kind="mdm",
            organization=first_string(record, "OrganizationName"),
            server=first_string(record, "ServerURL", "CheckInURL"),
            supervised=record.get("IsSupervised") is True,
            file=file.where,
        )
    supervised = record.get("IsSupervised") is True
    organization = first_string(record, "OrganizationName")
    server = first_string(record, "ConfigurationURL")
    if not (supervised or organization or server):
        return None
    return Enrolment(
        "supervision", organization=organization, server=server, supervised=supervised, file=file.where
    )


def is_enrolment_file(file: BackupFile) -> bool:
    """Whether a Manifest.db row is MDM.plist or CloudConfigurationDetails.plist."""
    return file.domain == PROFILES_DOMAIN and file.relative_path in (
        PROFILES_FOLDER + MDM_FILE,
        PROFILES_FOLDER + CLOUD_FILE,
    )
