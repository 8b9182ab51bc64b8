"""The provider-neutral records every sessions source yields, before any judgement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import NamedTuple


class EventKind(Enum):
    """What a sign-in record says happened; the value names its words (words.yaml `event-<value>`)."""

    SIGN_IN = "sign-in"  # a successful sign-in or a new session
    ACCESS = "access"  # a device or app used the account (an access log row)
    SESSION = "session"  # a session the provider lists (active or recent)
    FAILED = "failed-sign-in"
    PASSWORD_RESET = "password-reset"
    SIGN_OUT = "sign-out"
    OTHER = "other"


class LoginEvent(NamedTuple):
    """One sign-in, access or session, as the provider recorded it.

    NOTE: a NamedTuple rather than a frozen dataclass: access logs have a million rows, and a
    frozen dataclass costs several microseconds per row to build (object.__setattr__ per field).
    It is just as immutable and typed.
    """

    provider: str  # "Google", "Facebook", ...
    account: str  # the account it belongs to, as the export names it ("" when it does not)
    when: datetime | None  # UTC
    kind: EventKind
    ip: str = ""
    place: str = ""  # the provider's own approximate place in words ("Oslo, Norway"), if any
    country: str = ""  # ISO 3166-1 alpha-2, when the provider gives one
    device: str = ""  # the device or user agent exactly as recorded
    app: str = ""  # app, product or access channel ("Gmail, IMAP")
    active: bool = False  # the provider lists this session as still signed in
    source: str = ""  # the file it came from, inside the export


class MethodKind(Enum):
    """A way to sign in to an account or to get back into it; the value names its words (`method-<value>`)."""

    RECOVERY_EMAIL = "recovery-email"
    RECOVERY_PHONE = "recovery-phone"
    TWO_STEP = "two-step"
    APP_PASSWORD = "app-password"
    TRUSTED_DEVICE = "trusted-device"
    PASSWORD = "password"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class AccountMethod:
    """A recovery address, two-step method, app password or trusted device on an account."""

    provider: str
    account: str
    kind: MethodKind
    value: str  # what identifies it to the person: the address, the last digits, the device name
    detail: str = ""  # the provider's own type name ("microsoftAuthenticatorAuthenticationMethod")
    added: datetime | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class ConnectedApp:
    """A third-party app the account has given access to, with what it may do."""

    provider: str
    account: str
    name: str
    permissions: tuple[str, ...]  # as the provider words them ("read", "directmessages", ...)
    approved: datetime | None = None
    source: str = ""


Record = LoginEvent | AccountMethod | ConnectedApp
