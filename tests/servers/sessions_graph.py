"""A loopback stand-in for Microsoft Graph's /me/authentication/methods, speaking its documented shapes.

Shapes from learn.microsoft.com (authentication-list-methods, phoneAuthenticationMethod,
microsoftAuthenticatorAuthenticationMethod, fido2AuthenticationMethod) and
microsoftgraph/microsoft-graph-docs-contrib `api-reference/v1.0/api/authentication-list-methods.md`.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "test-token-0123456789abcdef"
REFRESH_TOKEN = "M.C507-test-refresh-token-5e1d"  # renews TOKEN at .../oauth2/v2.0/token
PAGE_ONE = [
    {
        "@odata.type": "#microsoft.graph.passwordAuthenticationMethod",
        "id": "28c10230-6103-485e-b985-444c60001490",
        "password": None,
        "createdDateTime": "2024-01-10T09:00:00Z",
    },
    {
        "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
        "id": "3179e48a-750b-4051-897c-87b9720928f7",
        "phoneNumber": "+47 91234567",
        "phoneType": "mobile",
        "smsSignInState": "notAllowedByPolicy",
    },
]
PAGE_TWO = [
    {
        "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
        "id": "6a1b",
        "displayName": "Unknown Pixel 7",
        "deviceTag": "SoftwareTokenActivated",
        "phoneAppVersion": "6.2401.0119",
        "createdDateTime": "2026-11-20T01:02:03Z",
    },
    {
        "@odata.type": "#microsoft.graph.emailAuthenticationMethod",
        "id": "3ddfcfc8",
        "emailAddress": "me@example.org",
    },
]


def serve(mode: str = "work") -> tuple[ThreadingHTTPServer, str]:
    """Start the server in a thread; mode "work", "personal" (400) or "expired" (401). Returns (server, base URL).

    It is also the sign-in server (`--endpoint microsoft-login`): a refresh token renews the access token.
    """

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            from urllib.parse import parse_qs

            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if not self.path.endswith("/oauth2/v2.0/token"):
                self._send(404, {"error": {"code": "NotFound", "message": "no such path"}})
            elif form.get("grant_type") == "refresh_token" and form.get("refresh_token") == REFRESH_TOKEN:
                self._send(200, {"access_token": TOKEN, "expires_in": 3600, "token_type": "Bearer"})
            else:
                self._send(400, {"error": "invalid_grant", "error_description": "AADSTS70000"})

        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.headers.get("Authorization") != f"Bearer {TOKEN}" or mode == "expired":
                self._send(
                    401,
                    {"error": {"code": "InvalidAuthenticationToken", "message": "Access token has expired."}},
                )
            elif mode == "personal":
                self._send(
                    400, {"error": {"code": "BadRequest", "message": "Not supported for MSA accounts."}}
                )
            elif self.path == "/v1.0/me/authentication/methods":
                self._send(
                    200,
                    {
                        "@odata.context": f"{base}/v1.0/$metadata#users('me')/authentication/methods",
                        "value": PAGE_ONE,
                        "@odata.nextLink": f"{base}/v1.0/me/authentication/methods?$skiptoken=2",
                    },
                )
            elif self.path.startswith("/v1.0/me/authentication/methods?$skiptoken=2"):
                self._send(200, {"value": PAGE_TWO})
            else:
                self._send(404, {"error": {"code": "NotFound", "message": "no such path"}})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
