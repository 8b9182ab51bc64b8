"""Reading indicator sets: the packaged Echap copy, an updated folder, and extra STIX2 files."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from importlib import resources
from pathlib import Path
from typing import Any

from cybercheck.errors import DamagedInput
from cybercheck.indicators.sets import INDEXES, IndicatorSet, Threat, ThreatKind, host_of, normal_hex
from cybercheck.indicators.stix2 import load_stix2, parse_stix2
from cybercheck.pipeline.words import text
from cybercheck.yamldata import load_packaged, load_yaml

PACKAGED = "cybercheck.indicators.data"
FILES = ("ioc.yaml", "watchware.yaml", "samples.csv")
STIX2_FILE = "stalkerware.stix2"  # Echap's set as a STIX2 bundle, fetched beside it by `indicators update`
PACKAGED_VERSION = "echap master a04c5c19 (2026-06-21)"
PACKAGED_DATE = "2026-06-21"
PACKAGED_SOURCE = "packaged with cybercheck"
COMPILED_SET = "packaged-set.json"  # the packaged set as the build (setup.py) made it from the files
ATTRIBUTION = "Stalkerware indicators © Echap (AssoEchap/stalkerware-indicators), CC-BY 4.0"
_HEX = re.compile(r"^[0-9a-f]+$")
# Sites where anyone can publish: a stalkerware download hosted there is matched by its whole
# address, never by the site's name, or every visit to GitHub would look like stalkerware.
SHARED_HOSTS = frozenset(
    {
        "github.com",
        "www.github.com",
        "raw.githubusercontent.com",
        "objects.githubusercontent.com",
        "gitlab.com",
        "bitbucket.org",
        "sourceforge.net",
        "drive.google.com",
        "docs.google.com",
        "play.google.com",
        "dropbox.com",
        "www.dropbox.com",
        "dl.dropboxusercontent.com",
        "mega.nz",
        "www.mediafire.com",
        "mediafire.com",
        "s3.amazonaws.com",
        "t.me",
        "telegram.me",
    }
)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if value.strip():
            yield value.strip()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield str(value)
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
        for item in value:
            if isinstance(item, str) and item.strip():
                yield item.strip()
            elif isinstance(item, int) and not isinstance(item, bool):
                yield str(item)  # NOTE: YAML reads a hash made only of digits as a number


def _certificate(given: str) -> str | None:
    value = normal_hex(given)
    if value.isdigit() and len(value) < 40:
        value = value.zfill(40)  # a SHA-1 of digits only lost its leading zeros as a YAML number
    return value if _HEX.match(value) else None


def _is_ip(given: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(given)
    except ValueError:
        return False
    return True


def parse_echap_yaml(content: str, source: str) -> list[tuple[Threat, dict[str, list[str]]]]:
    """Each entry of an Echap ioc.yaml or watchware.yaml, with its indicators by kind.

    Accepts both `ips` and `ip` under c2, and `distribution` entries that are hosts, IPs or
    web addresses. An entry without `type` takes the kind its file is for (watchware.yaml).
    DamagedInput when the text is not a list of entries.
    """
    import yaml

    try:
        data = load_yaml(content)
    except yaml.YAMLError as error:
        raise DamagedInput(
            text("cybercheck.indicators-file-damaged", name=source), detail=str(error)[:300]
        ) from None
    return echap_entries(data, source)


def echap_entries(data: Any, source: str) -> list[tuple[Threat, dict[str, list[str]]]]:
    """Each entry of an Echap indicator list already parsed (see parse_echap_yaml)."""
    if not isinstance(data, list):
        raise DamagedInput(text("cybercheck.indicators-not-echap", name=source))
    entries = []
    for raw in data:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            continue
        declared = str(raw.get("type") or "").strip().lower()
        if declared in ("watchware", "stalkerware"):
            kind = ThreatKind(declared)
        else:
            kind = ThreatKind.WATCHWARE if "watchware" in source.lower() else ThreatKind.STALKERWARE
        c2: dict[str, Any] = raw["c2"] if isinstance(raw.get("c2"), dict) else {}
        distribution = list(_strings(raw.get("distribution")))
        urls = [d for d in distribution if "://" in d]
        hosts = [h for h in map(host_of, distribution) if h not in SHARED_HOSTS]
        websites = [w for w in map(host_of, _strings(raw.get("websites"))) if w and w not in SHARED_HOSTS]
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
                    "certificates": [c for c in map(_certificate, _strings(raw.get("certificates"))) if c],
                    "domains": [d for d in (host_of(d) for d in _strings(c2.get("domains"))) if d],
                    "websites": websites + [h for h in hosts if h and not _is_ip(h)],
                    "ips": list(_strings(c2.get("ips")))
                    + list(_strings(c2.get("ip")))
                    + [h for h in hosts if h and _is_ip(h)],
                    "urls": urls,
                },
            )
        )
    return entries


def build_set(
    yaml_texts: Iterable[tuple[str, str]], samples_csv: str | None, *, version: str, source: str
) -> IndicatorSet:
    """An IndicatorSet from Echap YAML texts (text, file name) and samples.csv."""
    return _indexed(
        (parse_echap_yaml(content, name) for content, name in yaml_texts),
        samples_csv,
        version=version,
        source=source,
    )


def _indexed(
    lists: Iterable[list[tuple[Threat, dict[str, list[str]]]]],
    samples_csv: str | None,
    *,
    version: str,
    source: str,
) -> IndicatorSet:
    """An IndicatorSet from the entries of Echap's lists and samples.csv."""
    indicators = IndicatorSet(version=version, source=source)
    by_name: dict[str, Threat] = {}
    for entries in lists:
        for threat, values in entries:
            indicators.threats.append(threat)
            for alias in (threat.name, *threat.names):
                by_name.setdefault(alias.lower(), threat)
            for kind, items in values.items():
                index: dict[str, Threat] = getattr(indicators, kind)
                for item in items:
                    index.setdefault(item.lower().rstrip("."), threat)
    if samples_csv:
        add_samples(indicators, samples_csv, by_name)
    if not indicators.threats:
        raise DamagedInput(text("cybercheck.indicators-none-in", source=source))
    return indicators


def add_samples(indicators: IndicatorSet, samples_csv: str, by_name: Mapping[str, Threat]) -> None:
    """Echap's samples.csv: each sample's APK SHA-256 and signing certificate.

    Rows naming an app that is not in the YAML files are skipped: their kind is unknown.
    """
    try:
        header, *rows = list(csv.reader(io.StringIO(samples_csv))) or [[]]
    except csv.Error as error:
        raise DamagedInput(
            text("cybercheck.indicators-file-damaged", name="samples.csv"), detail=str(error)[:300]
        ) from None
    column = {name: n for n, name in enumerate(header)}  # as csv.DictReader: the last of a repeated name

    def cell(row: list[str], name: str) -> str:
        at = column.get(name)
        return row[at] if at is not None and at < len(row) else ""

    for row in rows:
        threat = by_name.get(cell(row, "App").strip().lower())
        if threat is None:
            continue
        digest = normal_hex(cell(row, "SHA256"))
        if len(digest) == 64 and _HEX.match(digest):
            indicators.apk_sha256.setdefault(digest, threat)
        certificate = _certificate(cell(row, "Certificate"))
        if certificate:
            indicators.certificates.setdefault(certificate, threat)
        # NOTE: sample package names are not added: Echap leaves some out of the YAML on purpose
        # (look-alikes of real system packages), and a signing certificate is the stronger sign.


def packaged_texts() -> dict[str, str]:
    """The indicator files shipped inside cybercheck."""
    folder = resources.files(PACKAGED)
    return {name: folder.joinpath(name).read_text(encoding="utf-8") for name in FILES}


def packaged_set() -> IndicatorSet:
    """The indicator set shipped inside cybercheck.

    An installed copy reads the set as the build made it from the files (COMPILED_SET); a source
    checkout, or a damaged compiled copy, makes it from the files.
    """
    compiled = resources.files(PACKAGED).joinpath(COMPILED_SET)
    if compiled.is_file():
        with suppress(ValueError, TypeError, LookupError, OSError):
            return from_compiled(json.loads(compiled.read_text(encoding="utf-8")))
    return packaged_set_from_files()


def packaged_set_from_files() -> IndicatorSet:
    """The indicator set shipped inside cybercheck, made from its files (the lists as JSON where the build wrote it)."""
    lists = [echap_entries(load_packaged(PACKAGED, name), name) for name in ("ioc.yaml", "watchware.yaml")]
    samples = resources.files(PACKAGED).joinpath("samples.csv").read_text(encoding="utf-8")
    return _indexed(lists, samples, version=PACKAGED_VERSION, source=PACKAGED_SOURCE)


def compiled_form(indicators: IndicatorSet) -> dict[str, Any]:
    """A set as JSON data: its threats, and each index as value -> the threat's place among them."""
    place = {id(threat): n for n, threat in enumerate(indicators.threats)}
    return {
        "threats": [
            [t.name, t.kind.value, list(t.names), list(t.websites), t.source] for t in indicators.threats
        ],
        "indexes": {
            name: {value: place[id(threat)] for value, threat in getattr(indicators, name).items()}
            for name in INDEXES
        },
    }


def from_compiled(data: Mapping[str, Any]) -> IndicatorSet:
    """The packaged set from its compiled form (compiled_form); TypeError, ValueError or LookupError when damaged."""
    threats = [
        Threat(str(name), ThreatKind(kind), tuple(map(str, names)), tuple(map(str, websites)), str(source))
        for name, kind, names, websites, source in data["threats"]
    ]
    indicators = IndicatorSet(version=PACKAGED_VERSION, source=PACKAGED_SOURCE, threats=threats)
    for name in INDEXES:
        index: dict[str, Threat] = getattr(indicators, name)
        index.update((str(value), threats[place]) for value, place in data["indexes"][name].items())
    return indicators


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


def companion_file(name: str) -> tuple[Path, str] | None:
    """A file `indicators update` fetched beside Echap's set for an area (ISDi's app flags ...), with its version.

    None when there is no updated copy of it; the area then uses the copy it ships.
    """
    folder = updated_folder()
    stamp = folder / "COMPANIONS"
    if not stamp.is_file() or not (folder / name).is_file():
        return None
    for line in stamp.read_text(encoding="utf-8", errors="replace").splitlines():
        listed, colon, version = line.partition(": ")
        if colon and listed == name:
            return folder / name, version
    return None


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
        indicators = packaged_set()
    else:
        _add_echap_bundle(indicators)
    for path in extra:
        indicators.merge(load_stix2(path))
    return indicators


def _add_echap_bundle(indicators: IndicatorSet) -> None:
    """Merge Echap's STIX2 bundle when `indicators update` fetched one; a damaged one is noted, never fatal."""
    found = companion_file(STIX2_FILE)
    if found is None:
        return
    path, line = found
    downloaded = re.sub(
        r" from \S+", "", line
    )  # the address is in SOURCE.md; the report keeps the date and hash
    try:
        bundle = parse_stix2(
            path.read_bytes(), name=STIX2_FILE, version=f"{STIX2_FILE} {downloaded}", source=str(path)
        )
    except (DamagedInput, OSError):
        indicators.skipped.append(str(text("cybercheck.indicators-bundle-unread", name=STIX2_FILE)))
        return
    # NOTE: Echap's bundle writes every app id as `app:id`, Android packages and iPhone apps alike; its
    # iPhone ids are the ios_bundles of ioc.yaml, already read, so none are taken from the bundle.
    bundle.ios_bundles.clear()
    indicators.merge(bundle)
