"""Property tests: computer.apps parsers meet any outside data with records or a recorded problem."""

from __future__ import annotations

import json
import plistlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.computer.catalogue import catalogue, words
from checks.computer.judge.apps import unusual_reason
from checks.computer.records import command_path
from checks.computer.sources.browser_extensions import chromium_extensions, firefox_extensions
from checks.computer.sources.fsroot import FileRoot
from checks.computer.sources.macos import read_macos
from checks.computer.sources.registry import HiveFiles
from checks.computer.sources.textformats import (
    authorized_keys,
    crontab_commands,
    group_members,
    ini_section,
    passwd_entries,
    pem_certificates,
)
from checks.computer.sources.windows import _task_xml
from cybercheck.indicators.load import load_indicators

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
        st.sampled_from(["name", "permissions", "host_permissions", "content_scripts", "matches", "addons", "id",
                         "type", "location", "userPermissions", "origins", "defaultLocale", "active", "x"]),
        inner, max_size=5)),
    max_leaves=20)


@SETTINGS
@given(st.text(max_size=400))
def test_text_parsers_never_break(text):
    ini_section(text, "Desktop Entry")
    list(passwd_entries(text))
    group_members(text, {"sudo"})
    for key in authorized_keys(text):
        assert key.fingerprint.startswith("SHA256:")
    list(crontab_commands(text, system=True))
    list(crontab_commands(text, system=False))
    command_path(text)
    unusual_reason(text)
    words(text)


@SETTINGS
@given(st.binary(max_size=400))
def test_certificates_and_tasks_never_break(data):
    assert all(len(p) == 64 for p in pem_certificates(data))
    task, damaged = _task_xml(data)
    assert task is None or not damaged


@SETTINGS
@given(json_values, json_values)
def test_browser_extension_readers_never_break(manifest, addons):
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        folder = base / "Default/Extensions/abc/1.0"
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text(json.dumps(manifest))
        (base / "Default/Preferences").write_text(json.dumps(addons))
        (base / "ff").mkdir()
        (base / "ff/extensions.json").write_text(json.dumps(addons))
        root = FileRoot(base, copied=True)
        list(chromium_extensions(root, "Chrome", "Default"))
        list(firefox_extensions(root, "ff"))


plist_values = st.recursive(
    st.one_of(st.booleans(), st.integers(-(2**63), 2**63 - 1), st.binary(max_size=10),
              st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
        st.sampled_from(["Label", "Program", "ProgramArguments", "Disabled", "name", "uid", "users",
                         "NetworkServices", "Proxies", "HTTPEnable", "HTTPProxy", "trustList", "CFBundleName"]),
        inner, max_size=5)),
    max_leaves=20)


@SETTINGS
@given(plist_values, st.binary(max_size=200))
def test_macos_reader_never_breaks(value, junk):
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        good = plistlib.dumps(value if isinstance(value, dict) else {"x": value})
        for rel in ("Library/LaunchAgents/a.plist", "Applications/A.app/Contents/Info.plist",
                    "private/var/db/com.apple.xpc.launchd/disabled.plist",
                    "Library/Preferences/SystemConfiguration/preferences.plist",
                    "private/var/db/dslocal/nodes/Default/users/a.plist",
                    "Library/Security/Trust Settings/Admin.plist"):
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / rel).write_bytes(good)
        (base / "Library/LaunchAgents/junk.plist").write_bytes(junk)
        read_macos(FileRoot(base, copied=True))


@SETTINGS
@given(st.binary(min_size=0, max_size=6000))
def test_damaged_hives_read_as_empty_with_a_problem(junk):
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "SOFTWARE"
        path.write_bytes(b"regf" + junk)
        hives = HiveFiles({"SOFTWARE": path}, problems.append, str)
        hives.subkeys("SOFTWARE", "Microsoft\\Windows\\CurrentVersion\\Run")
        hives.values("SOFTWARE", "Microsoft\\Windows\\CurrentVersion\\Run")


NAMES = catalogue(load_indicators())


@given(st.text(max_size=60))
def test_catalogue_lookups_never_break(name):
    names = NAMES
    names.by_name(name)
    names.by_process(name)
    names.by_bundle(name)
