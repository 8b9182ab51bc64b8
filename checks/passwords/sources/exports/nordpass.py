"""NordPass's CSV export (Settings -> Export items)."""

from __future__ import annotations

from checks.passwords.sources.exports.formats import CsvFormat

# name,url,username,password,note,cardholdername,cardnumber,cvc,expirydate,zipcode,folder,...
# (newer exports add additional_urls, pin, type and custom_fields). Folders, notes and cards are
# rows too, with no password.
FORMATS = (
    CsvFormat(
        name_key="passwords.format-nordpass",
        required=frozenset({"name", "url", "username", "password", "note", "cardholdername", "folder"}),
        password="password",
        username="username",
        url="url",
        title="name",
    ),
)
