"""Safari's and the Apple Passwords app's CSV export (File -> Export Passwords)."""

from __future__ import annotations

from checks.passwords.sources.exports.formats import CsvFormat

# Title,URL,Username,Password,Notes,OTPAuth  (older Safari: Title,Url,Username,Password,OTPAuth)
FORMATS = (
    CsvFormat(
        name_key="passwords.format-apple",
        required=frozenset({"title", "url", "username", "password", "otpauth"}),
        forbidden=frozenset({"favorite", "archived", "tags", "group"}),
        password="password",
        username="username",
        url="url",
        title="title",
    ),
)
