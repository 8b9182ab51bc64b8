"""Every sentence the mail checks can show has its words: keys in the code, and keys named by a value."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from checks.mail.records import ActionKind, Disposition, FolderRole
from cybercheck.pipeline.words import template

AREA = Path(__file__).parents[3] / "checks" / "mail"
FIELDS = (
    "from",
    "to",
    "subject",
    "body",
    "headers",
    "message",
    "subject-or-body",
    "has-attachment",
    "sent-to-me",
    "sent-only-to-me",
    "copied-to-me",
    "not-sent-to-me",
    "automatic-reply",
    "header",
    "any-header",
    "envelope",
    "test",
)


def _keys() -> set[str]:
    found = set()
    for path in AREA.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "text" and node.args:
                found |= {
                    c.value
                    for c in ast.walk(node.args[0])
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                }
    return {k for k in found if k.startswith("mail.") and not k.endswith("-")}


def test_every_key_in_the_code_has_words() -> None:
    keys = _keys()
    assert len(keys) > 100
    assert not sorted(k for k in keys if template(k) is None)


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("action", [k.value for k in ActionKind]),
        ("folder", [r.value for r in FolderRole]),
        ("copy", [d.value for d in Disposition]),
        ("field", list(FIELDS)),
    ],
)
def test_every_value_shown_by_its_words_has_them(prefix: str, values: list[str]) -> None:
    assert not [v for v in values if template(f"mail.{prefix}-{v}") is None]


def test_each_need_of_the_sieve_check_says_how_to_meet_it() -> None:
    from checks.mail.checks import SieveFilters

    assert [SieveFilters.how(n) for n in SieveFilters.needs][:3] == [
        "Give the mail server: --input imap=HOST",
        "Give the mailbox user name: --input imap-user=NAME",
        "Store the mailbox password: cybercheck login imap",
    ]
