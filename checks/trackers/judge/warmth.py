"""Warmer or colder: whether a tracker's signal got stronger, for finding it by walking about."""

from __future__ import annotations

from collections import deque
from datetime import datetime

from checks.trackers.formats import following_rules


class Warmth:
    """Follows one tracker's signal strength and says, at each reading, warmer, colder or the same.

    Readings are averaged over the last few, since a single reading jumps by several dB; a change
    smaller than data/following.yaml's `warmer_colder_db` counts as the same.
    """

    def __init__(self, window: int = 5, step_db: float | None = None) -> None:
        self.window = window
        self.readings: deque[int] = deque(maxlen=window)
        self.step = float(following_rules()["warmer_colder_db"]) if step_db is None else step_db
        self.said: float | None = None  # the average at the last warmer/colder said
        self.last_heard: datetime | None = None

    def hear(self, rssi: int, when: datetime) -> str | None:
        """Take a reading; "warmer", "colder" or "same" once the average moved or settled, else None."""
        self.readings.append(rssi)
        self.last_heard = when
        if len(self.readings) < self.window:
            return None
        average = sum(self.readings) / len(self.readings)
        if self.said is None:
            self.said = average
            return "same"
        change = average - self.said
        if abs(change) < self.step:
            return None
        self.said = average
        return "warmer" if change > 0 else "colder"

    @property
    def level(self) -> int | None:
        """The latest averaged signal, in whole dBm."""
        return round(sum(self.readings) / len(self.readings)) if self.readings else None

    def silent_for(self, now: datetime) -> float:
        """Seconds since the tracker was last heard (0 if never)."""
        return (now - self.last_heard).total_seconds() if self.last_heard else 0.0
