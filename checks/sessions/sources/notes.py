"""What a source could and could not read, kept as data for the check to report."""

from __future__ import annotations

from dataclasses import dataclass, field

from cybercheck.pipeline.words import text


@dataclass
class Notes:
    """Sentences about what a source could not read, and counts of the rows it left out."""

    gaps: list[str] = field(default_factory=list)
    skipped_rows: dict[str, int] = field(default_factory=dict)
    undecoded_rows: dict[str, int] = field(default_factory=dict)
    mistyped_rows: dict[str, int] = field(default_factory=dict)

    def mistyped(self, name: str) -> None:
        """Count one row of `name` that was read although a detail in it was of a type the format never has."""
        self.mistyped_rows[name] = self.mistyped_rows.get(name, 0) + 1

    def undecoded(self, name: str) -> None:
        """Count one row of `name` that was read although some of its bytes were not text."""
        self.undecoded_rows[name] = self.undecoded_rows.get(name, 0) + 1

    def skip(self, name: str) -> None:
        """Count one row of `name` that could not be read."""
        self.skipped_rows[name] = self.skipped_rows.get(name, 0) + 1

    def not_understood(self, name: str, why: str) -> None:
        """Record a file that was there but could not be read as expected."""
        self.gaps.append(text("sessions.file-not-understood", name=name, why=why))

    def summary(self) -> list[str]:
        """Every gap, with counts of unreadable rows."""
        rows = [
            text("sessions.row-skipped" if count == 1 else "sessions.rows-skipped", count=count, name=name)
            for name, count in self.skipped_rows.items()
        ]
        undecoded = self.undecoded_rows.items()
        mangled = [text("sessions.rows-undecoded", count=count, name=name) for name, count in undecoded]
        mistyped = [
            text("sessions.rows-mistyped", count=count, name=name)
            for name, count in self.mistyped_rows.items()
        ]
        return [*self.gaps, *rows, *mangled, *mistyped]
