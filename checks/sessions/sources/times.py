"""Times in the exports: epoch numbers, ISO forms and Google's wordy form, always in UTC."""

from __future__ import annotations

import re
from datetime import datetime, timezone

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_WORDY = re.compile(
    r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])?\s*(UTC|GMT|Z)?$"
)
_EPOCH_MS = 100_000_000_000  # larger than any epoch in seconds before the year 5000


EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2100, 1, 1, tzinfo=timezone.utc)


def parse_time(value: object) -> datetime | None:
    """A time in UTC from an epoch number or a text form the exports use; None when not a time.

    Times before 2000 or after 2100 are not sign-ins in any export; they are damaged values.
    """
    moment = _parse_time(value)
    return moment if moment is not None and EARLIEST <= moment < LATEST else None


def _parse_time(value: object) -> datetime | None:
    if isinstance(value, bool) or value is None:
        return None
    # NOTE: isdecimal, not isdigit: "¹" is a digit that float() refuses.
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdecimal()):
        try:
            number = float(value)
            if number > _EPOCH_MS:
                number /= 1000
            return datetime.fromtimestamp(number, tz=timezone.utc) if number > 0 else None
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith((" UTC", " GMT")):
        text = text[:-4] + "+00:00"
    elif text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return _wordy_time(value.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _wordy_time(text: str) -> datetime | None:
    """ "Jun 15, 2026, 7:40:10 AM UTC" -> a datetime in UTC."""
    found = _WORDY.match(text)
    if not found:
        return None
    month = _MONTHS.get(found.group(1).lower())
    hour = int(found.group(4))
    if found.group(7):
        hour = hour % 12 + (12 if found.group(7).lower() == "pm" else 0)
    try:
        return datetime(
            int(found.group(3)),
            month or 0,
            int(found.group(2)),
            hour,
            int(found.group(5)),
            int(found.group(6)),
            tzinfo=timezone.utc,
        )
    except ValueError:
        return None
