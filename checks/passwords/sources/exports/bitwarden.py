"""Bitwarden exports: the CSV of a personal vault or an organisation, and the unencrypted JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checks.passwords.sources.exports.formats import CsvFormat, clip, site_of
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

# Header names from Bitwarden's own CSV exporter (libs/importer, bitwarden-csv-types.ts):
# folder|collections,favorite,type,name,notes,fields,reprompt,
# login_uri,login_username,login_password,login_totp
FORMATS = (
    CsvFormat(
        name_key="passwords.format-bitwarden-csv",
        required=frozenset({"type", "name", "login_uri", "login_username", "login_password"}),
        password="login_password",
        username="login_username",
        url="login_uri",
        title="name",
        is_login=lambda row: row.get("type", "login").strip().lower() in ("login", ""),
    ),
)

JSON_NAME_KEY = "passwords.format-bitwarden-json"
_LOGIN = 1  # Bitwarden's CipherType.Login


def is_bitwarden_json(data: Any) -> bool:
    """Whether parsed JSON has the shape of a Bitwarden export."""
    return isinstance(data, dict) and ("items" in data or "encrypted" in data)


def json_logins(data: dict[str, Any]) -> Iterator[tuple[int, dict[str, str] | None]]:
    """(position, {site,title,username,password}) per item; None for items that hold no sign-in."""
    if data.get("encrypted") is True or data.get("passwordProtected") is True:
        raise DamagedInput(text("passwords.bitwarden-encrypted"))
    items = data.get("items")
    if not isinstance(items, list):
        raise DamagedInput(text("passwords.bitwarden-no-items"))
    for position, item in enumerate(items, start=1):
        login = item.get("login") if isinstance(item, dict) else None
        if not isinstance(login, dict) or item.get("type", _LOGIN) != _LOGIN:
            yield position, None
            continue
        uris = login.get("uris") or []
        first = uris[0] if isinstance(uris, list) and uris and isinstance(uris[0], dict) else {}
        title = _text(item.get("name"))
        yield (
            position,
            {
                "site": site_of(_text(first.get("uri")), title),
                "title": clip(title),
                "username": clip(_text(login.get("username"))),
                "password": _text(login.get("password"), strip=False),
            },
        )


def _text(value: Any, *, strip: bool = True) -> str:
    if not isinstance(value, str):
        return ""
    return value.strip() if strip else value


_TEXT_OR_NULL = (str, type(None))


def odd_item(item: Any) -> bool:
    """Whether an item has a detail the check reads in a form Bitwarden's exporter never writes (its type a
    number, its name and its sign-in's username, password and web addresses text or null)."""
    if not isinstance(item, dict):
        return True
    login = item.get("login")
    kind = item.get("type", _LOGIN)
    if not isinstance(kind, int) or isinstance(kind, bool) or not isinstance(item.get("name"), _TEXT_OR_NULL):
        return True
    if login is None:
        return False
    if not isinstance(login, dict):
        return True
    if any(not isinstance(login.get(key), _TEXT_OR_NULL) for key in ("username", "password")):
        return True
    uris = login.get("uris")
    if uris is None:
        return False
    return not isinstance(uris, list) or any(
        not isinstance(u, dict) or not isinstance(u.get("uri"), _TEXT_OR_NULL) for u in uris
    )
