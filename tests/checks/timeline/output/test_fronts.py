"""The record from the guided session's last step and from the web app."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from cybercheck.pipeline.model import CheckResult
from cybercheck.report.build import build_report

pytestmark = pytest.mark.usefixtures("with_fake_reader")


def _session_report():  # type: ignore[no-untyped-def]
    result = CheckResult(check_id="guided.smart-home", title="Smart home", area="guided")
    return build_report([result], generated_at=datetime.now(timezone.utc), country="GB")


def test_the_guide_offers_and_makes_a_record(exports, tmp_path: Path, memory_keyring, capsys) -> None:  # type: ignore[no-untyped-def]
    from cybercheck.cli.timeline import offer_in_guide

    out = tmp_path / "record.html"
    answers = iter(
        [
            "y",
            "+44 7700 900123",
            "2026-03-20",
            "",
            str(exports["chat"]),
            "1",
            str(tmp_path / "missing.txt"),
            str(exports["sms"]),
            "9",
            str(exports["sms"]),
            "2",
            "",
            str(out),
            "n",
        ]
    )
    status = offer_in_guide(
        _session_report(), country="GB", operator=None, case=None, read=lambda _: next(answers)
    )
    assert status == 1  # the sample holds possible threats
    assert out.exists() and out.with_name("record.manifest.json").exists()
    shown = capsys.readouterr()
    assert "There is no file at" in shown.err
    assert "That is not one of the numbers" in shown.err
    assert "Where are you?" not in shown.out + shown.err


def test_the_guide_makes_nothing_when_declined(tmp_path: Path) -> None:
    from cybercheck.cli.timeline import offer_in_guide

    assert (
        offer_in_guide(_session_report(), country=None, operator=None, case=None, read=lambda _: "") is None
    )


def test_the_web_app_makes_a_record_and_shows_it(exports, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from tests.web.helpers import make_web

    web = make_web(tmp_path)
    web.sign_in()
    page = web.text("/record")
    assert "Make a record of contact" in page
    folder = tmp_path / "records"
    folder.mkdir()
    form = {
        "about": "+44 7700 900123",
        "kind-0": "whatsapp",
        "path-0": str(exports["chat"]),
        "kind-1": "sms-backup",
        "path-1": str(exports["sms"]),
        "folder": str(folder),
        "name": "alex",
    }
    done = web.post("/record", form)
    assert done.status_code == 200, done.get_data(as_text=True)
    shown = done.get_data(as_text=True)
    assert "The record was saved" in shown and "may contain threats" in shown
    assert sorted(p.name for p in folder.iterdir()) == [
        "alex.csv",
        "alex.html",
        "alex.json",
        "alex.manifest.json",
    ]
    opened = web.get("/record/open").get_data(as_text=True)
    assert "Where are you?" in opened  # the web app may show the texts; the terminal never does


def test_the_web_app_seals_and_refuses_a_short_passphrase(exports, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from tests.web.helpers import make_web

    web = make_web(tmp_path)
    web.sign_in()
    folder = tmp_path / "records"
    folder.mkdir()
    form = {
        "about": "+44 7700 900123",
        "kind-0": "whatsapp",
        "path-0": str(exports["chat"]),
        "folder": str(folder),
        "name": "alex",
        "seal": "1",
        "passphrase": "short",
        "passphrase2": "short",
    }
    refused = web.post("/record", form)
    assert refused.status_code == 400 and "at least 8 characters" in refused.get_data(as_text=True)
    assert list(folder.iterdir()) == []
    form.update(passphrase="correct horse battery", passphrase2="correct horse battery")
    assert web.post("/record", form).status_code == 200
    assert [p.name for p in folder.iterdir()] == ["alex.html.zip"]
    assert web.get("/record/open").status_code == 404  # a sealed record is not opened here
