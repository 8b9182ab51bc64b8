"""Firefox's saved logins export (about:logins -> Export Logins)."""

from __future__ import annotations

from checks.passwords.sources.exports.formats import CsvFormat

# "url","username","password","httpRealm","formActionOrigin","guid",
# "timeCreated","timeLastUsed","timePasswordChanged"
FORMATS = (
    CsvFormat(
        name_key="passwords.format-firefox",
        required=frozenset({"url", "username", "password", "httprealm", "formactionorigin"}),
        password="password",
        username="username",
        url="url",
    ),
)
