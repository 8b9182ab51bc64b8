"""The tolerant Sieve reader and the ManageSieve response parser, without a server."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.mail.records import ActionKind, FolderRole
from checks.mail.sources.imap_folders import parse_list_line
from checks.mail.sources.sieve import server_from_inputs
from checks.mail.sources.sieve_script import read_script

PIECES = [
    *list('ifelsredirct:copy"\\{}[](),; \n#*/xatfo@.'),
    "text:\n",
    "\n.\n",
    "redirect",
    "discard",
    "if ",
    "anyof",
    "not ",
]


def _kinds(text: str) -> list[list[str]]:
    return [[a.kind.name for a in r.actions] for r in read_script(text, script="s", source="s").rules]


def test_unknown_extensions_are_skipped_not_fatal() -> None:
    text = 'require ["vnd.dovecot.pipe"];\nif someextension :weird 5 "x" { pipe "prog"; redirect "a@b.example"; }\n'
    assert _kinds(text) == [["REDIRECT"]]


def test_actions_in_else_blocks_carry_the_negated_tests() -> None:
    text = 'if header :contains "subject" "hello" { keep; } else { discard; }'
    rule = read_script(text, script="s", source="s").rules[0]
    assert rule.conditions[0].negated and rule.conditions[0].field == "subject"


def test_multiline_strings_comments_and_cut_off_scripts() -> None:
    text = 'vacation :subject "away" text:\nI am away; redirect "no@x.example";\n.\n;\n/* comment redirect "c@x" */ redirect "real@x.example"'
    kinds = _kinds(text)
    assert kinds == [["AUTO_REPLY", "REDIRECT"]]
    assert _kinds('if true { redirect "cut@x.example"; ') == [["REDIRECT"]]


def test_flags_notify_and_fileinto_copy() -> None:
    text = 'addflag ["\\\\Flagged", "\\\\Seen"]; notify :method "mailto:n@x.example?subject=hi" "new mail"; fileinto :copy "Backup";'
    rule = read_script(text, script="s", source="s").rules[0]
    assert [a.kind for a in rule.actions] == [ActionKind.MARK_READ, ActionKind.NOTIFY]
    assert rule.actions[1].target == "n@x.example"


def test_imap_list_lines_give_roles() -> None:
    assert parse_list_line(b'(\\HasNoChildren \\Trash) "/" "Old Stuff"') == ("Old Stuff", FolderRole.TRASH)
    assert parse_list_line(b'(\\HasNoChildren) "." INBOX') == ("INBOX", FolderRole.INBOX)
    assert parse_list_line(b'(\\HasNoChildren) "/" "Entw&APw-rfe"') == ("Entwürfe", FolderRole.OTHER)
    assert parse_list_line(b"garbage") is None


def test_server_inputs() -> None:
    server = server_from_inputs({"imap": "mail.example:993"}, 5.0)
    assert server.imap_implicit_tls and server.sieve_port == 4190 and not server.sieve_implicit_tls
    assert not server_from_inputs({"imap": "mail.example", "sieve-tls": "implicit"}, 5.0).imap_implicit_tls


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_the_reader_copes_with_any_text(text: str) -> None:
    for rule in read_script(text, script="s", source="s").rules:
        assert rule.actions


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_imap_list_lines_never_raise(line: bytes) -> None:
    parse_list_line(line)
