"""mail.takeout on the demo export, a translated export, zips and damaged files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.mail.checks import TakeoutMail
from checks.mail.sources.takeout import flat_filter_rule, takeout_read
from cybercheck.archive import open_export
from cybercheck.pipeline.model import Severity, Status
from cybercheck.testing import run

EXAMPLE = Path(__file__).parents[3] / "checks" / "mail" / "examples" / "takeout"
GERMAN = Path(__file__).parents[2] / "fixtures" / "mail" / "takeout-de"


def test_the_demo_export_shows_a_forward_and_hidden_security_alerts() -> None:
    result = run(TakeoutMail, inputs={"takeout": EXAMPLE})
    found = sorted((f.code, f.severity) for f in result.findings)
    assert found == [
        ("mail.rule.forwards-external", Severity.HIGH),
        ("mail.rule.hides-security", Severity.URGENT),
    ]
    assert result.status is Status.FOUND
    assert "3 Gmail filters" in result.looked_at[0]


def test_a_translated_export_is_read_by_content() -> None:
    result = run(TakeoutMail, inputs={"takeout": GERMAN})
    found = sorted((f.code, f.subject) for f in result.findings)
    assert found == [
        ("mail.forwarding.address-ready", "mitleser@evil.example is set up as a forwarding address"),
        ("mail.rule.hides-security", "A rule hides security mail"),
        ("mail.rule.hides-sender", "A rule hides mail from office@anwalt-kanzlei.example"),
        ("mail.rule.hides-sender", "A rule hides mail from support@refuge-helpline.example"),
    ]
    refuge = next(f for f in result.findings if "refuge" in f.subject)
    assert refuge.severity is Severity.MEDIUM


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_works_like_a_folder(tmp_path: Path) -> None:
    members = {str(p.relative_to(EXAMPLE)): p.read_bytes() for p in EXAMPLE.rglob("*.json")}
    result = run(TakeoutMail, inputs={"takeout": _zip(tmp_path / "takeout.zip", members)})
    assert len(result.findings) == 2


def test_a_damaged_settings_file_is_a_gap(tmp_path: Path) -> None:
    members = {"Takeout/Mail/User Settings/Filters.json": b'{"filter": [{"query": "x", "forw'}
    result = run(TakeoutMail, inputs={"takeout": _zip(tmp_path / "t.zip", members)})
    assert result.status is Status.INCOMPLETE
    assert any("not readable JSON" in gap for gap in result.gaps)


def test_an_export_without_mail_settings_says_so(tmp_path: Path) -> None:
    result = run(
        TakeoutMail, inputs={"takeout": _zip(tmp_path / "t.zip", {"Takeout/Chrome/History.json": b"{}"})}
    )
    assert result.status is Status.INCOMPLETE
    assert "User Settings" in result.gaps[0]


def test_a_file_that_is_not_a_zip_fails_plainly(tmp_path: Path) -> None:
    bad = tmp_path / "takeout.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = run(TakeoutMail, inputs={"takeout": bad})
    assert result.status is Status.FAILED
    assert "zip" in result.problem.plain


def test_a_member_escaping_the_export_is_refused(tmp_path: Path) -> None:
    members = {
        "../Mail/evil.json": b'{"filter": []}',
        "Takeout/Mail/User Settings/Filters.json": b'{"filter": []}',
    }
    result = run(TakeoutMail, inputs={"takeout": _zip(tmp_path / "t.zip", members)})
    assert any("outside the export" in gap for gap in result.gaps)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
_keys = st.sampled_from(
    ["query", "from", "labelsToAdd", "labelsToRemove", "forwardTo", "shouldTrash", "criteria", "action"]
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, _json, max_size=6))
def test_any_filter_shape_reads_without_error(item: dict) -> None:  # type: ignore[type-arg]
    rule = flat_filter_rule(item, source="t", index=0)
    assert rule.raw


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300) | _json.map(lambda v: json.dumps(v).encode()))
def test_any_settings_file_gives_records_or_a_gap(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("t") / "Takeout" / "Mail" / "User Settings"
    folder.mkdir(parents=True)
    (folder / "Filters.json").write_bytes(data)
    with open_export(folder.parents[2]) as export:
        read = takeout_read(export)
    assert read.gaps or read.looked_at
