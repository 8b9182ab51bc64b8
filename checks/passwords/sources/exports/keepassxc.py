"""KeePassXC's CSV export (Database -> Export -> CSV File)."""

from __future__ import annotations

from checks.passwords.sources.exports.formats import CsvFormat

# "Group","Title","Username","Password","URL","Notes" and, since 2.6, "TOTP","Icon","Last Modified","Created"
FORMATS = (
    CsvFormat(
        name_key="passwords.format-keepassxc",
        required=frozenset({"group", "title", "username", "password", "url", "notes"}),
        password="password",
        username="username",
        url="url",
        title="title",
    ),
)
