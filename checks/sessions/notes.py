"""What a source could and could not read, kept as data for the check to report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Notes:
    """Files a source read, and plain sentences about what it could not read."""

    read: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    skipped_rows: dict[str, int] = field(default_factory=dict)
    undecoded_rows: dict[str, int] = field(default_factory=dict)

    def undecoded(self, name: str) -> None:
        """Count one row of `name` that was read although some of its bytes were not text."""
        self.undecoded_rows[name] = self.undecoded_rows.get(name, 0) + 1

    def skip(self, name: str) -> None:
        """Count one row of `name` that could not be read."""
        self.skipped_rows[name] = self.skipped_rows.get(name, 0) + 1

    def not_understood(self, name: str, why: str) -> None:
        """Record a file that was there but could not be read as expected."""
        self.gaps.append(f"{name} was not understood ({why}), so it was left out; the rest was read.")

    def summary(self) -> list[str]:
        """Every gap, with counts of unreadable rows."""
        rows = [
            f"{count} row{'s' if count != 1 else ''} of {name} could not be read and were left out."
            for name, count in self.skipped_rows.items()
        ]
        from cybercheck.pipeline.words import text

        mangled = [
            str(text("sessions.rows-undecoded", count=count, name=name))
            for name, count in self.undecoded_rows.items()
        ]
        return [*self.gaps, *rows, *mangled]
