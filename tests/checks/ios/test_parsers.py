"""Property tests: the iPhone backup parsers meet any input with a record or a plain DamagedInput."""

from __future__ import annotations

import plistlib
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.ios.sources.device import device_info, installed_apps
from checks.ios.judge.version import ios_major
from checks.ios.sources.plists import load_plist
from checks.ios.sources.profiles import parse_enrolment, parse_profile
from checks.ios.records import BackupFile
from cybercheck.errors import DamagedInput

plist_leaf = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30), st.integers(-(2**63), 2**63 - 1), st.booleans(), st.binary(max_size=40),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
)
keys = st.sampled_from(["PayloadContent", "PayloadType", "PayloadIdentifier", "PayloadDisplayName", "VPN",
                        "RemoteAddress", "Applications", "iTunesMetadata", "Installed Applications",
                        "NotificationSettings", "BundleIdentifier", "ServerURL", "IsSupervised", "Lockdown",
                        "Product Version", "sourceApp", "x"])
plist_values = st.recursive(plist_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=25)


def encoded(value, binary: bool) -> bytes:
    return plistlib.dumps({"root": value, **(value if isinstance(value, dict) else {})},
                          fmt=plistlib.FMT_BINARY if binary else plistlib.FMT_XML)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_plist_or_damaged_input(data):
    try:
        load_plist(data, "x.plist")
    except DamagedInput as error:
        assert error.plain


@settings(max_examples=150, deadline=None)
@given(plist_values, st.booleans())
def test_profile_parser_never_breaks(value, binary):
    try:
        profile = parse_profile(encoded(value, binary), "domain/profile-1.stub")
    except DamagedInput as error:
        assert "profile" in error.plain or "plist" in error.plain or "settings" in error.plain
    else:
        assert profile.identifier


@settings(max_examples=150, deadline=None)
@given(plist_values, st.booleans(), st.sampled_from(["MDM.plist", "CloudConfigurationDetails.plist"]))
def test_enrolment_parser_never_breaks(value, binary, name):
    file = BackupFile("0" * 40, "d", f"Library/ConfigurationProfiles/{name}")
    try:
        parse_enrolment(encoded(value, binary), file)
    except DamagedInput:
        pass


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, plist_values, max_size=6), st.dictionaries(keys, plist_values, max_size=6))
def test_app_and_device_readers_never_break(info, manifest):
    apps, damaged = installed_apps(info, manifest)
    assert damaged >= 0 and all(a.bundle_id for a in apps)
    device_info(info, manifest)


@given(st.text(max_size=12))
def test_ios_major_is_a_small_number_or_none(text):
    major = ios_major(text)
    assert major is None or 0 <= major < 1000
