"""Dashlane's CSV export (credentials.csv, alone or in the zip Dashlane saves)."""

from __future__ import annotations

from checks.passwords.sources.exports.formats import CsvFormat

# username,username2,username3,title,password,note,url,category,otpSecret (or otpUrl)
FORMATS = (
    CsvFormat(
        name_key="passwords.format-dashlane",
        required=frozenset({"username", "username2", "title", "password", "note", "url", "category"}),
        password="password",
        username="username",
        url="url",
        title="title",
        alt_username="username2",
    ),
)
