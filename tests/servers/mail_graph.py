"""A loopback stand-in for Microsoft Graph (inbox rules, mailbox settings, mail folders) and the
Microsoft identity platform's device-code endpoints.

Shapes from the Graph v1.0 reference: messageRule (displayName, sequence, isEnabled,
conditions, actions with recipients {"emailAddress": {"name", "address"}}), collections in
"value" with "@odata.nextLink" for the next page, mailboxSettings.automaticRepliesSetting,
Graph's error body {"error": {"code", "message"}}; device code and token answers and the
authorization_pending / slow_down / expired_token errors from the device-code flow page.
"""

from __future__ import annotations

from typing import Any

from tests.servers.mail_http import Reply, Request

GOOD_TOKEN = "EwBwA8l6BAAU-test-graph-token-19c3"
REFRESH_TOKEN = "M.C107-test-refresh-5d2e"
RSS_ID = "AAMkAGI2TG93AAA="
ARCHIVE_ID = "AAMkAGI2ARCHAAA="
DELETED_ID = "AAMkAGI2DELEAAA="


def recipient(address: str, name: str = "") -> dict[str, Any]:
    """A Graph recipient."""
    return {"emailAddress": {"name": name or address, "address": address}}


def default_rules() -> list[dict[str, Any]]:
    """Two pages' worth of rules: a forward, and security mail moved to RSS Feeds unread."""
    return [
        {
            "id": "AQAAAJ5dZp8=",
            "displayName": "From partner",
            "sequence": 1,
            "isEnabled": True,
            "hasError": False,
            "isReadOnly": False,
            "conditions": {"senderContains": ["bank.example"]},
            "actions": {"forwardTo": [recipient("spy@evil.example", "Alex")], "stopProcessingRules": True},
        },
        {
            "id": "AQAAAJ5dZqA=",
            "displayName": ".",
            "sequence": 2,
            "isEnabled": True,
            "hasError": False,
            "isReadOnly": False,
            "conditions": {"subjectContains": ["sign-in", "security code"]},
            "actions": {"moveToFolder": RSS_ID, "markAsRead": True},
        },
    ]


def graph_error(code: int) -> Reply:
    """Graph's error body for 401, 403, 429 and 5xx."""
    names = {
        401: "InvalidAuthenticationToken",
        403: "ErrorAccessDenied",
        429: "TooManyRequests",
        503: "ServiceNotAvailable",
    }
    body = {
        "error": {
            "code": names.get(code, "generalException"),
            "message": "test",
            "innerError": {"request-id": "r"},
        }
    }
    return Reply(code, body, {"Retry-After": "1"} if code == 429 else {})


class GraphStub:
    """The route function; `rules` are served two per page."""

    def __init__(self, rules: list[dict[str, Any]] | None = None, page_size: int = 1) -> None:
        self.rules = default_rules() if rules is None else rules
        self.page_size = page_size
        self.queued: dict[str, list[Reply]] = {}
        self.folders = {
            RSS_ID: "RSS Feeds",
            ARCHIVE_ID: "Archive",
            DELETED_ID: "Deleted Items",
        }
        self.well_known = {"archive": ARCHIVE_ID, "deleteditems": DELETED_ID, "inbox": "AAMkINBOX="}
        self.replies = {"status": "disabled", "externalAudience": "all"}
        self.next_link_base = ""  # set to send nextLink elsewhere
        self.issued = GOOD_TOKEN
        self.device_polls: list[dict[str, Any]] = []
        self.base = ""

    def __call__(self, request: Request) -> Reply:
        key = request.path.rsplit("/", 1)[-1]
        if self.queued.get(key):
            return self.queued[key].pop(0)
        if request.path.endswith("/devicecode"):
            return Reply(
                200,
                {
                    "device_code": "GMMhmHCXhWEzkobqIHGG_EnNYYsAkukHspeYUk9E8",
                    "user_code": "FTP8DQ7BC",
                    "verification_uri": "https://microsoft.com/devicelogin",
                    "expires_in": 900,
                    "interval": 0,
                    "message": "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FTP8DQ7BC to authenticate.",
                },
            )
        if request.path.endswith("/oauth2/v2.0/token"):
            return self.token(request)
        if request.headers.get("authorization") != f"Bearer {self.issued}":
            return graph_error(401)
        if request.path == "/v1.0/me/mailFolders/inbox/messageRules":
            start = int(request.query.get("$skip", "0"))
            page = self.rules[start : start + self.page_size]
            body: dict[str, Any] = {
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Me/mailFolders('inbox')/messageRules",
                "value": page,
            }
            if start + self.page_size < len(self.rules):
                base = self.next_link_base or self.base
                body["@odata.nextLink"] = (
                    f"{base}/v1.0/me/mailFolders/inbox/messageRules?$skip={start + self.page_size}"
                )
            return Reply(200, body)
        if request.path == "/v1.0/me/mailboxSettings":
            return Reply(
                200,
                {"automaticRepliesSetting": self.replies, "timeZone": "UTC", "language": {"locale": "en-GB"}},
            )
        if request.path.startswith("/v1.0/me/mailFolders/"):
            name = request.path.rsplit("/", 1)[-1]
            folder_id = self.well_known.get(name, name)
            if folder_id not in self.folders and name not in self.well_known:
                return Reply(404, {"error": {"code": "ErrorItemNotFound", "message": "not found"}})
            return Reply(200, {"id": folder_id, "displayName": self.folders.get(folder_id, name)})
        return Reply(404, {"error": {"code": "BadRequest", "message": "unknown"}})

    def token(self, request: Request) -> Reply:
        form = request.form
        if form.get("grant_type") == "refresh_token":
            if form.get("refresh_token") != REFRESH_TOKEN:
                return Reply(400, {"error": "invalid_grant", "error_description": "AADSTS70000"})
            return Reply(200, {"access_token": self.issued, "expires_in": 3600, "token_type": "Bearer"})
        if self.device_polls:
            answer = self.device_polls.pop(0)
            return Reply(400 if "error" in answer else 200, answer)
        return Reply(
            200,
            {
                "access_token": self.issued,
                "refresh_token": REFRESH_TOKEN,
                "expires_in": 3600,
                "token_type": "Bearer",
                "scope": "MailboxSettings.Read",
            },
        )
