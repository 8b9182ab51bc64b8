"""The stand-in phone: answers the shell commands the adb source runs from a recording folder.

Installed under the names getprop, settings, pm, cmd, dumpsys, ps and ls in a folder put
first on PATH inside the stand-in adb's shell (standin.py), so the real collection script runs
unchanged. FAKE_DEVICE names the recording (see devicegen.write_recording). Started once per
command, so it imports only what it needs.
"""

import os
import sys

RECORDING = os.environ["FAKE_DEVICE"]


def profile(key: str) -> bool:
    import json

    with open(os.path.join(RECORDING, "profile.json"), encoding="utf-8") as handle:
        return bool(json.load(handle)[key])


def out(name: str) -> int:
    try:
        with open(os.path.join(RECORDING, name), "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        print(f"Can't find service: {name}", file=sys.stderr)
        return 1
    sys.stdout.flush()
    sys.stdout.buffer.write(data)  # as a phone does: bytes, whatever they are
    sys.stdout.buffer.flush()
    return 0


def main(command: str, args: list[str]) -> int:
    if command == "getprop":
        return out("getprop.txt")
    if command == "settings" and args[:1] == ["list"] and len(args) == 2:
        return out(f"settings_{args[1]}.txt")
    if command == "pm" and args[:2] == ["list", "packages"]:
        flags = args[2:]
        if "-U" in flags and not profile("pm_uid_flag"):
            print("Error: Unknown option: -U", file=sys.stderr)
            return 1
        for flag, name in (("-s", "pm_s.txt"), ("-d", "pm_d.txt"), ("-3", "pm_3.txt")):
            if flag in flags:
                return out(name)
        return out("pm_list.txt" if "-U" in flags else "pm_list_nouid.txt")
    if command in ("cmd", "pm") and "query-activities" in args:
        if not profile("query_brief"):
            print("Unknown option: --brief", file=sys.stderr)
            return 1
        return out("launcher.txt")
    if command == "dumpsys" and args:
        return out(f"dumpsys_{args[0]}.txt")
    if command == "ps":
        return out("ps.txt")
    if command == "ls":
        paths = [a for a in args if not a.startswith("-")]
        if paths == ["/data/misc/user/0/cacerts-added"]:
            if not os.path.exists(os.path.join(RECORDING, "cacerts.txt")):
                return 1
            return out("cacerts.txt")
        with open(os.path.join(RECORDING, "files.txt"), encoding="utf-8") as handle:
            present = set(handle.read().split())
        found = [p for p in paths if p in present]
        sys.stdout.write("".join(p + "\n" for p in found))
        return 0 if len(found) == len(paths) else 1
    print(f"/system/bin/sh: {command}: inaccessible or not found", file=sys.stderr)
    return 127


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
