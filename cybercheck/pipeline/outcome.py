"""Where a check came from and why it failed: all that finding and loading checks needs of the model.

Kept apart from model.py so that listing checks does not build the whole model.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybercheck.scrub import scrub


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a check failed: a plain sentence first, the technical detail for the appendix."""

    plain: str
    detail: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain", scrub(self.plain))
        object.__setattr__(self, "detail", scrub(self.detail))


@dataclass(frozen=True, slots=True)
class Origin:
    """Which code produced a result: the distribution, its version and how it was found."""

    distribution: str
    version: str
    kind: str = "package"  # "builtin" for cybercheck's own checks, else "package"
