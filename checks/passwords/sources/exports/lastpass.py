"""LastPass's CSV export (Advanced options -> Export), with or without the newer totp column."""

from __future__ import annotations

from checks.passwords.sources.exports.formats import CsvFormat

# url,username,password,totp,extra,name,grouping,fav  (older exports have no totp column)
# A secure note is a row whose url is "http://sn"; it holds no sign-in.
FORMATS = (
    CsvFormat(
        name_key="passwords.format-lastpass",
        required=frozenset({"url", "username", "password", "extra", "name", "grouping"}),
        password="password",
        username="username",
        url="url",
        title="name",
        is_login=lambda row: row.get("url", "").strip().lower() != "http://sn",
    ),
)
