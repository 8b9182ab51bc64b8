"""Records read from an iPhone backup, before any judgement."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType


def _frozen(values: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({str(k): str(v) for k, v in values.items()})


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """The phone a backup came from, as its Info.plist and Manifest.plist describe it."""

    name: str | None = None
    product_type: str | None = None  # "iPhone15,2"
    ios_version: str | None = None  # "17.5.1"
    last_backup: datetime | None = None
    encrypted: bool = False


@dataclass(frozen=True, slots=True)
class InstalledApp:
    """One app the backup lists, with where it says the app came from."""

    bundle_id: str
    name: str | None = None
    version: str | None = None
    source_app: str | None = None  # the installer, e.g. "com.apple.AppStore"; None when not recorded
    installed: datetime | None = None
    seen_in: str = "Info.plist"


@dataclass(frozen=True, slots=True)
class ProfilePayload:
    """One part of a configuration profile (a VPN, a certificate, ...), with its telling settings."""

    type: str  # PayloadType, e.g. "com.apple.vpn.managed"
    display_name: str | None = None
    identifier: str | None = None
    details: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", _frozen(self.details))


@dataclass(frozen=True, slots=True)
class ConfigProfile:
    """A configuration profile installed on the phone, as its stored copy (profile-*.stub) records it."""

    identifier: str
    display_name: str | None = None
    organization: str | None = None
    uuid: str | None = None
    installed: datetime | None = None
    removal_disallowed: bool = False
    payloads: tuple[ProfilePayload, ...] = ()
    file: str = ""  # domain and relative path inside the backup


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A record that the phone is managed (MDM) or supervised by an organisation."""

    kind: str  # "mdm" or "supervision"
    organization: str | None = None
    server: str | None = None
    supervised: bool = False
    file: str = ""


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One row of Manifest.db: a file, folder or link that was on the phone."""

    file_id: str
    domain: str
    relative_path: str
    flags: int = 1  # 1 file, 2 folder, 4 link

    @property
    def where(self) -> str:
        """Domain and path, as written in evidence."""
        return f"{self.domain}/{self.relative_path}"
