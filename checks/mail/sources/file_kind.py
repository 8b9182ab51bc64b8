"""What kind of file a person gave where an export was expected, from its first bytes and its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from checks.mail.sources.gmail_filter_export import looks_like_filter_export

HEAD = 4096
# (first bytes, kind); kinds name the words "format-<kind>"
_MAGIC = (
    (b"!BDN", "pst"),
    (b"%PDF", "pdf"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
    (b"BEGIN:VCALENDAR", "ics"),
    (b"BEGIN:VCARD", "vcf"),
)
_SUFFIXES = {".mbox": "mbox", ".eml": "eml", ".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}


def file_kind(path: Path) -> str | None:
    """ "zip", "zip-damaged", "gmail-filters", another kind cybercheck names, or None when unknown."""
    if zipfile.is_zipfile(path):
        return "zip"
    with path.open("rb") as handle:
        head = handle.read(HEAD)
    if head.startswith(b"PK\x03\x04"):
        return "zip-damaged"  # a zip that cannot be opened: cut off, or damaged
    if looks_like_filter_export(head):
        return "gmail-filters"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"From ") and b"\n" in stripped:
        return "mbox"
    if stripped[:1] in (b"{", b"["):
        return "json"
    if stripped.lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if stripped.startswith(b"<"):
        return "xml"
    return _SUFFIXES.get(path.suffix.lower())
