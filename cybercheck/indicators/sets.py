"""Stalkerware and watchware indicators (Echap's YAML and samples.csv), loaded once and matched fast."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum


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
    indicator: str  # "package", "certificate", "apk-sha256", "file-hash", "ios-bundle", "domain", "website", "ip", "url", "process"
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
    urls: dict[str, Threat] = field(default_factory=dict)  # whole addresses, as STIX2 url:value gives them
    file_hashes: dict[str, Threat] = field(default_factory=dict)  # MD5, SHA-1 or SHA-512 of a file
    processes: dict[str, Threat] = field(default_factory=dict)  # running process names (STIX2 process:name)
    skipped: list[str] = field(default_factory=list)  # plain notes on indicators that could not be used

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
            "urls": len(self.urls),
            "file_hashes": len(self.file_hashes),
            "processes": len(self.processes),
        }

    def app(self, package: str) -> IndicatorMatch | None:
        """An Android package name in the set."""
        return _match(self.packages, package.strip().lower(), "package")

    def ios_bundle(self, bundle_id: str) -> IndicatorMatch | None:
        """An iOS bundle id in the set."""
        return _match(self.ios_bundles, bundle_id.strip().lower(), "ios-bundle")

    def certificate(self, sha1: str) -> IndicatorMatch | None:
        """A signing-certificate hash in the set: SHA-1 from Echap, or MD5/SHA-256 from STIX2 (any case, colons allowed)."""
        return _match(self.certificates, normal_hex(sha1), "certificate")

    def apk(self, sha256: str) -> IndicatorMatch | None:
        """An APK file's SHA-256 in the set."""
        return _match(self.apk_sha256, normal_hex(sha256), "apk-sha256")

    def file_hash(self, digest: str) -> IndicatorMatch | None:
        """A file's SHA-256, SHA-1, MD5 or SHA-512 in the set."""
        key = normal_hex(digest)
        return _match(self.apk_sha256, key, "apk-sha256") or _match(self.file_hashes, key, "file-hash")

    def process(self, name: str) -> IndicatorMatch | None:
        """A running process name: a package name in the set, or a STIX2 process:name."""
        key = name.strip().lower()
        return _match(self.packages, key, "package") or _match(self.processes, key, "process")

    def url(self, address: str) -> IndicatorMatch | None:
        """A whole web address in the set, else the domain it points at (see `domain`)."""
        text = address.strip()
        found = _match(self.urls, text.lower(), "url")
        if found:
            return found
        host = host_of(text)
        return self.domain(host) if host else None

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
        """Add every indicator of `other`; entries already present are kept.

        A threat of `other` with the name and kind of one already here is that one (the same app
        listed in two sources), so it is not counted twice and its indicators point to it.
        """
        known = {(t.name.lower(), t.kind): t for t in self.threats}
        same: dict[int, Threat] = {}
        for threat in other.threats:
            existing = known.get((threat.name.lower(), threat.kind))
            if existing is None:
                self.threats.append(threat)
                known[(threat.name.lower(), threat.kind)] = threat
            else:
                same[id(threat)] = existing
        self.skipped.extend(other.skipped)
        for name in INDEXES:
            mine: dict[str, Threat] = getattr(self, name)
            for key, threat in getattr(other, name).items():
                mine.setdefault(key, same.get(id(threat), threat))
        self.version = f"{self.version} + {other.version}"


INDEXES = (
    "packages",
    "ios_bundles",
    "certificates",
    "apk_sha256",
    "domains",
    "websites",
    "ips",
    "urls",
    "file_hashes",
    "processes",
)


def normal_hex(text: str) -> str:
    return text.replace(":", "").replace(" ", "").strip().lower()


def host_of(text: str) -> str:
    """The host name of a web address or a bare host ("https://x.example/a" -> "x.example")."""
    text = text.strip()
    if not any(c in text for c in "/:@?#[ "):
        return text.rstrip(".").lower()  # a bare host, the common case
    from urllib.parse import urlsplit

    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def _match(index: Mapping[str, Threat], key: str, kind: str) -> IndicatorMatch | None:
    threat = index.get(key)
    return IndicatorMatch(threat, kind, key) if threat else None


def _parents(name: str) -> Iterator[str]:
    labels = name.strip().rstrip(".").lower().split(".")
    for start in range(len(labels) - 1):
        yield ".".join(labels[start:])
