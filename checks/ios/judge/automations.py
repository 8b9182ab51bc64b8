"""Judgements about personal automations: ones that run a shortcut by themselves, without asking, and
send something off the phone. Many people set up automations like that for themselves, so the person
is asked about each; one they did not set up, or one nobody could ask about that passes on where the
person is or what they receive, is worth a look. An automation that asks before running, or is off,
is not judged."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from checks.ios.known import automation_triggers, shortcut_actions
from checks.ios.records import Automation, Shortcut
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text


@dataclass(frozen=True, slots=True)
class SendingAutomation:
    """An automation that runs by itself and whose shortcut sends something off the phone by itself."""

    automation: Automation
    shortcut: Shortcut
    trigger: str  # a kind from data/automation_triggers.yaml, "unknown" or "unreadable"
    gathers: tuple[str, ...]  # kinds from data/shortcut_actions.yaml `gathers`
    sends: tuple[str, ...]  # kinds of sending that need nobody (message, email, url)

    @property
    def passes_on(self) -> bool:
        """Whether it passes on where the person is, what they receive or do, or something it gathered."""
        return bool(self.gathers) or self.trigger in automation_triggers()["passes_on"]


def sending_automations(
    automations: Iterable[Automation], shortcuts: Iterable[Shortcut]
) -> list[SendingAutomation]:
    """The automations that are on, do not ask before running, and send something out by themselves."""
    by_key = {s.key: s for s in shortcuts if s.key is not None}
    triggers = automation_triggers()
    actions = shortcut_actions()
    found: list[SendingAutomation] = []
    for automation in automations:
        shortcut = by_key.get(automation.shortcut_key) if automation.shortcut_key is not None else None
        if shortcut is None or automation.enabled is False or automation.asks_first is True:
            continue
        sends = sorted(
            {actions["sends"][a] for a in shortcut.actions if a in actions["sends"]}
            & set(triggers["sends_by_itself"])
        )
        if not sends:
            continue
        gathers = sorted({actions["gathers"][a] for a in shortcut.actions if a in actions["gathers"]})
        if automation.trigger is None:
            kind = "unreadable"
        else:
            kind = triggers["kinds"].get(automation.trigger, "unknown")
        found.append(SendingAutomation(automation, shortcut, kind, tuple(gathers), tuple(sends)))
    return found


def judge_automations(
    automations: Iterable[SendingAutomation], answers: Mapping[str, str | None], *, source: Text
) -> Iterator[Finding]:
    """One finding per sending automation the person did not set up, or, unasked, one that passes things on.

    `answers` holds, by shortcut name, "yes" (they set it up), "no", "not sure", or None (not asked).
    """
    for item in automations:
        answer = answers.get(item.shortcut.name)
        if answer == "yes" or (answer is None and not item.passes_on):
            continue
        disowned = answer in ("no", "not sure")
        severity = Severity.HIGH if disowned and item.passes_on else Severity.MEDIUM
        yield Finding(
            code="ios.automation.not-set-up" if disowned else "ios.automation.sends-out",
            severity=severity,
            subject=text(
                "ios.subject-automation", name=item.shortcut.name, when=text(f"ios.trigger-{item.trigger}")
            ),
            evidence=(Evidence(source=source, when=item.shortcut.modified, fields=_fields(item, answer)),),
        )


def _fields(item: SendingAutomation, answer: str | None) -> dict[str, str]:
    shortcut = item.shortcut
    fields: dict[str, str] = {
        text("ios.label-shortcut"): shortcut.name,
        text("ios.label-starts"): str(text(f"ios.trigger-{item.trigger}")),
        text("ios.label-gathers"): ", ".join(str(text(f"ios.shortcut-what-{k}")) for k in item.gathers)
        or text("ios.none-recorded"),
        text("ios.label-sends-by"): ", ".join(str(text(f"ios.shortcut-what-{k}")) for k in item.sends),
        text("ios.label-sends-to"): "; ".join(shortcut.destinations[:10]) or text("ios.not-recorded"),
        text("ios.label-asks-first"): text("ios.no"),
        text("ios.label-look-on-phone"): text("ios.path-automations"),
    }
    if item.automation.trigger:
        fields[text("ios.label-trigger-stored")] = item.automation.trigger
    if answer is not None:
        fields[text("ios.label-set-up-by-you")] = answer
    if shortcut.modified:
        fields[text("ios.label-changed")] = f"{shortcut.modified:%Y-%m-%d %H:%M} UTC"
    return fields
