"""The sessions checks: who else is signed in to an account, from where and on what, one check per provider."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class ExportCheck(Check):
    """A check that reads one provider's data export; subclasses name the export kind and its input."""

    area: ClassVar[Area] = Area.ACCOUNTS
    export: ClassVar[str]  # "google", "facebook" ... (what sources/exports.py recognises)

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.sessions.run import read_exports

        yield from read_exports(ctx, self.export)


class GoogleSessions(ExportCheck):
    """Reads a Google Takeout's access log, devices and recovery details and judges them."""

    id = "sessions.google"
    export = "google"
    inputs: ClassVar[tuple[Input, ...]] = (
        Input("takeout", kind="path", many=True),
        Input("exports", kind="folder", many=True),
        Input("known", kind="file"),
        Input("owner", many=True),
    )
    needs: ClassVar[tuple[Need, ...]] = (Need.input("takeout", "exports"),)
    example_inputs: ClassVar[dict[str, str]] = {"takeout": "examples/takeout"}


class FacebookSessions(ExportCheck):
    """Reads a Facebook download's sessions, logins and recognised devices and judges them."""

    id = "sessions.facebook"
    export = "facebook"
    inputs: ClassVar[tuple[Input, ...]] = (
        Input("facebook", kind="path", many=True),
        Input("exports", kind="folder", many=True),
        Input("known", kind="file"),
        Input("owner", many=True),
    )
    needs: ClassVar[tuple[Need, ...]] = (Need.input("facebook", "exports"),)
    example_inputs: ClassVar[dict[str, str]] = {"facebook": "examples/facebook"}


class InstagramSessions(ExportCheck):
    """Reads an Instagram download's logins, logouts and password changes and judges them."""

    id = "sessions.instagram"
    export = "instagram"
    inputs: ClassVar[tuple[Input, ...]] = (
        Input("instagram", kind="path", many=True),
        Input("exports", kind="folder", many=True),
        Input("known", kind="file"),
        Input("owner", many=True),
    )
    needs: ClassVar[tuple[Need, ...]] = (Need.input("instagram", "exports"),)


class XSessions(ExportCheck):
    """Reads an X archive's login addresses, signed-in apps and connected applications and judges them."""

    id = "sessions.x"
    export = "x"
    inputs: ClassVar[tuple[Input, ...]] = (
        Input("x", kind="path", many=True),
        Input("exports", kind="folder", many=True),
        Input("known", kind="file"),
        Input("owner", many=True),
    )
    needs: ClassVar[tuple[Need, ...]] = (Need.input("x", "exports"),)


class MicrosoftMethods(Check):
    """Reads the sign-in and recovery methods of a Microsoft work or school account from Graph and judges them."""

    id = "sessions.microsoft"
    area = Area.ACCOUNTS
    inputs: ClassVar[tuple[Input, ...]] = (Input("known", kind="file"), Input("owner", many=True))
    needs: ClassVar[tuple[Need, ...]] = (Need.secret("outlook-token"), Need.network())

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.sessions.run import read_graph_methods

        yield from read_graph_methods(ctx)
