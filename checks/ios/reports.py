"""The run steps of the checks that read what an iPhone makes by itself: the App Privacy Report and a
sysdiagnose. Each part read, its coverage recorded, then judged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from checks.ios.asking import unrecognised_apps
from checks.ios.judge.privacy import judge_privacy_report, watched_apps
from checks.ios.judge.shutdown import judge_shutdowns
from checks.ios.judge.version import judge_version
from checks.ios.records import PrivacyReport, Shutdown
from checks.ios.sources.privacy_report import read_privacy_report
from checks.ios.sources.shutdown_log import parse_shutdown_log
from checks.ios.sources.sysdiagnose import device_from_dumpstate, read_sysdiagnose
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text


def examine_privacy_report(ctx: Context, path: Path) -> Iterator[Finding]:
    """Everything ios.privacy-report finds in one App Privacy Report, with what it read and could not."""
    report = read_privacy_report(path)
    if report.lines and report.damaged == report.lines:
        raise DamagedInput(text("ios.privacy-not-a-report", name=path.name))
    source = text("ios.from-privacy-report", name=path.name)
    _privacy_coverage(ctx, report, path.name)
    apps = {app: tuple(u.category for u in uses) for app, uses in watched_apps(report).items()}
    unrecognised = unrecognised_apps(ctx, apps, "ios.ask-privacy-app")
    yield from judge_privacy_report(report, ctx.indicators, unrecognised=unrecognised, source=source)


def _privacy_coverage(ctx: Context, report: PrivacyReport, name: str) -> None:
    if not report.lines:
        ctx.partial(text("ios.privacy-empty", name=name))
        return
    apps = {u.accessor for u in report.uses}
    ctx.looked_at(
        text(
            "ios.privacy-read",
            name=name,
            uses=sum(u.times for u in report.uses),
            apps=len(apps),
            domains=len({c.domain for c in report.contacts}),
            domain_apps=len({c.bundle_id for c in report.contacts}),
            first=f"{report.first:%Y-%m-%d}" if report.first else text("ios.not-recorded"),
            last=f"{report.last:%Y-%m-%d}" if report.last else text("ios.not-recorded"),
        )
    )
    ctx.looked_at(
        text(
            "ios.privacy-indicators",
            domains=len(ctx.indicators.domains) + len(ctx.indicators.websites),
            ids=len(ctx.indicators.ios_bundles),
            version=ctx.indicators.version,
        )
    )
    if report.damaged:
        ctx.partial(text("ios.privacy-damaged", count=report.damaged, lines=report.lines))
    if report.unknown:
        ctx.partial(text("ios.privacy-unknown", count=report.unknown))


def examine_sysdiagnose(ctx: Context, path: Path) -> Iterator[Finding]:
    """Everything ios.sysdiagnose finds in one sysdiagnose (or shutdown.log), with what it read and could not."""
    files = read_sysdiagnose(path)
    source = text("ios.from-sysdiagnose", name=files.name)
    for problem in files.problems:
        ctx.partial(text("ios.sysdiagnose-part-unread", reason=problem))
    if files.dumpstate is not None:
        device = device_from_dumpstate(files.dumpstate)
        ctx.looked_at(
            text(
                "ios.sysdiagnose-device",
                model=device.product_type or text("ios.model-not-recorded"),
                version=device.ios_version or text("ios.version-not-recorded"),
            )
        )
        yield from judge_version(device, source=source)
    if not files.shutdown_logs:
        ctx.partial(text("ios.no-shutdown-log", name=files.name))
        return
    shutdowns: list[Shutdown] = []
    for name, content in sorted(files.shutdown_logs.items()):
        found, damaged = parse_shutdown_log(content, name)
        shutdowns.extend(found)
        if damaged:
            ctx.partial(text("ios.shutdown-lines-damaged", count=damaged, name=name))
    dated = [s.when for s in shutdowns if s.when is not None]
    ctx.looked_at(
        text(
            "ios.shutdowns-read",
            logs=len(files.shutdown_logs),
            count=len(dated),
            first=f"{min(dated):%Y-%m-%d}" if dated else text("ios.not-recorded"),
            last=f"{max(dated):%Y-%m-%d}" if dated else text("ios.not-recorded"),
            processes=len(ctx.indicators.processes) + len(ctx.indicators.packages),
            version=ctx.indicators.version,
        )
    )
    yield from judge_shutdowns(shutdowns, ctx.indicators, source=source)
