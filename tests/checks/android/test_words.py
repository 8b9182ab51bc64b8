"""Words keys the Android code builds from data (not written as a literal `text("...")` call) all exist."""

from __future__ import annotations

from checks.android import known
from checks.android.judge import accounts, apps, settings
from checks.android.sources import assemble
from cybercheck.pipeline.words import template


def test_every_key_named_in_data_and_tables_has_words() -> None:
    keys = [
        *known.STORES.values(),
        *known.OTHER_STORES.values(),
        *known.PROTECTION_PACKAGES.values(),
        *known.SENSITIVE.values(),
        *assemble.MISSING.values(),
        *apps.MATCHED_BY.values(),
        *(meaning for _, meaning in settings.SCANNING.values()),
        *accounts.MAIN_ACCOUNTS.values(),
    ]
    missing = sorted({key for key in keys if template(key) is None})
    assert not missing, missing
