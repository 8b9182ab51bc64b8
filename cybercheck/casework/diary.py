"""The incident diary: the fields police and courts look for (docs/writing.md, "Evidence and the diary").

Entries live in a case (sealed). They export as a printable HTML page and as CSV; both
carry the reminder that the diary may one day be seen by the other person.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import datetime

from cybercheck.pipeline.words import text


@dataclass(frozen=True, slots=True)
class Field:
    """One diary field: its key, and the words keys of its label and of the question asked for it."""

    key: str
    label_key: str
    prompt_key: str
    required: bool = False

    @property
    def label(self) -> str:
        """The field's name, as a column heading."""
        return text(self.label_key)

    @property
    def prompt(self) -> str:
        """The question asked for it."""
        return text(self.prompt_key)


FIELDS: tuple[Field, ...] = (
    Field("date", "cybercheck.diary-date", "cybercheck.diary-date-prompt", required=True),
    Field("time", "cybercheck.diary-time", "cybercheck.diary-time-prompt"),
    Field("place", "cybercheck.diary-place", "cybercheck.diary-place-prompt"),
    Field("what", "cybercheck.diary-what", "cybercheck.diary-what-prompt", required=True),
    Field("links", "cybercheck.diary-links", "cybercheck.diary-links-prompt"),
    Field("evidence", "cybercheck.diary-evidence", "cybercheck.diary-evidence-prompt"),
    Field("witnesses", "cybercheck.diary-witnesses", "cybercheck.diary-witnesses-prompt"),
    Field("reported", "cybercheck.diary-reported", "cybercheck.diary-reported-prompt"),
    Field("feelings", "cybercheck.diary-feelings", "cybercheck.diary-feelings-prompt"),
    Field("daily_life", "cybercheck.diary-daily-life", "cybercheck.diary-daily-life-prompt"),
)
KEYS = tuple(f.key for f in FIELDS)


@dataclass(frozen=True, slots=True)
class DiaryEntry:
    """One incident, with every field as the writer gave it (empty when left out)."""

    date: str
    what: str
    time: str = ""
    place: str = ""
    links: str = ""
    evidence: str = ""
    witnesses: str = ""
    reported: str = ""
    feelings: str = ""
    daily_life: str = ""
    written: str = ""  # when the entry was written (UTC), which gives it weight as a contemporaneous note

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> DiaryEntry:
        """An entry from stored or typed values; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in values.items() if k in known})

    def as_dict(self) -> dict[str, str]:
        """The entry as plain data for the case."""
        return asdict(self)


def new_entry(values: Mapping[str, str], *, written: datetime) -> DiaryEntry:
    """An entry from typed values, with the time it was written; ValueError naming a missing field."""
    cleaned = {k: (values.get(k) or "").strip() for k in KEYS}
    for f in FIELDS:
        if f.required and not cleaned[f.key]:
            raise ValueError(f.label)
    return DiaryEntry.from_mapping({**cleaned, "written": written.strftime("%Y-%m-%d %H:%M UTC")})


def to_csv(entries: Iterable[DiaryEntry]) -> str:
    """The diary as CSV: a header row of labels, one row per entry, the reminder in the last row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f.label for f in FIELDS] + [text("cybercheck.diary-written")])
    for entry in entries:
        row = [getattr(entry, f.key) for f in FIELDS] + [entry.written]
        writer.writerow([_safe_cell(v) for v in row])
    writer.writerow([f"{text('cybercheck.diary-note')} {text('cybercheck.diary-reminder')}"])
    return buffer.getvalue()


def _safe_cell(value: str) -> str:
    # NOTE: a leading = + - @ makes spreadsheets run the cell as a formula (OWASP "CSV injection").
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_html(entries: Iterable[DiaryEntry], *, case: str | None = None) -> str:
    """The diary as one self-contained printable page (no scripts, no external files)."""
    e = html.escape
    rows = []
    for number, entry in enumerate(entries, start=1):
        cells = "".join(
            f"<tr><th scope='row'>{e(f.label)}</th><td>{e(getattr(entry, f.key)) or '&mdash;'}</td></tr>"
            for f in FIELDS
        )
        heading = text("cybercheck.diary-entry-heading", number=number, date=entry.date, time=entry.time)
        written = text("cybercheck.diary-written-at", when=entry.written)
        rows.append(
            f"<section><h2>{e(heading)}</h2><table>{cells}</table><p class='meta'>{e(written)}</p></section>"
        )
    title = e(text("cybercheck.diary-title-case", case=case) if case else text("cybercheck.diary-title"))
    body = "\n".join(rows) or f"<p>{e(text('cybercheck.diary-empty'))}</p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 0 auto; padding: 1rem; color: #111; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
th {{ width: 14rem; background: #f2f2f2; }} .note {{ border: 2px solid #8a5a00; padding: .5rem; background: #fff6e0; }}
section {{ break-inside: avoid; margin: 1.5rem 0; }} .meta {{ color: #444; font-size: .9em; }}
@media print {{ body {{ max-width: none; font-size: 11pt; }} }}
</style></head><body>
<h1>{title}</h1>
<p class="note" role="note">{e(text("cybercheck.diary-reminder"))}</p>
<p>{e(text("cybercheck.diary-helps-not-needed"))}</p>
{body}
</body></html>
"""
