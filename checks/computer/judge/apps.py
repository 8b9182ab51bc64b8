"""Judges what computer.apps read: remote-access and monitoring programs, odd autostarts, open doors.

Knows no system's format: it sees only the records in checks/computer/records.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from checks.computer.catalogue import Catalogue, Product
from checks.computer.records import AutostartEntry, ComputerSnapshot, command_path
from cybercheck.indicators.sets import IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

_CODES = {
    "remote-access": ("computer.apps.remote-access", Severity.MEDIUM),
    "keylogger": ("computer.apps.keylogger", Severity.HIGH),
    "stalkerware": ("computer.apps.stalkerware-name", Severity.HIGH),
    "monitoring": ("computer.apps.monitoring", Severity.MEDIUM),
    "watchware": ("computer.apps.monitoring", Severity.MEDIUM),
}
_TEMPORARY = (
    "/tmp/",
    "/var/tmp/",
    "/dev/shm/",
    "/private/tmp/",
    "/users/shared/",
    "/appdata/local/temp/",
    "/windows/temp/",
    "/downloads/",
    "/users/public/",
    "/$recycle.bin/",
)
_SCRIPT_FILES = (".vbs", ".vbe", ".js", ".jse", ".wsf", ".hta", ".scr")
_SCRIPT_HOSTS = (
    "wscript",
    "cscript",
    "mshta",
    "powershell",
    "pwsh",
    "rundll32",
    "regsvr32",
    "bash",
    "sh",
    "python",
)
_HIDING = (
    "-enc ",
    "-encodedcommand",
    "-w hidden",
    "-windowstyle hidden",
    "http://",
    "https://",
    "javascript:",
    "base64 -d",
    "curl ",
    "wget ",
)
_NORMAL_HIDDEN = (".local", ".config", ".cargo", ".nvm", ".rbenv", ".pyenv", ".dotnet", ".deno", ".bun")


@dataclass
class _Seen:
    product: Product
    where: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    running: list[str] = field(default_factory=list)


def unusual_reason(command: str) -> str | None:
    """Why a start command runs from an unusual place or in an unusual way; None when it looks ordinary."""
    lowered = " " + command.lower().replace("\\", "/") + " "
    program = command_path(command).lower().replace("\\", "/")
    base = program.rsplit("/", 1)[-1]
    if any(folder in lowered for folder in _TEMPORARY):
        return text("computer.why-temporary-folder")
    if base.endswith(_SCRIPT_FILES) or any(
        f"{ext} " in lowered or f'{ext}"' in lowered for ext in _SCRIPT_FILES
    ):
        return text("computer.why-script")
    if base.removesuffix(".exe") in _SCRIPT_HOSTS and any(sign in lowered for sign in _HIDING):
        return text("computer.why-hidden-commands")
    parts = [p for p in program.split("/") if p]
    if any(p.startswith(".") and p not in (".", "..") and p not in _NORMAL_HIDDEN for p in parts[:-1]):
        return text("computer.why-hidden-folder")
    return None


def judge_snapshot(
    snapshot: ComputerSnapshot, catalogue: Catalogue, indicators: IndicatorSet, *, source: str
) -> Iterator[Finding]:
    """Every finding computer.apps makes from one system's records."""
    seen, claimed = _products(snapshot, catalogue, indicators)
    for item in seen.values():
        code, severity = _CODES[item.product.kind]
        active = item.starts or item.running
        if item.product.kind == "remote-access" and active:
            severity = Severity.HIGH
        fields = {
            "product": item.product.name,
            "list": item.product.source,
            "found in": "; ".join(sorted(set(item.where))[:8]) or text("computer.only-while-running"),
            text("computer.field-starts-on-its-own"): "; ".join(sorted(set(item.starts))[:5])
            or text("computer.answer-no"),
            "running now": "; ".join(sorted(set(item.running))[:5]) or text("computer.not-known-running"),
        }
        yield Finding(
            code,
            severity,
            text("cybercheck.value", value=item.product.name),
            (Evidence(source=source, fields=fields),),
        )
    for entry in snapshot.autostart:
        reason = unusual_reason(entry.command) if entry.enabled else None
        if reason and id(entry) not in claimed:
            yield Finding(
                "computer.apps.autostart-unusual",
                Severity.MEDIUM,
                text("computer.autostart-subject", name=entry.name, kind=entry.kind),
                (
                    Evidence(
                        source=source,
                        fields={
                            "name": entry.name,
                            "command": entry.command,
                            "set in": entry.location,
                            "why": reason,
                            "user": entry.user or text("computer.everyone"),
                        },
                    ),
                ),
            )
    yield from _doors(snapshot, source)


def _products(
    snapshot: ComputerSnapshot, catalogue: Catalogue, indicators: IndicatorSet
) -> tuple[dict[str, _Seen], set[int]]:
    seen: dict[str, _Seen] = {}
    claimed: set[int] = set()

    def note(product: Product | None) -> _Seen | None:
        return seen.setdefault(product.name, _Seen(product)) if product else None

    for program in snapshot.programs:
        item = note(
            catalogue.by_bundle(program.identifier)
            or catalogue.by_name(program.name)
            or _by_website(program.website, indicators)
        )
        if item:
            item.where.append(f"{program.name} ({program.source})")
    for entry in snapshot.autostart:
        started = command_path(entry.command)
        item = note(
            catalogue.by_name(entry.name)
            or catalogue.by_process(started)
            or catalogue.by_name(started.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0])
        )
        if item:
            claimed.add(id(entry))
            (item.starts if entry.enabled else item.where).append(f"{entry.kind}: {entry.location}")
    for process in snapshot.processes:
        item = note(catalogue.by_process(process.name) or catalogue.by_process(process.exe or ""))
        if item:
            item.running.append(f"{process.name} (process {process.pid})")
    for extension in snapshot.extensions:
        item = note(catalogue.by_name(extension.name))
        if item and item.product.kind != "remote-access":
            item.where.append(f"{extension.browser} extension {extension.name} ({extension.extension_id})")
    return seen, claimed


def _by_website(website: str | None, indicators: IndicatorSet) -> Product | None:
    if not website:
        return None
    host = urlsplit(website if "//" in website else "//" + website).hostname
    match = indicators.domain(host) if host else None
    if match is None:
        return None
    kind = "stalkerware" if match.threat.kind is ThreatKind.STALKERWARE else "watchware"
    return Product(match.threat.name, kind, f"{match.threat.source} ({match.indicator} {match.value})")


def _doors(snapshot: ComputerSnapshot, source: str) -> Iterator[Finding]:
    for ext in snapshot.extensions:
        if ext.all_pages and ext.enabled is not False:
            yield Finding(
                "computer.apps.extension-all-pages",
                Severity.LOW,
                text("computer.extension-subject", browser=ext.browser, name=ext.name),
                (
                    Evidence(
                        source=source,
                        fields={
                            "browser": ext.browser,
                            "profile": ext.profile,
                            "extension": ext.name,
                            "id": ext.extension_id,
                            "may read": ", ".join(ext.permissions[:10]),
                            "switched on": text(
                                {
                                    True: "computer.answer-yes",
                                    False: "computer.answer-no",
                                    None: "computer.not-recorded",
                                }[ext.enabled]
                            ),
                            "folder": ext.location,
                        },
                    ),
                ),
            )
    for key in snapshot.keys:
        yield Finding(
            "computer.apps.ssh-key",
            Severity.MEDIUM,
            text("computer.ssh-key-subject", user=key.user, key=key.comment or key.key_type),
            (
                Evidence(
                    source=source,
                    fields={
                        "account": key.user,
                        "file": key.path,
                        "type": key.key_type,
                        "comment": key.comment or text("computer.none"),
                        "fingerprint": key.fingerprint,
                    },
                ),
            ),
        )
    people = [a for a in snapshot.accounts if not a.full_control]
    for account in snapshot.accounts:
        if account.full_control:
            yield Finding(
                "computer.apps.root-account",
                Severity.HIGH,
                text("computer.root-account-subject", name=account.name),
                (
                    Evidence(
                        source=source,
                        fields={"account": account.name, "id": account.uid, "listed in": account.source},
                    ),
                ),
            )
    if len(people) > 1:
        yield Finding(
            "computer.apps.extra-account",
            Severity.LOW,
            text("computer.accounts-subject", count=len(people)),
            (
                Evidence(
                    source=source,
                    fields={
                        "accounts": ", ".join(
                            text("computer.administrator", name=a.name) if a.admin else a.name for a in people
                        ),
                        "listed in": "; ".join(sorted({a.source for a in people})),
                    },
                ),
            ),
        )
    for setting in snapshot.remote:
        if setting.enabled:
            yield Finding(
                "computer.apps.remote-login",
                Severity.MEDIUM,
                text("computer.remote-login-subject", name=setting.name),
                (
                    Evidence(
                        source=source,
                        fields={"setting": setting.name, "detail": setting.detail, "set in": setting.source},
                    ),
                ),
            )
    for proxy in snapshot.proxies:
        yield Finding(
            "computer.apps.proxy",
            Severity.MEDIUM,
            text("computer.proxy-subject", scope=proxy.scope),
            (
                Evidence(
                    source=source, fields={"for": proxy.scope, "proxy": proxy.value, "set in": proxy.source}
                ),
            ),
        )
    for cert in snapshot.certificates:
        yield Finding(
            "computer.apps.root-certificate",
            Severity.MEDIUM,
            text("computer.certificate-subject", fingerprint=cert.fingerprint[:16]),
            (
                Evidence(
                    source=source,
                    fields={
                        "certificate": cert.name,
                        "fingerprint": cert.fingerprint,
                        "added in": cert.source,
                    },
                ),
            ),
        )


def autostart_count(entries: tuple[AutostartEntry, ...]) -> int:
    """How many autostart entries are switched on."""
    return sum(e.enabled for e in entries)
