"""Records read from this computer's files, before any judgement."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HostsEntry:
    """One name-to-address line of a hosts file, as written."""

    address: str
    name: str
    line_number: int
    line: str
