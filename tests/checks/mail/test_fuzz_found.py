"""Answers and scripts the fuzzing harness (tests/fuzz) found reported clean, or crashing a mail reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybercheck.pipeline.model import Status
from cybercheck.testing import run
from tests.fuzz.readers import gmail_expected_gaps, run_gmail, run_sieve


def _more_than_the_usual_gaps(result) -> bool:  # type: ignore[no-untyped-def]
    return bool(result.problem) or any(g not in gmail_expected_gaps() for g in result.gaps)


@pytest.mark.parametrize(
    ("setting", "body"),
    [
        ("filters", b"[]"),
        ("filters", b"null"),
        ("filters", b'{"filter": {"id": "x"}}'),
        ("forwardingAddresses", b'{"forwardingAddresses": ["spy@evil.example"]}'),
        ("sendAs", b"{}"),
        ("autoForwarding", b"[]"),
        ("imap", b"null"),
        ("vacation", b'"on"'),
        (
            "autoForwarding",
            b'{"enablblblbled": true, "emailAddress": "spy@evil.example", "disposition": "trash"}',
        ),
        ("autoForwarding", b"{}"),
        ("vacation", b'{"responseSubject": "away"}'),
        ("pop", b'{"accessWindow": "allMeaveInInbox"}'),
        ("filters", b"[" * 100_000 + b"]" * 100_000),
    ],
)
def test_a_gmail_setting_not_in_its_documented_shape_is_a_gap(
    tmp_path: Path, setting: str, body: bytes
) -> None:
    result = run_gmail(tmp_path / setting, body)
    assert result.status is not Status.CLEAN
    assert _more_than_the_usual_gaps(result), result.gaps


@pytest.mark.parametrize(
    ("setting", "body"),
    [
        ("vacation", b'{"enableAutoReply": false, "res[[[ponseSubject": "", "restrictToContacts": false}'),
        ("vacation", b'{"enableAutoReply": false, "responseSubject": "", "restrictToContact      s": false}'),
        ("vacation", b'{"enableAutoReply": false, "responseSubject": 0, "restrictToContacts": false}'),
        ("vacation", b'{"enableAutoReply": false, "restrictToDomain": 1}'),
        ("filters", b'{"filtmr": [{"id": "A", "action": {"forward": "spy@evil.example"}}]}'),
        ("imap", b'{"enabled": false, "maxFolderSize": true}'),
    ],
    ids=[
        "key-damaged",
        "key-widened",
        "wrong-type",
        "number-for-flag",
        "list-key-damaged",
        "flag-for-number",
    ],
)
def test_a_gmail_answer_whose_deciding_field_is_intact_but_another_is_damaged_is_a_gap(
    tmp_path: Path, setting: str, body: bytes
) -> None:
    result = run_gmail(tmp_path / setting, body)
    assert result.status is not Status.CLEAN
    assert any("not in the form Gmail documents" in g and setting in g for g in result.gaps), result.gaps


@pytest.mark.parametrize(
    ("setting", "body"),
    [
        ("vacation", b'{"enableAutoReply": false}'),  # Gmail leaves out fields at their defaults
        (
            "vacation",
            b'{"enableAutoReply": true, "responseSubject": "Away", "responseBodyPlainText": "Back soon",'
            b' "restrictToContacts": true, "restrictToDomain": false, "startTime": "1700000000000",'
            b' "endTime": 1800000000000}',
        ),
        (
            "imap",
            b'{"enabled": false, "autoExpunge": true, "expungeBehavior": "archive", "maxFolderSize": 0}',
        ),
    ],
)
def test_every_documented_field_in_its_documented_type_is_no_gap(
    tmp_path: Path, setting: str, body: bytes
) -> None:
    result = run_gmail(tmp_path / setting, body)
    assert not any("not in the form Gmail documents" in g for g in result.gaps), result.gaps


def test_a_gmail_setting_answered_404_is_a_gap(tmp_path: Path) -> None:
    from checks.mail.checks import GmailSettings
    from cybercheck.testing import run
    from tests.fuzz.readers import _quiet_mailbox
    from tests.servers.mail_gmail import GOOD_TOKEN, GmailStub
    from tests.servers.mail_http import StubServer

    settings = _quiet_mailbox()
    del settings["filters"]
    with StubServer(GmailStub(settings)) as server:
        result = run(
            GmailSettings,
            endpoints={"gmail": server.url, "google-oauth": server.url},
            secrets={"gmail-token": GOOD_TOKEN},
        )
    assert _more_than_the_usual_gaps(result), result.gaps


def test_an_empty_filter_list_is_still_clean_apart_from_delegates(tmp_path: Path) -> None:
    result = run_gmail(tmp_path / "filters", b"{}")
    assert not _more_than_the_usual_gaps(result), result.gaps


SCRIPT = b'require ["fileinto"];\nif header :contains "from" "bank" {\n  fileinto "Trash";\n}\n'


@pytest.mark.parametrize(
    "script",
    [
        SCRIPT.decode().encode("utf-16"),  # a UTF-16 script
        bytes(range(256)) * 4,  # binary
        SCRIPT[:-3],  # cut short inside the block
        SCRIPT.replace(b"fileinto", b"fi\xffleinto", 1),  # one byte that is not UTF-8
        b'if header :contains "from" "bank" { redirec "spy@evil.example"; }\n',  # a flipped command name
        b'if header :contains "from" "bank {\n  discard;\n}\n',  # an unclosed string
    ],
    ids=["utf-16", "binary", "cut-short", "bad-utf8", "unknown-command", "unclosed-string"],
)
def test_a_damaged_sieve_script_is_never_clean(tmp_path: Path, script: bytes) -> None:
    result = run_sieve(tmp_path / "s.sieve", script)
    assert result.status is not Status.CLEAN
    assert any(w in g for w in ("as Sieve", "not readable text", "does not judge") for g in result.gaps), (
        result.gaps
    )


@pytest.mark.parametrize(
    "listed",
    [
        b'["a@example.org" "b@example.org"]',
        b'["a@example.org",]',
        b"[]",
        b'["a@example.org",,"b@example.org"]',
    ],
    ids=["comma-missing", "comma-trailing", "empty", "comma-doubled"],
)
def test_a_damaged_string_list_is_a_gap(tmp_path: Path, listed: bytes) -> None:
    script = b'require "vacation";\nvacation :addresses ' + listed + b' "away";\n'
    result = run_sieve(tmp_path / "s.sieve", script)
    assert result.status is not Status.CLEAN, result.gaps


def test_a_megabyte_script_is_read_in_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    script = b"if true { " + b"keep; " * 200_000 + b"}\n"  # 1.2 MB, 400,000 tokens
    tracemalloc.start()
    result = run_sieve(tmp_path / "s.sieve", script)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 150 * 1024**2, peak
    assert result.problem is None


@pytest.mark.parametrize(
    ("script", "key"),
    [
        (
            b'require ["imap\xcc\x884flags"];\nif header :contains "from" "x" { addflag "\\\\Seen"; }\n',
            "mail.sieve-unknown-extension",
        ),
        (
            b'### Nextquire ["fileinto"];\nif header :contains "from" "bank" { fileinto "Trash"; }\n',
            "mail.sieve-not-required",
        ),
        (b'require ["i.ap4flags"];\nif true { addflag "\\\\Seen"; }\n', "mail.sieve-unknown-extension"),
        (b'if header :latches "subject" "x" { discard; }\n', "mail.sieve-unknown-tag"),
        (b'if anyo (header :contains "from" "x") { discard; }\n', "mail.sieve-unknown-test"),
        (b'if true { keep; }\nrequire "fileinto";\nfileinto "x";\n', "mail.sieve-late-require"),
        (
            b'require "variables";\nset "from_addr" "${rom}: ${subject}" "mailto:a@example.com";\n',
            "mail.sieve-bad-arguments",
        ),
        (b'require "variables";\nset "{env_from}: ${subject}" "x";\n', "mail.sieve-bad-arguments"),
        (
            b'require ["date", "relational"];\nif currentdate :value "g<" "iso8601" "2022-09-01T23:00:00Z" { keep; }\n',
            "mail.sieve-bad-arguments",
        ),
        (b'if header :comparator "i;nonsense" :is "from" "x" { discard; }\n', "mail.sieve-bad-arguments"),
        (b"if not () { discard; }\n", "mail.sieve-bad-arguments"),
        (b'require ["iMap4flags"];\nif true { addflag "\\\\Seen"; }\n', "mail.sieve-unknown-extension"),
        (b'redirect "a@example.com" "b@example.com";\n', "mail.sieve-bad-arguments"),
    ],
    ids=[
        "unknown-extension",
        "command-never-required",
        "damaged-name",
        "unknown-tag",
        "unknown-test",
        "late-require",
        "set-three-values",
        "set-bad-name",
        "relational-operator",
        "unknown-comparator",
        "not-without-test",
        "extension-name-in-the-wrong-case",
        "redirect-two-addresses",
    ],
)
def test_a_script_no_server_would_accept_is_a_gap(tmp_path: Path, script: bytes, key: str) -> None:
    result = run_sieve(tmp_path / "s.sieve", script)
    assert key in {getattr(g, "key", "") for g in result.gaps}, result.gaps
    assert result.status is not Status.CLEAN


def test_every_real_script_a_server_accepts_reads_without_a_refusal() -> None:
    from checks.mail.sources.sieve_language import refusals
    from checks.mail.sources.sieve_parse import parse

    real = sorted((Path(__file__).parents[2] / "realworld" / "mail").glob("*.sieve"))
    assert real
    for script in real:
        assert refusals(parse(script.read_text(encoding="utf-8")).commands) == [], script.name


def test_a_megabyte_string_is_tokenised_in_little_memory() -> None:
    import tracemalloc

    from checks.mail.sources.sieve_parse import tokenize

    script = 'require ["fileinto"];\nfileinto "S' + "<dict>" * 200_000  # found at 569 MB
    tracemalloc.start()
    tokens = tokenize(script)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50 * 1024**2, peak
    assert tokens[-1].cut_off


def test_a_hundred_thousand_values_in_one_test_are_read(tmp_path: Path) -> None:
    script = (
        b'if header :contains "subject" ' + b'{"a":' * 100_000 + b"\n{ discard; }\n"
    )  # found hanging past 30 s
    result = run_sieve(tmp_path / "s.sieve", script)
    assert result.problem is None
    assert result.status is not Status.CLEAN


def test_half_a_million_conditions_in_a_chain_are_read_in_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    script = (
        b'if header :contains "from" "a" { discard; }\n'
        b"elsif header :ca," + b"a," * 550_000 + b'\n{ discard; }\nelsif true { fileinto "x"; }\n'
    )  # found taking past 30 s and 670 MB
    tracemalloc.start()
    result = run_sieve(tmp_path / "s.sieve", script)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.problem is None
    assert peak < 400 * 1024**2, peak
    assert result.status is not Status.CLEAN


def test_a_script_past_two_hundred_thousand_words_is_read_in_part_and_said(tmp_path: Path) -> None:
    script = (
        b'if header :contains "from" "a" { discard; }\nelsif header :ca,'
        + b"a," * 550_000
        + b"\n{ discard; }\n"
    )
    result = run_sieve(tmp_path / "s.sieve", script)
    assert "mail.sieve-too-long" in {getattr(g, "key", "") for g in result.gaps}
    assert result.status is not Status.CLEAN


def test_takeout_mail_settings_nested_past_the_stack_are_damage(tmp_path: Path) -> None:
    from checks.mail.checks import TakeoutMail

    folder = tmp_path / "Takeout" / "Mail" / "User Settings"
    folder.mkdir(parents=True)
    (folder / "Filters.json").write_text('{"filter": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = run(TakeoutMail, inputs={"takeout": tmp_path, "owner": "sam@gmail.com"})
    assert result.problem is None or "fault in its own code" not in str(result.problem.plain)
    assert result.status is not Status.CLEAN


REFUSALS = {
    "mail.sieve-unknown-extension",
    "mail.sieve-not-required",
    "mail.sieve-unknown-tag",
    "mail.sieve-unknown-test",
    "mail.sieve-late-require",
    "mail.sieve-bad-arguments",
}


@pytest.mark.parametrize(
    "script",
    [
        b'require "relationaL";\nif header :value "gt" "x-n" "5" { discard; }\n',  # names are case-sensitive
        b'require "date";\nif currentdae :value "ge" "date" "2022-09-01" { discard; }\n',  # a test mistyped
        b'require "imap4flags";\nif address "To" "@example.org" {\naddflag \nstop;\n}\n',  # a lost argument
    ],
    ids=["extension-case", "unknown-test-in-a-window", "command-read-as-a-test"],
)
def test_more_scripts_pigeonhole_refuses_are_gaps(tmp_path: Path, script: bytes) -> None:
    from tests.fuzz import oracles

    assert not oracles.sieve(script)  # Pigeonhole refuses it
    result = run_sieve(tmp_path / "s.sieve", script)
    assert result.status is not Status.CLEAN
    assert REFUSALS & {getattr(g, "key", "") for g in result.gaps}, result.gaps


@pytest.mark.parametrize(
    "script",
    [
        b'require ["fileinto", "imap4flags"];\nif header :contains "from" "x" { addflag "\\\\Seen"; fileinto "A"; }\n',
        b'require "ihave";\nif ihave "fileinto" { fileinto "A"; }\n',
        b'require ["comparator-i;ascii-numeric", "relational"];\n'
        b'if header :value "gt" :comparator "i;ascii-numeric" "x-spam-score" "5" { discard; }\n',
    ],
    ids=["required", "tested-with-ihave", "comparator"],
)
def test_a_script_pigeonhole_accepts_has_no_refusal_gap(tmp_path: Path, script: bytes) -> None:
    from tests.fuzz import oracles

    assert oracles.sieve(script)  # Pigeonhole accepts it
    result = run_sieve(tmp_path / "s.sieve", script)
    assert not REFUSALS & {getattr(g, "key", "") for g in result.gaps}, result.gaps


@pytest.mark.parametrize(
    "script",
    [
        b'require "fileinto";\nif address :is "X" "a" { fileinto "b"; }\nif address :is "Subject" "a" { discard; }\n',
        b'if header :is "subject" "a\rb" { discard; }\n',
        b'if header :is "subject" "a" {\x0b discard; }\n',
        b'if header :is "subject" "a";\n',
        b"if true { stop; }\np;\n",
        b'if address :is :is :all "From" "a@example.org" { discard; }\n',
        b'if header :is :contains "subject" "a" { discard; }\n',
        b'require ["imap4flags"]r :matches "Subject" "^Test$"\n{\n\tsetflag "\\\\Seen";\n}\n',
        b'if header :is "subject" "' + "\u00e9".encode() * 600_000 + b'" { discard; }\n',
    ],
    ids=[
        "address-test-on-a-header-without-addresses",
        "lone-carriage-return",
        "vertical-tab",
        "if-without-block",
        "unknown-command-never-reached",
        "match-type-twice",
        "two-match-types",
        "require-with-a-block",
        "string-past-a-mebibyte-as-utf8",
    ],
)
def test_more_of_what_pigeonhole_refuses_is_a_gap(tmp_path: Path, script: bytes) -> None:
    result = run_sieve(tmp_path / "s.sieve", script)
    assert result.status is not Status.CLEAN, result.gaps


TAKEOUT_ORDINARY = Path(__file__).resolve().parents[2] / "fixtures" / "mail" / "takeout-ordinary"


def test_an_ordinary_takeout_mailbox_is_clean() -> None:
    from checks.mail.checks import TakeoutMail

    result = run(TakeoutMail, inputs={"takeout": TAKEOUT_ORDINARY})
    assert result.status is Status.CLEAN, (result.gaps, result.findings)


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("Filters.json", b"from:(newsletter", b"from:(newsl\xed\xa0\x80etter"),  # a surrogate's UTF-8 bytes
        ("Blocked Addresses.json", b'"addresses"', b'"addre\xffsses"'),  # a byte that is not UTF-8
        ("Blocked Addresses.json", b'"addresses"', b'"addre\\ud800sses"'),  # a lone surrogate escape
        ("Filters.json", b'"Shopping"', b'"Shop\\udc00ping"'),
    ],
)
def test_a_takeout_settings_file_that_is_not_text_is_a_gap(
    tmp_path: Path, file: str, old: bytes, new: bytes
) -> None:
    import shutil

    from checks.mail.checks import TakeoutMail

    folder = tmp_path / "takeout"
    shutil.copytree(TAKEOUT_ORDINARY, folder)
    path = folder / "Takeout" / "Mail" / "User Settings" / file
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    result = run(TakeoutMail, inputs={"takeout": folder})
    assert result.status is Status.INCOMPLETE
    assert any(file in gap for gap in result.gaps), result.gaps


def test_an_emoji_escaped_as_a_pair_is_text(tmp_path: Path) -> None:
    import shutil

    from checks.mail.checks import TakeoutMail

    folder = tmp_path / "takeout"
    shutil.copytree(TAKEOUT_ORDINARY, folder)
    path = folder / "Takeout" / "Mail" / "User Settings" / "Filters.json"
    path.write_bytes(path.read_bytes().replace(b'"Shopping"', b'"Shopping \\ud83d\\uded2"', 1))
    assert run(TakeoutMail, inputs={"takeout": folder}).status is Status.CLEAN


# --- mail.sieve: faults from the mail server (tests/fuzz/mail_faults.py, in front of the real Dovecot) -----

FILES_AWAY = 'require ["fileinto"];\nif address :is "from" "office@solicitor.example" {\n    fileinto "Old Stuff";\n}\n'


def _faulted_sieve(dovecot, fault: str, where: str):  # type: ignore[no-untyped-def]
    """mail.sieve with the answers to commands whose name starts with `where` ("sieve", "imap LIST")
    replaced by `fault`; every other answer is Dovecot's."""
    import random
    import time

    from checks.mail.checks import SieveFilters
    from tests.fuzz.mail_faults import MailFaultProxy
    from tests.fuzz.server_faults import MAIL_FAULTS, Plan

    class Only(Plan):
        def pick(self, key: str) -> str:
            return super().pick(key) if key.startswith(where) else "pass"

    dovecot.upload({"filters": FILES_AWAY}, active="filters")
    plan = Only(random.Random(1), MAIL_FAULTS, storm=fault)
    cert, key = str(dovecot.cert), str(dovecot.key)
    with (
        MailFaultProxy(dovecot.sieve_port, plan, cert, key, "sieve") as sieve,
        MailFaultProxy(dovecot.imap_port, plan, cert, key, "imap") as imap,
    ):
        inputs = {"imap": f"127.0.0.1:{imap.port}", "imap-user": dovecot.user, "sieve-port": str(sieve.port)}
        started = time.monotonic()
        result = run(SieveFilters, inputs=inputs, secrets={"imap": dovecot.password}, timeout=1.0)
        return result, time.monotonic() - started


@pytest.mark.needs_server("dovecot")
@pytest.mark.parametrize("where", ["sieve", "imap"])
def test_an_answer_dribbled_a_byte_at_a_time_ends_within_its_time_limit(dovecot, where: str) -> None:  # type: ignore[no-untyped-def]
    result, took = _faulted_sieve(dovecot, "dribble", where)
    assert took < 10  # each read came within the 1 s time-out: the ManageSieve greeting alone took 75 s
    assert result.status is Status.INCOMPLETE and "mail.rule.hides-sender" not in {
        f.code for f in result.findings
    }


@pytest.mark.needs_server("dovecot")
@pytest.mark.parametrize(("fault", "said"), [("flood", "far more"), ("huge-literal", "far larger")])
def test_an_endless_answer_is_refused_not_held(dovecot, fault: str, said: str) -> None:  # type: ignore[no-untyped-def]
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result, _ = _faulted_sieve(dovecot, fault, "sieve LISTSCRIPTS")
    assert result.status is Status.INCOMPLETE and any(said in gap for gap in result.gaps), result.gaps
    assert (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024
    )  # KB: 10,000 lines of 60 KB were held


@pytest.mark.needs_server("dovecot")
def test_a_folder_list_announcing_a_literal_of_a_gigabyte_is_refused_and_folders_judged_by_name(
    dovecot,
) -> None:  # type: ignore[no-untyped-def]
    result, _ = _faulted_sieve(dovecot, "huge-literal", "imap LIST")
    assert result.status is Status.INCOMPLETE
    assert any("far more than any real folder list" in gap for gap in result.gaps), result.gaps


@pytest.mark.needs_server("dovecot")
def test_a_connection_lost_while_signing_in_to_imap_is_not_a_refused_password(dovecot) -> None:  # type: ignore[no-untyped-def]
    result, _ = _faulted_sieve(dovecot, "garbage", "imap LOGIN")
    assert result.status is Status.INCOMPLETE
    assert not any("did not accept the user name or password" in gap for gap in result.gaps), result.gaps
