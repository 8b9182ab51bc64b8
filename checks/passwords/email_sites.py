"""Whether a saved site is an email inbox (data/email-sites.yaml)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from cybercheck.yamldata import load_yaml


@lru_cache(maxsize=1)
def email_domains() -> frozenset[str]:
    """Every domain that is an email provider's."""
    text = resources.files("checks.passwords").joinpath("data/email-sites.yaml").read_text(encoding="utf-8")
    return frozenset(str(d).lower() for d in load_yaml(text))


def is_email_site(site: str) -> bool:
    """True when `site` is an email provider's domain or under one ("mail.yahoo.com")."""
    name = site.strip().rstrip(".").lower()
    return any(name == d or name.endswith("." + d) for d in email_domains())
