"""Device owners and work profiles (`dumpsys device_policy`, `dumpsys user`): the guided session asks whether the person knows them.

`dumpsys user` shapes: AOSP UserManagerService's "UserInfo{ID:NAME:FLAGS}" lines (flags in hexadecimal), with
"Type: android.os.usertype...." lines since Android 11 and " running" after the braces before Android 10.
MVT (2026.10.26) reads neither `dumpsys device_policy` nor `dumpsys user` in a bug report or an AndroidQF
acquisition, so there is no MVT alert to match here.
"""

from __future__ import annotations

from tests.checks.android.conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from checks.android.checks import AndroidDevice
from checks.android.sources.users import parse_users
from cybercheck.pipeline.words import text
from cybercheck.testing import run

BUGREPORT = FIXTURES / "bugreport-crashes"
OWNER = str(text("android.ask-device-owner", package="com.example.mdm"))
WORK = str(text("android.ask-work-profile", package="com.google.android.apps.work.clouddpc"))

ANDROID_14 = """Current user: 0
Users:
  UserInfo{0:Owner:c13} serialNo=0 isPrimary=true
    Type: android.os.usertype.full.SYSTEM
    Flags: 3091 (ADMIN|FULL|INITIALIZED|PRIMARY|SYSTEM)
    State: RUNNING_UNLOCKED
  UserInfo{10:Work profile:1030} serialNo=10 isPrimary=false parentId=0
    Type: android.os.usertype.profile.MANAGED
    Flags: 4144 (INITIALIZED|MANAGED_PROFILE|PROFILE)
  UserInfo{95:DUAL_APP:1030} serialNo=95 isPrimary=false parentId=0
    Type: android.os.usertype.profile.CLONE
  UserInfo{11:Private space:1090} serialNo=11 isPrimary=false parentId=0
    Type: android.os.usertype.profile.PRIVATE
"""
ANDROID_9 = """Users:
  UserInfo{0:Owner:13} running
    State: RUNNING_UNLOCKED
  UserInfo{10:Work profile:30} running
    State: RUNNING_UNLOCKED
  UserInfo{11:Guest:14}
"""


def managed(result):
    return {f.code: f for f in result.findings if f.code.startswith("android.managed.")}


def test_users_and_profiles_are_read_in_both_shapes():
    assert [(u.user_id, u.kind) for u in parse_users(ANDROID_14)] == [
        (0, "owner"),
        (10, "work profile"),
        (95, "clone"),
        (11, "private space"),
    ]
    assert [(u.user_id, u.name, u.kind, u.running) for u in parse_users(ANDROID_9)] == [
        (0, "Owner", "owner", True),
        (10, "Work profile", "work profile", True),
        (11, "Guest", "guest", None),
    ]


def test_unasked_a_device_owner_is_serious_and_a_work_profile_a_note():
    found = managed(run(AndroidDevice, inputs={"android": BUGREPORT}))
    owner, work = found["android.managed.device-owner"], found["android.managed.work-profile"]
    assert owner.severity.name == "HIGH" and owner.subject == "This phone is managed by com.example.mdm"
    assert work.severity.name == "LOW" and work.evidence[0].fields["work profiles"] == "Work profile (10)"
    assert "installed" not in work.evidence[0].fields  # its app lives in the work profile, not in this list


def test_the_answers_decide():
    known = managed(run(AndroidDevice, inputs={"android": BUGREPORT}, answers={OWNER: "yes", WORK: "yes"}))
    assert {c: f.severity.name for c, f in known.items()} == {
        "android.managed.device-owner": "INFO",
        "android.managed.work-profile": "INFO",
    }
    unknown = managed(run(AndroidDevice, inputs={"android": BUGREPORT}, answers={OWNER: "no", WORK: "no"}))
    assert {c: f.severity.name for c, f in unknown.items()} == {
        "android.managed.device-owner": "HIGH",
        "android.managed.work-profile": "HIGH",
    }
    named = managed(run(AndroidDevice, inputs={"android": BUGREPORT, "known-apps": "com.example.mdm"}))
    assert named["android.managed.device-owner"].severity.name == "INFO"


def test_the_owner_is_not_also_reported_as_an_ordinary_administrator():
    result = run(AndroidDevice, inputs={"android": BUGREPORT})
    assert "android.device-admin" not in {f.code for f in result.findings}


def test_a_work_profile_whose_owner_is_not_listed_is_asked_about(tmp_path):
    import shutil

    folder = tmp_path / "report"
    shutil.copytree(BUGREPORT, folder)
    main = folder / "bugreport-phoney-UP1A.231005.007-2026-11-30-10-00-00.txt"
    content = main.read_text()
    start = content.index("  Profile Owner (User 10):")
    main.write_text(content[:start] + content[content.index("  Enabled Device Admins") :])
    question = str(text("android.ask-work-profile-unnamed"))
    found = managed(run(AndroidDevice, inputs={"android": folder}, answers={question: "no"}))
    assert found["android.managed.work-profile"].severity.name == "HIGH"
    assert "an app that was not listed" in found["android.managed.work-profile"].subject


USER_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "  UserInfo{0:Owner:c13} running",
                "  UserInfo{10:Work:1030}",
                "  UserInfo{x:y:z}",
                "    Type: android.os.usertype.profile.MANAGED",
                "    Type: android.os.usertype.odd.NEW",
                "  UserInfo{99999999999:a:ffffffffffffffffffff}",
                "  UserInfo{1:a:b:c:0}",
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=25,
)


@given(USER_LINES)
def test_any_user_dump_is_read_without_raising(lines):
    users = parse_users("\n".join(lines))
    assert len({u.user_id for u in users}) == len(users)


def test_a_profile_owner_of_the_main_user_is_judged_like_a_device_owner():
    from checks.android.judge.managed import managers
    from checks.android.records import AndroidArtifacts
    from checks.android.sources.dumpsys import device_admins

    policy = "\n".join(
        [
            "Current Device Policy Manager state:",
            "  Profile Owner (User 0): ",
            "    admin=ComponentInfo{com.example.watch/com.example.watch.Admin}",
            "    name=",
            "    package=com.example.watch",
            "  Profile Owner (User 10): ",
            "    admin=ComponentInfo{com.example.work/.Admin}",
        ]
    )
    admins = tuple(device_admins(policy))
    assert [(a.component.package, a.user) for a in admins] == [
        ("com.example.watch", 0),
        ("com.example.work", 10),
    ]
    found = managers(AndroidArtifacts(source="test", device_admins=admins))
    assert [(m.package, m.whole_phone) for m in found] == [
        ("com.example.watch", True),
        ("com.example.work", False),
    ]
