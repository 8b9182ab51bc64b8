"""Stored sign-in tokens: what `cybercheck login` keeps in the keyring, and refreshing them in memory.

The keyring holds one JSON text per service: the access token, the refresh token, when the
access token expires and the OAuth client it belongs to. A check refreshes an expired access
token in memory for its own run only; it never writes the keyring (checks change nothing).
A secret that is not JSON is taken as a bare access token (for automation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cybercheck.errors import DamagedInput, Refused, SourceError
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    import requests

EARLY = 60  # seconds: refresh a token this close to expiry


@dataclass(frozen=True, slots=True)
class ServiceNames:
    """How one service is named to people, and the login command that renews its token."""

    service: str  # "Gmail"
    login: str  # "cybercheck login gmail"


def token_blob(
    response: dict[str, Any], *, now: datetime, client: dict[str, str], previous_refresh: str = ""
) -> Secret:
    """The JSON kept in the keyring, built from a token endpoint's answer."""
    expires_in = response.get("expires_in")
    try:
        expires_at = now.timestamp() + float(expires_in) if expires_in is not None else 0.0
    except (TypeError, ValueError):
        expires_at = 0.0
    blob = {
        "access_token": str(response.get("access_token") or ""),
        "refresh_token": str(response.get("refresh_token") or previous_refresh),
        "expires_at": expires_at,
        "scope": str(response.get("scope") or client.get("scope", "")),
        **{k: v for k, v in client.items() if k != "scope"},
    }
    return Secret(json.dumps(blob))


def _parse(secret: Secret) -> dict[str, Any] | None:
    text = secret.reveal().strip()
    if not text.startswith("{"):
        return None
    try:
        blob = json.loads(text)
    except ValueError:
        return None
    return blob if isinstance(blob, dict) else None


def access_token(
    session: requests.Session, secret: Secret, *, token_url: str, now: datetime, names: ServiceNames
) -> Secret:
    """A usable access token: the stored one while it is valid, else one refreshed in memory."""
    blob = _parse(secret)
    if blob is None:
        return secret
    access = str(blob.get("access_token") or "")
    try:
        expires_at = float(blob.get("expires_at") or 0)
    except (TypeError, ValueError):
        expires_at = 0.0
    if access and (expires_at == 0 or expires_at > now.timestamp() + EARLY):
        return Secret(access)
    refresh = str(blob.get("refresh_token") or "")
    if not refresh:
        raise Refused(
            text("mail.sign-in-expired", service=names.service, login=names.login),
            detail="access token expired and no refresh token stored",
        )
    data = {
        "grant_type": "refresh_token",
        "refresh_token": refresh,
        "client_id": str(blob.get("client_id") or ""),
    }
    if blob.get("client_secret"):
        data["client_secret"] = str(blob["client_secret"])
    if blob.get("scope") and blob.get("send_scope_on_refresh"):
        data["scope"] = str(blob["scope"])
    answer = post_token(session, token_url, data, names=names)
    token = str(answer.get("access_token") or "")
    if not token:
        raise Refused(
            text("mail.sign-in-not-renewed", service=names.service, login=names.login),
            detail=f"token endpoint answered without an access token: {sorted(answer)}",
        )
    return Secret(token)


def post_token(
    session: requests.Session,
    url: str,
    data: dict[str, str],
    *,
    names: ServiceNames,
    allow: tuple[str, ...] = (),
) -> dict[str, Any]:
    """POST to a token endpoint; an OAuth error other than those in `allow` becomes a plain Refused."""
    from cybercheck.net import json_of, request

    try:
        response = request(session, "POST", url, service=names.service, data=data)
    except Refused as error:
        raise Refused(
            text("mail.sign-in-refused", service=names.service, login=names.login),
            detail=error.detail,
        ) from None
    try:
        answer = json_of(response, service=names.service)
    except DamagedInput:
        raise SourceError(
            text("mail.sign-in-answer-unreadable", service=names.service),
            detail=f"HTTP {response.status_code} from the token endpoint, not JSON",
        ) from None
    if not isinstance(answer, dict):
        answer = {}
    code = str(answer.get("error") or "")
    if code and code not in allow:
        raise Refused(
            text(
                "mail.sign-in-refused-because",
                service=names.service,
                error=code.replace("_", " "),
                login=names.login,
            ),
            detail=f"HTTP {response.status_code}: {code}",
        )
    if response.status_code >= 400 and not code:
        raise Refused(
            text("mail.sign-in-refused", service=names.service, login=names.login),
            detail=f"HTTP {response.status_code} from the token endpoint",
        )
    return answer


def bearer_get(
    session: requests.Session, url: str, token: Secret, *, service: str, expired: str, no_permission: str
) -> Any:
    """GET with a bearer token: the JSON body, None on 404; 401 and 403 become Refused with these words."""
    from cybercheck.net import json_of, request

    try:
        response = request(
            session, "GET", url, service=service, headers={"Authorization": f"Bearer {token.reveal()}"}
        )
    except Refused as error:
        plain = expired if error.status == 401 else no_permission
        raise Refused(plain, detail=error.detail, status=error.status) from None
    if response.status_code == 404:
        return None
    return json_of(response, service=service)
