"""Have I Been Pwned's breached-account API (v3): the breaches one email address appears in.

It needs the person's own API key, sent in the `hibp-api-key` header. 404 means the address
was found in no breach; 401 and 403 a key that was not accepted; 429 is retried by the
shared session after the `retry-after` it names.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checks.passwords.records import AccountBreaches, Breach
from cybercheck.errors import DamagedInput, Refused
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    import requests

DEFAULT_URL = "https://haveibeenpwned.com/api/v3"
KEY_PAGE = "https://haveibeenpwned.com/API/Key"


def account_breaches(session: requests.Session, base_url: str, key: Secret, account: str) -> AccountBreaches:
    """Every breach `account` is in; Refused for a key not accepted, Unreachable when HIBP does not answer."""
    from cybercheck.net import json_of, request

    url = f"{base_url}/breachedaccount/{quote(account, safe='')}"
    service = text("passwords.hibp")
    try:
        response = request(
            session,
            "GET",
            url,
            service=service,
            params={"truncateResponse": "false"},
            headers={"hibp-api-key": key.reveal()},
        )
    except Refused as error:
        raise Refused(text("passwords.hibp-key-refused", page=KEY_PAGE), detail=error.detail) from None
    if response.status_code == 404:
        return AccountBreaches(account, ())
    if response.status_code != 200:
        raise DamagedInput(
            text("passwords.hibp-unexpected", account=account),
            detail=f"HTTP {response.status_code}",
        )
    data = json_of(response, service=service)
    if not isinstance(data, list):
        raise DamagedInput(
            text("passwords.hibp-garbled-account", account=account),
            detail="breachedaccount body is not a list",
        )
    return AccountBreaches(account, tuple(breach_of(item) for item in data if isinstance(item, dict)))


def breach_of(item: dict[str, Any]) -> Breach:
    """A Breach from one element of HIBP's JSON array (missing fields take plain defaults)."""
    name = _text(item.get("Name"))
    classes = item.get("DataClasses")
    return Breach(
        name=name,
        title=_text(item.get("Title")) or name,
        domain=_text(item.get("Domain")),
        breach_date=_date(item.get("BreachDate")),
        added=_datetime(item.get("AddedDate")),
        pwn_count=item.get("PwnCount") if isinstance(item.get("PwnCount"), int) else None,
        data_classes=tuple(_text(c) for c in classes if isinstance(c, str))
        if isinstance(classes, list)
        else (),
        verified=item.get("IsVerified", True) is not False,
        fabricated=item.get("IsFabricated") is True,
        spam_list=item.get("IsSpamList") is True,
        sensitive=item.get("IsSensitive") is True,
        malware=item.get("IsMalware") is True,
        stealer_log=item.get("IsStealerLog") is True,
    )


def _text(value: Any) -> str:
    return value.strip()[:200] if isinstance(value, str) else ""


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
