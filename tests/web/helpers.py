"""Helpers for the web app tests: an app behind its guard, driven through Flask's test client."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from cybercheck.pipeline.context import RunEnv, RunSettings
from cybercheck.pipeline.plugins import CheckEntry
from cybercheck.web.app import create_app
from cybercheck.web.security import Guard
from cybercheck.web.visit import Settings, Visit

PORT = 48123
HOST = f"127.0.0.1:{PORT}"
ORIGIN = f"http://{HOST}"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Web:
    """A test client that sends the app's own Host and Origin, and knows the session's CSRF token."""

    client: object
    guard: Guard
    visit: Visit

    def get(self, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
        headers = {"Host": HOST, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        return self.client.get(path, headers=headers, **kwargs)  # type: ignore[attr-defined]

    def post(self, path: str, data: dict[str, object] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
        headers = {"Host": HOST, "Origin": ORIGIN, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        form = {"csrf": self.csrf, **(data or {})}
        return self.client.post(path, data=form, headers=headers, **kwargs)  # type: ignore[attr-defined]

    def sign_in(self) -> None:
        response = self.get(f"/start?token={self.guard.launch_token}")
        assert response.status_code == 303

    @property
    def csrf(self) -> str:
        page = self.get("/").get_data(as_text=True)
        found = CSRF.search(page)
        return found.group(1) if found else ""

    def text(self, path: str) -> str:
        response = self.get(path, follow_redirects=True)
        return response.get_data(as_text=True)


def make_web(tmp_path: Path, *, idle_seconds: float = 600, env: RunEnv | None = None,
             replace_checks: dict[str, str] | None = None) -> Web:
    """An app on a made-up port with a fresh guard; the file chooser starts in `tmp_path`.

    `replace_checks` swaps installed checks for stand-ins: check id -> "module:Class".
    """
    guard = Guard(port=PORT, idle_seconds=idle_seconds)
    settings = Settings(base_env=env or RunEnv(RunSettings(country="GB", offline=True)), browse_home=tmp_path)
    if replace_checks:
        settings = replace(settings, entries=lambda: with_stand_ins(replace_checks))
    app = create_app(guard, settings)
    app.testing = True
    return Web(app.test_client(), guard, app.extensions["cybercheck.visit"])


def with_stand_ins(stand_ins: dict[str, str]) -> list[CheckEntry]:
    """The installed checks, with some swapped for stand-ins (check id -> "module:Class")."""
    from dataclasses import replace as swap
    from importlib.metadata import EntryPoint

    from cybercheck.pipeline.plugins import GROUP, installed_checks

    return [swap(e, entry_point=EntryPoint(e.id, stand_ins[e.id], GROUP)) if e.id in stand_ins else e
            for e in installed_checks()]
