"""`cybercheck login outlook`: Microsoft's device-code sign-in for Outlook.com and Microsoft 365.

The person opens Microsoft's own sign-in page on any device and types a short code. The app
(client) id is the person's or their organisation's app registration, given with
`--input outlook-client-id=ID` (a "public client" with device code allowed); the tenant is
`common` unless `--input outlook-tenant=...` says otherwise. Permissions asked for are
read-only: MailboxSettings.Read (inbox rules, automatic replies) and Mail.ReadBasic (folder
names, so that "moved to RSS Feeds" can be told apart from an ordinary folder; it cannot read
message bodies).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from checks.mail.sources.oauth_tokens import ServiceNames, access_token, post_token, token_blob
from cybercheck.errors import ConfigError, Refused
from cybercheck.pipeline.check import Input
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    import requests

    from cybercheck.pipeline.context import RunEnv

# NOTE: https://learn.microsoft.com/en-us/graph/api/mailfolder-list-messagerules names
# MailboxSettings.Read as the least privileged permission for inbox rules, personal accounts included.
SCOPES = " ".join(
    (
        "https://graph.microsoft.com/MailboxSettings.Read",
        "https://graph.microsoft.com/Mail.ReadBasic",
        "offline_access",
    )
)
LOGIN_BASE = "https://login.microsoftonline.com"
NAMES = ServiceNames("Microsoft", "cybercheck login outlook")
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def _first(env: RunEnv, name: str) -> str:
    values = env.settings.inputs.get(name) or ()
    return values[0].strip() if values else ""


def _tenant_url(env: RunEnv, tenant: str) -> str:
    return f"{env.endpoint('microsoft-login', LOGIN_BASE)}/{tenant}/oauth2/v2.0"


def graph_access_token(session: requests.Session, secret: Secret, env: RunEnv, now: datetime) -> Secret:
    """The access token to call Graph with, refreshed in memory when the stored one has expired."""
    import json

    tenant = "common"
    with contextlib.suppress(ValueError, AttributeError):
        tenant = str(json.loads(secret.reveal()).get("tenant") or "common")
    return access_token(session, secret, token_url=_tenant_url(env, tenant) + "/token", now=now, names=NAMES)


def sign_in(
    env: RunEnv, say: Callable[[str], None], *, sleep: Callable[[float], None] = time.sleep
) -> Secret:
    """Sign in with a device code and return the token to keep as `outlook-token`."""
    client_id = _first(env, "outlook-client-id")
    if not client_id:
        raise ConfigError(text("mail.outlook-login-no-client"))
    tenant = _first(env, "outlook-tenant") or "common"
    base = _tenant_url(env, tenant)
    flow = post_token(env.http, base + "/devicecode", {"client_id": client_id, "scope": SCOPES}, names=NAMES)
    device_code = str(flow.get("device_code") or "")
    if not device_code:
        raise Refused(text("mail.outlook-login-not-started"))
    say(
        str(flow.get("message") or "")
        or text("mail.outlook-login-code", address=flow.get("verification_uri"), code=flow.get("user_code"))
    )
    interval = _number(flow.get("interval"), 5.0)
    deadline = time.monotonic() + _number(flow.get("expires_in"), 900.0)
    data = {"grant_type": DEVICE_GRANT, "client_id": client_id, "device_code": device_code}
    while time.monotonic() < deadline:
        sleep(interval)
        answer = post_token(
            env.http, base + "/token", data, names=NAMES, allow=("authorization_pending", "slow_down")
        )
        error = answer.get("error")
        if error == "slow_down":
            interval += 5
        elif error is None and answer.get("access_token"):
            client = {
                "client_id": client_id,
                "tenant": tenant,
                "scope": SCOPES,
                "send_scope_on_refresh": "yes",
            }
            return token_blob(answer, now=env.settings.clock(), client=client)
    raise Refused(text("mail.outlook-login-code-expired"))


def _number(value: object, default: float) -> float:
    try:
        return max(0.0, float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


class _Login:
    """The flow `cybercheck login outlook` runs (entry point `outlook`), and the inputs it reads."""

    inputs: ClassVar[tuple[Input, ...]] = (Input("outlook-client-id"), Input("outlook-tenant"))

    def __call__(
        self, env: RunEnv, say: Callable[[str], None], *, sleep: Callable[[float], None] = time.sleep
    ) -> Secret:
        return sign_in(env, say, sleep=sleep)


login = _Login()
