"""Synthetic Android phones written in the documented shapes of their real outputs.

One PhoneSpec is written two ways: as a recording of the commands the adb source runs (for
the stand-in adb) and as an AndroidQF acquisition. The shapes follow AOSP's dumpsys output,
`pm list packages`, `settings list`, `getprop`, and AndroidQF's packages.json / processes.json /
root_binaries.json (see tests/fixtures/android/README.md). Nothing here comes from a real person.
Used by the tests, the demo example and bench/android_bench.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

DASHES = "-" * 78


@dataclass(frozen=True)
class Profile:
    """How one Android version prints things."""

    release: str
    sdk: int
    pm_uid_flag: bool = True  # `pm list packages -U` (Android 8+)
    query_brief: bool = True  # `cmd package query-activities --brief`
    new_accessibility: bool = True  # "Enabled services:{{...}}" inside "User state[" on its own line
    user_first_install: bool = False  # Android 14 moved firstInstallTime under "User 0:"


PROFILES = {
    "9": Profile("9", 28, pm_uid_flag=True, query_brief=False, new_accessibility=False),
    "12": Profile("12", 31),
    "14": Profile("14", 34, user_first_install=True),
    "7": Profile("7.1.2", 25, pm_uid_flag=False, query_brief=False, new_accessibility=False),
}


@dataclass(frozen=True)
class Pkg:
    """One package on the synthetic phone."""

    name: str
    installer: str | None = "com.android.vending"
    system: bool = False
    disabled: bool = False
    launcher: bool = True
    requested: tuple[str, ...] = ("android.permission.INTERNET",)
    granted: tuple[str, ...] = ("android.permission.INTERNET",)
    services: tuple[str, ...] = ()  # class names of accessibility services it declares
    first_install: str = "2025-03-02 10:15:00"

    def digest(self, kind: str, salt: str = "") -> str:
        data = (self.name + kind + salt).encode()
        return {"md5": hashlib.md5, "sha1": hashlib.sha1, "sha256": hashlib.sha256}[kind](data).hexdigest()


@dataclass
class PhoneSpec:
    """A whole synthetic phone."""

    profile: Profile
    packages: list[Pkg]
    settings: dict[str, dict[str, str]] = field(default_factory=dict)
    accessibility: list[str] = field(default_factory=list)  # enabled "pkg/cls"
    admins: list[str] = field(default_factory=list)
    device_owner: str | None = None
    listeners: list[str] = field(default_factory=list)
    appops: dict[str, dict[str, str]] = field(default_factory=dict)  # package -> op -> mode
    uid_ops: dict[str, dict[str, str]] = field(default_factory=dict)  # package -> op -> mode (uid-wide)
    accounts: list[tuple[str, str]] = field(default_factory=list)
    root_paths: list[str] = field(default_factory=list)
    certificates: list[str] | None = None  # None: listing refused
    patch: str = "2026-10-05"
    build_tags: str = "release-keys"
    certs: dict[str, str] = field(default_factory=dict)  # package -> signing cert sha1 override
    serial: str = "R58N12ABCDE"

    def uid(self, index: int) -> int:
        return 10000 + index


SYSTEM_NAMES = [
    "android", "com.android.systemui", "com.android.settings", "com.android.phone", "com.android.providers.telephony",
    "com.android.providers.contacts", "com.android.shell", "com.android.vending", "com.google.android.gms",
    "com.google.android.gsf", "com.google.android.packageinstaller", "com.android.chrome", "com.google.android.apps.messaging",
    "com.google.android.dialer", "com.google.android.apps.maps", "com.google.android.youtube", "com.google.android.gm",
    "com.google.android.inputmethod.latin", "com.android.bluetooth", "com.android.nfc", "com.android.camera2",
    "com.google.android.apps.photos", "com.google.android.calendar", "com.google.android.contacts",
    "com.google.android.marvin.talkback", "com.android.providers.media", "com.android.location.fused",
    "com.google.android.apps.wellbeing", "com.android.printspooler", "com.android.wallpaper",
]
STORE_NAMES = [
    "com.whatsapp", "com.instagram.android", "com.facebook.katana", "com.spotify.music", "org.telegram.messenger",
    "com.zhiliaoapp.musically", "com.snapchat.android", "org.thoughtcrime.securesms", "com.netflix.mediaclient",
    "com.x8bit.bitwarden", "com.duolingo", "com.ubercab", "com.airbnb.android", "com.shazam.android",
]


def base_phone(version: str = "14", apps: int = 60) -> PhoneSpec:
    """A clean phone with `apps` packages in all: system ones first, then store apps."""
    profile = PROFILES[version]
    packages: list[Pkg] = []
    for i in range(apps):
        if i < len(SYSTEM_NAMES):
            name = SYSTEM_NAMES[i]
            packages.append(Pkg(name, installer=None, system=True, launcher=name in (
                "com.android.settings", "com.android.chrome", "com.google.android.apps.messaging",
                "com.google.android.dialer", "com.android.vending"), first_install="2024-11-20 08:00:00"))
        elif (i - len(SYSTEM_NAMES)) >= len(STORE_NAMES) and i % 3 == 0:
            # vendor system components, as phones carry many
            packages.append(Pkg(f"com.vendor.system.part{i:04d}", installer=None, system=True, launcher=False,
                                first_install="2024-11-20 08:00:00"))
        else:
            j = i - len(SYSTEM_NAMES)
            name = STORE_NAMES[j] if j < len(STORE_NAMES) else f"org.sample.app{j:04d}"
            packages.append(Pkg(name, requested=("android.permission.INTERNET", "android.permission.CAMERA"),
                                granted=("android.permission.INTERNET",)))
    settings = {
        "global": {"adb_enabled": "1", "development_settings_enabled": "1", "package_verifier_enable": "1",
                   "verifier_verify_adb_installs": "1", "airplane_mode_on": "0", "auto_time": "1"},
        "secure": {"accessibility_enabled": "0", "android_id": "0123456789abcdef", "install_non_market_apps": "0",
                   "enabled_notification_listeners": "", "enabled_accessibility_services": ""},
        "system": {"screen_brightness": "120", "font_scale": "1.0"},
    }
    return PhoneSpec(profile=profile, packages=packages, settings=settings,
                     accounts=[("someone@example.org", "com.google")])


def stalked_phone(version: str = "14", apps: int = 60, stalkerware: str = "com.duiyun.cocospy") -> PhoneSpec:
    """A phone with a real stalkerware package name, its accessibility service on, and Play Protect off."""
    phone = base_phone(version, apps)
    service = f"{stalkerware}/{stalkerware}.service.SyncService"
    phone.packages.append(Pkg(
        stalkerware, installer=None, launcher=False, first_install="2026-09-14 21:42:10",
        requested=("android.permission.ACCESS_FINE_LOCATION", "android.permission.READ_SMS", "android.permission.RECORD_AUDIO",
                   "android.permission.READ_CALL_LOG", "android.permission.INTERNET"),
        granted=("android.permission.ACCESS_FINE_LOCATION", "android.permission.READ_SMS",
                 "android.permission.RECORD_AUDIO", "android.permission.INTERNET"),
        services=("service.SyncService",),
    ))
    phone.accessibility = [service]
    phone.admins = [f"{stalkerware}/{stalkerware}.AdminReceiver"]
    phone.settings["secure"]["accessibility_enabled"] = "1"
    phone.settings["secure"]["enabled_accessibility_services"] = service
    phone.settings["global"]["package_verifier_enable"] = "0"
    phone.settings["global"]["verifier_verify_adb_installs"] = "0"
    phone.uid_ops["com.android.chrome"] = {"REQUEST_INSTALL_PACKAGES": "allow"}
    phone.appops[stalkerware] = {"GET_USAGE_STATS": "allow", "COARSE_LOCATION": "allow"}
    return phone


# --- the outputs -------------------------------------------------------------------------------

def getprop(phone: PhoneSpec) -> str:
    props = {
        "ro.build.version.release": phone.profile.release, "ro.build.version.sdk": str(phone.profile.sdk),
        "ro.build.version.security_patch": phone.patch, "ro.build.tags": phone.build_tags,
        "ro.product.manufacturer": "Example", "ro.product.model": "Phone X", "ro.debuggable": "0", "ro.secure": "1",
        "persist.sys.timezone": "Europe/London", "ro.boot.verifiedbootstate": "green",
        "ro.build.fingerprint": f"example/phonex/phonex:{phone.profile.release}/AB1.2/1234:user/{phone.build_tags}",
    }
    return "".join(f"[{k}]: [{v}]\n" for k, v in props.items())


def settings_list(phone: PhoneSpec, namespace: str) -> str:
    return "".join(f"{k}={v}\n" for k, v in phone.settings.get(namespace, {}).items())


def pm_list(phone: PhoneSpec, *, with_uid: bool = True) -> str:
    lines = []
    for i, p in enumerate(phone.packages):
        line = f"package:{p.name} installer={p.installer or 'null'}"
        if with_uid and phone.profile.pm_uid_flag:
            line += f" uid:{phone.uid(i)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def pm_names(phone: PhoneSpec, which: str) -> str:
    chosen = [p for p in phone.packages if (which == "s" and p.system) or (which == "d" and p.disabled)
              or (which == "3" and not p.system)]
    return "".join(f"package:{p.name}\n" for p in chosen)


def launcher_query(phone: PhoneSpec) -> str:
    shown = [p for p in phone.packages if p.launcher and not p.disabled]
    out = [f"{len(shown)} activities found:"]
    for i, p in enumerate(shown):
        out += [f"  Activity #{i}:", f"    {p.name}/.MainActivity"]
    return "\n".join(out) + "\n"


def dumpsys_package(phone: PhoneSpec, *, resolver: bool = False) -> str:
    out: list[str] = []
    if resolver:
        out += ["Activity Resolver Table:", "  Non-Data Actions:", "      android.intent.action.MAIN:"]
        for p in phone.packages:
            if p.launcher:
                out += [f"        {p.digest('md5')[:7]} {p.name}/.MainActivity filter 1a2b3c4",
                        '          Action: "android.intent.action.MAIN"',
                        '          Category: "android.intent.category.LAUNCHER"']
            elif not p.system:
                out += [f"        {p.digest('md5')[:7]} {p.name}/.SettingsActivity filter 5d6e7f8",
                        '          Action: "android.intent.action.MAIN"',
                        '          Category: "android.intent.category.INFO"']
        out.append("")
    out += ["Key Set Manager:", "  [com.android.shell]", "", "Packages:"]
    for i, p in enumerate(phone.packages):
        flags = "[ SYSTEM HAS_CODE ALLOW_CLEAR_USER_DATA ]" if p.system else "[ HAS_CODE ALLOW_CLEAR_USER_DATA ALLOW_BACKUP ]"
        out += [
            f"  Package [{p.name}] ({i:07x}):",
            f"    userId={phone.uid(i)}",
            f"    pkg=Package{{{i:07x} {p.name}}}",
            f"    codePath=/data/app/~~{i:04d}==/{p.name}-1==" if not p.system else f"    codePath=/system/app/{p.name}",
            "    versionCode=1203 minSdk=24 targetSdk=33",
            "    versionName=1.2.3",
            f"    flags={flags}",
            f"    timeStamp={p.first_install}",
        ]
        if not phone.profile.user_first_install:
            out.append(f"    firstInstallTime={p.first_install}")
        out += ["    lastUpdateTime=2026-10-01 09:00:00", f"    installerPackageName={p.installer or 'null'}"]
        out.append("    requested permissions:")
        out += [f"      {perm}" for perm in p.requested]
        install = [perm for perm in p.granted if perm == "android.permission.INTERNET"]
        runtime = [perm for perm in p.granted if perm != "android.permission.INTERNET"]
        if install:
            out.append("    install permissions:")
            out += [f"      {perm}: granted=true" for perm in install]
        enabled = 3 if p.disabled else 0
        out.append(f"    User 0: ceDataInode=4{i:05d} installed=true hidden=false suspended=false distractionFlags=0 "
                   f"stopped=false notLaunched=false enabled={enabled} instant=false virtual=false")
        if phone.profile.user_first_install:
            out.append(f"      firstInstallTime={p.first_install}")
        out.append("      gids=[3003]")
        if runtime:
            out.append("      runtime permissions:")
            out += [f"        {perm}: granted=true, flags=[ USER_SET|USER_SENSITIVE_WHEN_GRANTED ]" for perm in runtime]
        out.append("")
    out += ["", "Hidden system packages:", "  Package [com.google.android.gms] (7f1e2d3):", "    userId=10011", ""]
    return "\n".join(out) + "\n"


def dumpsys_accessibility(phone: PhoneSpec) -> str:
    services = ", ".join("{" + s + "}" for s in phone.accessibility)
    installed = [f"{p.name}/{p.name}.{s}" for p in phone.packages for s in p.services]
    installed.append("com.google.android.marvin.talkback/com.google.android.marvin.talkback.TalkBackService")
    if phone.profile.new_accessibility:
        return "\n".join([
            "ACCESSIBILITY MANAGER (dumpsys accessibility)", "", "currentUserId=0", "User state[",
            f"  attributes:{{id=0, touchExplorationEnabled=false, installedServiceCount={len(installed)}}}",
            "  Bound services:{}", f"  Enabled services:{{{services}}}", "  Binding services:{}",
            "  Crashed services:{}", "]", ""])
    lines = ["ACCESSIBILITY MANAGER (dumpsys accessibility)", "",
             "User state[attributes:{id=0, currentUser=true, touchExplorationEnabled=false}",
             "           Bound services:{}", f"           Enabled services:{{{services}}}",
             "           Binding services:{}]", "  installed services: {"]
    lines += [f"    {i} : {s}" for i, s in enumerate(installed)]
    lines += ["  }", ""]
    return "\n".join(lines)


def dumpsys_device_policy(phone: PhoneSpec) -> str:
    out = ["Current Device Policy Manager state:", "  Immutable state:", "    mHasFeature=true", "    mIsWatch=false"]
    if phone.device_owner:
        pkg = phone.device_owner.split("/")[0]
        out += ["  Device Owner: ", f"    admin=ComponentInfo{{{phone.device_owner}}}", "    name=", f"    package={pkg}",
                "    User ID: 0", ""]
    out.append("  Enabled Device Admins (User 0, provisioningState: 0):")
    for admin in ["com.google.android.gms/com.google.android.gms.mdm.receivers.MdmDeviceAdminReceiver", *phone.admins]:
        out += [f"    {admin}:", "      uid=10011", "      testOnlyAdmin=false", "      policies:", "        wipe-data",
                "        force-lock", "      passwordQuality=0x0"]
    out += ["    mPasswordOwner=-1", ""]
    return "\n".join(out)


def dumpsys_notification(phone: PhoneSpec) -> str:
    listeners = phone.listeners
    out = ["Current Notification Manager state:", "  Notification List:", "", "  Notification listeners:",
           f"    All notification listeners ({len(listeners)}) enabled for current profiles:"]
    out += [f"      {c}" for c in listeners]
    out += ["    Live notification listeners (0):", "", "  Policy access:", ""]
    return "\n".join(out)


def dumpsys_appops(phone: PhoneSpec) -> str:
    out = ["Current AppOps Service state:", "  Settings:", "    top_state_settle_time=+30s0ms", ""]
    for i, p in enumerate(phone.packages):
        ops = phone.appops.get(p.name, {})
        uid_ops = phone.uid_ops.get(p.name, {})
        if not ops and not uid_ops and i % 7:
            continue
        out += [f"  Uid u0a{i}:", "    state=cch"]
        out += [f"      {op}: mode={mode}" for op, mode in uid_ops.items()]
        out.append(f"    Package {p.name}:")
        for op, mode in (ops or {"WAKE_LOCK": "allow"}).items():
            out += [f"      {op} ({mode}):", "        Access: [fg-s] 2026-10-30 12:01:02.345 (-3d1h2m3s4ms)"]
    return "\n".join(out) + "\n"


def dumpsys_account(phone: PhoneSpec) -> str:
    out = ["User UserInfo{0:Owner:c13}:", f"  Accounts: {len(phone.accounts)}"]
    out += [f"    Account {{name={n}, type={t}}}" for n, t in phone.accounts]
    out += ["", "  Active Sessions: 0", ""]
    return "\n".join(out)


def ps(phone: PhoneSpec) -> str:
    out = ["USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME",
           "root             1     0 12345678  4567 0                   0 S init"]
    for i, p in enumerate(phone.packages[:80]):
        out.append(f"u0_a{i:<10} {2000 + i:>5}   600 1234567  89012 0                   0 S {p.name}")
    return "\n".join(out) + "\n"


def full_dumpsys(phone: PhoneSpec) -> str:
    sections = [
        ("accessibility", dumpsys_accessibility(phone)), ("account", dumpsys_account(phone)),
        ("appops", dumpsys_appops(phone)), ("device_policy", dumpsys_device_policy(phone)),
        ("notification", dumpsys_notification(phone)), ("package", dumpsys_package(phone, resolver=True)),
        ("wifi", "Wi-Fi is enabled\n"),
    ]
    out = []
    for name, body in sections:
        out += [DASHES, f"DUMP OF SERVICE {name}:", body.rstrip("\n"),
                f"--------- 0.012s was the duration of dumpsys {name}, ending at: 2026-11-30 10:00:00"]
    out.append(DASHES)
    return "\n".join(out) + "\n"


def packages_json(phone: PhoneSpec) -> list[dict]:
    entries = []
    for i, p in enumerate(phone.packages):
        cert_sha1 = phone.certs.get(p.name, p.digest("sha1", "cert")).lower()
        path = f"/data/app/~~{i:04d}==/{p.name}-1==/base.apk" if not p.system else f"/system/app/{p.name}/{p.name}.apk"
        entries.append({
            "name": p.name,
            "files": [{
                "path": path, "local_name": "", "md5": p.digest("md5"), "sha1": p.digest("sha1"),
                "sha256": p.digest("sha256"), "sha512": "", "error": "", "verified_certificate": True,
                "certificate": {"Md5": p.digest("md5", "cert"), "Sha1": cert_sha1, "Sha256": p.digest("sha256", "cert"),
                                "ValidFrom": "2020-01-01T00:00:00Z", "ValidTo": "2050-01-01T00:00:00Z",
                                "Issuer": "CN=Example", "Subject": "CN=Example", "SignatureAlgorithm": "SHA256-RSA",
                                "SerialNumber": 1},
                "certificate_error": "", "trusted_certificate": False}],
            "installer": p.installer or "null",
            "uid": phone.uid(i), "disabled": p.disabled, "system": p.system, "third_party": not p.system,
        })
    return entries


def processes_json(phone: PhoneSpec) -> list[dict]:
    out = [{"pid": 1, "uid": 0, "ppid": 0, "pgroup": 0, "psid": 0, "filename": "(init)", "priority": 20, "state": "S",
            "user_time": 1, "kernel_time": 1, "path": "/system/bin/init", "context": "u:r:init:s0",
            "previous_context": "u:r:kernel:s0", "command_line": ["/system/bin/init", "second_stage"], "env": [], "cwd": "/"}]
    for i, p in enumerate(phone.packages[:80]):
        out.append({"pid": 2000 + i, "uid": phone.uid(i), "ppid": 600, "pgroup": 600, "psid": 0, "filename": f"({p.name[:15]})",
                    "priority": 20, "state": "S", "user_time": 3, "kernel_time": 2, "path": "/system/bin/app_process64",
                    "context": "u:r:untrusted_app:s0", "previous_context": "u:r:zygote:s0", "command_line": [p.name],
                    "env": [], "cwd": "/"})
    return out


def write_androidqf(phone: PhoneSpec, folder: Path) -> Path:
    """An AndroidQF acquisition folder for `phone`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "acquisition.json").write_text(json.dumps({
        "uuid": "00000000-0000-4000-8000-000000000000", "androidqf_version": "v1.7.0", "storage_path": str(folder),
        "started": "2026-11-30T09:58:00Z", "completed": "2026-11-30T10:01:00Z", "collector": None,
        "tmp_dir": "/data/local/tmp/", "sdcard": "/sdcard/", "cpu": "arm64-v8a"}, indent=1))
    (folder / "getprop.txt").write_text(getprop(phone))
    for namespace in ("global", "secure", "system"):
        (folder / f"settings_{namespace}.txt").write_text(settings_list(phone, namespace))
    (folder / "dumpsys.txt").write_text(full_dumpsys(phone))
    (folder / "packages.json").write_text(json.dumps(packages_json(phone), indent=1))
    (folder / "processes.json").write_text(json.dumps(processes_json(phone)))
    (folder / "root_binaries.json").write_text(json.dumps(phone.root_paths))
    (folder / "command.log").write_text("synthetic acquisition\n")
    return folder


def write_recording(phone: PhoneSpec, folder: Path) -> Path:
    """The recorded outputs the stand-in phone (fake_device.py) answers commands from."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "getprop.txt": getprop(phone),
        "pm_list.txt": pm_list(phone), "pm_list_nouid.txt": pm_list(phone, with_uid=False),
        "pm_s.txt": pm_names(phone, "s"), "pm_d.txt": pm_names(phone, "d"), "pm_3.txt": pm_names(phone, "3"),
        "dumpsys_package.txt": dumpsys_package(phone), "launcher.txt": launcher_query(phone),
        "dumpsys_accessibility.txt": dumpsys_accessibility(phone),
        "dumpsys_device_policy.txt": dumpsys_device_policy(phone),
        "dumpsys_notification.txt": dumpsys_notification(phone), "dumpsys_appops.txt": dumpsys_appops(phone),
        "dumpsys_account.txt": dumpsys_account(phone), "ps.txt": ps(phone),
        "files.txt": "\n".join(phone.root_paths) + "\n",
    }
    for namespace in ("global", "secure", "system"):
        files[f"settings_{namespace}.txt"] = settings_list(phone, namespace)
    if phone.certificates is not None:
        files["cacerts.txt"] = "\n".join([".", "..", *phone.certificates]) + "\n"
    for name, text in files.items():
        (folder / name).write_text(text)
    (folder / "profile.json").write_text(json.dumps({"pm_uid_flag": phone.profile.pm_uid_flag,
                                                    "query_brief": phone.profile.query_brief, "serial": phone.serial}))
    return folder


def dumpsys_settings(phone: PhoneSpec) -> str:
    """`dumpsys settings` for user 0, as a bug report holds it ("_id:N name:X pkg:Y value:Z" rows)."""
    out: list[str] = []
    number = 1
    for namespace in ("global", "secure", "system"):
        out.append(f"{namespace.upper()} SETTINGS (user 0)")
        for name, value in phone.settings.get(namespace, {}).items():
            out.append(f"_id:{number} name:{name} pkg:android value:{value or 'null'} default:{value or 'null'}"
                       " defaultSystemSet:true")
            number += 1
        out.append("")
    return "\n".join(out)


def write_bugreport(phone: PhoneSpec, folder: Path) -> Path:
    """An unpacked `adb bugreport` for `phone`: its main dumpstate text and main_entry.txt naming it."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"bugreport-phonex-AB1.2-{phone.patch}-10-00-00.txt"
    head = [
        "=" * 56, "== dumpstate: 2026-11-30 10:00:00", "=" * 56, "", "Build: AB1.2",
        f"Build fingerprint: 'example/phonex/phonex:{phone.profile.release}/AB1.2/1234:user/{phone.build_tags}'",
        "------ SYSTEM PROPERTIES (getprop) ------", getprop(phone).rstrip("\n"),
        "------ 0.011s was the duration of 'SYSTEM PROPERTIES' ------",
    ]
    dump = full_dumpsys(phone).rstrip("\n").removesuffix(DASHES).rstrip("\n")
    settings = [DASHES, "DUMP OF SERVICE settings:", dumpsys_settings(phone).rstrip("\n"),
                "--------- 0.005s was the duration of dumpsys settings, ending at: 2026-11-30 10:00:01", DASHES]
    (folder / name).write_text("\n".join([*head, dump, *settings]) + "\n")
    (folder / "main_entry.txt").write_text(name)
    return folder
