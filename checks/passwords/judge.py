"""Judges password records: breached, shared, nearly shared and weak passwords, breached addresses.

Provider-neutral: it knows nothing of export formats or APIs. Severity rises with how often
a password was seen, whether it opens more than one account, and what it protects: an email
inbox matters most, because it can reset every other password.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone

from checks.passwords.email_sites import is_email_site
from checks.passwords.grouping import distinct_sites
from checks.passwords.records import AccountBreaches, Breach, Exposure, PasswordEntry, StrengthRating
from cybercheck.pipeline.model import Evidence, Finding, Severity

COMMON = 100  # seen this often, a password is on the lists people try first
WEAK_SCORE = 1  # zxcvbn 0 and 1: "too guessable" and "very guessable"
_LOSS_THAT_MATTERS = frozenset(
    {"passwords", "physical addresses", "phone numbers", "geographic locations", "dates of birth", "security questions and answers", "partial credit card data", "credit cards"}
)
_MOST_NAMED = 3


def judge_exposures(exposures: Iterable[Exposure]) -> Iterator[Finding]:
    """A finding for each distinct password seen in breaches, naming every account that uses it."""
    for exposure in exposures:
        if exposure.count <= 0:
            continue
        entries = exposure.entries
        serious = exposure.count >= COMMON or _protects_email(entries) or _reused(entries)
        yield Finding(
            code="passwords.pwned.seen",
            severity=Severity.HIGH if serious else Severity.MEDIUM,
            subject=f"{_whose(entries)} has been seen {_times(exposure.count)} in breaches",
            evidence=(
                Evidence(
                    source=exposure.checked_by,
                    fields={
                        "times seen": f"{exposure.count:,}",
                        "accounts using it": str(len(entries)),
                        "email account among them": _yes(_protects_email(entries)),
                    },
                ),
                *_entry_evidence(entries),
            ),
        )


def judge_reuse(groups: Iterable[Sequence[PasswordEntry]], *, similar: bool = False) -> Iterator[Finding]:
    """A finding for each password that opens accounts on more than one site.

    With `similar`, the groups are passwords that differ only by a trailing number or symbol.
    """
    for entries in groups:
        sites = len(distinct_sites(entries))
        if sites < 2:
            continue
        if similar:
            code, how = "passwords.reuse.similar", "the same except for the numbers or symbols at the end"
            subject = f"Nearly the same password, with a different ending, opens {_accounts(entries)}"
        else:
            code, how = "passwords.reuse.same", "identical"
            subject = f"One password opens {sites} accounts: {_accounts(entries)}"
        yield _shared(entries, code=code, subject=subject, how=how)


def _shared(entries: Sequence[PasswordEntry], *, code: str, subject: str, how: str) -> Finding:
    summary = Evidence(
        source=entries[0].source,
        fields={
            "passwords": how,
            "accounts": str(len(entries)),
            "sites": str(len(distinct_sites(entries))),
            "email account among them": _yes(_protects_email(entries)),
        },
    )
    severity = Severity.HIGH if _protects_email(entries) else Severity.MEDIUM
    return Finding(code=code, severity=severity, subject=subject, evidence=(summary, *_entry_evidence(entries)))


def judge_weak(ratings: Iterable[StrengthRating]) -> Iterator[Finding]:
    """A finding for each password the estimator rates as very easy to guess."""
    for rating in ratings:
        if rating.score > WEAK_SCORE:
            continue
        severity = Severity.MEDIUM if rating.score == 0 else Severity.LOW
        if _protects_email(rating.entries):
            severity = Severity(severity + 1)
        fields = {
            "estimator": rating.estimator,
            "score": f"{rating.score} of 4",
            "hint": rating.warning or "none given",
            "suggestions": " ".join(rating.suggestions) or "none given",
            "time to guess against a site that limits tries (estimate)": rating.online_time,
        }
        yield Finding(
            code="passwords.reuse.weak",
            severity=severity,
            subject=f"A very easy password to guess is used for {_accounts(rating.entries)}",
            evidence=(Evidence(source=f"strength estimate by {rating.estimator}", fields=fields), *_entry_evidence(rating.entries)),
        )


def judge_breaches(found: Iterable[AccountBreaches]) -> Iterator[Finding]:
    """A finding for each breach an email address is in; spam lists and fabricated breaches weigh least."""
    for account in found:
        for breach in account.breaches:
            low = breach.spam_list or breach.fabricated
            yield Finding(
                code="passwords.breach.low-concern" if low else "passwords.breach.found",
                severity=Severity.INFO if low else _breach_severity(breach),
                subject=_breach_subject(account.account, breach),
                evidence=(_breach_evidence(account.account, breach),),
            )


def _breach_severity(breach: Breach) -> Severity:
    lost = {c.lower() for c in breach.data_classes}
    if "passwords" in lost:
        severity = Severity.HIGH
    elif lost & _LOSS_THAT_MATTERS:
        severity = Severity.MEDIUM
    else:
        severity = Severity.LOW
    if not breach.verified:
        severity = Severity(max(Severity.LOW, severity - 1))
    return severity


def _breach_subject(account: str, breach: Breach) -> str:
    when = f" ({breach.breach_date:%B %Y})" if breach.breach_date else ""
    if breach.sensitive:
        # NOTE: a saved report may be shown to others; the name of a sensitive site stays in the evidence.
        return f"{account} was in a breach of a site Have I Been Pwned marks as sensitive{when}"
    return f"{account} was in the {breach.title} breach{when}"


def _breach_evidence(account: str, breach: Breach) -> Evidence:
    when = datetime(breach.breach_date.year, breach.breach_date.month, breach.breach_date.day, tzinfo=timezone.utc) if breach.breach_date else None
    fields = {
        "email address": account,
        "breach": breach.title,
        "site": breach.domain or "not given",
        "breach date": breach.breach_date.isoformat() if breach.breach_date else "not known",
        "added to Have I Been Pwned": breach.added.date().isoformat() if breach.added else "not known",
        "data lost": ", ".join(breach.data_classes) or "not given",
        "accounts in the breach": f"{breach.pwn_count:,}" if breach.pwn_count is not None else "not known",
        "confirmed breach": _yes(breach.verified),
        "spam list": _yes(breach.spam_list),
        "fabricated": _yes(breach.fabricated),
        "sensitive": _yes(breach.sensitive),
    }
    if breach.stealer_log or breach.malware:
        fields["from malware on a device"] = "yes"
    return Evidence(source="Have I Been Pwned breached-account API", when=when, fields=fields)


def _entry_evidence(entries: Sequence[PasswordEntry]) -> tuple[Evidence, ...]:
    return tuple(Evidence(source=e.source, fields=_entry_fields(e)) for e in entries)


def _entry_fields(entry: PasswordEntry) -> dict[str, str]:
    if not entry.site and not entry.username:
        return {"entry": entry.label}
    fields = {"site": entry.site or "not given", "username": entry.username or "not given"}
    if entry.title and entry.title.lower() != entry.site.lower():
        fields["name in the password manager"] = entry.title
    fields["entry number"] = str(entry.position)
    return fields


def _accounts(entries: Sequence[PasswordEntry]) -> str:
    labels = list(dict.fromkeys(e.label for e in entries))
    named = ", ".join(labels[:_MOST_NAMED])
    more = len(labels) - _MOST_NAMED
    return f"{named} and {more} more" if more > 0 else named


def _protects_email(entries: Iterable[PasswordEntry]) -> bool:
    return any(is_email_site(e.site) for e in entries if e.site)


def _reused(entries: Sequence[PasswordEntry]) -> bool:
    return len(distinct_sites(entries)) > 1


def _whose(entries: Sequence[PasswordEntry]) -> str:
    typed = [e for e in entries if not e.site and not e.username]
    if len(typed) == len(entries):
        return f"Password {typed[0].position} of the ones you typed" if typed[0].position else "A password you typed"
    return f"The password for {_accounts(entries)}"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count:,} times"


def _yes(value: bool) -> str:
    return "yes" if value else "no"
