"""Independent answers to "is this still the format?", one per format, sharing no code with cybercheck's readers."""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import plistlib
import re
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

Oracle = Callable[[bytes], bool]


def _text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _utf16(data: bytes) -> str | None:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def _reject(value: str) -> object:
    raise ValueError(value)


def strict_json(data: bytes, like: object = None) -> bool:
    """Valid UTF-8 JSON, no duplicate keys, no NaN, no lone surrogates, the same top-level type as `like`."""
    text = _text(data)
    if text is None:
        return False
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject)
        json.dumps(value).encode("utf-8")
        if "\\ud8" in text.lower() or "\\udc" in text.lower():
            json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError, UnicodeEncodeError):
        return False
    return like is None or type(value) is type(like)


def same_json_shape(seed: bytes) -> Oracle:
    """strict_json, and the same top-level type and keys as the seed (the documented shape of an API body)."""
    original = json.loads(seed)

    def oracle(data: bytes) -> bool:
        if not strict_json(data, original):
            return False
        if isinstance(original, dict):
            value = json.loads(data)
            return all(type(value.get(k)) is type(v) for k, v in original.items())
        return True

    return oracle


_JS_PREFIX = re.compile(r"\A\s*window\.YTD\.[A-Za-z0-9_.]+\s*=\s*")


def x_archive_js(data: bytes) -> bool:
    """An X archive .js file: `window.YTD.<name>.partN = ` followed by a strict JSON list."""
    text = _text(data)
    if text is None:
        return False
    match = _JS_PREFIX.match(text)
    return match is not None and strict_json(text[match.end() :].encode("utf-8"), [])


def strict_csv(data: bytes, *, spaces_blank: bool = False) -> bool:
    """UTF-8 (or UTF-16 with its byte-order mark, as spreadsheets save it) CSV read with csv's strict mode,
    every row as wide as the header, no field past 128 KiB. With `spaces_blank`, a line of nothing but
    spaces counts as a blank line (for readers that skip both: it holds nothing to lose)."""
    text = _utf16(data) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else _text(data)
    if text is None or not text.strip():
        return False
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return False
    rows = [r for r in rows if r and not (spaces_blank and not "".join(r).strip())]
    if not rows:
        return False
    width = len(rows[0])
    return all(len(r) == width and all(len(f) <= 131072 for f in r) for r in rows)


def plist(data: bytes) -> bool:
    """Anything plistlib reads (XML or binary)."""
    try:
        plistlib.loads(data)
    except Exception:  # noqa: BLE001 - plistlib raises many kinds on damage; any of them means "not a plist"
        return False
    return True


def sqlite(data: bytes) -> bool:
    """An SQLite database whose integrity check passes."""
    with tempfile.NamedTemporaryFile(suffix=".db") as handle:
        handle.write(data)
        handle.flush()
        try:
            with sqlite3.connect(f"file:{handle.name}?mode=ro", uri=True) as db:
                return bool(db.execute("PRAGMA integrity_check").fetchone() == ("ok",))
        except sqlite3.Error:
            return False


_LABEL = re.compile(r"\A[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\Z")


class _Hostname:
    """A host name, label by label (the single pattern it replaces backtracked for minutes on some names)."""

    @staticmethod
    def match(name: str) -> bool:
        labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
        return 1 <= len(name) <= 253 and all(_LABEL.match(label) for label in labels)


_HOSTNAME = _Hostname()


def _address(value: str) -> bool:
    try:
        ipaddress.ip_address(value.split("%")[0])
    except ValueError:
        return False
    return True


def hosts_file(data: bytes) -> bool:
    """hosts(5) as a resolver reads it: blank lines, comments (whose bytes it never looks at), or an
    address followed by host names."""
    for raw in data.splitlines():
        line = _text(raw.split(b"#", 1)[0])
        if line is None:
            return False
        words = line.split()
        if not words:
            continue
        if len(line) > 4096 or not _address(words[0]) or len(words) < 2:
            return False
        if not all(_HOSTNAME.match(w) for w in words[1:]):
            return False
    return True


_DNSMASQ = re.compile(
    r"\A[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (?:\S+ )?(?:dnsmasq|pihole-FTL)\[\d+\]: "
    r"(?:query\[[A-Z0-9]+\] (\S+) from \S+|(?:reply|cached|forwarded|config|/etc/hosts|gravity blocked|"
    r"regex blacklisted|exactly blacklisted|special domain) (\S+) .*|\S.*)\Z"
)


def dns_log(data: bytes) -> bool:
    """A dnsmasq / Pi-hole query log, or a plain list of one name per line."""
    text = _text(data)
    if text is None:
        return False
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return False
    for line in lines:
        match = _DNSMASQ.match(line)
        if match:
            name = match.group(1) or match.group(2)
            if name is not None and not _HOSTNAME.match(name):
                return False
        elif not _HOSTNAME.match(line.strip()):
            return False
    return True


def pcap(data: bytes) -> bool:
    """A classic pcap whose records tile the file exactly, or a pcapng whose blocks do."""
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        return _pcapng(data)
    if len(data) < 24:
        return False
    magic = data[:4]
    endian = {
        b"\xd4\xc3\xb2\xa1": "<",
        b"\xa1\xb2\xc3\xd4": ">",
        b"\x4d\x3c\xb2\xa1": "<",
        b"\xa1\xb2\x3c\x4d": ">",
    }
    if magic not in endian:
        return False
    order = endian[magic]
    snaplen = struct.unpack(order + "I", data[16:20])[0]
    at = 24
    while at < len(data):
        if at + 16 > len(data):
            return False
        incl, orig = struct.unpack(order + "II", data[at + 8 : at + 16])
        if incl > max(snaplen, 262144) or incl > orig or at + 16 + incl > len(data):
            return False
        at += 16 + incl
    return True


def _pcapng(data: bytes) -> bool:
    if len(data) < 12 or data[8:12] not in (b"\x4d\x3c\x2b\x1a", b"\x1a\x2b\x3c\x4d"):
        return False
    order = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
    at = 0
    while at < len(data):
        if at + 12 > len(data):
            return False
        kind, length = struct.unpack(order + "II", data[at : at + 8])
        if length < 12 or length % 4 or at + length > len(data):
            return False
        if struct.unpack(order + "I", data[at + length - 4 : at + length])[0] != length:
            return False
        if kind == 6 and length < 32:  # an enhanced packet block too short for its own header
            return False
        if kind == 6:
            captured = struct.unpack(order + "I", data[at + 20 : at + 24])[0]
            if 28 + captured + 4 > length:
                return False
        at += length
    return True


def sieve(data: bytes) -> bool:
    """A script Pigeonhole's sievec compiles (with every extension it knows).

    Pigeonhole's default 1 MiB limit on a script's size is lifted: it is a setting of one server,
    not the language (servers set it differently, and a script read from one was accepted by it).
    """
    if _text(data) is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "s.sieve"
        script.write_bytes(data)
        config = Path(folder) / "sieve.conf"
        config.write_text("plugin {\n  sieve_max_script_size = 1G\n}\n")
        try:
            done = subprocess.run(
                ["sievec", "-c", str(config), str(script), str(Path(folder) / "s.svbin")],
                capture_output=True,
                timeout=20,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False
        return done.returncode == 0


def utf8_text(data: bytes) -> bool:
    """Plain UTF-8 text with no NUL and no line past 64 KiB (command output, dumpsys, getprop)."""
    text = _text(data)
    return text is not None and all(len(line) <= 65536 for line in text.splitlines())


def json_lines(data: bytes) -> bool:
    """JSON Lines: every non-blank line one strict JSON object."""
    text = _text(data)
    if text is None:
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all(strict_json(line.encode("utf-8"), {}) for line in lines)


def xml(data: bytes) -> bool:
    """Well-formed XML (the SMS Backup & Restore files)."""
    import xml.etree.ElementTree as ElementTree

    try:
        ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError, LookupError):  # LookupError: an encoding that does not exist
        return False
    return True


# What android.device reads from a bug report's dumpstate text (the README's list): the system
# properties block and these `dumpsys` services. The rest of a dumpstate (logs, other services) is
# text no judgement reads, so damage there loses nothing.
_BUGREPORT_SERVICES = frozenset(
    {
        b"package",
        b"accessibility",
        b"device_policy",
        b"notification",
        b"appops",
        b"account",
        b"settings",
        b"adb",
        b"user",
    }
)
_SERVICE_MARK = re.compile(rb"^DUMP OF SERVICE (?:(?:CRITICAL|HIGH|NORMAL) )?([A-Za-z0-9_.\-]+):\s*$")


def bugreport_text(data: bytes) -> bool:
    """utf8_text for the parts of a dumpstate text a bug report reader uses: the system properties block
    (up to the next "------ " heading) and the services above (each up to a line of 50 dashes)."""
    kept: list[bytes] = []
    in_service = in_properties = False
    for line in data.split(b"\n"):
        mark = _SERVICE_MARK.match(line.rstrip(b"\r"))
        if mark:
            in_service = mark.group(1) in _BUGREPORT_SERVICES
            continue
        if line.startswith(b"-" * 50):
            in_service = False
            continue
        if line.startswith(b"------ "):
            in_properties = line.startswith(b"------ SYSTEM PROPERTIES")
            continue
        if in_service or in_properties:
            kept.append(line)
    return utf8_text(b"\n".join(kept))
