"""The calendar check: reads an exported .ics file and reports who else it is shared with."""

from collections.abc import Iterator

from cybercheck.pipeline.check import Area, Check, Input, Need
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


class SharedCalendar(Check):
    """Attendees of an exported calendar: each address that is not the person's own."""

    id = "calendar.sharing"
    area = Area.ACCOUNTS
    inputs = (Input("calendar", kind="file"),)
    needs = (Need.input("calendar"),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        path = ctx.input_path("calendar")
        assert path is not None  # the need is met, so the input is there
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        ctx.looked_at(text("calendar.lines-read", count=len(lines), name=path.name))
        for number, line in enumerate(lines, start=1):
            if line.startswith("ATTENDEE") and "mailto:" in line:
                address = line.split("mailto:", 1)[1]
                yield Finding(
                    code="calendar.sharing.attendee",
                    severity=Severity.LOW,
                    subject=text("calendar.shared-with", address=address),
                    evidence=(Evidence(source=path.name, fields={"line": str(number)}),),
                )
