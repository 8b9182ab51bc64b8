"""Secrets: kept in the OS keyring or in memory only, and redacted whenever printed."""

from __future__ import annotations

import os
from types import ModuleType

from cybercheck.errors import ConfigError
from cybercheck.pipeline.words import text

KEYRING_SERVICE = "cybercheck"


class Secret:
    """A password or token. Printing or formatting it shows stars; only reveal() gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself: call it only where the protocol needs it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __reduce__(self) -> str:
        raise TypeError("a Secret cannot be pickled or copied to disk")

    def __bool__(self) -> bool:
        return bool(self._value)


def env_name(name: str) -> str:
    """The environment variable that may hold secret `name` (automation only)."""
    return "CYBERCHECK_SECRET_" + name.upper().replace("-", "_")


def without_secrets(environ: dict[str, str]) -> dict[str, str]:
    """The environment with no secret in it, for a process that needs none."""
    prefix = env_name("")
    return {name: value for name, value in environ.items() if not name.startswith(prefix)}


class NoKeyring(ConfigError):
    """No usable keyring on this system."""


class SecretStore:
    """Reads and writes secrets in the OS keyring under the service name "cybercheck"."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def get(self, name: str) -> Secret | None:
        """The secret from the environment variable, else the keyring; None when neither has it."""
        from_env = self._environ.get(env_name(name))
        if from_env:
            return Secret(from_env)
        try:
            value = self._keyring().get_password(KEYRING_SERVICE, name)
        except NoKeyring:
            return None
        except Exception:  # noqa: BLE001 - a locked or broken keyring behaves as an empty one
            return None
        return Secret(value) if value else None

    def set(self, name: str, secret: Secret) -> None:
        """Store a secret; NoKeyring when there is nowhere safe to keep it."""
        keyring = self._keyring()
        try:
            keyring.set_password(KEYRING_SERVICE, name, secret.reveal())
        except Exception as error:  # noqa: BLE001 - any keyring failure means nothing was kept
            raise NoKeyring(
                text("cybercheck.keyring-refused"),
                detail=type(error).__name__,
            ) from None

    def check_keyring(self) -> None:
        """NoKeyring when this computer has no keyring to keep a secret in; nothing else happens."""
        self._keyring()

    def delete(self, name: str) -> bool:
        """Remove a stored secret; False when there was none."""
        import keyring.errors

        try:
            self._keyring().delete_password(KEYRING_SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            return False
        return True

    @staticmethod
    def _keyring() -> ModuleType:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            raise NoKeyring(text("cybercheck.keyring-none"))
        return keyring
