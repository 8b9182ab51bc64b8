"""`timeline.contact` for `cybercheck scan`: the inputs a person gave, read and judged by build_timeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from checks.timeline.api import TimelineInput
from checks.timeline.records import Contact
from cybercheck.errors import CybercheckError

if TYPE_CHECKING:
    from checks.timeline.api import TimelineResult
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

# What a person may type for --input date-order (WhatsApp chats whose dates read both ways).
DATE_ORDERS = {"day-first": "dmy", "month-first": "mdy", "dmy": "dmy", "mdy": "mdy"}


def parse_about(values: Iterable[str]) -> Contact:
    """The person from what was typed: "Alex, +44 7700 900123, ex@example.com" (the first part names them)."""
    from checks.timeline.api import contact

    parts = [p.strip() for value in values for p in value.split(",") if p.strip()]
    return contact(parts[0] if parts else "", parts)


def parse_date(value: str | None, zone: tzinfo) -> datetime | None:
    """A date ("2026-10-03") or date and time ("2026-10-03 18:30") in the user's time zone.

    ValueError if it is neither."""
    if value is None or not value.strip():
        return None
    moment = datetime.fromisoformat(value.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def run_check(ctx: Context) -> Iterator[Finding]:
    """`timeline.contact` for `cybercheck scan`: every export given, judged for the person named."""
    from checks.timeline.api import EXPORT_INPUTS, build_timeline
    from checks.timeline.sources.clock import local_zone
    from cybercheck.errors import ConfigError
    from cybercheck.pipeline.words import text

    zone = local_zone()
    marks = {}
    for name in ("asked-to-stop", "blocked"):
        try:
            marks[name] = parse_date(ctx.input(name), zone)
        except ValueError:
            raise ConfigError(
                text("timeline.date-not-understood", value=ctx.input(name) or "", name=name)
            ) from None
    about = parse_about(ctx.inputs("about"))
    order = DATE_ORDERS.get((ctx.input("date-order") or "").strip().lower())
    if ctx.input("date-order") and order is None:
        raise ConfigError(text("timeline.date-order-not-understood", value=ctx.input("date-order") or ""))
    owner = ctx.inputs("owner")
    inputs = []
    for kind in EXPORT_INPUTS:
        for value in ctx.inputs(kind):
            password = None
            if kind == "iphone" and _encrypted(Path(value).expanduser()):
                password = ctx.secret("ios-backup").reveal()
            inputs.append(
                TimelineInput(
                    kind, Path(value).expanduser(), password=password, owner=owner, date_order=order
                )
            )
    with build_timeline(inputs, about, marks["asked-to-stop"], marks["blocked"], local=zone) as result:
        yield from _report(ctx, result, about)


def _report(ctx: Context, result: TimelineResult, about: Contact) -> Iterator[Finding]:
    """What was read and judged, said through ctx; the findings."""
    from checks.timeline.api import recheck_dkim
    from cybercheck.pipeline.words import text

    ctx.looked_at(
        text("timeline.events-read", count=sum(s.events for s in result.sources), files=len(result.sources))
    )
    ctx.looked_at(text("timeline.person-events", count=result.stats.total, name=about.name))
    for note in result.notes:
        ctx.looked_at(text(note.key, **note.fields))
    for gap in result.gaps:
        ctx.partial(text(gap.key, **gap.fields))
    if (ctx.input("recheck-dkim") or "").strip().lower() in ("yes", "true", "1") and not ctx.offline:
        now = ctx.now()
        answers = recheck_dkim(result, now=now)
        passed = sum(1 for a in answers.values() if a.get("dkim.reverified") == "pass")
        ctx.looked_at(
            text(
                "timeline.dkim-rechecked", count=len(answers), passed=passed, when=f"{now:%Y-%m-%d %H:%M} UTC"
            )
        )
    yield from result.findings


def _encrypted(folder: Path) -> bool:
    from checks.ios.sources.backup import IosBackup

    try:
        return IosBackup(folder).encrypted
    except CybercheckError:
        return False
