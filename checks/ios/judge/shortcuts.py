"""Judgements about shortcuts: one that gathers location, sound, photos, contacts or the clipboard and
also sends data off the phone (a message, an e-mail, a web address) can pass them on to someone."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.ios.known import shortcut_actions
from checks.ios.records import Shortcut
from cybercheck.indicators.sets import IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text


def judge_shortcuts(
    shortcuts: Iterable[Shortcut],
    indicators: IndicatorSet,
    *,
    source: Text,
    automated: frozenset[int] = frozenset(),
) -> Iterator[Finding]:
    """Shortcuts that gather watched data and send data out; stalkerware destinations are urgent.

    A shortcut an automation runs by itself (its key in `automated`) is judged with that automation,
    so here only a listed destination in it is.
    """
    data = shortcut_actions()
    gathers: dict[str, str] = data["gathers"]
    sends: dict[str, str] = data["sends"]
    for shortcut in shortcuts:
        gathered = [
            text(f"ios.shortcut-what-{k}")
            for k in sorted({gathers[a] for a in shortcut.actions if a in gathers})
        ]
        sent = [
            text(f"ios.shortcut-what-{k}") for k in sorted({sends[a] for a in shortcut.actions if a in sends})
        ]
        listed = [(d, m) for d in shortcut.destinations if (m := indicators.url(d)) is not None]
        if not listed and (not (gathered and sent) or shortcut.key in automated):
            continue
        fields: dict[str, str] = {
            text("ios.label-shortcut"): shortcut.name,
            text("ios.label-gathers"): ", ".join(gathered) or text("ios.none-recorded"),
            text("ios.label-sends-by"): ", ".join(sent) or text("ios.none-recorded"),
            text("ios.label-sends-to"): "; ".join(shortcut.destinations[:10]) or text("ios.not-recorded"),
            text("ios.label-look-on-phone"): text("ios.path-shortcuts"),
        }
        if shortcut.modified:
            fields[text("ios.label-changed")] = f"{shortcut.modified:%Y-%m-%d %H:%M} UTC"
        stalker = any(m.threat.kind is ThreatKind.STALKERWARE for _, m in listed)
        if listed:
            fields[text("ios.label-product")] = ", ".join(sorted({m.threat.name for _, m in listed}))
        yield Finding(
            code="ios.shortcut.listed-destination" if listed else "ios.shortcut.sends-out",
            severity=Severity.URGENT if stalker else Severity.HIGH if listed else Severity.MEDIUM,
            subject=text(
                "ios.subject-shortcut",
                name=shortcut.name,
                what=", ".join(gathered) or text("ios.none-recorded"),
            ),
            evidence=(Evidence(source=source, when=shortcut.modified or shortcut.created, fields=fields),),
        )
