"""Downloads newer Echap indicator files and replaces the updated copy only once they parse.

The files are fetched over HTTPS from the endpoint `indicators` (by default the raw files of
AssoEchap/stalkerware-indicators, branch master), parsed in memory, written to a fresh
folder beside `updated_folder()`, read back, and only then swapped in. The copy that was in
use is kept as `<folder>.previous`. Anything that fails leaves the set in use untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from cybercheck.errors import DamagedInput, SourceError, Unreachable
from cybercheck.indicators.load import (
    FILES,
    PACKAGED,
    STIX2_FILE,
    folder_texts,
    load_indicators,
    set_from_texts,
    updated_folder,
)
from cybercheck.indicators.sets import IndicatorSet, ThreatKind
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    import requests

DEFAULT_URL = "https://raw.githubusercontent.com/AssoEchap/stalkerware-indicators/master"
ISDI_URL = "https://raw.githubusercontent.com/stopipv/isdi/main/src/isdi/data/app-flags.csv"
# The errors whose words already say that the indicator list in use was kept (the rest do not).
SAYS_KEPT = frozenset(
    f"cybercheck.indicators-{name}"
    for name in (
        "https-only",
        "not-saved",
        "not-sent",
        "too-much",
        "broke-off",
        "not-text",
        "download-unreadable",
        "download-small",
    )
)
COMPANIONS_FILE = "COMPANIONS"  # one line per companion file: "name: version"
MIN_FLAG_ROWS = 2500  # ISDi's app-flags.csv had 5,777 rows in June 2026; far fewer means it was cut short
MIN_STIX2_INDICATORS = 2000  # Echap's bundle held 5,046 indicators in May 2023, and has grown since


@dataclass(frozen=True, slots=True)
class Companion:
    """A file fetched beside Echap's set for one area's checks, with its source and licence."""

    name: str  # its name in the indicator folder
    path: str  # where it is: after the Echap address, or a whole address (https://...)
    licence_key: str  # its source and licence, in words

    @property
    def licence(self) -> str:
        """Its source and licence."""
        return text(self.licence_key)

    marker: str  # text a good copy begins with (or holds, for rules and bundles)
    packaged: bool = True  # cybercheck ships a copy of it, used until one is downloaded


COMPANIONS = (
    Companion(
        "isdi-app-flags.csv",
        ISDI_URL,
        "cybercheck.indicators-licence-isdi",
        "appId,store,flag,title",
    ),
    Companion(
        "rules.yar",
        "rules.yar",
        "cybercheck.indicators-licence-yara",
        "rule ",
    ),
    Companion(
        STIX2_FILE,
        "generated/stalkerware.stix2",
        "cybercheck.indicators-licence-stix2",
        '"objects"',
        packaged=False,
    ),
)
MAX_BYTES = 32 * 1024**2  # today's files are under 0.5 MB together
MIN_SHARE = 0.5  # a new set with fewer than half the apps of the one in use is refused


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What an update installed: its version, its counts, and where the files are."""

    version: str
    counts: Mapping[str, int]
    folder: Path
    previous: Path | None
    companions: Mapping[str, str]  # file name -> its version, or why the copy in use was kept


def previous_folder(folder: Path | None = None) -> Path:
    """Where the copy replaced by the last update is kept."""
    folder = folder or updated_folder()
    return folder.with_name(folder.name + ".previous")


def update_indicators(
    session: requests.Session,
    base_url: str = DEFAULT_URL,
    *,
    folder: Path | None = None,
    now: datetime | None = None,
    current: IndicatorSet | None = None,
    isdi_url: str = ISDI_URL,
) -> UpdateResult:
    """Download, check and install the newest Echap files; SourceError (nothing changed) on any problem."""
    folder = folder or updated_folder()
    now = now or datetime.now(timezone.utc)
    base_url = base_url.rstrip("/")
    if not base_url.startswith("https://") and not _is_loopback(base_url):
        raise SourceError(
            text("cybercheck.indicators-https-only"),
            detail=f"endpoint {base_url}",
        )
    texts = {name: _download(session, f"{base_url}/{name}", name) for name in FILES}
    digest = hashlib.sha256("".join(texts[n] for n in FILES).encode("utf-8")).hexdigest()
    version = (
        f"echap master, downloaded {now.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC (sha256 {digest[:12]})"
    )
    fresh = _validated(texts, version, current or load_indicators())
    companions = _companions(session, base_url, isdi_url, folder, now)
    staging = folder.with_name(f"{folder.name}.new-{os.getpid()}")
    try:
        _write(staging, texts, version, base_url)
        _write_companions(staging, folder, companions)
        set_from_texts(
            folder_texts(staging), version=version, source=str(staging)
        )  # read back what was written
        previous = _swap(staging, folder)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SourceError(
            text("cybercheck.indicators-not-saved", folder=folder.parent),
            detail=f"{type(error).__name__}: {error.strerror or error}",
        ) from None
    return UpdateResult(
        version=version,
        counts=fresh.counts(),
        folder=folder,
        previous=previous,
        companions={name: line for name, (_, line) in companions.items()},
    )


def _companions(
    session: requests.Session, base_url: str, isdi_url: str, folder: Path, now: datetime
) -> dict[str, tuple[str | None, str]]:
    """name -> (text to write, or None to keep the copy in use; the version line or why it was kept)."""
    found: dict[str, tuple[str | None, str]] = {}
    for companion in COMPANIONS:
        url = isdi_url if companion.path == ISDI_URL else f"{base_url}/{companion.path}"
        try:
            content = _download(session, url, companion.name)
        except SourceError as error:
            found[companion.name] = (None, _kept(folder, companion, error.plain))
            continue
        problem = _companion_problem(companion, content, folder)
        if problem:
            found[companion.name] = (None, _kept(folder, companion, problem))
            continue
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        line = (
            f"downloaded {now.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC from {url} (sha256 {digest[:12]})"
        )
        found[companion.name] = (content, line)
    return found


def _companion_problem(companion: Companion, content: str, folder: Path) -> str | None:
    if companion.name == STIX2_FILE:
        return _bundle_problem(content, folder)
    if companion.name.endswith(".csv"):
        if not content.startswith(companion.marker):
            return text(
                "cybercheck.indicators-companion-columns", name=companion.name, columns=companion.marker
            )
        if content.count("\n") < MIN_FLAG_ROWS:
            return text(
                "cybercheck.indicators-companion-short", name=companion.name, count=content.count("\n")
            )
    elif companion.marker not in content:
        return text("cybercheck.indicators-companion-no-rules", name=companion.name)
    return None


def _bundle_problem(content: str, folder: Path) -> str | None:
    """Why a downloaded STIX2 bundle is not used: unreadable, or far smaller than expected or than the copy in use."""
    from cybercheck.indicators.stix2 import parse_stix2

    try:
        size = indicator_total(parse_stix2(content, name=STIX2_FILE))
    except DamagedInput as error:
        return error.plain
    had = 0
    if (folder / STIX2_FILE).is_file():
        try:
            had = indicator_total(parse_stix2((folder / STIX2_FILE).read_bytes(), name=STIX2_FILE))
        except (DamagedInput, OSError):
            had = 0
    if size < MIN_STIX2_INDICATORS or size < had * MIN_SHARE:
        return str(text("cybercheck.indicators-bundle-small", name=STIX2_FILE, count=size, had=had))
    return None


def indicator_total(indicators: IndicatorSet) -> int:
    """How many indicators a set holds, all kinds together (not counting the apps they point to)."""
    counts = indicators.counts()
    return sum(v for k, v in counts.items() if k not in ("stalkerware", "watchware"))


def _kept(folder: Path, companion: Companion, reason: str) -> str:
    had = _companion_versions(folder).get(companion.name)
    if had:
        return text("cybercheck.indicators-companion-kept", reason=reason, had=had)
    if companion.packaged:
        return text("cybercheck.indicators-companion-packaged-used", reason=reason)
    return str(text("cybercheck.indicators-companion-none", reason=reason))


def _companion_versions(folder: Path) -> dict[str, str]:
    """name -> version line of each companion file in an indicator folder."""
    stamp = folder / COMPANIONS_FILE
    if not stamp.is_file():
        return {}
    versions = {}
    for line in stamp.read_text(encoding="utf-8").splitlines():
        name, colon, version = line.partition(": ")
        if colon and (folder / name).is_file():
            versions[name] = version
    return versions


def _write_companions(staging: Path, current: Path, companions: Mapping[str, tuple[str | None, str]]) -> None:
    """Each fresh companion, or the copy in use (in `current`) when its download failed; their versions and licences."""
    lines, notes = [], []
    for companion in COMPANIONS:
        content, line = companions[companion.name]
        if content is None:
            previous = current / companion.name
            kept = _companion_versions(current).get(companion.name)
            if not previous.is_file() or kept is None:
                continue
            shutil.copyfile(previous, staging / companion.name)
            line = kept
        else:
            (staging / companion.name).write_text(content, encoding="utf-8")
        lines.append(f"{companion.name}: {line}")
        notes.append(f"- {companion.name}: {companion.licence}.")
    if lines:
        (staging / COMPANIONS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
        with (staging / "SOURCE.md").open("a", encoding="utf-8") as source:
            source.write(f"\n{text('cybercheck.indicators-fetched-beside')}\n\n" + "\n".join(notes) + "\n")


def _download(session: requests.Session, url: str, name: str) -> str:
    import requests

    from cybercheck.net import request

    response = request(session, "GET", url, service=text("cybercheck.indicators-service"), stream=True)
    try:
        if response.status_code != 200:
            raise Unreachable(
                text("cybercheck.indicators-not-sent", name=name, status=response.status_code),
                detail=f"HTTP {response.status_code} for {name}",
            )
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_BYTES:
                raise DamagedInput(text("cybercheck.indicators-too-much", name=name))
            chunks.append(chunk)
    except requests.exceptions.RequestException as error:
        raise Unreachable(
            text("cybercheck.indicators-broke-off", name=name),
            detail=f"{type(error).__name__}",
        ) from None
    finally:
        response.close()
    try:
        return b"".join(chunks).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DamagedInput(text("cybercheck.indicators-not-text", name=name)) from None


def _validated(texts: Mapping[str, str], version: str, current: IndicatorSet) -> IndicatorSet:
    try:
        fresh = set_from_texts(texts, version=version, source="download")
    except DamagedInput as error:
        raise DamagedInput(
            text("cybercheck.indicators-download-unreadable"),
            detail=error.plain,
        ) from None
    stalkerware = sum(t.kind is ThreatKind.STALKERWARE for t in fresh.threats)
    had = sum(t.kind is ThreatKind.STALKERWARE for t in current.threats)
    if stalkerware == 0 or not fresh.packages or stalkerware < had * MIN_SHARE:
        raise DamagedInput(
            text("cybercheck.indicators-download-small"),
            detail=f"{stalkerware} stalkerware apps downloaded, {had} in use",
        )
    return fresh


def _write(staging: Path, texts: Mapping[str, str], version: str, base_url: str) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, content in texts.items():
        (staging / name).write_text(content, encoding="utf-8")
    packaged = resources.files(PACKAGED)
    (staging / "LICENSE.txt").write_text(
        packaged.joinpath("LICENSE.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (staging / "SOURCE.md").write_text(
        "# Stalkerware indicators downloaded by `cybercheck indicators update`\n\n"
        "Stalkerware indicators © Echap (AssoEchap/stalkerware-indicators), CC-BY 4.0 — see LICENSE.txt.\n\n"
        f"Downloaded from {base_url}: {', '.join(texts)}.\n",
        encoding="utf-8",
    )
    (staging / "VERSION").write_text(
        version + "\n", encoding="utf-8"
    )  # written last: marks the copy complete


def _swap(staging: Path, folder: Path) -> Path | None:
    previous = previous_folder(folder)
    kept = None
    if folder.exists():
        shutil.rmtree(previous, ignore_errors=True)
        folder.rename(previous)
        kept = previous
    staging.rename(folder)
    return kept


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")
