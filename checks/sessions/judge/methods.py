"""Recovery addresses, two-step methods, app passwords and trusted devices the person may not know."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from checks.sessions.baseline import Baseline
from checks.sessions.judge.rows import kept
from checks.sessions.records import AccountMethod, MethodKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


def method_kind(kind: MethodKind) -> str:
    """The words for a kind of method: "recovery email", "app password" ..."""
    return text(f"sessions.method-{kind.value}")


def judge_methods(
    methods: Iterable[AccountMethod],
    baseline: Baseline,
    *,
    answers: dict[str, str],
    owner: Sequence[str],
    previous: Baseline | None,
    source: str,
) -> Iterator[Finding]:
    """Each method that is neither the person's own nor confirmed by them, the more serious the less known."""
    for method in methods:
        if method.kind is MethodKind.PASSWORD:
            continue
        answer = answers.get(method.value)
        known = answer == "yes" or baseline.knows_method(method.value, owner)
        if method.kind is MethodKind.TRUSTED_DEVICE:
            known = known or baseline.knows_device(method.value, method.value)
        if known and answer != "no":
            continue
        new_since = previous is not None and not previous.knows_method(method.value)
        if answer == "no":
            code, severity = "sessions.method.unknown", Severity.URGENT
        elif new_since:
            code, severity = "sessions.method.new", Severity.HIGH
        elif method.kind is MethodKind.APP_PASSWORD:
            code, severity = "sessions.method.app-password", Severity.MEDIUM
        else:
            code, severity = "sessions.method.unconfirmed", Severity.MEDIUM
        kind = method_kind(method.kind)
        fields: dict[str, str] = {
            text("sessions.field-provider"): method.provider,
            text("sessions.field-account"): method.account,
            text("sessions.field-method"): method.value,
            text("sessions.field-type"): kind,
            text("sessions.field-provider-name"): method.detail,
            text("sessions.field-file"): method.source,
        }
        yield Finding(
            code=code,
            severity=severity,
            subject=text("sessions.method-subject", provider=method.provider, kind=kind, value=method.value),
            evidence=(Evidence(source=source, when=method.added, fields=kept(fields)),),
        )
