"""The password export of Chrome, Edge and other Chromium browsers (Google Password Manager)."""

from __future__ import annotations

from checks.passwords.sources.exports.formats import CsvFormat

# name,url,username,password  and, since 2023, a fifth column: note
FORMATS = (
    CsvFormat(
        name_key="passwords.format-chromium",
        required=frozenset({"name", "url", "username", "password"}),
        forbidden=frozenset(
            {"extra", "grouping", "httprealm", "title", "vault", "type", "cardholdername", "username2"}
        ),
        password="password",
        username="username",
        url="url",
        title="name",
    ),
)
