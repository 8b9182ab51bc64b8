"""Microsoft work and school accounts: sign-in and recovery methods from Graph (read-only).

`GET /v1.0/me/authentication/methods` lists every method; personal Microsoft accounts are
not supported by Graph, so for those the check explains where to look instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from checks.sessions.records import AccountMethod, MethodKind
from checks.sessions.sources.times import parse_time
from cybercheck.errors import DamagedInput
from cybercheck.net import json_of, request
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    import requests

    from cybercheck.secrets import Secret

PROVIDER = "Microsoft"
SERVICE = "Microsoft Graph"
DEFAULT_BASE = "https://graph.microsoft.com"  # --endpoint graph=URL points elsewhere (a test server)
MAX_PAGES = 20

_KINDS = {
    "phoneAuthenticationMethod": MethodKind.RECOVERY_PHONE,
    "emailAuthenticationMethod": MethodKind.RECOVERY_EMAIL,
    "microsoftAuthenticatorAuthenticationMethod": MethodKind.TWO_STEP,
    "fido2AuthenticationMethod": MethodKind.TWO_STEP,
    "windowsHelloForBusinessAuthenticationMethod": MethodKind.TWO_STEP,
    "softwareOathAuthenticationMethod": MethodKind.TWO_STEP,
    "temporaryAccessPassAuthenticationMethod": MethodKind.TWO_STEP,
    "platformCredentialAuthenticationMethod": MethodKind.TWO_STEP,
    "passwordAuthenticationMethod": MethodKind.PASSWORD,
}
# The words for a method Graph gives no name, address or number for, by its type.
_PLAIN_TYPES = {
    "softwareOathAuthenticationMethod": "sessions.method-authenticator-code",
    "temporaryAccessPassAuthenticationMethod": "sessions.method-temporary-pass",
    "passwordAuthenticationMethod": "sessions.method-password",
}


class NotSupported(Exception):
    """Graph does not list methods for this account (a personal Microsoft account, or no permission)."""


def graph_methods(session: requests.Session, token: Secret, base: str) -> Iterator[AccountMethod]:
    """Every authentication method of the signed-in work or school account."""
    url: str | None = f"{base}/v1.0/me/authentication/methods"
    headers = {"Authorization": f"Bearer {token.reveal()}", "Accept": "application/json"}
    for _ in range(MAX_PAGES):
        if url is None:
            return
        response = request(session, "GET", url, service=SERVICE, headers=headers)
        if response.status_code in (400, 404):
            raise NotSupported(f"HTTP {response.status_code}")
        if response.status_code != 200:
            raise DamagedInput(
                text("sessions.graph-unexpected", service=SERVICE), detail=f"HTTP {response.status_code}"
            )
        body = json_of(response, service=SERVICE)
        if not isinstance(body, Mapping) or not isinstance(body.get("value"), list):
            raise DamagedInput(text("sessions.graph-not-understood", service=SERVICE))
        for item in body["value"]:
            method = method_of(item)
            if method is not None:
                yield method
        next_link = body.get("@odata.nextLink")
        url = next_link if isinstance(next_link, str) and next_link.startswith(base) else None


def method_of(item: Any) -> AccountMethod | None:
    """One Graph authentication method as an AccountMethod; None when it is not one."""
    if not isinstance(item, Mapping):
        return None
    detail = str(item.get("@odata.type", "")).rsplit(".", 1)[-1]
    kind = _KINDS.get(detail, MethodKind.OTHER)
    value = next(
        (
            str(item[k])
            for k in ("phoneNumber", "emailAddress", "displayName", "model", "deviceTag")
            if item.get(k)
        ),
        _plain_type(detail),
    )
    if detail == "phoneAuthenticationMethod" and item.get("phoneType"):
        detail = f"{detail} ({item['phoneType']})"
    return AccountMethod(
        provider=PROVIDER,
        account="",
        kind=kind,
        value=value,
        detail=detail,
        added=parse_time(item.get("createdDateTime") or item.get("creationDateTime")),
        source=f"{SERVICE} /me/authentication/methods",
    )


def _plain_type(detail: str) -> str:
    key = _PLAIN_TYPES.get(detail)
    if key is not None:
        return text(key)
    return detail.replace("AuthenticationMethod", "") or text("sessions.method-unnamed")
