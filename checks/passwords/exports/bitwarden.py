"""Bitwarden exports: the CSV of a personal vault or an organisation, and the unencrypted JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checks.passwords.exports.formats import CsvFormat, clip, site_of
from cybercheck.errors import DamagedInput

# Header names from Bitwarden's own CSV exporter (libs/importer, bitwarden-csv-types.ts):
# folder|collections,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp
FORMATS = (
    CsvFormat(
        name="Bitwarden (CSV)",
        required=frozenset({"type", "name", "login_uri", "login_username", "login_password"}),
        password="login_password",
        username="login_username",
        url="login_uri",
        title="name",
        is_login=lambda row: row.get("type", "login").strip().lower() in ("login", ""),
    ),
)

JSON_NAME = "Bitwarden (JSON)"
_LOGIN = 1  # Bitwarden's CipherType.Login


def is_bitwarden_json(data: Any) -> bool:
    """Whether parsed JSON has the shape of a Bitwarden export."""
    return isinstance(data, dict) and ("items" in data or "encrypted" in data)


def json_logins(data: dict[str, Any]) -> Iterator[tuple[int, dict[str, str] | None]]:
    """(position, {site,title,username,password}) per item; None for items that hold no sign-in."""
    if data.get("encrypted") is True or data.get("passwordProtected") is True:
        raise DamagedInput(
            "This Bitwarden export is encrypted, so the passwords in it cannot be read. In Bitwarden, "
            "export again and choose the .json or .csv file format (not the encrypted one); delete "
            "that file once the check is done."
        )
    items = data.get("items")
    if not isinstance(items, list):
        raise DamagedInput("This Bitwarden export has no list of items, so it may be damaged or cut short.")
    for position, item in enumerate(items, start=1):
        login = item.get("login") if isinstance(item, dict) else None
        if not isinstance(login, dict) or item.get("type", _LOGIN) != _LOGIN:
            yield position, None
            continue
        uris = login.get("uris") or []
        first = uris[0] if isinstance(uris, list) and uris and isinstance(uris[0], dict) else {}
        title = _text(item.get("name"))
        yield position, {
            "site": site_of(_text(first.get("uri")), title),
            "title": clip(title),
            "username": clip(_text(login.get("username"))),
            "password": _text(login.get("password"), strip=False),
        }


def _text(value: Any, *, strip: bool = True) -> str:
    if not isinstance(value, str):
        return ""
    return value.strip() if strip else value
