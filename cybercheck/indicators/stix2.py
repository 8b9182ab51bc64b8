"""STIX2 indicator bundles as MVT uses them (--iocs FILE): single-comparison patterns only.

A bundle's `malware` (or `report`) objects become threats; each `indicator` joins one through
a `relationship` (indicator -> malware) or a report's `object_refs`, else a catch-all threat
named after the file. Patterns of the form `[type:property = 'value']` are read for app ids,
signing-certificate hashes, file hashes, domains, IP addresses, URLs and process names;
anything else (AND/OR expressions, e-mail addresses, file paths) is counted in `skipped`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from cybercheck.errors import DamagedInput
from cybercheck.indicators.sets import IndicatorSet, Threat, ThreatKind, host_of
from cybercheck.pipeline.words import text

MAX_BYTES = 256 * 1024**2
_PATTERN = re.compile(
    r"""^\s*\[\s*(?P<type>[a-z0-9-]+)\s*:\s*(?P<prop>[A-Za-z0-9_.'\- ]+?)\s*=\s*'(?P<value>(?:[^'\\]|\\.)*)'\s*\]\s*$"""
)
# the form nearly every pattern has, read several times faster than by _PATTERN
_SIMPLE = re.compile(r"\[([a-z0-9-]+):([A-Za-z0-9_.-]+) ?= ?'([^'\\]*)'\]")
_HEXDIGITS = re.compile(r"^[0-9a-f]+$")


def load_stix2(path: Path) -> IndicatorSet:
    """The indicators of one STIX2 bundle; DamagedInput when it is not one."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DamagedInput(text("cybercheck.stix2-too-large", name=path.name))
        data = path.read_bytes()
    except OSError as error:
        raise DamagedInput(
            text("cybercheck.stix2-unreadable", name=path.name),
            detail=f"{type(error).__name__}: {error.strerror or error}",
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    return parse_stix2(data, name=path.name, version=f"{path.name} (sha256 {digest[:12]})", source=str(path))


def parse_stix2(
    data: bytes | str, *, name: str, version: str | None = None, source: str | None = None
) -> IndicatorSet:
    """The indicators of a STIX2 bundle given as bytes or text."""
    try:
        decoded = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        bundle = json.loads(decoded)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DamagedInput(text("cybercheck.stix2-not-json", name=name)) from None
    objects = bundle.get("objects") if isinstance(bundle, dict) else None
    if not isinstance(objects, list):
        raise DamagedInput(text("cybercheck.stix2-no-objects", name=name))
    indicators = IndicatorSet(version=version or name, source=source or name)
    found, relationships, owning = [], [], []  # indicators; relationships; malware and reports, in order
    for item in objects:  # one pass sorts them: a bundle holds tens of thousands of objects
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "indicator":
            found.append(item)
        elif kind == "relationship":
            relationships.append(item)
        elif kind in ("malware", "report"):
            owning.append(item)
    owners = _owners(owning, name)
    fallback = Threat(name=f"Indicators from {name}", kind=ThreatKind.STALKERWARE, source=f"{name} (STIX2)")
    membership = _membership(owning, relationships)
    used_fallback = False
    unread = 0
    for item in found:
        threat = owners.get(membership.get(str(item.get("id")), ""))
        if threat is None:
            threat, used_fallback = fallback, True
        if not _add(indicators, str(item.get("pattern") or ""), threat):
            unread += 1
    indicators.threats.extend(owners.values())
    if used_fallback:
        indicators.threats.append(fallback)
    if unread:
        indicators.skipped.append(text("cybercheck.stix2-patterns-unread", count=unread, name=name))
    return indicators


def _owners(owning: list[dict[str, Any]], file_name: str) -> dict[str, Threat]:
    """A threat for each malware or report object, by its id."""
    owners: dict[str, Threat] = {}
    for item in owning:
        words = " ".join(
            str(item.get(k) or "") for k in ("name", "description", "labels", "malware_types")
        ).lower()
        kind = ThreatKind.WATCHWARE if "watchware" in words else ThreatKind.STALKERWARE
        given = item.get("aliases")
        aliases = given if isinstance(given, list) else []
        owners[str(item.get("id"))] = Threat(
            name=str(item.get("name") or "Unnamed entry").strip(),
            kind=kind,
            names=tuple(str(a) for a in aliases if isinstance(a, str)),
            source=f"{file_name} (STIX2)",
        )
    return owners


def _membership(owning: list[dict[str, Any]], relationships: list[dict[str, Any]]) -> Mapping[str, str]:
    """indicator id -> the malware or report id it belongs to: a report's refs first, then relationships."""
    member: dict[str, str] = {}
    for item in owning:
        if item.get("type") == "report" and isinstance(item.get("object_refs"), list):
            for ref in item["object_refs"]:
                member.setdefault(str(ref), str(item.get("id")))
    for item in relationships:
        source, target = str(item.get("source_ref", "")), str(item.get("target_ref", ""))
        if source.startswith("indicator--") and target.startswith(("malware--", "report--")):
            member.setdefault(source, target)
    return member


def _add(indicators: IndicatorSet, pattern: str, threat: Threat) -> bool:
    """File one pattern's value under the right index; False when it cannot be read."""
    simple = _SIMPLE.fullmatch(pattern)
    if simple is not None:  # as _PATTERN reads it, with nothing to unescape
        kind, prop, value = simple.groups()
    else:
        match = _PATTERN.match(pattern)
        if not match:
            return False
        kind, prop = match["type"], match["prop"]
        value = match["value"].replace("\\'", "'").replace("\\\\", "\\")
    value = value.strip()
    if not value:
        return False
    key = f"{kind}:{_property(prop)}"
    index: dict[str, Threat] | None = None
    if key == "domain-name:value":
        value, index = host_of(value), indicators.domains
    elif key in ("ipv4-addr:value", "ipv6-addr:value"):
        value, index = value.lower(), indicators.ips
    elif key == "url:value":
        value, index = value.lower(), indicators.urls
    elif key == "app:id":
        value = value.lower()
        indicators.ios_bundles.setdefault(value, threat)
        index = indicators.packages
    elif key in ("app:cert.md5", "app:cert.sha1", "app:cert.sha256"):
        value, index = _digest(value), indicators.certificates
    elif key == "file:hashes.sha256":
        value, index = _digest(value), indicators.apk_sha256
    elif key in ("file:hashes.md5", "file:hashes.sha1", "file:hashes.sha512"):
        value, index = _digest(value), indicators.file_hashes
    elif key == "process:name":
        value, index = value.lower(), indicators.processes
    if index is None or not value:
        return False
    index.setdefault(value, threat)
    return True


@lru_cache(maxsize=256)
def _property(text: str) -> str:
    """A pattern's property as matched ("hashes.'SHA-256'" -> "hashes.sha256")."""
    return text.replace("'", "").replace("-", "").replace(" ", "").lower()


def _digest(text: str) -> str:
    value = text.replace(":", "").strip().lower()
    return value if _HEXDIGITS.match(value) else ""
