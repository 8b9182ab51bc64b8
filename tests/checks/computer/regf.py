"""Writes Windows registry hive files (regf) for tests, following the documented on-disk format.

Format: a 4096-byte base block ("regf", sequence numbers, version 1.5, root cell offset,
size of the hive bins, checksum = XOR of its first 127 dwords), then one hive bin ("hbin")
holding cells. A cell is a negative int32 size followed by a record: "nk" key nodes, "lf"
subkey lists, value lists, "vk" values and their data. Offsets count from the first hive bin.
Source: Maxim Suhanov, "Windows registry file format specification"
(github.com/msuhanov/regf), and the structures regipy reads (regipy/structs.py).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

NONE = 0xFFFFFFFF
HBIN_HEADER = 32
REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ = 1, 2, 3, 4, 7


@dataclass
class Key:
    """A registry key to write: its values (str -> REG_SZ, int -> REG_DWORD, list -> REG_MULTI_SZ)."""

    name: str
    values: dict[str, object] = field(default_factory=dict)
    subkeys: list[Key] = field(default_factory=list)

    def child(self, path: str) -> Key:
        """The key at a backslash path below this one, made when missing."""
        key = self
        for part in path.split("\\"):
            found = next((k for k in key.subkeys if k.name.lower() == part.lower()), None)
            if found is None:
                found = Key(part)
                key.subkeys.append(found)
            key = found
        return key


class _Cells:
    def __init__(self) -> None:
        self.data = bytearray()

    def add(self, payload: bytes) -> int:
        size = (len(payload) + 4 + 7) & ~7
        offset = HBIN_HEADER + len(self.data)
        self.data += struct.pack("<i", -size) + payload + b"\x00" * (size - 4 - len(payload))
        return offset

    def patch(self, offset: int, payload: bytes) -> None:
        start = offset - HBIN_HEADER + 4
        self.data[start:start + len(payload)] = payload


def _value_data(value: object) -> tuple[int, bytes]:
    if isinstance(value, (bool, int)):
        return REG_DWORD, struct.pack("<I", int(value) & 0xFFFFFFFF)
    if isinstance(value, list):
        return REG_MULTI_SZ, "".join(f"{v}\x00" for v in value).encode("utf-16-le") + b"\x00\x00"
    if isinstance(value, bytes):
        return REG_BINARY, value
    return REG_SZ, (str(value) + "\x00").encode("utf-16-le")


def _write_key(cells: _Cells, key: Key, parent: int, root: bool) -> int:
    name = key.name.encode("ascii")
    flags = 0x20 | (0x2C if root else 0)
    offset = cells.add(b"nk" + b"\x00" * 74 + name)
    children = [_write_key(cells, child, offset, False) for child in key.subkeys]
    subkey_list = NONE
    if children:
        elements = b"".join(struct.pack("<I", c) + (k.name.encode("ascii")[:4].ljust(4, b"\x00"))
                            for c, k in zip(children, key.subkeys))
        subkey_list = cells.add(b"lf" + struct.pack("<H", len(children)) + elements)
    vk_offsets = []
    for value_name, value in key.values.items():
        kind, data = _value_data(value)
        encoded = value_name.encode("ascii")
        if kind == REG_DWORD:
            size, data_offset = 0x80000004, struct.unpack("<I", data)[0]
        else:
            size, data_offset = len(data), cells.add(data)
        vk_offsets.append(cells.add(b"vk" + struct.pack("<HIIIHH", len(encoded), size, data_offset, kind,
                                                         1 if encoded else 0, 0) + encoded))
    value_list = cells.add(b"".join(struct.pack("<I", v) for v in vk_offsets)) if vk_offsets else NONE
    header = struct.pack(
        "<HQ4sIIIIIIIIIIIII4sHH", flags, 0, b"\x00" * 4, parent, len(children), 0, subkey_list, NONE,
        len(vk_offsets), value_list, NONE, NONE, 0, 0, 0, 0, b"\x00" * 4, len(name), 0,
    )
    cells.patch(offset, b"nk" + header + name)
    return offset


def write_hive(path: Path, root: Key, file_name: str = "SOFTWARE") -> Path:
    """Write `root` and everything below it as a hive file at `path`."""
    cells = _Cells()
    root_offset = _write_key(cells, root, NONE, True)
    size = (HBIN_HEADER + len(cells.data) + 8 + 4095) // 4096 * 4096
    free = size - HBIN_HEADER - len(cells.data)
    body = cells.data + struct.pack("<i", free) + b"\x00" * (free - 4)
    hbin = b"hbin" + struct.pack("<II", 0, size) + b"\x00" * 8 + struct.pack("<Q", 0) + b"\x00" * 4 + body
    base = bytearray(4096)
    base[0:48] = b"regf" + struct.pack("<IIQIIIIIII", 1, 1, 0, 1, 5, 0, 1, root_offset, size, 1)
    base[48:48 + 64] = file_name.encode("utf-16-le")[:64].ljust(64, b"\x00")
    checksum = 0
    for (word,) in struct.iter_unpack("<I", bytes(base[:508])):
        checksum ^= word
    base[508:512] = struct.pack("<I", checksum)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(base) + hbin)
    return path
