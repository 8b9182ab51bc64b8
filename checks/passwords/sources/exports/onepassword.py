"""1Password's CSV export (1Password 8: File -> Export, CSV)."""

from __future__ import annotations

from checks.passwords.sources.exports.formats import CsvFormat

# 1Password 8 writes: Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes
FORMATS = (
    CsvFormat(
        name_key="passwords.format-1password",
        required=frozenset({"title", "url", "username", "password", "otpauth", "favorite", "archived"}),
        password="password",
        username="username",
        url="url",
        title="title",
    ),
)
