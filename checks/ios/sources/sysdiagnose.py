"""Opens an iPhone sysdiagnose: the .tar.gz the phone makes (Settings → Privacy & Security → Analytics &
Improvements → Analytics Data, named sysdiagnose_YYYY.MM.DD_HH-MM-SS±ZZZZ_iPhone-OS_iPhone_BUILD.tar.gz),
the folder it unpacks to, or a shutdown.log on its own. Only the few small files read here are taken
out, in memory: the shutdown logs (system_logs.logarchive/Extra/shutdown*.log) and
remotectl_dumpstate.txt (the phone's model and iOS version). Nothing is unpacked to disk.
"""

from __future__ import annotations

import re
import stat
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from checks.ios.records import DeviceInfo
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

MAX_MEMBER_BYTES = 64 * 1024**2
_SHUTDOWN = re.compile(r"^shutdown(\.\d+)?\.log$")
_DUMPSTATE = "remotectl_dumpstate.txt"


@dataclass
class SysdiagnoseFiles:
    """The files taken from a sysdiagnose (name inside it → text), and what could not be read."""

    name: str
    shutdown_logs: dict[str, str] = field(default_factory=dict)
    dumpstate: str | None = None
    problems: list[str] = field(default_factory=list)


def _wanted(member: str) -> str | None:
    base = PurePosixPath(member).name
    if _SHUTDOWN.match(base):
        return "shutdown"
    if base == _DUMPSTATE:
        return "dumpstate"
    return None


def _take(files: SysdiagnoseFiles, member: str, data: bytes) -> None:
    content = data.decode("utf-8", errors="replace")
    if _wanted(member) == "shutdown":
        files.shutdown_logs[member] = content
    else:
        files.dumpstate = content


def read_sysdiagnose(path: Path) -> SysdiagnoseFiles:
    """The files this check reads from the sysdiagnose at `path`; DamagedInput if it cannot be opened."""
    files = SysdiagnoseFiles(path.name)
    if path.is_dir():
        _from_folder(files, path)
    elif _SHUTDOWN.match(path.name) or path.suffix == ".log":
        _take(files, "shutdown.log", _read(path, path.name))
    else:
        _from_archive(files, path)
    return files


def _read(path: Path, name: str) -> bytes:
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            raise DamagedInput(text("ios.file-not-ordinary", name=name))
        if info.st_size > MAX_MEMBER_BYTES:
            raise DamagedInput(text("ios.file-too-large-mb", name=name, mb=info.st_size // 1024**2))
        return path.read_bytes()
    except OSError as error:
        raise DamagedInput(text("ios.file-unreadable", name=name), detail=str(error)) from None


def _from_folder(files: SysdiagnoseFiles, folder: Path) -> None:
    try:
        found = sorted(p for p in folder.rglob("*") if _wanted(p.name) and not p.is_symlink())
    except OSError as error:
        raise DamagedInput(text("ios.folder-unreadable", path=folder), detail=str(error)) from None
    for path in found:
        name = path.relative_to(folder).as_posix()
        try:
            _take(files, name, _read(path, name))
        except DamagedInput as error:
            files.problems.append(error.plain)


def _from_archive(files: SysdiagnoseFiles, path: Path) -> None:
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - closed below, after a read that may fail part-way
    except (tarfile.TarError, OSError, EOFError) as error:
        raise DamagedInput(text("ios.sysdiagnose-not-archive", name=path.name), detail=str(error)) from None
    try:
        for member in archive:
            if not member.isfile() or _wanted(member.name) is None:
                continue
            if member.size > MAX_MEMBER_BYTES:
                files.problems.append(
                    text("ios.file-too-large-mb", name=member.name, mb=member.size // 1024**2)
                )
                continue
            handle = archive.extractfile(member)
            if handle is not None:
                _take(files, member.name, handle.read())
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        files.problems.append(
            text("ios.sysdiagnose-damaged-part-way", name=path.name, detail=type(error).__name__)
        )
    finally:
        archive.close()


def device_from_dumpstate(content: str) -> DeviceInfo:
    """The model and iOS version in remotectl_dumpstate.txt's Properties block."""
    values: dict[str, str] = {}
    inside = False
    for line in content.splitlines():
        if not inside:
            inside = line.strip() == "Properties: {"
            continue
        if line.strip() == "}":
            break
        key, arrow, value = line.partition("=>")
        if arrow:
            values[key.strip()] = value.strip()
    return DeviceInfo(
        name=values.get("ProductName"),
        product_type=values.get("ProductType"),
        ios_version=values.get("OSVersion"),
    )
