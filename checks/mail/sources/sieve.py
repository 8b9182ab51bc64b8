"""The Sieve filters of any mailbox that offers ManageSieve, read-only.

The source lists every script, reads the active one, reads the folder list over IMAP to know
which folders are trash, junk or archive, and turns the script into MailRules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from checks.mail.folders import role_from_name
from checks.mail.records import FolderRole, MailRead, MailRule
from cybercheck.errors import ConfigError, SourceError
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

SIEVE_PORT = 4190
IMAP_PORT = 143
IMAPS_PORT = 993


@dataclass(frozen=True, slots=True)
class MailServer:
    """Where the mailbox lives: ManageSieve and IMAP ports, and how each starts TLS."""

    host: str
    sieve_port: int = SIEVE_PORT
    sieve_implicit_tls: bool = False
    imap_port: int = IMAP_PORT
    imap_implicit_tls: bool = False
    timeout: float = 15.0


def _port(value: str, name: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise ConfigError(text("mail.port-not-a-number", name=name, value=value))
    return port


def _tls(value: str | None, name: str) -> bool | None:
    if not value:
        return None
    value = value.strip().lower()
    if value not in ("starttls", "implicit"):
        raise ConfigError(text("mail.tls-choice", name=name, value=repr(value)))
    return value == "implicit"


def server_from_inputs(inputs: Mapping[str, str | None], timeout: float) -> MailServer:
    """The server from --input imap=HOST[:PORT], sieve-port=N, sieve-tls=..., imap-tls=..."""
    from cybercheck.net import split_host_port

    given = (inputs.get("imap") or "").strip()
    if not given:
        raise ConfigError(text("mail.server-missing"))
    host, imap_port = split_host_port(given, IMAP_PORT) if ":" in given else (given, IMAP_PORT)
    if not host:
        raise ConfigError(text("mail.server-not-a-name", given=given))
    imap_tls = _tls(inputs.get("imap-tls"), "imap-tls")
    sieve_port = _port(inputs.get("sieve-port") or str(SIEVE_PORT), "sieve-port")
    return MailServer(
        host=host,
        sieve_port=sieve_port,
        sieve_implicit_tls=bool(_tls(inputs.get("sieve-tls"), "sieve-tls")),
        imap_port=_port(str(imap_port), "imap"),
        imap_implicit_tls=imap_tls if imap_tls is not None else imap_port == IMAPS_PORT,
        timeout=timeout,
    )


MAX_INCLUDED = 20  # personal scripts fetched because the active one includes them


@dataclass(frozen=True, slots=True)
class Scripts:
    """The scripts on the server, the text of the active one, and of the personal scripts it includes."""

    names: tuple[tuple[str, bool], ...]
    active: str | None
    text: str
    included: Mapping[str, str] = field(default_factory=dict)


def read_scripts(server: MailServer, user: str, password: Secret) -> Scripts:
    """List every script, fetch the active one and those it includes (LISTSCRIPTS, GETSCRIPT); nothing is written."""
    from checks.mail.sources.managesieve import ManageSieve
    from checks.mail.sources.sieve_script import included_names

    with ManageSieve(
        server.host, server.sieve_port, implicit_tls=server.sieve_implicit_tls, timeout=server.timeout
    ) as client:
        client.authenticate(user, password)
        names = tuple(client.listscripts())
        active = next((name for name, is_active in names if is_active), None)
        text = client.getscript(active) if active is not None else ""
        listed = {name for name, _ in names}
        included: dict[str, str] = {}
        waiting = [n for n, is_global in included_names(text) if not is_global]
        while waiting and len(included) < MAX_INCLUDED:
            name = waiting.pop(0)
            if name in included or name == active or name not in listed:
                continue
            included[name] = client.getscript(name)
            waiting += [n for n, is_global in included_names(included[name]) if not is_global]
    return Scripts(names, active, text, included)


def _roles(found: Mapping[str, FolderRole]) -> Callable[[str], FolderRole]:
    lowered = {k.lower(): v for k, v in found.items()}

    def role(folder: str) -> FolderRole:
        return found.get(folder) or lowered.get(folder.lower()) or role_from_name(folder)

    return role


def sieve_read(server: MailServer, user: str, password: Secret) -> MailRead:
    """The active Sieve script's rules, with the folder roles read over IMAP when it files mail."""
    from checks.mail.sources.imap_folders import folder_roles
    from checks.mail.sources.sieve_script import read_script

    scripts = read_scripts(server, user, password)
    gaps: list[str] = []
    roles: Mapping[str, FolderRole] = {}
    if "fileinto" in scripts.text.lower():
        try:
            roles = folder_roles(
                server.host,
                server.imap_port,
                user,
                password,
                implicit_tls=server.imap_implicit_tls,
                timeout=server.timeout,
            )
        except SourceError as error:
            gaps.append(text("mail.sieve-folders-by-name", problem=error.plain))
    rules: tuple[MailRule, ...] = ()
    unreached = 0
    if scripts.active is not None:
        source = text("mail.sieve-source", script=scripts.active, host=server.host)
        listed = {name for name, _ in scripts.names}
        read = read_script(
            scripts.text,
            script=scripts.active,
            source=source,
            roles=_roles(roles),
            fetch=lambda name, is_global: None if is_global else scripts.included.get(name),
            has=lambda name: name in listed,
        )
        rules, unreached = read.rules, read.unreached
        gaps += read.gaps
        if (
            "\ufffd" in scripts.text or "\x00" in scripts.text
        ):  # bytes that are not UTF-8 text (a binary or UTF-16 script)
            gaps.append(text("mail.sieve-not-text", script=scripts.active))
    listing = ", ".join(
        text(
            "mail.sieve-script-active"
            if active
            else "mail.sieve-script-included"
            if name in scripts.included
            else "mail.sieve-script-inactive",
            name=name,
        )
        for name, active in scripts.names
    )
    looked = [
        text(
            "mail.sieve-scripts",
            count=len(scripts.names),
            host=server.host,
            listing=listing or text("mail.sieve-no-scripts"),
        )
    ]
    if scripts.active is None:
        looked.append(text("mail.sieve-none-active"))
    else:
        looked.append(text("mail.sieve-read", rules=len(rules), script=scripts.active))
    if scripts.included:
        names = ", ".join(f'"{n}"' for n in scripts.included)
        looked.append(text("mail.sieve-included-read", count=len(scripts.included), names=names))
    if unreached:
        looked.append(text("mail.sieve-unreached", count=unreached))
    if roles:
        looked.append(text("mail.sieve-folders-read", count=len(roles)))
    own = (user,) if "@" in user else ()
    return MailRead(rules=rules, gaps=tuple(gaps), looked_at=tuple(looked), own_addresses=own)
