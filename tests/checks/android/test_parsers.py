"""The shared parsers, on fixtures in the real output shapes and on arbitrary input (hypothesis)."""

from __future__ import annotations

import json
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.android.sources import adb, dumpsys, getprop, packages, processes
from checks.android.sources import settings as settings_parser
from tests.checks.android.conftest import FIXTURES

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000)
LINES = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(
            [
                "Packages:",
                "  Package [com.x] (1):",
                "    User 0: installed=true enabled=3",
                "      runtime permissions:",
                "        a.b: granted=true",
                "    requested permissions:",
                "      a.b.C",
                "DUMP OF SERVICE package:",
                "-" * 78,
                "Enabled services:{{a.b/.C}, {",
                "  Uid u0a1:",
                "    Package com.y:",
                "      OP (allow):",
                "      OP: mode=allow",
                "Activity Resolver Table:",
                "      android.intent.action.MAIN:",
                "        1 a.b/.C filter 2",
                '          Category: "android.intent.category.LAUNCHER"',
                "  Enabled Device Admins (User 0, provisioningState: 0):",
                "    a.b/.C:",
                "  Device Owner:",
                "    admin=ComponentInfo{a.b/c.D}",
                "Account {name=x, type=y}",
                "[a]: [b]",
                "@@CYBERCHECK@@ BEGIN x",
                "@@CYBERCHECK@@ END x 0",
                "@@CYBERCHECK@@ DONE",
                "package:a.b installer=null uid:1",
            ]
        ),
    ),
    max_size=40,
)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def test_getprop_reads_properties_and_skips_other_lines():
    props = getprop.parse_getprop(fixture("getprop.txt"))
    assert props["ro.build.version.security_patch"] == "2022-03-05"
    assert props["ro.empty.value"] == ""
    assert len(props) == 10


def test_settings_list_keeps_values_with_colons_and_equals():
    values = settings_parser.parse_settings_list(fixture("settings_secure.txt"))
    assert values["enabled_accessibility_services"].startswith("com.example.helper/")
    assert values["sysui_qs_tiles"].endswith("custom(com.example/.Tile)")
    assert "not a setting line" not in values


def test_accessibility_new_and_old_syntax_read_enabled_services_only():
    new = dumpsys.accessibility_services(fixture("dumpsys_accessibility_android14.txt"))
    assert [c.name for c in new] == [
        "com.azure.authenticator/com.microsoft.brooklyn.module.accessibility.BrooklynAccessibilityService",
        "com.example.helper/com.example.helper.SyncService",
    ]
    old = dumpsys.accessibility_services(fixture("dumpsys_accessibility_android9.txt"))
    assert [c.package for c in old] == ["com.google.android.marvin.talkback"]  # installed is not enabled


def test_device_policy_owners_and_admins():
    admins = {(a.component.name, a.role) for a in dumpsys.device_admins(fixture("dumpsys_device_policy.txt"))}
    assert ("com.example.owner/com.example.owner.OwnerReceiver", "device owner") in admins
    assert ("com.example.helper/com.example.helper.AdminReceiver", "admin") in admins
    assert any(role == "profile owner" for _, role in admins)
    assert len(admins) == 4


def test_appops_uid_modes_apply_to_the_uid_packages():
    ops = {(o.package, o.op, o.mode) for o in dumpsys.app_ops(fixture("dumpsys_appops.txt"))}
    assert ("com.android.chrome", "REQUEST_INSTALL_PACKAGES", "allow") in ops
    assert ("com.example.helper", "GET_USAGE_STATS", "allow") in ops
    assert ("com.example.helper", "RUN_IN_BACKGROUND", "ignore") in ops
    assert not any(p == "root" and op == "REQUEST_INSTALL_PACKAGES" for p, op, _ in ops)


def test_accounts_are_read_once_each():
    accounts = dumpsys.accounts(fixture("dumpsys_account.txt"))
    assert [(a.name, a.type) for a in accounts] == [
        ("someone@example.org", "com.google"),
        ("other.person@example.net", "com.google"),
        ("+441234567890", "com.whatsapp"),
    ]


def test_notification_listeners():
    listeners = dumpsys.notification_listeners(fixture("dumpsys_notification.txt"))
    assert {c.package for c in listeners} == {"com.google.android.projection.gearhead", "com.example.helper"}


def test_a_notification_dump_says_whether_it_holds_its_listener_list():
    dump = fixture("dumpsys_notification.txt")
    assert dumpsys.lists_notification_listeners(dump)
    assert dumpsys.lists_notification_listeners(
        "  Notification listeners:\n    All notification listeners (0) enabled for current profiles:\n"
    )
    assert not dumpsys.lists_notification_listeners(dump[: dump.index("  Notification listeners:")])


def test_pm_list_with_and_without_uid():
    listed = {p.name: p for p in packages.parse_pm_list(fixture("pm_list_android12.txt"))}
    assert listed["com.example.helper"].installer is None  # "null" means no installer
    assert listed["com.whatsapp"].installer == "com.android.vending"
    assert listed["com.example.sharedUid"].uid == 10300
    old = list(packages.parse_pm_list(fixture("pm_list_android7.txt")))
    assert [p.name for p in old] == ["com.android.settings", "com.whatsapp", "com.example.helper"]
    assert old[0].uid is None


def test_dumpsys_package_android12():
    details = {d.name: d for d in packages.parse_dumpsys_package(fixture("dumpsys_package_android12.txt"))}
    assert set(details) == {
        "com.example.helper",
        "com.android.settings",
        "com.example.switchedoff",
    }  # not hidden ones
    helper = details["com.example.helper"]
    assert helper.first_install == datetime(2026, 9, 14, 21, 42, 11)
    assert helper.installer is None and not helper.system and helper.uid == 10234
    assert "android.permission.READ_SMS" in helper.requested
    assert helper.granted == {
        "android.permission.INTERNET",
        "android.permission.ACCESS_FINE_LOCATION",
        "android.permission.READ_SMS",
    }  # not user 10's camera, not refused ones
    assert details["com.android.settings"].system
    assert details["com.example.switchedoff"].disabled


def test_dumpsys_package_android14_first_install_under_user():
    (helper,) = packages.parse_dumpsys_package(fixture("dumpsys_package_android14.txt"))
    assert helper.first_install == datetime(2026, 9, 14, 21, 42, 11)
    assert helper.installer == "com.google.android.packageinstaller"
    assert helper.granted == {"android.permission.ACCESS_BACKGROUND_LOCATION", "android.permission.CAMERA"}


def test_launcher_from_resolver_needs_filter_details():
    text = "\n".join(
        [
            "Activity Resolver Table:",
            "  Non-Data Actions:",
            "      android.intent.action.MAIN:",
            "        1a2b3c4 com.a/.Main filter 5",
            '          Action: "android.intent.action.MAIN"',
            '          Category: "android.intent.category.LAUNCHER"',
            "        1a2b3c5 com.b/.Info filter 6",
            '          Category: "android.intent.category.INFO"',
            "",
            "Packages:",
        ]
    )
    assert packages.launcher_from_resolver(text) == {"com.a"}
    assert packages.launcher_from_resolver("Packages:\n  Package [a] (1):\n") is None


def test_packages_json_installer_null_and_lowercase_certificates():
    data = [
        {
            "name": "com.x",
            "installer": "null",
            "system": False,
            "disabled": False,
            "third_party": True,
            "uid": 10001,
            "files": [
                {
                    "path": "/data/app/x/base.apk",
                    "sha256": "AB" * 32,
                    "certificate": {"Md5": "00" * 16, "Sha1": "aa" * 20, "Sha256": "bb" * 32},
                }
            ],
        },
        {"name": 5},
        "junk",
        {"name": "com.y", "files": "not a list", "uid": True},
    ]
    found = list(packages.parse_packages_json(data))
    assert [p.name for p in found] == ["com.x", "com.y"]
    assert found[0].installer is None
    assert found[0].certificates == {"00" * 16, "aa" * 20, "bb" * 32}
    assert "ab" * 32 in found[0].file_hashes
    assert found[1].uid is None


def test_processes_json_and_ps():
    data = [
        {"pid": 7, "uid": 10001, "command_line": ["com.x"], "filename": "(com.x)"},
        {"pid": 8, "filename": "(kthreadd)"},
        3,
    ]
    assert [p.name for p in processes.parse_processes_json(data)] == ["com.x", "kthreadd"]
    text = "USER PID PPID VSZ RSS WCHAN ADDR S NAME\nu0_a1 123 1 1 1 0 0 S com.y\nu:r:init:s0 root 1 0 1 1 0 0 S init\nshort\n"
    assert [(p.name, p.pid) for p in processes.parse_ps(text)] == [("com.y", 123), ("init", 1)]


def test_split_sections_stops_at_dashes_and_keeps_wanted():
    text = [
        "DUMP OF SERVICE a:",
        "one",
        "-" * 78,
        "DUMP OF SERVICE CRITICAL b:",
        "two",
        "--------- 0.1s was the duration",
        "still b",
        "-" * 78,
        "after",
    ]
    assert dumpsys.split_sections(text) == {"a": "one", "b": "two\n--------- 0.1s was the duration\nstill b"}
    assert dumpsys.split_sections(text, {"b"}) == {"b": "two\n--------- 0.1s was the duration\nstill b"}


def test_dumpsys_settings_from_a_bug_report():
    text = (
        "GLOBAL SETTINGS (user 0)\n_id:1 name:adb_enabled pkg:android value:1 default:0 defaultSystemSet:true\n"
        "\nSECURE SETTINGS (user 10)\n_id:2 name:x pkg:android value:2\n"
    )
    assert settings_parser.parse_dumpsys_settings(text) == {"global": {"adb_enabled": "1"}}


@settings(max_examples=150, deadline=None)
@given(LINES)
def test_text_parsers_never_fail_on_damaged_output(lines):
    text = "\n".join(lines)
    getprop.parse_getprop(text)
    settings_parser.parse_settings_list(text)
    settings_parser.parse_dumpsys_settings(text)
    dumpsys.accessibility_services(text)
    dumpsys.device_admins(text)
    dumpsys.notification_listeners(text)
    dumpsys.app_ops(text)
    dumpsys.accounts(text)
    dumpsys.split_sections(lines)
    list(packages.parse_pm_list(text))
    list(packages.parse_dumpsys_package(text))
    packages.launcher_from_query(text)
    packages.launcher_from_resolver(text)
    list(processes.parse_ps(text))
    adb.parse_devices(text)
    adb.split_output(text)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "files",
                    "installer",
                    "uid",
                    "system",
                    "certificate",
                    "Sha1",
                    "sha256",
                    "path",
                    "command_line",
                    "filename",
                    "pid",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(JSON)
def test_json_parsers_never_fail_on_odd_shapes(data):
    list(packages.parse_packages_json(data))
    list(processes.parse_processes_json(data))
    json.dumps(data)


SECTION_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "DUMP OF SERVICE package:",
                "DUMP OF SERVICE HIGH adb: ",
                "DUMP OF SERVICE user:\t",
                "DUMP OF SERVICE dropbox:",
                "-" * 50,
                "-" * 60 + " 0.1s was the duration",
                "",
                " ",
                "\r",
                "DUMP OF SERVICE package:x",
                "Packages:",
                "  Package [a.b] (1):",
            ]
        ),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    ),
    max_size=30,
)


@given(SECTION_LINES, st.sampled_from(["\n", "\r\n", "\r"]))
def test_splitting_a_whole_text_gives_what_splitting_its_lines_gives(lines, newline):
    import io

    from checks.android.sources.dumpsys import split_sections, split_text

    content = newline.join(lines)
    as_read = list(io.StringIO(content, newline=""))  # as Export.text_lines reads a file
    for wanted in (None, {"package", "adb", "user"}):
        assert split_text(content, wanted) == split_sections(as_read, wanted)
