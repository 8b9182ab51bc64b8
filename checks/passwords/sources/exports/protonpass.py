"""Proton Pass's CSV export (Settings -> Export, CSV)."""

from __future__ import annotations

from typing import Any

from checks.passwords.sources.exports.formats import CsvFormat

# type,name,url,email,username,password,note,totp,createTime,modifyTime,vault  (older exports
# have no email column). Only rows of type "login" are sign-ins; notes, cards and aliases are not.
FORMATS = (
    CsvFormat(
        name_key="passwords.format-protonpass",
        required=frozenset({"type", "name", "url", "username", "password", "note", "vault"}),
        password="password",
        username="username",
        url="url",
        title="name",
        alt_username="email",
        is_login=lambda row: row.get("type", "").strip().lower() == "login",
    ),
)


def is_protonpass_json(data: Any) -> bool:
    """Whether parsed JSON has the shape of Proton Pass's JSON export (`Proton Pass/data.json`)."""
    return isinstance(data, dict) and isinstance(data.get("vaults"), dict) and "items" not in data
