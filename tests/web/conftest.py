"""Fixtures for the web app tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.helpers import Web, make_web


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    """A signed-in test client."""
    made = make_web(tmp_path)
    made.sign_in()
    yield made
