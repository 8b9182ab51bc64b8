"""1Password's CSV exports: 1Password 8 (File -> Export, CSV) and the older one with every field as a column."""

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
    # 1Password 7 and older, "All fields": dozens of columns in alphabetical order, among them
    # ainfo, Notes, Password, Type, Title, URL and Username (and an unnamed first column).
    CsvFormat(
        name_key="passwords.format-1password-legacy",
        required=frozenset({"ainfo", "title", "url", "username", "password", "type", "notes"}),
        password="password",
        username="username",
        url="url",
        title="title",
    ),
)
