"""Every reason a look-alike domain is made for has its words: why it was checked, and how many were made."""

from __future__ import annotations

import pytest

from checks.identity.candidates import candidates
from cybercheck.pipeline.words import template


@pytest.mark.parametrize("prefix", ["why", "made"])
def test_every_reason_has_its_words(prefix: str) -> None:
    made = candidates(names=("Jane Doe",), domains=("janedoe.net",)) + candidates(usernames=("sam_example",))
    reasons = {c.reason for c in made}
    assert reasons == {"homoglyph", "typo", "other-ending", "name", "username"}
    assert not [r for r in reasons if template(f"identity.{prefix}-{r}") is None]
