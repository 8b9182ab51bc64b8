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
    folder_texts,
    load_indicators,
    set_from_texts,
    updated_folder,
)
from cybercheck.indicators.sets import IndicatorSet, ThreatKind

if TYPE_CHECKING:
    import requests

DEFAULT_URL = "https://raw.githubusercontent.com/AssoEchap/stalkerware-indicators/master"
SERVICE = "the stalkerware indicator list (Echap)"
MAX_BYTES = 32 * 1024**2  # today's files are under 0.5 MB together
MIN_SHARE = 0.5  # a new set with fewer than half the apps of the one in use is refused


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What an update installed: its version, its counts, and where the files are."""

    version: str
    counts: Mapping[str, int]
    folder: Path
    previous: Path | None


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
) -> UpdateResult:
    """Download, check and install the newest Echap files; SourceError (nothing changed) on any problem."""
    folder = folder or updated_folder()
    now = now or datetime.now(timezone.utc)
    base_url = base_url.rstrip("/")
    if not base_url.startswith("https://") and not _is_loopback(base_url):
        raise SourceError(
            "The indicator list can only be downloaded over a secure (https) connection, so nothing was changed.",
            detail=f"endpoint {base_url}",
        )
    texts = {name: _download(session, f"{base_url}/{name}", name) for name in FILES}
    digest = hashlib.sha256("".join(texts[n] for n in FILES).encode("utf-8")).hexdigest()
    version = (
        f"echap master, downloaded {now.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC (sha256 {digest[:12]})"
    )
    fresh = _validated(texts, version, current or load_indicators())
    staging = folder.with_name(f"{folder.name}.new-{os.getpid()}")
    try:
        _write(staging, texts, version, base_url)
        set_from_texts(
            folder_texts(staging), version=version, source=str(staging)
        )  # read back what was written
        previous = _swap(staging, folder)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SourceError(
            f"The new indicator list could not be saved in {folder.parent}, so the one in use was kept.",
            detail=f"{type(error).__name__}: {error.strerror or error}",
        ) from None
    return UpdateResult(version=version, counts=fresh.counts(), folder=folder, previous=previous)


def _download(session: requests.Session, url: str, name: str) -> str:
    import requests

    from cybercheck.net import request

    response = request(session, "GET", url, service=SERVICE, stream=True)
    try:
        if response.status_code != 200:
            raise Unreachable(
                f"The indicator server did not send {name} (it answered {response.status_code}), "
                "so the indicator list in use was kept.",
                detail=f"HTTP {response.status_code} for {name}",
            )
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_BYTES:
                raise DamagedInput(
                    f"The indicator server sent far more than expected for {name}, so nothing was changed."
                )
            chunks.append(chunk)
    except requests.exceptions.RequestException as error:
        raise Unreachable(
            f"The download of {name} broke off, so the indicator list in use was kept. Try again later.",
            detail=f"{type(error).__name__}",
        ) from None
    finally:
        response.close()
    try:
        return b"".join(chunks).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DamagedInput(
            f"The indicator server sent {name} in a form that is not text, so nothing was changed."
        ) from None


def _validated(texts: Mapping[str, str], version: str, current: IndicatorSet) -> IndicatorSet:
    try:
        fresh = set_from_texts(texts, version=version, source="download")
    except DamagedInput as error:
        raise DamagedInput(
            "The downloaded indicator files could not be read, so the indicator list in use was kept.",
            detail=error.plain,
        ) from None
    stalkerware = sum(t.kind is ThreatKind.STALKERWARE for t in fresh.threats)
    had = sum(t.kind is ThreatKind.STALKERWARE for t in current.threats)
    if stalkerware == 0 or not fresh.packages or stalkerware < had * MIN_SHARE:
        raise DamagedInput(
            "The downloaded indicator list is much smaller than the one in use and may be cut short, "
            "so the one in use was kept.",
            detail=f"{stalkerware} stalkerware apps downloaded, {had} in use",
        )
    return fresh


def _write(staging: Path, texts: Mapping[str, str], version: str, base_url: str) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, text in texts.items():
        (staging / name).write_text(text, encoding="utf-8")
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
