"""A whole check-up through the pages (Flask's test client): the guide's questions, a guided check's
questions put to the page, a check with a file read in place, results, saving, sealing, the case."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from markupsafe import escape

from cybercheck.secrets import Secret
from tests.web.helpers import Web

HOSTS_EXAMPLE = Path(__file__).parents[2] / "checks" / "computer" / "examples" / "hosts"
OPENING = ["yes", "no", None, "GB", ["online"], ["computer"], ["google"], ["no"]]


def answer_opening(web: Web) -> None:
    web.post("/guide", {"action": "begin"})
    for answer in OPENING:
        data = {"action": "skip"} if answer is None else {"action": "answer", "answer": answer}
        assert web.post("/guide", data).status_code == 303


def wait_for_run(web: Web, answer: int = 1) -> None:
    """Answer every question the running check puts to the page with its choice number `answer`."""
    for _ in range(400):
        assert web.visit.job is not None
        pending = web.visit.asker.pending if web.visit.asker else None
        if pending is not None:
            assert str(escape(pending.question.text)) in web.text("/running")
            web.post("/answer", {"number": pending.number, "answer": pending.question.choices[answer]})
        elif web.visit.job.finished:
            return
        time.sleep(0.02)
    raise AssertionError("the check did not finish")


def run_to_hosts(web: Web) -> str:
    answer_opening(web)
    assert "Google Account" in web.text("/guide")
    web.post("/guide", {"action": "run"})
    wait_for_run(web, answer=0)  # "Yes, I see something I don't recognise"
    page = web.text("/guide")
    assert "Result: Google Account" in page
    for _ in range(10):
        if "<h1>Sign-in sites redirected by this computer" in page:
            break
        web.post("/guide", {"action": "skip"})
        page = web.text("/guide")
    web.post("/guide", {"action": "run", "input:hosts": str(HOSTS_EXAMPLE)})
    wait_for_run(web)
    return web.text("/guide")


def test_a_whole_check_up(web: Web, tmp_path: Path) -> None:
    page = run_to_hosts(web)
    assert "This computer sends a sign-in site to a different server" in page
    assert "Before you do this" in page  # the caution, set apart
    web.post("/guide", {"action": "stop"})
    results = web.text("/results")
    assert "Summary of the check-up" in results
    assert "They know what I search for or do online" in results
    assert "What could not be checked" in results  # the skipped checks, with why
    assert "Who you can call" in results and "0808 802 0300" in results
    assert "<details>" in results  # evidence folded away
    printable = web.get("/report")
    assert printable.status_code == 200 and "<script" not in printable.get_data(as_text=True)
    assert "style-src 'unsafe-inline'" in printable.headers["Content-Security-Policy"]


def test_saving_and_sealing_the_report(web: Web, tmp_path: Path) -> None:
    from cybercheck.casework.sealing import open_archive

    run_to_hosts(web)
    folder = tmp_path / "out"
    folder.mkdir()
    assert web.post("/save", {"folder": str(folder), "name": "plain", "format": "html"}).status_code == 303
    assert "sends a sign-in site" in (folder / "plain.html").read_text(encoding="utf-8")
    short = web.post("/save", {"folder": str(folder), "name": "s", "format": "md", "seal": "1",
                               "passphrase": "short", "passphrase2": "short"})
    assert short.status_code == 400 and not (folder / "s.md.zip").exists()
    form = {"folder": str(folder), "name": "sealed", "format": "md", "seal": "1",
            "passphrase": "correct horse battery", "passphrase2": "correct horse battery"}
    assert web.post("/save", form).status_code == 303
    blob = (folder / "sealed.md.zip").read_bytes()
    assert b"sign-in site" not in blob
    members = open_archive(blob, Secret("correct horse battery"))
    assert set(members) == {"sealed.md", "report.json"}
    assert "sends a sign-in site" in members["sealed.md"].decode("utf-8")
    assert str(folder / "sealed.md.zip") in web.text("/save")


def test_the_case_says_what_is_new_since_last_time(web: Web) -> None:
    run_to_hosts(web)
    assert web.post("/cases", {"action": "new", "ref": "C-1", "passphrase": "case passphrase",
                               "passphrase2": "case passphrase"}).status_code == 303
    assert web.post("/cases", {"action": "keep"}).status_code == 303
    assert "Saved check-ups" in web.text("/cases")
    web.post("/cases", {"action": "close"})
    wrong = web.post("/cases", {"action": "open", "ref": "C-1", "passphrase": "not it at all"})
    assert wrong.status_code == 400
    assert web.post("/cases", {"action": "open", "ref": "C-1", "passphrase": "case passphrase"}).status_code == 303
    web.visit.begin()
    answer_opening(web)
    web.post("/guide", {"action": "stop"})
    results = web.text("/results")
    assert "Since last time" in results


def test_the_file_chooser_lists_names_and_chooses_in_place(web: Web, tmp_path: Path) -> None:
    (tmp_path / "export.zip").write_bytes(b"PK")
    (tmp_path / "folder").mkdir()
    (tmp_path / ".hidden").write_text("x")
    opened = web.post("/browse", {"name": "takeout", "at": str(tmp_path)})
    assert opened.status_code == 303 and opened.headers["Location"] == "/browse?name=takeout"
    page = web.text(opened.headers["Location"])
    assert "export.zip" in page and "folder" in page and ".hidden" not in page
    web.post("/choose", {"name": "takeout", "path": str(tmp_path / "export.zip")})
    assert web.visit.inputs["takeout"] == str(tmp_path / "export.zip")
    web.post("/browse", {"name": "x", "at": str(tmp_path / "missing")})
    assert "could not be opened" in web.text("/browse?name=x")


def test_paths_in_the_file_chooser_never_go_into_the_address(web: Web, tmp_path: Path) -> None:
    import re

    (tmp_path / "private-folder").mkdir()
    (tmp_path / "private-folder" / "inner").mkdir()
    web.post("/browse", {"name": "takeout", "at": str(tmp_path)})
    page = web.text("/browse?name=takeout")
    assert 'method="get"' not in page
    assert not [h for h in re.findall(r'href="([^"]+)"', page) if "private-folder" in h or str(tmp_path) in h]
    # A folder's button opens it, even though the typed box still holds the folder shown before.
    moved = web.post("/browse", {"name": "takeout", "at": str(tmp_path), "open": str(tmp_path / "private-folder")})
    assert str(tmp_path) not in moved.headers["Location"]
    assert "inner" in web.text("/browse?name=takeout")
    saving = web.post("/save", {"folder": str(tmp_path / "private-folder"), "browse": "1"})
    assert saving.headers["Location"] == "/browse?name=save-folder"
    assert "private-folder" not in saving.headers["Location"]


def test_saving_twice_under_one_name_keeps_both_and_a_failed_save_shows_no_saved_box(web: Web, tmp_path: Path) -> None:
    run_to_hosts(web)
    folder = tmp_path / "out"
    folder.mkdir()
    form = {"folder": str(folder), "name": "same", "format": "html"}
    first = web.post("/save", form)
    assert first.status_code == 303
    assert "Saved as" in web.text(first.headers["Location"])
    assert web.post("/save", form).status_code == 303
    assert sorted(p.name for p in folder.iterdir()) == ["same (2).html", "same.html"]
    failed = web.post("/save", {**form, "folder": str(tmp_path / "not-there")})
    page = failed.get_data(as_text=True)
    assert failed.status_code == 400 and "was not found" in page
    assert "Saved as" not in page and 'class="saved"' not in page


@pytest.mark.parametrize("name", ["bad\x00name", "bad\x07name", "../escape", "a\\b"])
def test_an_impossible_file_name_is_a_plain_message_not_an_error_page(web: Web, tmp_path: Path, name: str) -> None:
    run_to_hosts(web)
    folder = tmp_path / "out"
    folder.mkdir()
    response = web.post("/save", {"folder": str(folder), "name": name, "format": "html"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A file name cannot hold" in page and "Traceback" not in page
    assert list(folder.iterdir()) == []
    nul_folder = web.post("/save", {"folder": f"{folder}\x00", "name": "ok", "format": "html"})
    assert nul_folder.status_code == 400 and "Choose the folder again" in nul_folder.get_data(as_text=True)


def test_the_pages_of_a_whole_check_up_name_no_flags_commands_or_protocols(web: Web) -> None:
    import re

    web.post("/guide", {"action": "begin"})
    opening = ["yes", "not-sure", None, "GB", ["online", "location"], ["computer", "android", "iphone"], "not-sure",
               ["google", "microsoft", "other-mail"], ["not-sure"]]
    for answer in opening:
        web.post("/guide", {"action": "skip"} if answer is None else {"action": "answer", "answer": answer})
    pages = []
    for _ in range(60):
        pages.append(web.text("/guide"))
        if web.post("/guide", {"action": "skip"}).headers.get("Location", "").endswith("/results"):
            break
    web.post("/guide", {"action": "stop"})
    pages.append(web.text("/results"))
    shown = re.sub(r"<[^>]+>", " ", "\n".join(pages))
    assert not re.findall(r"(?<![\w-])--[a-z][a-z-]*|cybercheck (?:login|guide|scan|checks|sweep|serve)\b|ManageSieve", shown)


def test_an_iphone_without_a_trusted_computer_is_offered_the_report_it_saves_itself(web: Web) -> None:
    web.post("/guide", {"action": "begin"})
    for answer in ["yes", "no", None, "GB", ["location", "messages"], ["iphone"]]:
        web.post("/guide", {"action": "skip"} if answer is None else {"action": "answer", "answer": answer})
    question = web.text("/guide")
    assert "a computer you trust" in question and "read the phone again later" in question
    web.post("/guide", {"action": "answer", "answer": "no"})
    web.post("/guide", {"action": "skip"})  # accounts
    web.post("/guide", {"action": "skip"})  # others' access
    plan = [p.check_id for p in web.visit.session.proposal()]  # type: ignore[union-attr]
    assert "ios.backup" not in plan and plan.index("ios.privacy-report") < plan.index("ios.sysdiagnose")
    for _ in range(40):
        page = web.text("/guide")
        if "<h1>iPhone App Privacy Report" in page:
            break
        web.post("/guide", {"action": "skip"})
    assert "no computer connected" in page  # why it is suggested
    assert "Saving it tells nobody" in page and "can see that the report is on" in page  # who could notice
