"""The stand-in `adb`: lists a recorded phone and runs `adb shell SCRIPT` against it.

Environment: FAKE_ADB_STATE ("device", "unauthorized", "offline", "none", "two"),
FAKE_DEVICE (the recording), FAKE_BIN (the folder of stand-in phone commands),
FAKE_ADB_DISCONNECT (a section name: the phone goes away once it starts), and
FAKE_ADB_LOG (each invocation is appended there as a JSON line, to count round trips).
Started per call (standin.py), so it imports only what it needs.
"""

import json
import os
import sys


def log(args: list[str]) -> None:
    with open(os.environ["FAKE_ADB_LOG"], "a", encoding="utf-8") as handle:
        handle.write(json.dumps(args) + "\n")


def serial() -> str:
    profile = os.path.join(os.environ.get("FAKE_DEVICE", ""), "profile.json")
    if not os.path.exists(profile):
        return "EMULATOR1"
    with open(profile, encoding="utf-8") as handle:
        return str(json.load(handle)["serial"])


def devices() -> int:
    state = os.environ.get("FAKE_ADB_STATE", "device")
    print("* daemon not running; starting now at tcp:5037")
    print("* daemon started successfully")
    print("List of devices attached")
    if state == "two":
        print(f"{serial()}\tdevice usb:1-1 product:phonex model:Phone_X device:phonex transport_id:1")
        print("SECOND0001\tdevice usb:1-2 product:other model:Other device:other transport_id:2")
    elif state != "none":
        print(f"{serial()}\t{state} usb:1-1 product:phonex model:Phone_X device:phonex transport_id:1")
    print()
    return 0


def shell(script: str) -> int:
    import subprocess

    env = dict(os.environ, PATH=os.environ["FAKE_BIN"] + os.pathsep + os.environ.get("PATH", ""))
    stop = os.environ.get("FAKE_ADB_DISCONNECT")
    process = subprocess.Popen(["sh", "-c", script], stdout=subprocess.PIPE, env=env)
    assert process.stdout is not None
    for line in process.stdout:
        sys.stdout.buffer.write(line)
        if stop and line.startswith(f"@@CYBERCHECK@@ BEGIN {stop}".encode()):
            sys.stdout.buffer.write(b"partial line of outp")
            sys.stdout.flush()
            process.kill()
            process.wait()
            sys.stderr.write("error: closed\n")
            return 1
    return process.wait()


def main(args: list[str]) -> int:
    log(args)
    if args[:1] == ["devices"]:
        return devices()
    if args[:1] == ["-s"]:
        wanted, args = args[1], args[2:]
        if os.environ.get("FAKE_ADB_STATE", "device") not in ("device", "two") or wanted not in (
            serial(),
            "SECOND0001",
        ):
            sys.stderr.write(f"adb: device '{wanted}' not found\n")
            return 1
    if args[:1] == ["shell"]:
        return shell(" ".join(args[1:]))
    sys.stderr.write("adb: unknown command\n")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
