"""Keyboards (they see everything typed) and a proxy for the whole phone, from the settings tables."""

from __future__ import annotations

import devicegen

from checks.android.checks import AndroidDevice
from cybercheck.testing import run

LATIN = "com.google.android.inputmethod.latin/com.android.inputmethod.latin.LatinIME"


def phone(default: str, enabled: str, proxy: str | None = None) -> devicegen.PhoneSpec:
    spec = devicegen.base_phone("14", apps=30)
    spec.packages.append(devicegen.Pkg("com.google.android.inputmethod.latin", system=True, installer=None))
    spec.packages.append(devicegen.Pkg("com.touchtype.swiftkey"))  # from the Play Store
    spec.packages.append(devicegen.Pkg("com.keys.free", installer="com.google.android.packageinstaller", launcher=False))
    spec.settings.setdefault("secure", {}).update({"default_input_method": default, "enabled_input_methods": enabled})
    if proxy is not None:
        spec.settings.setdefault("global", {})["http_proxy"] = proxy
    return spec


def by_code(result, code):
    return [f for f in result.findings if f.code == code]


def test_a_hidden_keyboard_from_a_file_is_serious_and_store_keyboards_are_not_flagged(acquisition):
    enabled = f"{LATIN}:com.touchtype.swiftkey/com.touchtype.KeyboardService;-921088104:com.keys.free/.Ime"
    result = run(AndroidDevice, inputs={"android": acquisition(phone("com.keys.free/.Ime", enabled))})
    (keyboard,) = by_code(result, "android.keyboard.outside-store")
    assert keyboard.severity.name == "HIGH"
    assert keyboard.evidence[0].fields["component"] == "com.keys.free/com.keys.free.Ime"
    assert any(line.startswith("3 keyboards switched on") for line in result.looked_at)


def test_only_ordinary_keyboards_raise_nothing(acquisition):
    result = run(AndroidDevice, inputs={"android": acquisition(phone(LATIN, LATIN))})
    assert by_code(result, "android.keyboard.outside-store") == []
    assert by_code(result, "android.proxy") == []


def test_a_proxy_for_the_whole_phone(acquisition):
    result = run(AndroidDevice, inputs={"android": acquisition(phone(LATIN, LATIN, proxy="192.168.1.50:8080"))})
    (proxy,) = by_code(result, "android.proxy")
    assert "192.168.1.50:8080" in proxy.subject
    assert proxy.evidence[0].fields["global http_proxy"] == "192.168.1.50:8080"
    cleared = run(AndroidDevice, inputs={"android": acquisition(phone(LATIN, LATIN, proxy=":0"), name="cleared")})
    assert by_code(cleared, "android.proxy") == []
