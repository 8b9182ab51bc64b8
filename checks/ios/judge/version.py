"""Judgement about the iOS version: a phone too many major versions behind no longer gets every fix."""

from __future__ import annotations

from collections.abc import Iterator

from checks.ios.known import ios_versions
from checks.ios.records import DeviceInfo
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


def judge_version(device: DeviceInfo, *, source: str) -> Iterator[Finding]:
    """A finding when the phone's iOS is at least `behind` major versions older than the newest known."""
    data = ios_versions()
    major = ios_major(device.ios_version)
    majors: list[int] = list(data["majors"])
    if major is None or major >= majors[-1]:
        return
    behind = sum(1 for m in majors if m > major)
    if behind < int(data["behind"]):
        return
    yield Finding(
        code="ios.version.old",
        severity=Severity.MEDIUM,
        subject=text("ios.subject-ios-version", version=device.ios_version),
        evidence=(
            Evidence(
                source=source,
                when=device.last_backup,
                fields={
                    text("ios.label-ios-version"): device.ios_version or "",
                    text("ios.label-newest-known"): text(
                        "ios.newest-known",
                        latest=data["latest"],
                        checked=data["checked"],
                        source=data["source"],
                    ),
                    text("ios.label-major-behind"): str(behind),
                    text("ios.label-look-on-phone"): text("ios.path-version-update"),
                },
            ),
        ),
    )


def ios_major(version: str | None) -> int | None:
    """The major number of an iOS version text ("17.5.1" -> 17); None when it is not one."""
    head = (version or "").strip().split(".", 1)[0]
    return int(head) if head.isascii() and head.isdigit() and len(head) <= 3 else None
