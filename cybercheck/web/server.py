"""The server behind `cybercheck serve`: bound to 127.0.0.1 only, on a free port the system picks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cybercheck.web.security import Guard
from cybercheck.web.visit import Settings

LOOPBACK = "127.0.0.1"  # never configurable: the app is for this computer only
DEFAULT_IDLE_MINUTES = 10.0


class _Late:
    """A WSGI app filled in once the port (and so the Guard) is known."""

    app: Callable[..., Any] | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert self.app is not None
        return self.app(environ, start_response)


def _quiet_handler() -> type:
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        """Logs nothing: request lines would carry the one-time link and the paths of chosen files."""

        def log(self, type: str, _message: str, *args: Any) -> None:
            return None

    return QuietHandler


@dataclass
class Running:
    """A started server: its guard (port, link, unlock code) and how to stop it."""

    guard: Guard
    server: Any  # werkzeug.serving.BaseWSGIServer
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The one-time link to open."""
        return self.guard.launch_url

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)


def start_server(
    settings: Settings, *, idle_minutes: float = DEFAULT_IDLE_MINUTES, background: bool = False
) -> Running:
    """Bind 127.0.0.1 on a free port and make the app; serve in a thread when `background`."""
    from werkzeug.serving import make_server

    from cybercheck.web.app import create_app

    late = _Late()
    server = make_server(LOOPBACK, 0, late, threaded=True, request_handler=_quiet_handler())
    guard = Guard(port=server.server_port, idle_seconds=max(idle_minutes, 0.05) * 60)
    late.app = create_app(guard, settings)
    running = Running(guard, server)
    if background:
        running.thread = threading.Thread(target=server.serve_forever, name="cybercheck serve", daemon=True)
        running.thread.start()
    return running
