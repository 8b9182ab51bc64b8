"""What counts as the person's own: known devices, places, networks, sign-in methods and apps.

A baseline comes from the person (a file given with --input known=FILE, or their answers),
from the previous report (what was seen then and not flagged), or — when there is neither —
from the export's own history: the devices, countries and networks behind most of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from checks.sessions.devices import matches
from checks.sessions.places import country_code
from checks.sessions.tally import KeyStats
from cybercheck.errors import ConfigError

SEEN_CODES = ("sessions.seen", "sessions.baseline.assumed")
KINDS = ("device", "place", "network", "method", "app")
SEPARATOR = " | "
USUAL_SHARE = 0.8  # with no other baseline, what covers 80% of the history counts as usual


@dataclass(frozen=True)
class Baseline:
    """The person's own devices, places, networks, methods and apps, and where that came from."""

    origin: str  # "known" (a file), "answers", "previous", "history"
    devices: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    apps: tuple[str, ...] = ()
    anything: tuple[str, ...] = ()  # lines of a known file that did not say what they are
    since: datetime | None = None  # when the previous check ran, for "new since"
    refused: tuple[str, ...] = field(default=())  # what the person said is not theirs

    def knows_device(self, label: str, raw: str = "") -> bool:
        """Whether a device is the person's own."""
        if label.lower() in (d.lower() for d in self.devices):
            return True
        if self.origin == "history" and label == raw:
            # NOTE: a provider's own device list names the device ("iPhone 15 (iOS)") where the history has
            # user agents ("Safari on iPhone"); with only an assumed baseline, the same kind of device counts.
            return bool(platform(label)) and platform(label) in {platform(d) for d in self.devices}
        return any(matches(p, label, raw) for p in (*self.devices, *self.anything) if self.origin != "history")

    def knows_country(self, code: str, place: str = "") -> bool:
        """Whether a country (or a place in it) is one of the person's usual places."""
        for pattern in (*self.places, *self.anything):
            if country_code(pattern) == code or (place and matches(pattern, place)):
                return True
        return False

    def knows_network(self, name: str) -> bool:
        """Whether a network is one the person uses."""
        return any(p.lower() == name.lower() or (self.origin != "history" and matches(p, name))
                   for p in (*self.networks, *self.anything))

    def knows_method(self, value: str, owner: Iterable[str] = ()) -> bool:
        """Whether a recovery address, phone or other method is the person's own."""
        return any(same_method(value, p) for p in (*self.methods, *self.anything, *owner))

    def knows_app(self, name: str) -> bool:
        """Whether the person recognises a connected app."""
        return any(matches(p, name) for p in (*self.apps, *self.anything))


def platform(label: str) -> str:
    """The kind of system a device label names: "iphone", "ipad", "android", "windows", "mac", "linux", ""."""
    lowered = label.lower()
    for word, kind in (("ipad", "ipad"), ("iphone", "iphone"), ("ios", "iphone"), ("android", "android"),
                       ("windows", "windows"), ("mac", "mac"), ("chromeos", "chromeos"), ("linux", "linux")):
        if word in lowered:
            return kind
    return ""


def same_method(value: str, pattern: str) -> bool:
    """An email by address, a phone by its digits (the last six are enough), anything else by words."""
    value, pattern = value.strip().lower(), pattern.strip().lower()
    if "@" in value or "@" in pattern:
        return value == pattern
    digits, wanted = re.sub(r"\D", "", value), re.sub(r"\D", "", pattern)
    if len(digits) >= 6 and len(wanted) >= 6:
        return digits.endswith(wanted[-6:]) or wanted.endswith(digits[-6:])
    return bool(pattern) and matches(pattern, value)


def read_known(path: Path) -> Baseline:
    """A baseline from a known-devices file: one device or place per line, or YAML with lists."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as error:
        raise ConfigError(f"The file of known devices {path} could not be read ({error.strerror}).") from None
    lists: dict[str, list[str]] = {kind: [] for kind in (*KINDS, "")}
    parsed = _yaml_mapping(text)
    if parsed is not None:
        for key, values in parsed.items():
            kind = str(key).lower().rstrip("s")
            kind = "place" if kind in ("countrie", "countrie", "countr", "place", "location") else kind
            for value in values if isinstance(values, list) else [values]:
                lists[kind if kind in KINDS else ""].append(str(value))
    else:
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            kind, _, rest = line.partition(":")
            if kind.strip().lower() in KINDS and rest.strip():
                lists[kind.strip().lower()].append(rest.strip())
            else:
                lists[""].append(line)
    return Baseline(
        origin="known",
        devices=tuple(lists["device"]),
        places=tuple(lists["place"]),
        networks=tuple(lists["network"]),
        methods=tuple(lists["method"]),
        apps=tuple(lists["app"]),
        anything=tuple(lists[""]),
    )


def _yaml_mapping(text: str) -> Mapping[str, object] | None:
    if not re.search(r"^\s*[A-Za-z]+\s*:\s*$", text, re.MULTILINE):
        return None
    from cybercheck.yamldata import load_yaml

    try:
        data = load_yaml(text)
    except Exception:  # noqa: BLE001 - not YAML after all: read it line by line
        return None
    return data if isinstance(data, dict) else None


def from_history(devices: Mapping[str, KeyStats], countries: Mapping[str, KeyStats],
                 networks: Mapping[str, KeyStats]) -> Baseline:
    """The devices, countries and networks behind most of the export's own history."""
    return Baseline(
        origin="history",
        devices=_usual(devices),
        places=_usual(countries),
        networks=_usual(networks),
    )


def _usual(table: Mapping[str, KeyStats]) -> tuple[str, ...]:
    total = sum(s.count for s in table.values())
    chosen: list[str] = []
    covered = 0
    for key, stats in sorted(table.items(), key=lambda kv: -kv[1].count):
        if total and covered / total >= USUAL_SHARE:
            break
        chosen.append(key)
        covered += stats.count
    return tuple(chosen)


def from_report(report: object, check_id: str) -> Baseline | None:
    """The baseline a previous report holds for `check_id`: what it saw, less what it flagged."""
    results = getattr(report, "results", ())
    for reported in results:
        result = getattr(reported, "result", reported)
        if getattr(result, "check_id", None) != check_id:
            continue
        findings = [getattr(f, "finding", f) for f in getattr(reported, "findings", ()) or result.findings]
        seen = next((f for f in findings if f.code in SEEN_CODES and f.evidence), None)
        if seen is None:
            return None
        fields = seen.evidence[0].fields
        flagged: dict[str, set[str]] = {"device": set(), "country code": set(), "network": set(), "method": set()}
        for finding in findings:
            if finding.code in SEEN_CODES:
                continue
            for evidence in finding.evidence:
                for name, values in flagged.items():
                    if name in evidence.fields:
                        values.add(evidence.fields[name])

        def kept(name: str, flagged_by: str) -> tuple[str, ...]:
            return tuple(v for v in split(fields.get(name, "")) if v not in flagged[flagged_by])

        return Baseline(
            origin="previous",
            devices=kept("devices seen", "device"),
            places=kept("countries seen", "country code"),
            networks=kept("networks seen", "network"),
            methods=kept("methods seen", "method"),
            apps=split(fields.get("apps seen", "")),
            since=getattr(result, "finished", None) or getattr(seen.evidence[0], "when", None),
        )
    return None


def split(text: str) -> tuple[str, ...]:
    """The values of a " | "-joined evidence field."""
    return tuple(v.strip() for v in text.split(SEPARATOR.strip()) if v.strip())


def join(values: Iterable[str]) -> str:
    """Values joined for an evidence field (the separator is taken out of each)."""
    return SEPARATOR.join(v.replace("|", "/") for v in values)
