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


@dataclass(frozen=True, slots=True)
class SensorUse:
    """One app's use of one sensor or kind of data in an App Privacy Report, gathered over the report."""

    accessor: str  # a bundle id ("com.example.app") or, for a system part, its path
    category: str  # "camera", "microphone", "location", "contacts", "photos", "mediaLibrary", ...
    times: int  # how many uses (intervals or events) the report records
    first: datetime | None = None
    last: datetime | None = None
    is_path: bool = False  # the accessor is a program path (identifierType "path"), not an app


@dataclass(frozen=True, slots=True)
class DomainContact:
    """One app's contacts with one internet domain in an App Privacy Report."""

    bundle_id: str
    domain: str
    hits: int
    first: datetime | None = None
    last: datetime | None = None
    by_website: bool = False  # a web page shown in the app made the contact, not the app itself


@dataclass(frozen=True, slots=True)
class PrivacyReport:
    """An App Privacy Report file read end to end: what it records and how much of it was unreadable."""

    uses: tuple[SensorUse, ...] = ()
    contacts: tuple[DomainContact, ...] = ()
    lines: int = 0  # non-empty lines
    damaged: int = 0  # lines that are not JSON objects of the known shapes
    unknown: int = 0  # well-formed records of a kind this reader does not know
    first: datetime | None = None
    last: datetime | None = None


@dataclass(frozen=True, slots=True)
class Permission:
    """One row of the phone's privacy permissions (TCC.db): what an app may use, as Settings shows it."""

    service: str  # "kTCCServiceMicrophone", ...
    app: str  # a bundle id or, for a system part, its path
    allowed: bool | None  # None when the database records neither yes nor no ("unknown")
    is_path: bool = False
    limited: bool = False  # photos or contacts "limited" to some items
    reason: str | None = None  # why: "user_consent", "mdm_policy", ... (from the database's number)
    changed: datetime | None = None


@dataclass(frozen=True, slots=True)
class LocationClient:
    """An app or system part the location service keeps a record for (locationd's clients.plist)."""

    app: str  # the bundle id, or the path for a system part
    authorization: str | None = None  # the raw value the file holds, as text
    last_used: datetime | None = None  # the latest of its "...TimeStopped" times
    executable: str | None = None


@dataclass(frozen=True, slots=True)
class ShutdownClient:
    """A program the phone was still waiting for while it shut down (a "remaining client" in shutdown.log)."""

    pid: int
    path: str  # the program's path, without the build id newer iOS versions add at its end


@dataclass(frozen=True, slots=True)
class Shutdown:
    """One shutdown or restart as shutdown.log records it: the waits before it, and who held it up."""

    when: datetime | None  # the SIGTERM time; None for a shutdown the log does not finish
    delay_notices: int  # "After N s, these clients are still here" lines before it
    clients: tuple[ShutdownClient, ...] = ()
    log: str = "shutdown.log"


@dataclass(frozen=True, slots=True)
class Shortcut:
    """One shortcut in the Shortcuts app (Shortcuts.sqlite), with the actions it runs."""

    name: str
    actions: tuple[str, ...] = ()  # action identifiers, in order ("is.workflow.actions.sendmessage")
    destinations: tuple[str, ...] = ()  # web addresses, e-mail addresses and numbers in its actions' settings
    created: datetime | None = None
    modified: datetime | None = None
    key: int | None = None  # its row (Z_PK), by which an automation names the shortcut it runs


@dataclass(frozen=True, slots=True)
class Automation:
    """A personal automation in the Shortcuts app (a row of ZTRIGGER): what starts it and what it runs."""

    shortcut_key: int | None  # the shortcut it runs (ZSHORTCUT.Z_PK); None when not recorded
    trigger: str | None = (
        None  # the trigger's kind as stored, e.g. "WFLeaveLocationTrigger"; None if unreadable
    )
    enabled: bool | None = None  # None when the database does not record it
    asks_first: bool | None = None  # "Ask Before Running" (ZSHOULDPROMPT); None when not recorded


@dataclass(frozen=True, slots=True)
class ScreenTime:
    """What the Screen Time settings file in a backup (com.apple.ScreenTimeAgent.plist) records."""

    enabled: bool | None = None  # ScreenTimeEnabled; None when the file does not hold it
