"""Byte mutations of one file, and container mutations of a zip export, from a seeded random source."""

from __future__ import annotations

import io
import random
import stat
import zipfile
from collections.abc import Callable, Mapping

HUGE = 1_100_000  # a single field past every line and field limit of 1 MB
DEEP = 100_000  # nesting far past any real export


def _flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return b"\x00"
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def _byte(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        out[rng.randrange(len(out))] = rng.choice(b"\x00\xff\"',;:{}[]<>\\\n\r\t #=.")
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))] if data else data


def _delete(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, min(64, len(data) - i)) :]


def _insert(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    return data[:i] + junk + data[i:]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 256))
    return data[:j] + data[i:j] * rng.randint(1, 20) + data[j:]


def _huge_field(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice([b"A", b"\xc3\xa9", b" ", b"a,"]) * (HUGE // 2) + data[i:]


def _deep(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    opener, closer = rng.choice(
        [(b"[", b"]"), (b'{"a":', b"}"), (b"<dict>", b"</dict>"), (b"if true {", b"}")]
    )
    closed = rng.random() < 0.5
    return data[:i] + opener * DEEP + (closer * DEEP if closed else b"") + data[i:]


def _encoding(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    choice = rng.randrange(4)
    if choice == 0:
        return text.encode("utf-16")
    if choice == 1:
        return text.encode("utf-16-le")
    if choice == 2:
        return text.encode("latin-1", errors="replace") + "\xe9\xff".encode("latin-1")
    return b"\xef\xbb\xbf\xef\xbb\xbf" + data  # two byte-order marks


def _bad_utf8(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return (
        data[:i]
        + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\\ud800", b"\x00", b"\xe2\x80\xae"])
        + data[i:]
    )


def _long_line(rng: random.Random, data: bytes) -> bytes:
    return data.replace(b"\n", b" ", rng.randint(1, 1000))


BYTE_MUTATIONS: Mapping[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": _flip,
    "byte": _byte,
    "truncate": _truncate,
    "delete": _delete,
    "insert": _insert,
    "duplicate": _duplicate,
    "huge-field": _huge_field,
    "deep-nesting": _deep,
    "encoding": _encoding,
    "bad-utf8": _bad_utf8,
    "long-line": _long_line,
}
# Rare, expensive mutations are picked less often than cheap ones.
_WEIGHTS = {"huge-field": 1, "deep-nesting": 1, "encoding": 2, "long-line": 1}


def mutate_bytes(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """One mutation (or two stacked) of `data`, with its name."""
    names = list(BYTE_MUTATIONS)
    weights = [_WEIGHTS.get(n, 6) for n in names]
    name = rng.choices(names, weights)[0]
    out = BYTE_MUTATIONS[name](rng, data)
    if rng.random() < 0.2:
        second = rng.choices(names, weights)[0]
        out = BYTE_MUTATIONS[second](rng, out)
        name = f"{name}+{second}"
    return name, out


# --- zip containers --------------------------------------------------------------------------


def build_zip(members: Mapping[str, bytes]) -> bytes:
    """A plain zip of `members`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def container_mutation(rng: random.Random, members: Mapping[str, bytes], target: str) -> tuple[str, bytes]:
    """A zip of `members` whose `target` member is made hostile in one of the ways real exports are."""
    kind = rng.choice(["duplicate", "encrypted", "aes", "symlink", "bad-name", "cut-zip"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name != target:
                archive.writestr(name, data)
                continue
            if kind == "duplicate":
                archive.writestr(name, b"")  # an empty first copy, the real one after it
                archive.writestr(name, data)
            elif kind in ("encrypted", "aes"):
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, bytes(rng.randrange(256) for _ in range(len(data) + 12)))
            elif kind == "symlink":
                info = zipfile.ZipInfo(name)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                info.create_system = 3
                archive.writestr(info, b"../../../../etc/passwd")
            else:
                archive.writestr(name, data)
    raw = bytearray(buffer.getvalue())
    encoded = target.encode("utf-8")
    if kind in ("encrypted", "aes"):
        _mark_encrypted(raw, encoded, aes=kind == "aes")
    elif kind == "bad-name":
        _spoil_name(raw, encoded)
    elif kind == "cut-zip":
        raw = raw[: rng.randrange(len(raw))]
    return kind, bytes(raw)


def _headers(raw: bytearray, name: bytes) -> list[tuple[int, int]]:
    """(offset of header, offset of its name) for the local and central headers naming `name`."""
    found = []
    for signature, name_at in ((b"PK\x03\x04", 30), (b"PK\x01\x02", 46)):
        start = 0
        while (at := raw.find(signature, start)) >= 0:
            if raw[at + name_at : at + name_at + len(name)] == name:
                found.append((at, at + name_at))
            start = at + 4
    return found


def _mark_encrypted(raw: bytearray, name: bytes, *, aes: bool) -> None:
    for at, _ in _headers(raw, name):
        flags_at = at + (6 if raw[at + 2] == 3 else 8)
        raw[flags_at] |= 0x01
        if aes:  # compression method 99: WinZip/7-Zip AES
            method_at = flags_at + 2
            raw[method_at : method_at + 2] = (99).to_bytes(2, "little")


def _spoil_name(raw: bytearray, name: bytes) -> None:
    for at, name_at in _headers(raw, name):
        flags_at = at + (6 if raw[at + 2] == 3 else 8)
        raw[flags_at + 1] |= 0x08  # general purpose bit 11: the name is UTF-8
        raw[name_at] = 0xFF  # ... and it is not
