"""System apps replaced by an update from outside a store: `dumpsys package` ("Hidden system packages:") and packages.json.

MVT's real AndroidQF test acquisition has YouTube (a system app) updated by the package installer, which MVT
reports as "installed via a browser", and two system packages updated with no installer recorded.
"""

from __future__ import annotations

from pathlib import Path

from tests.checks.android.conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from checks.android.checks import AndroidDevice
from checks.android.judge.system_apps import judge_system_updates
from checks.android.records import AndroidArtifacts, App
from checks.android.sources.system_apps import hidden_system_packages, updated_system_apps
from cybercheck.testing import run

BUGREPORT = FIXTURES / "bugreport-crashes"
MVT_ANDROIDQF = Path(__file__).parents[2] / "realworld" / "android" / "mvt-androidqf"


def replaced(result):
    return {
        f.evidence[0].fields["package"]: f for f in result.findings if f.code == "android.app.system-replaced"
    }


def test_only_the_update_from_outside_a_store_is_reported():
    found = replaced(run(AndroidDevice, inputs={"android": BUGREPORT}))
    # Chrome (Google Play) and the gallery (the phone maker's own updater, a system app) are normal
    assert set(found) == {"com.google.android.youtube"}
    youtube = found["com.google.android.youtube"]
    fields = youtube.evidence[0].fields
    assert youtube.severity.name == "MEDIUM"
    assert fields["update installed"] == "from a downloaded file"
    assert fields["the copy that came with the phone"] == "/product/app/YouTube"
    assert fields["update saved at"].startswith("/data/app/")


def test_mvt_sample_what_mvt_flags_and_what_it_leaves():
    found = replaced(run(AndroidDevice, inputs={"android": MVT_ANDROIDQF}))
    # MVT: 'Found a package installed via a browser (installer="com.google.android.packageinstaller"):
    # "com.google.android.youtube"' (MEDIUM); it does not look at system apps with no installer.
    assert found["com.google.android.youtube"].severity.name == "MEDIUM"
    assert {p: f.severity.name for p, f in found.items() if p.startswith("com.malware")} == {
        "com.malware.blah": "LOW",
        "com.malware.muahaha": "LOW",
    }


def test_installers_from_a_computer_and_from_an_ordinary_app():
    apps = (
        App(
            "com.sys.a",
            installer="com.android.shell",
            system=True,
            paths=("/data/app/~~a/com.sys.a-1/base.apk",),
        ),
        App(
            "com.sys.b", installer="com.some.tool", system=True, paths=("/data/app/~~b/com.sys.b-1/base.apk",)
        ),
        App("com.some.tool", installer="com.android.vending"),
        App(
            "com.sys.c",
            installer="com.oem.updater",
            system=True,
            paths=("/data/app/~~c/com.sys.c-1/base.apk",),
        ),
        App("com.oem.updater", system=True, paths=("/system/priv-app/Updater/Updater.apk",)),
        App("com.sys.d", system=True, paths=("/system/app/D/D.apk",)),
    )
    updates = tuple(updated_system_apps(apps, {}))
    assert [u.package for u in updates] == ["com.sys.a", "com.sys.b", "com.sys.c"]
    artifacts = AndroidArtifacts(source="test", apps=apps, system_updates=updates)
    found = {
        f.evidence[0].fields["package"]: f.evidence[0].fields["update installed"]
        for f in judge_system_updates(artifacts, {a.package: a for a in apps}, set())
    }
    assert found == {
        "com.sys.a": "from a computer over USB (adb)",
        "com.sys.b": "by the app com.some.tool, which is not an app store",
    }


def test_hidden_system_packages_are_read_from_their_heading_on():
    text = (BUGREPORT / "bugreport-phoney-UP1A.231005.007-2026-11-30-10-00-00.txt").read_text()
    assert hidden_system_packages(text) == {
        "com.google.android.youtube": "/product/app/YouTube",
        "com.android.chrome": "/product/app/Chrome",
        "com.example.gallery": "/system/app/Gallery",
    }
    assert hidden_system_packages("Packages:\n  Package [a.b] (1):\n    codePath=/x\n") == {}


LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Hidden system packages:",
                "Packages:",
                "  Package [a.b] (1):",
                "  Package [c] (2):",
                "    codePath=/system/app/X",
                "    codePath=",
                "Key Set Manager:",
                "",
                "  Package [] (3):",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=30,
)


@given(LINES)
def test_any_package_dump_is_read_without_raising(lines):
    found = hidden_system_packages("\n".join(lines))
    assert all(isinstance(path, str) for path in found.values())
