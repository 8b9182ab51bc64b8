"""The iPhone checks. Their words are in words.yaml; the run step is in run.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class IphoneBackup(Check):
    """An iPhone backup folder read for profiles, device management, jailbreak traces and watchware."""

    id = "ios.backup"
    aliases = ("device.ios",)
    area = Area.DEVICES
    inputs = (
        Input("ios", kind="folder"),
        Input("ios-backup", kind="secret"),
        Input("known-apps", kind="value", many=True),
    )
    needs: ClassVar[tuple[Need, ...]] = (Need.input("ios"),)
    example_inputs: ClassVar[dict[str, str]] = {"ios": "examples/backup"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.ios.run import examine_backup

        path = ctx.input_path("ios")
        assert path is not None  # the need guarantees it
        yield from examine_backup(ctx, path)


class IphonePrivacyReport(Check):
    """The App Privacy Report an iPhone saves by itself, read for apps and servers that may be watching."""

    id = "ios.privacy-report"
    area = Area.DEVICES
    inputs = (Input("app-privacy-report", kind="file"), Input("known-apps", kind="value", many=True))
    needs: ClassVar[tuple[Need, ...]] = (Need.input("app-privacy-report"),)
    example_inputs: ClassVar[dict[str, str]] = {"app-privacy-report": "examples/App_Privacy_Report.ndjson"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.ios.reports import examine_privacy_report

        path = ctx.input_path("app-privacy-report")
        assert path is not None  # the need guarantees it
        yield from examine_privacy_report(ctx, path)


class IphoneSysdiagnose(Check):
    """An iPhone sysdiagnose read for programs that held up shutdown, and for the phone's iOS version."""

    id = "ios.sysdiagnose"
    area = Area.DEVICES
    inputs = (Input("sysdiagnose", kind="path"),)
    needs: ClassVar[tuple[Need, ...]] = (Need.input("sysdiagnose"),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.ios.reports import examine_sysdiagnose

        path = ctx.input_path("sysdiagnose")
        assert path is not None  # the need guarantees it
        yield from examine_sysdiagnose(ctx, path)
