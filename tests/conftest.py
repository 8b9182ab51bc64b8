"""Shared test set-up: the needs_server marker, isolated user folders and secrets, a memory keyring."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REQUIRE_SERVERS = os.environ.get("CYBERCHECK_REQUIRE_SERVERS") == "1"
FIXTURES = Path(__file__).parent / "fixtures"


def require_server(name: str, available: bool | None = None) -> None:
    """Skip when a real server program is missing; fail instead in CI (CYBERCHECK_REQUIRE_SERVERS=1)."""
    present = shutil.which(name) is not None if available is None else available
    if present:
        return
    message = f"{name} is not installed here"
    if REQUIRE_SERVERS:
        pytest.fail(f"{message}, and CI requires every real server (CYBERCHECK_REQUIRE_SERVERS=1)")
    pytest.skip(message)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked needs_server("x") runs only where x is installed (and must be, in CI)."""
    for item in items:
        marker = item.get_closest_marker("needs_server")
        if marker is None or not marker.args:
            continue
        name = marker.args[0]
        if shutil.which(name) is None and not REQUIRE_SERVERS:
            item.add_marker(pytest.mark.skip(reason=f"{name} is not installed here"))
        elif shutil.which(name) is None:
            item.user_properties.append(("missing_server", name))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """In CI a missing real server fails the test instead of skipping it."""
    for key, name in item.user_properties:
        if key == "missing_server":
            pytest.fail(f"{name} is not installed, and CI requires every real server (CYBERCHECK_REQUIRE_SERVERS=1)")


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Every test gets empty config, data and cache folders, and no real keyring or endpoint overrides."""
    base = tmp_path_factory.mktemp("user")
    folders = {name: base / name for name in ("config", "data", "cache")}
    for name, path in folders.items():
        path.mkdir()
        monkeypatch.setenv(f"CYBERCHECK_{name.upper()}_DIR", str(path))
    for variable in list(os.environ):
        if variable.startswith(("CYBERCHECK_ENDPOINT_", "CYBERCHECK_SECRET_")) or variable == "CYBERCHECK_PLUGINS":
            monkeypatch.delenv(variable)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    return folders


@pytest.fixture(autouse=True)
def no_secret_held_from_another_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test scrubs only its own secrets: one test's typed "password" must not mask another's words."""
    from cybercheck import scrub

    monkeypatch.setattr(scrub, "_held", set())
    yield


@pytest.fixture
def memory_keyring():  # type: ignore[no-untyped-def]
    """A real keyring backend that keeps everything in memory, set for the test's duration."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            from keyring.errors import PasswordDeleteError

            if (service, username) not in self.store:
                raise PasswordDeleteError(username)
            del self.store[(service, username)]

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
