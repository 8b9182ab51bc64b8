"""Every reader of outside data, as the fuzzing harness drives it: its check, its seeds, its oracle.

A reader's seeds are files or folders from the fixtures, the examples and tests/realworld. One
input is a seed with one of its target files mutated (tests/fuzz/mutate.py), handed to the check
the way a person would give it: the file itself, the folder, or the folder zipped (and then
sometimes the zip itself made hostile: duplicate, encrypted, symlink or badly named members).
"""

from __future__ import annotations

import atexit
import importlib
import json
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.fuzz import oracles

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures"
REAL = ROOT / "tests" / "realworld"
EXAMPLES = ROOT / "checks"


@dataclass(frozen=True)
class Seed:
    """A file (layout "file") or a folder whose `targets` are the files mutated, one per input."""

    root: Path
    targets: tuple[str, ...] = ()


Runner = Callable[[Path, bytes], Any]  # (the prepared input, the mutated bytes) -> CheckResult


@dataclass(frozen=True)
class Reader:
    """One reader of outside data, driven through its check."""

    name: str
    check: str  # "module:Class"
    input: str  # the --input name the prepared path is given as
    seeds: tuple[Seed, ...]
    oracle: Callable[[str, bytes], bool]  # (target name, bytes) -> still the format?
    layouts: tuple[str, ...] = ("file",)  # "file", "folder", "zip"
    run: Runner | None = None  # a different way to run the check (servers, stand-ins)
    extra: Mapping[str, str] = field(default_factory=dict)
    expected_gaps: Callable[[], tuple[str, ...]] = tuple  # gaps every run has, not a sign of damage
    # Whether the input was still the format, decided after the run instead of by `oracle` (server faults:
    # whether every question got a true answer in the end).
    after: Callable[[], bool] | None = None
    expected_findings: tuple[
        str, ...
    ] = ()  # finding codes every run has (a phone on adb has developer options on)
    time_limit: float | None = None  # a run past this many seconds is a hang (default: the command's)

    def check_class(self) -> Any:
        module, name = self.check.split(":")
        return getattr(importlib.import_module(module), name)


def _by_suffix(name: str, data: bytes) -> bool:
    lower = name.lower()
    if lower.endswith(".json"):
        return oracles.strict_json(data)
    if lower.endswith(".js"):
        return oracles.x_archive_js(data)
    if lower.endswith(".csv"):
        return oracles.strict_csv(data)
    if lower.endswith(".plist") or ("/" in name and len(name.rsplit("/", 1)[-1]) == 40):
        return oracles.plist(data)
    if lower.endswith(".db"):
        return oracles.sqlite(data)
    return oracles.utf8_text(data)


def _password_export(name: str, data: bytes) -> bool:
    """_by_suffix, except that a CSV line of nothing but spaces is blank: the reader skips such lines,
    and they hold no password to miss."""
    if name.lower().endswith(".csv"):
        return oracles.strict_csv(data, spaces_blank=True)
    return _by_suffix(name, data)


def _or_utf16(oracle: Callable[[str, bytes], bool]) -> Callable[[str, bytes], bool]:
    """`oracle`, except that a file saved again as UTF-16 with its byte-order mark is still the format
    when its text is: the reader decodes it by that mark (as spreadsheets and Notepad save text), so
    nothing is lost. For the readers that do (password exports, WhatsApp chats)."""

    def check(name: str, data: bytes) -> bool:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                data = data.decode("utf-16").encode("utf-8")
            except UnicodeError:
                return False
        return oracle(name, data)

    return check


def _files(root: Path, *patterns: str) -> tuple[str, ...]:
    found = sorted(
        {p.relative_to(root).as_posix() for pattern in patterns for p in root.glob(pattern) if p.is_file()}
    )
    return tuple(found)


def _folder(root: Path, *patterns: str) -> Seed:
    return Seed(root, _files(root, *patterns))


def _file(path: Path) -> Seed:
    return Seed(path, (path.name,))


def _sessions_seed(folder: Path, subfolder: str) -> Seed:
    """A loose fixture folder placed where the export keeps it."""
    return Seed(folder, tuple(f"{subfolder}{p.name}" for p in sorted(folder.iterdir()) if p.is_file()))


# --- readers that need a server or a stand-in --------------------------------------------------


def run_sieve(path: Path, data: bytes) -> Any:
    """mail.sieve with the ManageSieve answer replaced by the mutated script (the transport has its own tests)."""
    from unittest import mock

    from checks.mail.checks import SieveFilters
    from checks.mail.sources import managesieve, sieve
    from cybercheck.testing import run

    def scripts(*_args: object) -> sieve.Scripts:
        return sieve.Scripts((("main", True), ("old", False)), "main", managesieve.script_text(data))

    with (
        mock.patch.object(sieve, "read_scripts", scripts),
        mock.patch("checks.mail.sources.imap_folders.folder_roles", return_value={}),
    ):
        return run(
            SieveFilters,
            inputs={"imap": "127.0.0.1", "imap-user": "sam"},
            secrets={"imap": "pw"},
        )


_GMAIL_SETTINGS = ("filters", "forwardingAddresses", "sendAs", "autoForwarding", "imap", "pop", "vacation")


def gmail_seeds() -> dict[str, bytes]:
    from tests.servers.mail_gmail import default_settings

    return {name: json.dumps(default_settings()[name]).encode() for name in _GMAIL_SETTINGS}


def run_gmail(path: Path, data: bytes) -> Any:
    """mail.gmail against the loopback Gmail stand-in, one setting's body replaced by the mutated bytes."""
    from checks.mail.checks import GmailSettings
    from cybercheck.testing import run
    from tests.servers.mail_gmail import GOOD_TOKEN, GmailStub
    from tests.servers.mail_http import Reply, StubServer

    stub = GmailStub(_quiet_mailbox())
    stub.queued[path.name] = [Reply(200, data, {"Content-Type": "application/json"})]
    with StubServer(stub) as server:
        return run(
            GmailSettings,
            endpoints={"gmail": server.url, "google-oauth": server.url},
            secrets={"gmail-token": GOOD_TOKEN},
            timeout=5.0,
        )


def _quiet_mailbox() -> dict[str, Any]:
    """A mailbox with nothing to report, so that a damaged body is the only thing that can change the result."""
    return {
        "filters": {},
        "forwardingAddresses": {},
        "sendAs": {
            "sendAs": [
                {
                    "sendAsEmail": "sam@gmail.com",
                    "isPrimary": True,
                    "isDefault": True,
                    "replyToAddress": "",
                    "verificationStatus": "accepted",
                }
            ]
        },
        "autoForwarding": {"enabled": False},
        "imap": {"enabled": False},
        "pop": {"accessWindow": "disabled"},
        "vacation": {"enableAutoReply": False},
    }


def gmail_expected_gaps() -> tuple[str, ...]:
    """The gap every personal Gmail account has (delegates cannot be listed by apps)."""
    from cybercheck.pipeline.words import text

    return (str(text("mail.gmail-delegates-gap")),)


def _gmail_oracle(name: str, data: bytes) -> bool:
    return oracles.same_json_shape(gmail_seeds()[name])(data)


def _sieve_seeds() -> tuple[Seed, ...]:
    return tuple(_file(p) for p in sorted((REAL / "mail").glob("*.sieve")))


def _passwords_seeds() -> tuple[Seed, ...]:
    files = [*sorted((FIX / "passwords").glob("*.csv")), *sorted((FIX / "passwords").glob("*.json"))]
    files += [*sorted((REAL / "passwords").glob("*.csv")), *sorted((REAL / "passwords").glob("*.json"))]
    return tuple(_file(p) for p in files if "encrypted" not in p.name)


# --- seeds with nothing to report ---------------------------------------------------------------
# A reader whose every seed holds a finding can never show a damaged input reported clean: the
# finding elsewhere in the input keeps the result "found". These seeds are ordinary inputs, made
# by the generators the area's tests use, so that losing something to damage can end clean.


@lru_cache(maxsize=1)
def _generated() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="cybercheck-fuzz-seeds-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@lru_cache(maxsize=1)
def ordinary_androidqf() -> Path:
    """An AndroidQF acquisition of an ordinary phone (devicegen's base phone), made once per process."""
    from tests.checks.android import devicegen

    folder = devicegen.write_androidqf(devicegen.base_phone(apps=45), _generated() / "androidqf-ordinary")
    info = folder / "acquisition.json"  # the same bytes in every process: not this temporary folder's name
    info.write_text(info.read_text().replace(str(folder), "/home/sam/androidqf/acquisition"))
    return folder


@lru_cache(maxsize=1)
def ordinary_bugreport() -> Path:
    """An unpacked bug report of the same ordinary phone."""
    from tests.checks.android import devicegen

    return devicegen.write_bugreport(devicegen.base_phone(apps=45), _generated() / "bugreport-ordinary")


@lru_cache(maxsize=1)
def ordinary_sweep() -> Path:
    """An hour's sweep with the person's own trackers near them and ordinary devices: no tracker away
    from its owner, following or not."""
    from tests.checks.trackers import sweepgen

    path = _generated() / "sweep-ordinary.jsonl"
    path.write_bytes(b"".join(sweepgen.lines(60, 60, count=40, follower=False, stranger=False)))
    return path


# Every acquisition and bug report is taken with developer options on (AndroidQF and `adb bugreport`
# need USB debugging; a bug report taken on the phone is started from developer options).
DEVELOPER_OPTIONS = ("android.setting.developer-options",)


def _bugreport_oracle(name: str, data: bytes) -> bool:
    """The dumpstate text judged on the parts the reader uses; main_entry.txt as plain text."""
    return oracles.utf8_text(data) if name.endswith("main_entry.txt") else oracles.bugreport_text(data)


def bugreport_expected_gaps() -> tuple[str, ...]:
    """The gaps every bug report has: the reader takes no process list and no search for root tools from it."""
    from cybercheck.pipeline.words import text

    return (str(text("android.missing-processes")), str(text("android.missing-root-binaries")))


def _sessions(sub: str, fixtures: tuple[str, ...], extra: tuple[Seed, ...] = ()) -> tuple[Seed, ...]:
    return tuple(_sessions_seed(FIX / "sessions" / f, sub) for f in fixtures) + extra


def readers() -> dict[str, Reader]:
    """Every reader, by name."""
    sessions_layouts = ("folder", "zip")
    takeout_sub = "Takeout/Access Log Activity/"
    fb = "security_and_login_information/"
    found = [
        Reader(
            "sieve",
            "checks.mail.checks:SieveFilters",
            "script",
            _sieve_seeds(),
            lambda _n, d: oracles.sieve(d),
            run=run_sieve,
        ),
        Reader(
            "takeout-signins",
            "checks.sessions.checks:GoogleSessions",
            "takeout",
            _sessions(
                takeout_sub,
                ("takeout-2019", "takeout-2023", "takeout-2025-referer"),
                (_folder(EXAMPLES / "sessions/examples/takeout", "**/*.csv"),),
            ),
            _by_suffix,
            sessions_layouts,
        ),
        Reader(
            "instagram",
            "checks.sessions.checks:InstagramSessions",
            "instagram",
            _sessions(
                "security_and_login_information/login_and_account_creation/",
                ("instagram-2025", "instagram-de", "instagram-en", "instagram-ko"),
            ),
            _by_suffix,
            sessions_layouts,
        ),
        Reader(
            "facebook",
            "checks.sessions.checks:FacebookSessions",
            "facebook",
            _sessions(
                fb,
                ("facebook-2019", "facebook-v2"),
                (
                    _folder(EXAMPLES / "sessions/examples/facebook", "**/*.json"),
                    _folder(REAL / "sessions/facebook-schemas", "**/*.json"),
                ),
            ),
            _by_suffix,
            sessions_layouts,
        ),
        Reader(
            "x-archive",
            "checks.sessions.checks:XSessions",
            "x",
            _sessions(
                "data/",
                ("x-2019", "x-archive"),
                (_folder(REAL / "sessions/x-archive-twitter-to-sqlite", "**/*.js"),),
            ),
            _by_suffix,
            sessions_layouts,
        ),
        Reader(
            "takeout-mail",
            "checks.mail.checks:TakeoutMail",
            "takeout",
            (
                _folder(EXAMPLES / "mail/examples/takeout", "Takeout/**/*.json"),
                _folder(FIX / "mail/takeout-de", "Takeout/**/*.json"),
                _folder(FIX / "mail/takeout-ordinary", "Takeout/**/*.json"),
            ),
            _by_suffix,
            ("folder", "zip"),
        ),
        Reader(
            "hosts",
            "checks.computer.checks:HostsFile",
            "hosts",
            (
                _file(EXAMPLES / "computer/examples/hosts"),
                *(_file(p) for p in sorted((REAL / "computer").glob("*hosts*")) if p.is_file()),
            ),
            lambda _n, d: oracles.hosts_file(d),
        ),
        Reader(
            "dns-log",
            "checks.network.checks:Traffic",
            "dnslog",
            tuple(_file(p) for p in sorted((FIX / "network").glob("*")) if p.suffix in (".log", ".txt")),
            lambda _n, d: oracles.dns_log(d),
        ),
        Reader(
            "iphone-backup",
            "checks.ios.checks:IphoneBackup",
            "ios",
            (_folder(EXAMPLES / "ios/examples/backup", "*.plist", "*.db", "??/*"),),
            _by_suffix,
            ("folder",),
        ),
        Reader(
            "pcap",
            "checks.network.checks:Traffic",
            "pcap",
            (_file(EXAMPLES / "network/examples/phone-capture.pcapng"),),
            lambda _n, d: oracles.pcap(d),
        ),
        Reader(
            "androidqf",
            "checks.android.checks:AndroidDevice",
            "android",
            (
                _folder(EXAMPLES / "android/examples/androidqf", "*.json"),
                _folder(REAL / "android/mvt-androidqf", "*.json"),
                _folder(ordinary_androidqf(), "*.json", "*.txt"),
            ),
            _by_suffix,
            ("folder", "zip"),
            expected_findings=DEVELOPER_OPTIONS,
        ),
        Reader(
            "passwords",
            "checks.passwords.checks:ReusedPasswords",
            "passwords",
            _passwords_seeds(),
            _or_utf16(_password_export),
        ),
        Reader(
            "gmail-api",
            "checks.mail.checks:GmailSettings",
            "gmail",
            tuple(Seed(Path(n), (n,)) for n in _GMAIL_SETTINGS),
            _gmail_oracle,
            run=run_gmail,
            expected_gaps=gmail_expected_gaps,
        ),
        Reader(
            "bugreport",
            "checks.android.checks:AndroidDevice",
            "android",
            (
                _folder(FIX / "android/bugreport", "*.txt"),
                _folder(REAL / "android/mvt-bugreport", "*.txt"),
                # Not main_entry.txt: damaged or missing, the reader finds the dumpstate text by its name
                # (the one bugreport-*.txt at the top), so its damage loses nothing and would always
                # count as a damaged input reported clean.
                _folder(ordinary_bugreport(), "bugreport-*.txt"),
            ),
            _bugreport_oracle,
            ("zip",),
            expected_gaps=bugreport_expected_gaps,
            expected_findings=DEVELOPER_OPTIONS,
        ),
        Reader(
            "tracker-sweep",
            "checks.trackers.checks:NearbyTrackers",
            "sweep",
            (_file(EXAMPLES / "trackers/examples/sweep.jsonl"), _file(ordinary_sweep())),
            lambda _n, d: oracles.json_lines(d),
        ),
        *_timeline_readers(),
        _server_faults(),
        *_device_readers(),
    ]
    return {r.name: _undamaged_seeds(r) for r in found}


def _undamaged_seeds(reader: Reader) -> Reader:
    """Only targets the oracle accepts as they are (some fixtures are damaged on purpose)."""
    seeds = []
    for seed in reader.seeds:
        targets = tuple(t for t in seed.targets if reader.oracle(t, seed_bytes(reader, seed, t)))
        if targets:
            seeds.append(Seed(seed.root, targets))
    return replace(reader, seeds=tuple(seeds))


def _timeline_readers() -> list[Reader]:
    """timeline.contact, one reader per format it takes (its seeds from tests/realworld/timeline)."""
    check = "checks.timeline.checks:TimelineContact"
    folder = REAL / "timeline"
    return [
        Reader(
            "timeline-whatsapp",
            check,
            "whatsapp",
            tuple(_file(p) for p in sorted((folder / "whatsapp").glob("*.txt"))),
            _or_utf16(lambda _n, d: oracles.utf8_text(d)),
            extra={"about": "Dmitry S"},
        ),
        Reader(
            "timeline-telegram",
            check,
            "telegram",
            tuple(_file(p) for p in sorted((folder / "telegram").glob("*.json"))),
            _by_suffix,
            extra={"about": "x"},
        ),
        Reader(
            "timeline-sms",
            check,
            "sms-backup",
            tuple(_file(p) for p in sorted((folder / "sms").glob("*.xml"))),
            lambda _n, d: oracles.xml(d),
            extra={"about": "x"},
        ),
    ]


def _device_readers() -> list[Reader]:
    """adb output over USB (android.device through the stand-in adb) and the HCI snoop log (trackers.android)."""
    from tests.fuzz import devices

    return [
        Reader(
            "adb-live",
            "checks.android.checks:AndroidDevice",
            "android",
            (Seed(devices.adb_recording(), devices.adb_targets()),),
            devices.adb_answer_oracle,
            run=devices.run_adb,
            expected_gaps=devices.adb_expected_gaps,
            expected_findings=("android.setting.developer-options",),
        ),
        Reader(
            "btsnoop",
            "checks.trackers.checks:AndroidHeardTrackers",
            "android",
            (_file(FIX / "trackers" / "btsnoop" / "btsnoop_hci.log"),),
            lambda _n, d: devices.btsnoop(d),
        ),
    ]


def _server_faults() -> Reader:
    """Every check that asks a server, with a fault chosen at random for each request (server_faults.py)."""
    from tests.fuzz import server_faults

    return Reader(
        "server-faults",
        "tests.fuzz.server_faults:run_faulted",
        "",
        tuple(Seed(Path(name), (name,)) for name in server_faults.TARGETS),
        lambda _n, _d: True,
        run=server_faults.run_faulted,
        after=server_faults.nothing_hidden,
        time_limit=server_faults.TIME_LIMIT,
    )


def seed_bytes(reader: Reader, seed: Seed, target: str) -> bytes:
    """The unmutated bytes of one target."""
    if reader.name == "gmail-api":
        return gmail_seeds()[target]
    if reader.name == "server-faults":
        from tests.fuzz.server_faults import SEED

        return SEED
    if seed.root.is_file():
        return seed.root.read_bytes()
    source = seed.root / target
    if source.exists():
        return source.read_bytes()
    return (seed.root / target.rsplit("/", 1)[-1]).read_bytes()


def seed_members(seed: Seed) -> dict[str, bytes]:
    """Every file of a folder seed, by the name it has in the export (loose fixtures placed as targets say)."""
    members: dict[str, bytes] = {}
    placed = {t.rsplit("/", 1)[-1]: t for t in seed.targets}
    for path in sorted(seed.root.rglob("*")):
        if path.is_file():
            relative = path.relative_to(seed.root).as_posix()
            members[placed.get(relative, relative)] = path.read_bytes()
    return members


def write_tree(members: Mapping[str, bytes], folder: Path) -> None:
    """Lay `members` out under `folder`."""
    if folder.exists():
        shutil.rmtree(folder)
    for name, data in members.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
