"""Judgements about the files a backup lists: what jailbreak tools leave behind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.ios.known import jailbreak
from checks.ios.records import BackupFile
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


def judge_files(files: Iterable[BackupFile], *, source: str) -> Iterator[Finding]:
    """One finding per jailbreak tool whose leftovers (files or app data) the backup lists."""
    data = jailbreak()
    traces = [(t["path"].lower(), t["name"]) for t in data["traces"]]
    app_domains = {f"appdomain-{a['bundle'].lower()}": a["name"] for a in data["apps"]}
    seen: dict[str, list[str]] = {}
    for file in files:
        path = file.relative_path.lower()
        domain = file.domain.lower()
        name = app_domains.get(domain)
        if name is None and domain == "homedomain":
            name = next((n for p, n in traces if path == p or path.startswith(p + "/")), None)
        if name is not None:
            seen.setdefault(name, []).append(file.where)
    for name, where in sorted(seen.items()):
        yield Finding(
            code="ios.jailbreak.trace",
            severity=Severity.HIGH,
            subject=text("ios.subject-jailbreak-trace", tool=name),
            evidence=(
                Evidence(
                    source=source,
                    fields={
                        text("ios.label-tool"): name,
                        text("ios.label-files"): "; ".join(where[:10]),
                        text("ios.label-how-many"): str(len(where)),
                    },
                ),
            ),
        )
