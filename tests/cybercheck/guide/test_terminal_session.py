"""A whole guided session through a real terminal (pexpect): back, skip, a found thing, stopping halfway, saving."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from guided_helpers import CASE_PASS, plaintext_hits

pexpect = pytest.importorskip("pexpect")


def spawn(args: list[str], cwd: Path, folders: dict[str, Path]):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYBERCHECK_")}
    env.update({f"CYBERCHECK_{name.upper()}_DIR": str(path) for name, path in folders.items()})
    env.update({"TERM": "dumb", "COLUMNS": "120", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    return pexpect.spawn(sys.executable, ["-m", "cybercheck", *args], cwd=str(cwd), env=env, encoding="utf-8",
                         timeout=20, dimensions=(50, 120))


def test_a_whole_session_with_skip_stop_and_save(tmp_path: Path, isolated_user_folders: dict[str, Path]) -> None:
    child = spawn(["guide", "--case", "PX-1", "--offline", "--country", "GB"], tmp_path, isolated_user_folders)
    child.expect_exact("New passphrase for case PX-1")
    child.sendline(CASE_PASS)
    child.expect_exact("Type it again")
    child.sendline(CASE_PASS)

    child.expect_exact("Is it safe to talk now?")
    child.expect_exact("(b back, q stop)")
    child.sendline("1")
    child.expect_exact("Has the other person ever had access")
    child.expect_exact("(b back, q stop)")
    child.sendline("b")  # go back one question
    child.expect_exact("Is it safe to talk now?")
    child.expect_exact("(b back, q stop)")
    child.sendline("1")
    child.expect_exact("Has the other person ever had access")
    child.expect_exact("(b back, q stop)")
    child.sendline("3")  # not sure
    child.expect_exact("Which ways of contacting you are safe?")
    child.expect_exact("Enter to skip (b back, q stop)")
    child.sendline("2")  # voicemail: a sensitive answer
    child.expect_exact("Which country are you in?")
    child.expect_exact("(b back, q stop)")
    child.sendline("GB")
    child.expect_exact("What is happening?")
    child.expect_exact("(b back, q stop)")
    child.sendline("1")  # they always know where I am
    child.expect_exact("Which of these do you use?")
    child.expect_exact("(b back, q stop)")
    child.sendline("2")  # an iPhone
    child.expect_exact("Is there a computer you trust")
    child.expect_exact("(b back, q stop)")
    child.sendline("1")  # yes: the backup is offered first
    child.expect_exact("accounts and apps do you use?")
    child.expect_exact("(b back, q stop)")
    child.sendline("")
    child.expect_exact("Has anyone else ever done any of these")
    child.expect_exact("(b back, q stop)")
    child.sendline("")

    child.expect_exact("These checks could explain what is happening")
    child.expect_exact("Check 1 of")
    child.expect_exact("Apple Account devices, Safety Check and recovery")
    child.expect_exact("Enter to start, s to skip, b to go back, q to stop")
    child.sendline("s")  # skip the first check
    child.expect_exact("Skipped.")
    child.expect_exact("Location sharing in Find My, Google Maps, Life360 and Snap Map")
    child.expect_exact("Enter to start, s to skip, b to go back, q to stop")
    child.sendline("")
    child.expect_exact("Where to look — iPhone: Find My → People")
    child.expect_exact("In Find My, are you sharing your location")
    child.expect_exact("(number, Enter to skip)")
    child.sendline("1")  # yes: someone I did not choose
    child.expect_exact("Found something")
    child.expect_exact("Your location is shared with someone you did not choose")
    child.expect_exact("Before you do this:")
    child.expect_exact("Check 3 of")
    child.expect_exact("Enter to start, s to skip, b to go back, q to stop")
    child.sendline("q")  # stop halfway

    child.expect_exact("Safe ways to contact the client: A voicemail message.")  # on screen only
    child.expect_exact("What was found")
    child.expect_exact("Your location is shared with someone you did not choose")
    child.expect_exact("What could not be checked, and why")
    child.expect_exact("Skipped during the guided session")
    child.expect_exact("The session was stopped before this check")
    child.expect_exact("Who you can call")
    child.expect_exact("Would you like to save this?")
    child.expect_exact("Type a number")
    child.sendline("1")  # keep it in the case
    child.expect_exact("Kept this session in case PX-1 (sealed).")
    child.expect_exact("Make a record of contact?")  # the last step offers the timeline record
    child.sendline("")
    child.expect_exact("No record of contact was made.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1  # a finding at or above medium

    from cybercheck.casework.cases import Case
    from cybercheck.secrets import Secret

    case = Case.open("PX-1", Secret(CASE_PASS))
    (scan,) = case.scans()
    report = case.load_scan(scan)
    statuses = {r.result.check_id: r.result.status.value for r in report.results}
    assert statuses["guided.location-sharing"] == "found"
    assert statuses["guided.apple-account"] == "not_run"
    assert report.meta.interrupted and report.meta.case == "PX-1"
    (session,) = case.sessions()
    assert session["skipped"] == ["guided.apple-account"] and session["stopped"] == "stopped"
    assert session["answers"]["safe-contact"] == ["voicemail"]
    assert plaintext_hits([tmp_path, *isolated_user_folders.values()], [CASE_PASS, "voicemail", "Safe ways"]) == []
