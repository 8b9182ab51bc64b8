"""Dual-use apps from ISDi's flags: judged by what they hold on the phone and whether the person knows them."""

from __future__ import annotations

import devicegen
from hypothesis import given
from hypothesis import strategies as st

from checks.android.checks import AndroidDevice
from checks.android.dualuse import bundled_flags, parse_flags
from cybercheck.pipeline.words import text
from cybercheck.testing import run

ISHARING = "com.isharing.isharing"  # ISDi: dual-use ("iSharing Locator"); on no stalkerware list
RECORDER = "com.CallRecordFull"  # ISDi: dual-use ("Call recorder: CallRec")
BACKGROUND = "android.permission.ACCESS_BACKGROUND_LOCATION"


def question(package: str) -> str:
    return str(text("android.ask-dual-use", title=bundled_flags().get(package).title, package=package))  # type: ignore[union-attr]  # the package is in the list


def phone_with_locator(**extra):
    phone = devicegen.base_phone("14", apps=30)
    phone.packages.append(devicegen.Pkg(ISHARING, granted=("android.permission.INTERNET", BACKGROUND),
                                        requested=("android.permission.INTERNET", BACKGROUND)))
    phone.packages.append(devicegen.Pkg(RECORDER))
    phone.accessibility.append(f"{ISHARING}/.Tracker")
    for key, value in extra.items():
        setattr(phone, key, value)
    return phone


def dual_use(result):
    return {f.subject.split(" (")[-1].rstrip(")"): f for f in result.findings if f.code == "android.app.dual-use"}


def test_bundled_flags_keep_android_rows_only():
    flags = bundled_flags()
    assert len(flags.by_package) > 5000
    assert flags.get(ISHARING).flag == "dual-use"  # type: ignore[union-attr]
    assert flags.get("com.life360.safetymap") is None  # the iPhone row
    assert "646f8f9" in flags.version


@given(st.text(max_size=400))
def test_damaged_flags_never_raise(content):
    parse_flags("appId,store,flag,title\n" + content, "test")


def test_unasked_dual_use_with_powers_is_worth_a_look(acquisition):
    result = run(AndroidDevice, inputs={"android": acquisition(phone_with_locator())})
    found = dual_use(result)
    assert found[ISHARING].severity.name == "MEDIUM"
    holds = found[ISHARING].evidence[0].fields["what it can do on this phone"]
    assert "accessibility" in holds and "location even when not open" in holds
    assert found[RECORDER].severity.name == "LOW"
    assert any("ISDi app-flags 646f8f9" in line for line in result.looked_at)


def test_not_recognised_with_powers_is_serious_and_recognised_is_information(acquisition):
    folder = acquisition(phone_with_locator())
    denied = dual_use(run(AndroidDevice, inputs={"android": folder}, answers={question(ISHARING): "no",
                                                                             question(RECORDER): "yes"}))
    assert denied[ISHARING].severity.name == "HIGH"
    assert denied[RECORDER].severity.name == "INFO"
    known = dual_use(run(AndroidDevice, inputs={"android": folder, "known-apps": [ISHARING, "call recorder: callrec"]}))
    assert {f.severity.name for f in known.values()} == {"INFO"}
    assert known[ISHARING].evidence[0].fields["how sure"].startswith("You said you know this app")


def test_indicator_matches_and_system_apps_are_left_to_other_judgements(acquisition):
    phone = devicegen.base_phone("12", apps=30)
    phone.packages.append(devicegen.Pkg("com.life360.android.safetymapd"))  # ISDi dual-use, Echap watchware
    phone.packages.append(devicegen.Pkg("com.google.android.apps.adm", system=True, installer=None))
    result = run(AndroidDevice, inputs={"android": acquisition(phone)})
    assert dual_use(result) == {}
    assert "android.app.watchware" in {f.code for f in result.findings}


def test_the_check_declares_known_apps():
    assert "known-apps" in {i.name for i in AndroidDevice.inputs}
