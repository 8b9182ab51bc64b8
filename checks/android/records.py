"""What an Android phone holds, read from any source (a connected phone or an acquisition), unjudged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class App:
    """One installed package, with what is known of how it got there and what it may do."""

    package: str
    installer: str | None = None  # package that installed it; None when none was recorded
    system: bool = False
    disabled: bool = False
    uid: int | None = None
    version: str | None = None
    first_install: datetime | None = None
    last_update: datetime | None = None
    requested_permissions: frozenset[str] = frozenset()
    granted_permissions: frozenset[str] = frozenset()
    launcher_icon: bool | None = None  # None: not known
    certificates: frozenset[str] = frozenset()  # signing-certificate hashes, lower-case hex
    file_hashes: frozenset[str] = frozenset()  # APK file hashes, lower-case hex
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Setting:
    """One Android setting: namespace (global, secure, system), name and value as stored."""

    namespace: str
    name: str
    value: str
    changed_by: str | None = None  # the package that set this value, where the phone recorded it


@dataclass(frozen=True, slots=True)
class Component:
    """An app component holding a special power: an accessibility service, device admin or listener."""

    package: str
    name: str  # "package/class" as Android writes it


@dataclass(frozen=True, slots=True)
class DeviceAdmin:
    """An app allowed to administer the device; owners can control it entirely."""

    component: Component
    role: str = "admin"  # "admin", "device owner" or "profile owner"
    user: int | None = None  # the user or profile a profile owner manages (0: the phone's main user)


@dataclass(frozen=True, slots=True)
class AppOp:
    """A special access granted to an app through app-ops (usage access, installing other apps ...)."""

    package: str
    op: str  # "GET_USAGE_STATS", "REQUEST_INSTALL_PACKAGES" ...
    mode: str  # "allow", "ignore", "deny", "default", "foreground"


@dataclass(frozen=True, slots=True)
class Account:
    """An account signed in on the phone."""

    name: str
    type: str


@dataclass(frozen=True, slots=True)
class RunningProcess:
    """A process running when the phone was read."""

    name: str
    pid: int | None = None
    user: str | None = None


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """Build properties of the phone (getprop)."""

    properties: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "properties", MappingProxyType(dict(self.properties)))

    def get(self, name: str) -> str | None:
        """One property, or None."""
        return self.properties.get(name)

    @property
    def model(self) -> str:
        """Maker and model as the phone reports them; empty when it reports neither."""
        maker = self.get("ro.product.manufacturer") or self.get("ro.product.vendor.manufacturer") or ""
        model = self.get("ro.product.model") or self.get("ro.product.vendor.model") or ""
        return " ".join(p for p in (maker, model) if p)

    @property
    def android_version(self) -> str | None:
        """The Android release, such as "14"."""
        return self.get("ro.build.version.release")

    @property
    def security_patch(self) -> str | None:
        """The security patch level, "YYYY-MM-DD"."""
        return self.get("ro.build.version.security_patch")


@dataclass(frozen=True, slots=True)
class QfPackage:
    """One entry of AndroidQF's packages.json."""

    name: str
    installer: str | None
    uid: int | None
    system: bool
    disabled: bool
    third_party: bool
    certificates: frozenset[str] = frozenset()
    file_hashes: frozenset[str] = frozenset()
    paths: tuple[str, ...] = ()
    saved_files: tuple[str, ...] = ()  # "local_name": where AndroidQF saved the app file, when it did


@dataclass(frozen=True, slots=True)
class TrustedComputer:
    """A computer allowed to use USB debugging on the phone (a key in `dumpsys adb`)."""

    name: str  # the name its key carries, such as "user@laptop"
    key_start: str  # the first characters of its public key, to tell two with one name apart
    last_connected: datetime | None = None


@dataclass(frozen=True, slots=True)
class NetworkEvent:
    """DNS lookups or connections from Android's Intrusion Logging: one app, one name and its addresses.

    A busy phone looks up the same names all day, so repeats are one record with their count,
    the first time and the last (`when`).
    """

    kind: str  # "dns" or "connect"
    package: str | None
    hostname: str | None = None
    addresses: tuple[str, ...] = ()
    when: datetime | None = None  # the last time
    count: int = 1
    first: datetime | None = None  # the first time; None when there was only one


@dataclass(frozen=True, slots=True)
class IntrusionLog:
    """What an Intrusion Logging export held: its network events, and how many other events it had."""

    events: tuple[NetworkEvent, ...]
    other_events: int = 0
    files: int = 0


@dataclass(frozen=True, slots=True)
class ApkScan:
    """One app file (APK) saved in an acquisition: its hash and the YARA rules its code matched."""

    package: str
    file: str  # the file's name inside the acquisition
    sha256: str
    rules: tuple[str, ...] = ()  # names of the Echap rules that matched
    scanned: bool = True  # False when no YARA scanner was available (hashes only)


@dataclass(frozen=True, slots=True)
class Crash:
    """A process that crashed or stopped responding, as the phone recorded it (an app's process is named for its package)."""

    process: str  # "com.example.app", "com.example.app:service", "/system/bin/surfaceflinger"
    kind: str  # "crash", "anr" (not responding) or "native crash"
    where: str  # where it was recorded: "dropbox", "event log", "crash log" or "tombstone"
    when: datetime | None = None
    uid: int | None = None

    @property
    def package(self) -> str:
        """The app the process belongs to: the process name up to its first ":"."""
        return self.process.partition(":")[0]


@dataclass(frozen=True, slots=True)
class SystemAppUpdate:
    """A system app (one that came with the phone) whose running copy is an update installed over it."""

    package: str
    installer: str | None  # who installed the update; None when nothing was recorded
    path: str | None = None  # where the update lives (under /data/app)
    original_path: str | None = None  # where the copy that came with the phone lives
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class UserProfile:
    """A user or profile on the phone: the owner, a work profile, a second user, a private space ..."""

    user_id: int
    name: str
    kind: str  # "owner", "work profile", "clone", "private space", "secondary user", "guest" or "profile"
    running: bool | None = None


@dataclass(frozen=True, slots=True)
class RawArtifacts:
    """What a source read, before parsing: artifact name -> text, plus AndroidQF's JSON files.

    `source` and `gaps` are words (`Text`): where the artifacts came from, and what the
    source itself could not read.
    """

    source: str
    texts: Mapping[str, str] = field(default_factory=dict)
    qf_packages: tuple[QfPackage, ...] | None = None
    processes: tuple[RunningProcess, ...] | None = None
    root_binaries: tuple[str, ...] | None = None
    user_certificates: tuple[str, ...] | None = None
    settings_changed_by: Mapping[tuple[str, str], str] = field(default_factory=dict)
    apks: tuple[ApkScan, ...] | None = None  # None: the source cannot hold app files
    intrusion: IntrusionLog | None = None  # None: no Intrusion Logging export in the acquisition
    crashes: tuple[Crash, ...] | None = None  # None: the source holds no crash records
    gaps: tuple[str, ...] = ()
    collected: datetime | None = None


@dataclass(frozen=True, slots=True)
class AndroidArtifacts:
    """Everything read from one phone; the same whether it came over adb or from an acquisition.

    `read` names each artifact that was read; `gaps` says in words (`Text`) what could not be.
    """

    source: str
    device: DeviceInfo = field(default_factory=DeviceInfo)
    apps: tuple[App, ...] = ()
    settings: tuple[Setting, ...] = ()
    accessibility: tuple[Component, ...] = ()  # enabled accessibility services
    notification_listeners: tuple[Component, ...] = ()
    input_methods: tuple[Component, ...] = ()  # enabled keyboards; the default one first
    device_admins: tuple[DeviceAdmin, ...] = ()
    app_ops: tuple[AppOp, ...] = ()
    accounts: tuple[Account, ...] = ()
    processes: tuple[RunningProcess, ...] = ()
    root_binaries: tuple[str, ...] = ()
    user_certificates: tuple[str, ...] | None = None  # None: could not be listed
    apks: tuple[ApkScan, ...] | None = None  # app files in the acquisition; None: the source cannot hold them
    intrusion: IntrusionLog | None = None
    trusted_computers: tuple[TrustedComputer, ...] | None = None  # None: `dumpsys adb` was not read
    crashes: tuple[Crash, ...] | None = None  # None: the source holds no crash records
    system_updates: tuple[SystemAppUpdate, ...] = ()
    users: tuple[UserProfile, ...] | None = None  # None: `dumpsys user` was not read
    read: frozenset[str] = frozenset()
    gaps: tuple[str, ...] = ()
    collected: datetime | None = None

    def setting(self, namespace: str, name: str) -> str | None:
        """The value of one setting, or None when it is not set or was not read."""
        for item in self.settings:
            if item.namespace == namespace and item.name == name:
                return item.value
        return None
