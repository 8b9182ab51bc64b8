"""The identity checks: each joins its source to its judgement; sources are imported when a check runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class Lookalike(Check):
    """Registered domains made from the person's name, usernames or own domain, looked up in DNS."""

    id = "identity.lookalike"
    area = Area.NETWORK
    inputs: ClassVar[tuple[Input, ...]] = (
        Input("name", kind="value", many=True),
        Input("username", kind="value", many=True),
        Input("domain", kind="value", many=True),
    )
    needs: ClassVar[tuple[Need, ...]] = (Need.input("name", "username", "domain"), Need.network())

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.identity.run import lookalike_run

        yield from lookalike_run(ctx)
