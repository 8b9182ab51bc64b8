"""Running processes: AndroidQF's processes.json (its collector) and `ps -A` text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checks.android.records import RunningProcess


def parse_processes_json(data: Any) -> Iterator[RunningProcess]:
    """Each process of AndroidQF's collector output (a JSON list of objects); others are skipped."""
    if not isinstance(data, list):
        return
    for item in data:
        if not isinstance(item, dict):
            continue
        command = item.get("command_line")
        name = ""
        if isinstance(command, list) and command and isinstance(command[0], str):
            name = command[0]
        if not name and isinstance(item.get("filename"), str):
            name = item["filename"].strip("()")
        if not name:
            continue
        pid = item.get("pid")
        yield RunningProcess(
            name=name.strip(),
            pid=pid if isinstance(pid, int) else None,
            user=str(item["uid"]) if isinstance(item.get("uid"), int) else None,
        )


def parse_ps(text: str) -> Iterator[RunningProcess]:
    """Each row of `ps -A` (USER PID PPID VSZ RSS WCHAN ADDR S NAME); the header and odd lines are skipped."""
    for line in text.splitlines():
        words = line.split()
        if words and words[0].startswith("u:"):  # an SELinux label first (ps -Z)
            words = words[1:]
        if len(words) < 4 or words[0] == "USER" or not words[1].isdigit():
            continue
        yield RunningProcess(name=words[-1].strip("[]"), pid=int(words[1]), user=words[0])
