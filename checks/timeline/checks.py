"""The timeline check: one person's contact, from the person's own exports, judged as a pattern."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class TimelineContact(Check):
    """Reads message, mail and call exports and judges the contact from one named person."""

    id = "timeline.contact"
    area = Area.ACCOUNTS
    inputs: ClassVar[tuple[Input, ...]] = (
        Input("whatsapp", kind="path", many=True),
        Input("sms-backup", kind="path", many=True),
        Input("iphone", kind="folder", many=True),
        Input("telegram", kind="file", many=True),
        Input("mail", kind="path", many=True),
        Input("facebook", kind="path", many=True),
        Input("instagram", kind="path", many=True),
        Input("x", kind="path", many=True),
        Input("report", kind="file", many=True),
        Input("about", kind="value", many=True),
        Input("asked-to-stop", kind="value"),
        Input("blocked", kind="value"),
        Input("owner", kind="value", many=True),
        Input("recheck-dkim", kind="value"),
        Input("date-order", kind="value"),
    )
    needs: ClassVar[tuple[Need, ...]] = (
        Need.input("about"),
        Need.input(
            "whatsapp", "sms-backup", "iphone", "telegram", "mail", "facebook", "instagram", "x", "report"
        ),
    )

    # A made-up case: a chat and texts from "Jordan", who went on after being asked to stop.
    example_inputs: ClassVar[dict[str, str]] = {
        "whatsapp": "examples/WhatsApp Chat with Jordan.txt",
        "sms-backup": "examples/sms-20261016.xml",
    }
    example_values: ClassVar[dict[str, tuple[str, ...]]] = {
        "about": ("Jordan", "+44 7700 900461"),
        "asked-to-stop": ("2026-10-03 18:30",),
        "owner": ("Sam",),
    }

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.timeline.run import run_check

        yield from run_check(ctx)
