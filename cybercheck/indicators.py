"""Stalkerware and watchware indicators (Echap's YAML and samples.csv), loaded once and matched fast."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any

from cybercheck.errors import DamagedInput
from cybercheck.yamldata import load_yaml

PACKAGED = "cybercheck.indicators_data"
FILES = ("ioc.yaml", "watchware.yaml", "samples.csv")
PACKAGED_VERSION = "echap master a04c5c19 (2026-06-21)"


class ThreatKind(Enum):
    """Stalkerware is sold for secret spying; watchware is sold openly and can be misused."""

    STALKERWARE = "stalkerware"
    WATCHWARE = "watchware"


@dataclass(frozen=True, slots=True)
class Threat:
    """One product in the indicator set, with every name it is sold under."""

    name: str
    kind: ThreatKind
    names: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    source: str = "Echap stalkerware-indicators"


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    """A value that matched: which threat, what kind of indicator, and the exact indicator."""

    threat: Threat
    indicator: str  # "package", "certificate", "apk-sha256", "ios-bundle", "domain", "website", "ip"
    value: str


@dataclass
class IndicatorSet:
    """Every indicator, indexed by the value it is matched on (lower-cased)."""

    version: str
    source: str
    threats: list[Threat] = field(default_factory=list)
    packages: dict[str, Threat] = field(default_factory=dict)
    ios_bundles: dict[str, Threat] = field(default_factory=dict)
    certificates: dict[str, Threat] = field(default_factory=dict)
    apk_sha256: dict[str, Threat] = field(default_factory=dict)
    domains: dict[str, Threat] = field(default_factory=dict)  # C2 domains
    websites: dict[str, Threat] = field(default_factory=dict)  # where it is sold or distributed
    ips: dict[str, Threat] = field(default_factory=dict)

    def counts(self) -> Mapping[str, int]:
        """How many of each kind of indicator the set holds."""
        return {
            "stalkerware": sum(t.kind is ThreatKind.STALKERWARE for t in self.threats),
            "watchware": sum(t.kind is ThreatKind.WATCHWARE for t in self.threats),
            "packages": len(self.packages),
            "ios_bundles": len(self.ios_bundles),
            "certificates": len(self.certificates),
            "apk_sha256": len(self.apk_sha256),
            "domains": len(self.domains),
            "websites": len(self.websites),
            "ips": len(self.ips),
        }

    def app(self, package: str) -> IndicatorMatch | None:
        """An Android package name in the set."""
        return _match(self.packages, package.strip().lower(), "package")

    def ios_bundle(self, bundle_id: str) -> IndicatorMatch | None:
        """An iOS bundle id in the set."""
        return _match(self.ios_bundles, bundle_id.strip().lower(), "ios-bundle")

    def certificate(self, sha1: str) -> IndicatorMatch | None:
        """A signing-certificate SHA-1 in the set (any case, with or without colons)."""
        return _match(self.certificates, sha1.replace(":", "").strip().lower(), "certificate")

    def apk(self, sha256: str) -> IndicatorMatch | None:
        """An APK file's SHA-256 in the set."""
        return _match(self.apk_sha256, sha256.strip().lower(), "apk-sha256")

    def ip(self, address: str) -> IndicatorMatch | None:
        """A C2 or distribution IP address in the set."""
        return _match(self.ips, address.strip().lower(), "ip")

    def domain(self, name: str) -> IndicatorMatch | None:
        """A domain that is, or is under, a C2 domain or a vendor's website."""
        for candidate in _parents(name):
            if candidate in self.domains:
                return IndicatorMatch(self.domains[candidate], "domain", candidate)
            if candidate in self.websites:
                return IndicatorMatch(self.websites[candidate], "website", candidate)
        return None

    def merge(self, other: IndicatorSet) -> None:
        """Add every indicator of `other`; entries already present are kept."""
        self.threats.extend(other.threats)
        for name in ("packages", "ios_bundles", "certificates", "apk_sha256", "domains", "websites", "ips"):
            mine: dict[str, Threat] = getattr(self, name)
            for key, threat in getattr(other, name).items():
                mine.setdefault(key, threat)
        self.version = f"{self.version} + {other.version}"


def _match(index: Mapping[str, Threat], key: str, kind: str) -> IndicatorMatch | None:
    threat = index.get(key)
    return IndicatorMatch(threat, kind, key) if threat else None


def _parents(name: str) -> Iterator[str]:
    labels = name.strip().rstrip(".").lower().split(".")
    for start in range(len(labels) - 1):
        yield ".".join(labels[start:])


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value.strip()
    elif isinstance(value, Iterable):
        for item in value:
            if isinstance(item, str) and item.strip():
                yield item.strip()


def _is_ip(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def parse_echap_yaml(text: str, source: str) -> list[tuple[Threat, dict[str, list[str]]]]:
    """Each entry of an Echap ioc.yaml or watchware.yaml, with its indicators by kind.

    Accepts both `ips` and `ip` under c2, and `distribution` entries that are hosts or IPs.
    DamagedInput when the text is not a list of entries.
    """
    import yaml

    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        raise DamagedInput(f"The indicator file {source} is damaged.", detail=str(error)[:300]) from None
    if not isinstance(data, list):
        raise DamagedInput(f"The indicator file {source} is not an Echap indicator list.")
    entries = []
    for raw in data:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            continue
        kind = ThreatKind.WATCHWARE if raw.get("type") == "watchware" else ThreatKind.STALKERWARE
        c2: dict[str, Any] = raw["c2"] if isinstance(raw.get("c2"), dict) else {}
        distribution = list(_strings(raw.get("distribution")))
        websites = list(_strings(raw.get("websites")))
        threat = Threat(
            name=raw["name"].strip(),
            kind=kind,
            names=tuple(_strings(raw.get("names"))),
            websites=tuple(websites),
            source=source,
        )
        entries.append(
            (
                threat,
                {
                    "packages": list(_strings(raw.get("packages"))),
                    "ios_bundles": list(_strings(raw.get("ios_bundles"))),
                    "certificates": [c.replace(":", "") for c in _strings(raw.get("certificates"))],
                    "domains": list(_strings(c2.get("domains"))),
                    "websites": websites + [d for d in distribution if not _is_ip(d)],
                    "ips": list(_strings(c2.get("ips"))) + list(_strings(c2.get("ip")))
                    + [d for d in distribution if _is_ip(d)],
                },
            )
        )
    return entries


def build_set(
    yaml_texts: Iterable[tuple[str, str]], samples_csv: str | None, *, version: str, source: str
) -> IndicatorSet:
    """An IndicatorSet from Echap YAML texts (text, file name) and samples.csv."""
    indicators = IndicatorSet(version=version, source=source)
    by_name: dict[str, Threat] = {}
    for text, name in yaml_texts:
        for threat, values in parse_echap_yaml(text, name):
            indicators.threats.append(threat)
            by_name.setdefault(threat.name.lower(), threat)
            for kind, items in values.items():
                index: dict[str, Threat] = getattr(indicators, kind)
                for item in items:
                    index.setdefault(item.lower().rstrip("."), threat)
    if samples_csv:
        for row in csv.DictReader(io.StringIO(samples_csv)):
            digest = (row.get("SHA256") or "").strip().lower()
            named = by_name.get((row.get("App") or "").strip().lower())
            if digest and named:
                indicators.apk_sha256.setdefault(digest, named)
    if not indicators.threats:
        raise DamagedInput(f"The indicator files from {source} hold no indicators.")
    return indicators


def packaged_texts() -> dict[str, str]:
    """The indicator files shipped inside cybercheck."""
    folder = resources.files(PACKAGED)
    return {name: folder.joinpath(name).read_text(encoding="utf-8") for name in FILES}


def folder_texts(folder: Path) -> dict[str, str]:
    """The indicator files in a folder (such as the one `indicators update` fills)."""
    return {name: (folder / name).read_text(encoding="utf-8") for name in FILES if (folder / name).is_file()}


def set_from_texts(texts: Mapping[str, str], *, version: str, source: str) -> IndicatorSet:
    """An IndicatorSet from the Echap files' texts, by file name."""
    yaml_texts = [(texts[n], n) for n in ("ioc.yaml", "watchware.yaml") if n in texts]
    return build_set(yaml_texts, texts.get("samples.csv"), version=version, source=source)


def updated_folder() -> Path:
    """Where `cybercheck indicators update` keeps newer files."""
    from cybercheck.paths import data_dir

    return data_dir() / "indicators"


def load_indicators(extra: Iterable[Path] = ()) -> IndicatorSet:
    """The newest good indicator set: an updated copy if one was downloaded, else the packaged one.

    `extra` names STIX2 bundles (`--iocs`) to add.
    """
    indicators = None
    folder = updated_folder()
    stamp = folder / "VERSION"
    if stamp.is_file():
        try:
            indicators = set_from_texts(
                folder_texts(folder), version=stamp.read_text(encoding="utf-8").strip(), source=str(folder)
            )
        except (DamagedInput, OSError, UnicodeDecodeError):
            indicators = None  # a damaged update never hides the packaged set
    if indicators is None:
        indicators = set_from_texts(packaged_texts(), version=PACKAGED_VERSION, source="packaged with cybercheck")
    for path in extra:
        from cybercheck.stix2 import load_stix2

        indicators.merge(load_stix2(path))
    return indicators
