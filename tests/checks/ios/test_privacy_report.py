"""ios.privacy-report: the App Privacy Report an iPhone saves, read from a real report and from damaged ones."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.ios.checks import IphonePrivacyReport
from checks.ios.sources.privacy_report import parse_privacy_report, read_privacy_report
from cybercheck.indicators.sets import ThreatKind
from cybercheck.pipeline.model import Severity, Status
from cybercheck.pipeline.words import text
from cybercheck.testing import make_context, run

REAL = Path(__file__).parents[2] / "realworld" / "ios" / "app-privacy-report-v4-excerpt.ndjson"
REAL_APPS = (
    "5Q4J53EFRC.com.sbb.ch",
    "ch.admin.meteoswiss",
    "ch.workingbicycle.app",
    "com.toyopagroup.picaboo",
    "com.ubs.Paymit",
    "net.whatsapp.WhatsApp",
    "org.whispersystems.signal",
)


def codes(result):
    return sorted(f.code for f in result.findings)


def contact(bundle: str, domain: str, initiated: str = "AppInitiated") -> str:
    return json.dumps(
        {
            "timeStamp": "2026-11-30T10:00:00.000+01:00",
            "initiatedType": initiated,
            "context": "",
            "domain": domain,
            "contextVerificationType": 0,
            "type": "networkActivity",
            "domainType": 2,
            "firstTimeStamp": "2026-11-29T10:00:00.000+01:00",
            "bundleID": bundle,
            "domainOwner": "",
            "hits": 3,
            "domainClassification": 1,
        }
    )


def use(bundle: str, category: str, uid: str, kind: str = "intervalBegin") -> str:
    return json.dumps(
        {
            "accessCount": 0,
            "accessor": {"identifier": bundle, "identifierType": "bundleID"},
            "category": category,
            "identifier": uid,
            "kind": kind,
            "timeStamp": "2026-11-30T09:00:00.000+01:00",
            "type": "access",
        }
    )


def report(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "App_Privacy_Report_v4_2026-12-01T10_00_00.ndjson"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def question(app: str, what: str) -> str:
    return str(text("ios.ask-privacy-app", app=app, what=what))


def test_a_real_report_is_read_whole():
    read = read_privacy_report(REAL)
    assert (read.lines, read.damaged, read.unknown) == (200, 0, 0)
    categories = {(u.accessor, u.category) for u in read.uses}
    assert ("com.toyopagroup.picaboo", "photos") in categories
    assert ("ch.workingbicycle.app", "camera") in categories
    assert len(read.contacts) == 80
    assert read.first is not None and read.last is not None and read.first < read.last


def test_without_answers_the_apps_are_a_gap_never_clean():
    result = run(IphonePrivacyReport, inputs={"app-privacy-report": REAL}, offline=True)
    assert result.status is Status.INCOMPLETE
    assert codes(result) == []
    gap = " ".join(result.gaps)
    assert "com.toyopagroup.picaboo" in gap and "com.apple" not in gap


def test_apps_the_person_names_are_theirs_and_apple_apps_are_not_asked_about():
    ctx = make_context(
        IphonePrivacyReport.id,
        inputs={
            "app-privacy-report": REAL,
            "known-apps": [
                "picaboo",
                "ch.admin.meteoswiss",
                "sbb",
                "workingbicycle",
                "com.ubs.Paymit",
                "WhatsApp",
                "signal",
            ],
        },
        answers={"x": "y"},
    )
    result = run(IphonePrivacyReport, ctx)
    assert result.status is Status.CLEAN, result.gaps
    assert not ctx.env.asker.asked  # type: ignore[attr-defined]


def test_an_app_the_person_does_not_recognise_is_a_finding(tmp_path):
    path = report(
        tmp_path,
        use("com.example.helper", "microphone", "A"),
        use("com.example.helper", "microphone", "A", "intervalEnd"),
        use("com.apple.camera", "camera", "B"),
        use("com.example.notes", "photos", "C"),
    )
    answers = {
        question("com.example.helper", "microphone"): "no",
        question("com.example.notes", "photos"): "yes",
    }
    ctx = make_context(IphonePrivacyReport.id, inputs={"app-privacy-report": path}, answers=answers)
    result = run(IphonePrivacyReport, ctx)
    assert codes(result) == ["ios.privacy.unknown-app"]
    finding = result.findings[0]
    assert finding.severity is Severity.HIGH and "com.example.helper" in finding.subject
    assert "microphone ×1" in finding.evidence[0].fields.values()
    assert question("com.apple.camera", "camera") not in ctx.env.asker.asked  # type: ignore[attr-defined]


def test_apps_missing_from_the_named_list_are_not_recognised(tmp_path):
    path = report(
        tmp_path, use("com.example.helper", "contacts", "A"), use("net.whatsapp.WhatsApp", "location", "B")
    )
    result = run(
        IphonePrivacyReport, inputs={"app-privacy-report": path, "known-apps": "whatsapp"}, offline=True
    )
    assert codes(result) == ["ios.privacy.unknown-app"]
    assert result.findings[0].severity is Severity.MEDIUM  # contacts only


def test_stalkerware_servers_websites_and_listed_apps(tmp_path):
    indicators = make_context("x").indicators
    c2 = next(d for d, t in indicators.domains.items() if t.kind is ThreatKind.STALKERWARE)
    website = next(
        d
        for d, t in indicators.websites.items()
        if d not in indicators.domains and t.kind is ThreatKind.STALKERWARE
    )
    bundle = next(b for b, t in indicators.ios_bundles.items() if t.kind is ThreatKind.WATCHWARE)
    path = report(
        tmp_path,
        contact("com.example.helper", "sub." + c2),
        contact("com.apple.mobilesafari", website, "NonAppInitiated"),
        use(bundle, "location", "Z"),
        contact("com.apple.news", "apple.com"),
    )
    result = run(IphonePrivacyReport, inputs={"app-privacy-report": path}, offline=True)
    assert codes(result) == [
        "ios.privacy.seller-website",
        "ios.privacy.stalkerware-server",
        "ios.privacy.watchware-app",
    ]
    severities = {f.code: f.severity for f in result.findings}
    assert severities["ios.privacy.stalkerware-server"] is Severity.URGENT
    assert severities["ios.privacy.seller-website"] is Severity.LOW
    assert result.status is Status.FOUND and not result.gaps  # the listed app is not asked about


def test_damaged_lines_are_a_gap(tmp_path):
    lines = REAL.read_text(encoding="utf-8").splitlines()
    path = report(
        tmp_path, *lines[:50], '{"type": "access", "accessor": ', "[1, 2]", '{"type": "somethingNew"}'
    )
    known = {"known-apps": [*REAL_APPS, "com.apple.weather"]}
    result = run(IphonePrivacyReport, inputs={"app-privacy-report": path, **known}, offline=True)
    assert result.status is Status.INCOMPLETE
    gaps = " ".join(result.gaps)
    assert "2 of the 53 lines" in gaps and "1 lines of the report record a kind" in gaps


def test_a_file_that_is_not_a_report_fails_and_an_empty_one_is_incomplete(tmp_path):
    garbage = tmp_path / "photo.jpg"
    garbage.write_bytes(b"\xff\xd8\xff\xe0 not json\n\x00\x01\n")
    assert (
        run(IphonePrivacyReport, inputs={"app-privacy-report": garbage}, offline=True).status is Status.FAILED
    )
    empty = report(tmp_path)
    result = run(IphonePrivacyReport, inputs={"app-privacy-report": empty}, offline=True)
    assert result.status is Status.INCOMPLETE


def test_the_ios_15_beta_shape_is_read():
    lines = [
        b'{"stream":"com.apple.privacy.accounting.stream.tcc","accessor":{"identifier":"com.google.ProjectFi",'
        b'"identifierType":"bundleID"},"tccService":"kTCCServiceAddressBook","identifier":"BE76-1","kind":"event",'
        b'"timestamp":"2021-06-08T18:48:49.573-05:00","version":3}',
        b'{"stream":"com.apple.privacy.accounting.stream.location","accessor":{"identifier":"/usr/libexec/locationd",'
        b'"identifierType":"path"},"identifier":"BE76-2","kind":"event","timestamp":"2021-06-08T18:49:00.000-05:00"}',
        b'{"stream":"com.apple.privacy.accounting.stream.future","identifier":"x"}',
    ]
    read = parse_privacy_report(lines)
    assert {(u.accessor, u.category, u.is_path) for u in read.uses} == {
        ("com.google.ProjectFi", "contacts", False),
        ("/usr/libexec/locationd", "location", True),
    }
    assert (read.damaged, read.unknown) == (0, 1)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from(
                [
                    *REAL.read_bytes().splitlines()[:3],
                    b'{"type":"networkActivity","bundleID":"a","domain":"b","hits":-1}',
                    b'{"type":"access"}',
                    b"{}",
                    b"null",
                ]
            ),
        ),
        max_size=30,
    )
)
def test_any_lines_are_read_or_counted(lines):
    read = parse_privacy_report(lines)
    assert read.damaged + read.unknown <= read.lines
    assert read.lines <= len(lines)


def test_a_listed_app_talking_to_its_own_servers_is_one_finding():
    result = run(
        IphonePrivacyReport,
        inputs={
            "app-privacy-report": Path("checks/ios/examples/App_Privacy_Report.ndjson"),
            "known-apps": "whatsapp",
        },
        offline=True,
    )
    assert codes(result) == ["ios.privacy.watchware-app"]
    assert "api-cloudfront.life360.com" in result.findings[0].evidence[0].fields["domains contacted"]
    assert result.status is Status.FOUND and not result.gaps
