"""`cybercheck timeline` end to end: the record, its CSV and JSON, the signature, what the terminal shows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.checks.timeline.output import samples
from tests.cybercheck.cli_helpers import run_cli

pytestmark = pytest.mark.usefixtures("with_fake_reader")


def _make(exports: dict[str, Path], out: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli(
        "timeline",
        "--input",
        f"whatsapp={exports['chat']}",
        "--input",
        f"sms={exports['sms']}",
        "--about",
        "+44 7700 900123, Ex@Example.com",
        "--output",
        str(out),
        "--country",
        "GB",
        *extra,
    )


def test_makes_a_signed_record_with_csv_json_and_manifest(exports, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "record" / "timeline.html"
    out.parent.mkdir()
    ran = _make(exports, out)
    assert ran.code == 1, ran.stderr  # possible threats were found
    names = sorted(p.name for p in out.parent.iterdir())
    assert names == ["timeline.csv", "timeline.html", "timeline.json", "timeline.manifest.json"]
    html = out.read_text(encoding="utf-8")
    assert "Record of contact from +44 7700 900123 (ex@example.com)" in html
    assert "<script" not in html.lower()
    assert "may contain threats" in html
    assert "Signed with" in ran.stderr
    verified = run_cli("timeline", "--verify", str(out))
    assert verified.code == 0, verified.stdout
    assert "The signature is good" in verified.stdout


def test_the_terminal_never_shows_message_texts(exports, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    ran = _make(exports, tmp_path / "timeline.html")
    shown = ran.stdout + ran.stderr
    for text in samples.TEXTS:
        assert text not in shown
    assert "chat.txt, line 17" in shown  # a reference to a possible threat, without its words
    assert "may contain threats" in shown


def test_the_csv_has_one_row_per_event_and_no_live_formulas(exports, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    _make(exports, tmp_path / "timeline.html")
    with (tmp_path / "timeline.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 120
    assert list(rows[0])[:6] == ["number", "date", "time", "utc_offset", "timestamp_utc", "what_happened"]
    assert [r["number"] for r in rows] == [str(n) for n in range(1, 121)]
    assert all(
        r["evidence_file"] in ("chat.txt", "backup.xml") and len(r["evidence_sha256"]) == 64 for r in rows
    )
    formula = [r["content"] for r in rows if "HYPERLINK" in r["content"]]
    assert formula and all(c.startswith("'=") for c in formula)
    assert {r["from"] for r in rows} >= {"+447700900123"}  # numbers stay numbers


def test_the_json_follows_the_report_schema(exports, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    _make(exports, tmp_path / "timeline.html")
    data = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))
    schema = json.loads(Path("docs/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    timeline = data["timeline"]
    assert len(timeline["events"]) == 120
    assert timeline["summary"]["contacts"] == sum(
        1 for e in timeline["events"] if e["direction"] == "incoming"
    )
    assert [t["row"] for t in timeline["threats"]] == [12, 17]
    assert {e["source"]["file"] for e in timeline["events"]} == {"chat.txt", "backup.xml"}


@pytest.mark.parametrize(
    "target", ["timeline.html", "timeline.csv", "timeline.json", "timeline.manifest.json"]
)
def test_one_changed_byte_fails_verification(exports, tmp_path: Path, memory_keyring, target: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "timeline.html"
    _make(exports, out)
    changed = tmp_path / target
    data = bytearray(changed.read_bytes())
    index = data.index(b"2026") + 3  # a digit of a date: still well-formed, but no longer the same
    data[index] = ord("7") if data[index] != ord("7") else ord("8")
    changed.write_bytes(bytes(data))
    ran = run_cli("timeline", "--verify", str(out))
    assert ran.code == 1
    assert "The signature is good" not in ran.stdout


def test_a_changed_source_file_fails_verification(exports, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "timeline.html"
    _make(exports, out)
    with exports["chat"].open("ab") as handle:
        handle.write(b"!")
    ran = run_cli("timeline", "--verify", str(out.with_name("timeline.manifest.json")))
    assert ran.code == 1
    assert "CHANGED since the record was made: " + str(exports["chat"]) in ran.stdout


def test_without_a_keyring_the_record_is_made_unsigned(exports, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "timeline.html"
    ran = _make(exports, out)
    assert out.exists()
    assert "Not signed" in ran.stderr
    assert "This record is not signed" in out.read_text(encoding="utf-8")
    assert run_cli("timeline", "--verify", str(out)).code == 1


def test_plain_errors_for_wrong_use(exports, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "at least one export" in run_cli("timeline", "--about", "x", "--output", "t.html").stderr
    ran = run_cli(
        "timeline", "--input", f"whatsapp={tmp_path / 'nothing.zip'}", "--about", "x", "--output", "t.html"
    )
    assert ran.code == 2 and "There is no file at" in ran.stderr
    ran = run_cli(
        "timeline",
        "--input",
        f"whatsapp={exports['chat']}",
        "--about",
        "x",
        "--output",
        str(tmp_path / "t.pdf"),
    )
    assert ran.code == 2 and "end the --output name in .html" in ran.stderr
    ran = run_cli("timeline", "--verify", str(exports["chat"]))
    assert ran.code == 2 and "no manifest beside chat.txt" in ran.stderr


def test_every_listed_threat_is_counted_not_only_a_findings_sample(
    exports,
    tmp_path: Path,
    memory_keyring,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    from dataclasses import replace

    from checks.timeline.output import make
    from checks.timeline.output.write import Reference
    from tests.checks.timeline.output.conftest import fake_reader

    def reader(inputs, about, marks):  # type: ignore[no-untyped-def]
        read = fake_reader(inputs, about, marks)
        flagged = tuple(
            Reference(e.source.file, e.source.locator, e.when)
            for stream in read.streams
            for e in stream
            if e.content == "You will regret this"
        )
        return replace(read, threats=flagged)

    monkeypatch.setattr(make, "default_reader", reader)
    ran = _make(exports, tmp_path / "timeline.html")
    data = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))
    regret = [e for e in data["timeline"]["events"] if e["content"] == "You will regret this"]
    assert len(data["timeline"]["threats"]) == len(regret) > 2  # more than the findings' sample of two
    assert [t["row"] for t in data["timeline"]["threats"]] == [e["number"] for e in regret]
    assert f"{len(regret)} messages may contain threats" in ran.stdout
    html = (tmp_path / "timeline.html").read_text(encoding="utf-8")
    assert html.count('class="mark"') == len(regret)
