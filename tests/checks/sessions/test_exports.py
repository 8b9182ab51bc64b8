"""--input exports=FOLDER: what is recognised in a folder of downloads, and each check's part of it."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

from checks.sessions.checks import FacebookSessions, GoogleSessions, InstagramSessions, XSessions
from checks.sessions.sources.exports import exports_for
from cybercheck.advice import all_advice
from cybercheck.pipeline.model import Severity, Status
from cybercheck.testing import run

from .conftest import EXAMPLES, FIXTURES, zip_folder


def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    zip_folder(EXAMPLES / "takeout", folder / "takeout-20261130T101010Z-001.zip")
    zip_folder(EXAMPLES / "facebook", folder / "facebook-example-2026-11-30.zip")
    zip_folder(
        FIXTURES / "instagram-de",
        folder / "instagram-example-2026.zip",
        prefix="security_and_login_information/login_and_profile_creation/",
    )
    zip_folder(FIXTURES / "x-archive", folder / "twitter-2026-11-30.zip", prefix="data/")
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8 not an export")
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 cut")
    return folder


def test_each_check_finds_its_own_export_and_says_what_was_recognised(tmp_path):
    folder = downloads(tmp_path)
    found, said, problems = exports_for(folder, "google")
    assert [p.name for p in found] == ["takeout-20261130T101010Z-001.zip"]
    assert len(said) == 4 and any("X archive" in s for s in said)
    assert problems and "broken.zip" in problems[0]
    for check, count in (
        (GoogleSessions, 38),
        (FacebookSessions, 34),
        (InstagramSessions, 1),
        (XSessions, 3),
    ):
        result = run(check, inputs={"exports": folder})
        assert result.problem is None, check.id
        assert "recognised" in result.looked_at[0] and "broken.zip" in " ".join(result.gaps)
        assert result.looked_at[1].startswith(f"{count} sign-ins"), (check.id, result.looked_at)


def test_a_folder_with_no_export_for_a_check_leaves_it_not_run(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    result = run(GoogleSessions, inputs={"exports": folder})
    assert result.status is Status.NOT_RUN and "--input takeout=" in result.unmet[0]


def test_the_folder_itself_may_be_one_unpacked_export():
    result = run(FacebookSessions, inputs={"exports": EXAMPLES / "facebook"})
    assert result.status is Status.FOUND


def test_the_demo_shows_one_unknown_session_abroad():
    google = run(GoogleSessions, inputs={"takeout": EXAMPLES / "takeout"})
    facebook = run(FacebookSessions, inputs={"facebook": EXAMPLES / "facebook"})
    assert google.findings == () and google.status is Status.CLEAN
    assumed = [t for t in google.looked_at if "taken as yours" in t]
    assert len(assumed) == 1 and "Norway" in assumed[0], google.looked_at
    assert set(google.memory) == {"devices", "countries", "networks", "methods", "apps"}
    active = [f for f in facebook.findings if f.code == "sessions.active.unknown-device"]
    assert len(active) == 1 and "Brazil" in active[0].subject and active[0].severity is Severity.HIGH


def test_asked_answers_make_the_baseline():
    answers = {
        "Do you recognise this device: Firefox on Linux? Facebook saw it 2 times, last on 2026-11-28.": "no",
        "Do you recognise this device: Facebook app on iPhone? Facebook saw it 17 times, last on 2026-11-29.": "yes",
        "Do you recognise this device: Chrome on Windows? Facebook saw it 8 times, last on 2026-11-27.": "yes",
        "Have you, or a device you use, been in Norway? Facebook saw 32 sign-ins from there.": "yes",
        "Have you, or a device you use, been in Brazil? Facebook saw 2 sign-ins from there.": "no",
    }
    result = run(FacebookSessions, inputs={"facebook": EXAMPLES / "facebook"}, answers=answers)
    codes = [f.code for f in result.findings]
    assert "sessions.active.unknown-device" in codes
    assert all(f.severity > Severity.INFO for f in result.findings)
    assert "The devices and places you said you recognise were taken as yours" in result.looked_at


def test_a_known_file_in_both_forms(tmp_path):
    plain = tmp_path / "known.txt"
    plain.write_text("# my things\niPhone\ndevice: Windows\nNorway\nFirefox on Linux\nplace: Brazil\n")
    yaml = tmp_path / "known.yaml"
    yaml.write_text("devices:\n  - iPhone\n  - Windows\n  - Linux\nplaces:\n  - Norway\n  - Brazil\n")
    for known in (plain, yaml):
        result = run(FacebookSessions, inputs={"facebook": EXAMPLES / "facebook", "known": known})
        assert [f.code for f in result.findings] == ["sessions.signin.impossible-travel"]


def test_every_code_has_advice_and_every_check_is_registered():
    source = "".join(p.read_text() for p in (Path(__file__).parents[3] / "checks" / "sessions").rglob("*.py"))
    codes = set(re.findall(r'"(sessions\.[a-z-]+\.[a-z-]+)"', source))
    assert codes and codes <= set(all_advice()), codes - set(all_advice())
    names = {e.name for e in entry_points(group="cybercheck.checks")}
    assert {
        "sessions.google",
        "sessions.facebook",
        "sessions.instagram",
        "sessions.x",
        "sessions.microsoft",
    } <= names


def test_a_saved_report_is_the_next_baseline_and_what_was_flagged_stays_flagged():
    from cybercheck.report.build import build_report
    from cybercheck.report.json_report import read_report, render_json
    from cybercheck.testing import make_context

    first = [
        run(GoogleSessions, inputs={"takeout": EXAMPLES / "takeout"}),
        run(FacebookSessions, inputs={"facebook": EXAMPLES / "facebook"}),
    ]
    saved = read_report(render_json(build_report(first, generated_at=first[0].finished, country=None)))
    google = run(
        GoogleSessions,
        make_context(GoogleSessions.id, inputs={"takeout": EXAMPLES / "takeout"}, baseline=saved),
    )
    assert google.status is Status.CLEAN
    assert any(t.startswith("Compared with what the previous check saw on ") for t in google.looked_at)
    assert not any("taken as yours" in t for t in google.looked_at)
    facebook = run(
        FacebookSessions,
        make_context(FacebookSessions.id, inputs={"facebook": EXAMPLES / "facebook"}, baseline=saved),
    )
    assert [f.subject for f in facebook.findings if f.code == "sessions.active.unknown-device"] == [
        f.subject for f in first[1].findings if f.code == "sessions.active.unknown-device"
    ]


def test_a_mail_apps_cloud_servers_in_a_takeout_are_not_where_the_person_is(tmp_path):
    """A mail app syncing Gmail from Amazon's servers in the US all day, and the person's own
    sign-ins from Britain between its visits: no new country, no impossible travel; the coverage
    says the servers' places were set aside."""
    header = (
        "Gaia ID,Activity Timestamp,IP Address,Proxiedhost IP Address,Is Non-routable IP Address,"
        "Activity Country,Activity Region,Activity City,User Agent String,Product Name,Sub-Product Name,"
        "Activity Type,Gmail Access Channel\n"
    )
    rows = [
        f"1,2026-11-{1 + i // 144:02d} {i % 144 // 6:02d}:{i % 6 * 10:02d}:00 UTC,52.95.110.1,,No,US,VA,Ashburn,"
        "Spark,Gmail,,,IMAP\n"
        for i in range(144 * 3)
    ]
    rows += [
        f"1,2026-11-0{1 + day} 09:03:00 UTC,81.2.69.160,,No,GB,England,London,"
        '"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) '
        'Version/18.1 Mobile/15E148 Safari/604.1",Gmail,,Login,\n'
        for day in range(3)
    ]
    folder = tmp_path / "Takeout" / "Access Log Activity"
    folder.mkdir(parents=True)
    (folder / "Activities - A list of Google services accessed by.csv").write_text(header + "".join(rows))
    result = run(GoogleSessions, inputs={"takeout": tmp_path})
    found = {f.code for f in result.findings}
    assert not found, result.findings
    assert any("cloud servers (AMAZON-02)" in str(line) for line in result.looked_at), result.looked_at
