"""A loopback stand-in for the Gmail API settings endpoints and Google's OAuth endpoints.

Shapes from the Gmail API reference (users.settings.*: filters.list answers {"filter": [...]}
and leaves the key out when there are none; forwardingAddresses.list, sendAs.list,
getAutoForwarding, getImap, getPop, getVacation) and Google's error bodies: the legacy
"errors" list and the newer "status" field, with WWW-Authenticate on 401/403.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import urlencode

from tests.servers.mail_http import Reply, Request

GOOD_TOKEN = "ya29.a0-test-access-token-4f1c2e9b"
REFRESH_TOKEN = "1//0g-test-refresh-token-77aa"
PREFIX = "/gmail/v1/users/me/settings/"


def default_settings() -> dict[str, Any]:
    """A mailbox with one forwarding filter, one hiding filter, and forwarding set up."""
    return {
        "filters": {
            "filter": [
                {
                    "id": "ANe1BmjA",
                    "criteria": {"from": "bank.example"},
                    "action": {"forward": "spy@evil.example"},
                },
                {
                    "id": "ANe1BmjB",
                    "criteria": {"query": "security alert", "excludeChats": True},
                    "action": {"addLabelIds": ["TRASH"], "removeLabelIds": ["INBOX", "UNREAD"]},
                },
            ]
        },
        "autoForwarding": {"enabled": True, "emailAddress": "spy@evil.example", "disposition": "trash"},
        "forwardingAddresses": {
            "forwardingAddresses": [
                {"forwardingEmail": "spy@evil.example", "verificationStatus": "accepted"},
                {"forwardingEmail": "other@evil.example", "verificationStatus": "pending"},
            ]
        },
        "sendAs": {
            "sendAs": [
                {
                    "sendAsEmail": "sam@gmail.com",
                    "displayName": "Sam",
                    "replyToAddress": "",
                    "isPrimary": True,
                    "isDefault": True,
                    "verificationStatus": "accepted",
                },
                {
                    "sendAsEmail": "sam@work.example",
                    "replyToAddress": "replies@evil.example",
                    "isPrimary": False,
                    "smtpMsa": {
                        "host": "smtp.evil.example",
                        "port": 587,
                        "username": "u",
                        "securityMode": "starttls",
                    },
                    "verificationStatus": "accepted",
                },
            ]
        },
        "imap": {"enabled": True, "autoExpunge": True, "expungeBehavior": "archive", "maxFolderSize": 0},
        "pop": {"accessWindow": "allMail", "disposition": "leaveInInbox"},
        "vacation": {"enableAutoReply": False, "responseSubject": "", "restrictToContacts": False},
    }


def google_error(code: int) -> Reply:
    """Google's error body for 401 (expired token) or 403 (missing scope)."""
    if code == 401:
        body = {
            "error": {
                "code": 401,
                "message": "Request had invalid authentication credentials.",
                "errors": [{"message": "Invalid Credentials", "domain": "global", "reason": "authError"}],
                "status": "UNAUTHENTICATED",
            }
        }
        return Reply(
            401,
            body,
            {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"'},
        )
    body = {
        "error": {
            "code": 403,
            "message": "Request had insufficient authentication scopes.",
            "errors": [
                {
                    "message": "Insufficient Permission",
                    "domain": "global",
                    "reason": "insufficientPermissions",
                }
            ],
            "status": "PERMISSION_DENIED",
        }
    }
    return Reply(
        403,
        body,
        {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"'},
    )


class GmailStub:
    """The route function: settings by name, replies queued per name, and the OAuth endpoints."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings = default_settings() if settings is None else settings
        self.queued: dict[str, list[Reply]] = {}
        self.delegates: Reply = google_error(403)  # a personal account: delegates need domain-wide authority
        self.challenge = ""
        self.codes: dict[str, str] = {}
        self.issued = GOOD_TOKEN

    def __call__(self, request: Request) -> Reply:
        if request.path.startswith(PREFIX):
            return self.setting(request, request.path[len(PREFIX) :])
        if request.path == "/token":
            return self.token(request)
        if request.path == "/authorize":
            return self.authorize(request)
        return Reply(404, {"error": {"code": 404, "message": "Not Found", "status": "NOT_FOUND"}})

    def setting(self, request: Request, name: str) -> Reply:
        if self.queued.get(name):
            return self.queued[name].pop(0)
        if request.headers.get("authorization") != f"Bearer {self.issued}":
            return google_error(401)
        if name == "delegates":
            return self.delegates
        if name not in self.settings:
            return Reply(404, {"error": {"code": 404, "message": "Not Found", "status": "NOT_FOUND"}})
        return Reply(200, self.settings[name])

    def authorize(self, request: Request) -> Reply:
        """Stands in for the person approving in the browser: redirect back with a code."""
        self.challenge = request.query.get("code_challenge", "")
        code = "4/0test-code"
        self.codes[code] = request.query["redirect_uri"]
        target = (
            request.query["redirect_uri"]
            + "?"
            + urlencode({"code": code, "state": request.query["state"], "scope": request.query["scope"]})
        )
        return Reply(302, b"", {"Location": target})

    def token(self, request: Request) -> Reply:
        form = request.form
        if form.get("grant_type") == "refresh_token":
            if form.get("refresh_token") != REFRESH_TOKEN:
                return Reply(
                    400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
                )
            return Reply(200, {"access_token": self.issued, "expires_in": 3599, "token_type": "Bearer"})
        verifier = form.get("code_verifier", "")
        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if form.get("code") not in self.codes or expected != self.challenge or not form.get("client_id"):
            return Reply(400, {"error": "invalid_grant", "error_description": "Bad Request"})
        return Reply(
            200,
            {
                "access_token": self.issued,
                "refresh_token": REFRESH_TOKEN,
                "expires_in": 3599,
                "scope": "https://www.googleapis.com/auth/gmail.settings.basic",
                "token_type": "Bearer",
            },
        )
