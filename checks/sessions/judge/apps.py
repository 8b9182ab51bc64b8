"""Connected apps that can read mail, contacts, location or private messages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.sessions.baseline import Baseline
from checks.sessions.judge.rows import kept
from checks.sessions.records import ConnectedApp
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

# What an app's permissions may reach (its words key), and the words in a permission that say so.
SENSITIVE = {
    "sessions.reach-mail": ("mail", "gmail", "email", "inbox"),
    "sessions.reach-contacts": ("contact", "people", "address book", "addressbook"),
    "sessions.reach-location": ("location", "geo"),
    "sessions.reach-direct-messages": ("directmessage", "direct message", "dm", "messages"),
}


def sensitive_access(app: ConnectedApp) -> tuple[str, ...]:
    """Which of mail, contacts, location and direct messages an app's permissions reach, in words."""
    words = " ".join(app.permissions).lower()
    return tuple(text(key) for key, markers in SENSITIVE.items() if any(m in words for m in markers))


def judge_apps(apps: Iterable[ConnectedApp], baseline: Baseline, *, source: str) -> Iterator[Finding]:
    """Each app the person does not know that can reach something private."""
    for app in apps:
        reach = sensitive_access(app)
        if not reach or baseline.knows_app(app.name):
            continue
        fields: dict[str, str] = {
            text("sessions.field-provider"): app.provider,
            text("sessions.field-account"): app.account,
            text("sessions.field-app"): app.name,
            text("sessions.field-can-reach"): ", ".join(reach),
            text("sessions.field-permissions"): ", ".join(app.permissions),
            text("sessions.field-file"): app.source,
        }
        yield Finding(
            code="sessions.app.sensitive-access",
            severity=Severity.MEDIUM,
            subject=text("sessions.app-subject", provider=app.provider, app=app.name, reach=", ".join(reach)),
            evidence=(Evidence(source=source, when=app.approved, fields=kept(fields)),),
        )
