"""The guard: one-time link, session cookie, Host, Origin and CSRF, no CORS, the idle lock, loopback only."""

from __future__ import annotations

import socket
from pathlib import Path

from cybercheck.web.security import FIRST_WAIT, SHARED_TRIES, UNLOCK_TRIES, Guard
from tests.web.helpers import HOST, make_web


def test_without_the_token_nothing_is_served(tmp_path: Path) -> None:
    web = make_web(tmp_path)
    for path in ("/", "/guide", "/results", "/save", "/cases", "/report"):
        response = web.get(path)
        assert response.status_code == 303 and response.headers["Location"] == "/locked", path
    assert web.get("/progress.json").status_code == 403
    assert web.post("/guide", {"action": "begin"}).status_code == 403
    assert web.get("/start?token=wrong").headers["Location"] == "/locked"
    page = web.text("/")
    assert "Unlock code" in page and "safe to talk" not in page


def test_the_link_works_once_and_sets_a_strict_httponly_cookie(tmp_path: Path) -> None:
    web = make_web(tmp_path)
    first = web.get(f"/start?token={web.guard.launch_token}")
    assert first.status_code == 303 and first.headers["Location"] == "/"
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age" not in cookie
    assert web.get("/").status_code == 200
    again = make_web(tmp_path)
    again.guard = web.guard
    assert web.get(f"/start?token={web.guard.launch_token}").headers["Location"] == "/locked"


def test_a_foreign_host_is_refused(web) -> None:  # type: ignore[no-untyped-def]
    for host in ("evil.example:48123", "localhost:48123", "127.0.0.1", "127.0.0.1:1"):
        assert web.get("/", headers={"Host": host}).status_code == 421, host
    assert web.get("/").status_code == 200


def test_a_form_from_another_origin_or_without_its_token_is_refused(web) -> None:  # type: ignore[no-untyped-def]
    assert web.post("/guide", {"action": "begin"}, headers={"Origin": "http://evil.example"}).status_code == 403
    assert web.post("/guide", {"action": "begin"}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert web.post("/guide", {"action": "begin", "csrf": "forged"}).status_code == 403
    assert web.visit.session is None
    assert web.post("/guide", {"action": "begin"}).status_code == 303
    assert web.visit.session is not None


def test_no_cors_headers_and_a_strict_policy(web) -> None:  # type: ignore[no-untyped-def]
    response = web.get("/", headers={"Origin": "http://evil.example"})
    assert not [h for h, _ in response.headers.items() if h.lower().startswith("access-control-")]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert web.client.options("/", headers={"Host": HOST, "Origin": "http://evil.example"}).status_code == 405


def test_the_idle_lock_shows_nothing_until_the_unlock_code(tmp_path: Path) -> None:
    now = [0.0]
    web = make_web(tmp_path, idle_seconds=60)
    web.guard.clock = lambda: now[0]
    web.sign_in()
    csrf = web.csrf
    web.post("/guide", {"action": "begin"})
    now[0] = 61.0
    locked = web.get("/guide")
    assert locked.status_code == 303 and locked.headers["Location"] == "/locked"
    page = web.text("/results")
    assert "Locked" in page and "safe to talk" not in page
    assert web.get("/progress.json").status_code == 403
    wrong = web.client.post("/unlock", data={"csrf": csrf, "code": "0000 0000"}, headers={"Host": HOST})
    assert wrong.status_code == 403
    right = web.client.post("/unlock", data={"csrf": csrf, "code": web.guard.unlock}, headers={"Host": HOST})
    assert right.status_code == 303
    assert web.get("/guide").status_code == 200


def test_quick_exit_locks_and_shows_a_neutral_page(web) -> None:  # type: ignore[no-untyped-def]
    page = web.text("/away")
    assert "<title>New Tab</title>" in page and "cybercheck" not in page
    assert web.get("/").headers["Location"] == "/locked"


def test_wrong_codes_make_that_browser_wait_longer_each_time_but_never_for_good() -> None:
    now = [0.0]
    guard = Guard(port=1, idle_seconds=60, clock=lambda: now[0])
    for _ in range(UNLOCK_TRIES):
        assert guard.redeem_unlock("1", None, "program") is None
    assert guard.unlock_wait(None, "program") == FIRST_WAIT
    assert guard.redeem_unlock(guard.unlock, None, "program") is None  # even the right code waits
    now[0] = FIRST_WAIT
    assert guard.redeem_unlock("1", None, "program") is None
    assert guard.unlock_wait(None, "program") == 2 * FIRST_WAIT
    now[0] = 3 * FIRST_WAIT
    assert guard.redeem_unlock(guard.unlock, None, "program") is not None


def test_a_program_typing_wrong_codes_does_not_lock_out_the_workers_browser(tmp_path: Path) -> None:
    web = make_web(tmp_path, idle_seconds=60)
    now = [0.0]
    web.guard.clock = lambda: now[0]
    web.sign_in()
    csrf = web.csrf
    now[0] = 61.0
    assert web.get("/guide").headers["Location"] == "/locked"
    for number in range(SHARED_TRIES + 5):  # another program, each time as a new browser
        assert web.guard.redeem_unlock(f"{number:08d}", None, f"visitor-{number}") is None
    assert web.guard.unlock_wait(None, "a-new-window") > 0
    right = web.client.post("/unlock", data={"csrf": csrf, "code": web.guard.unlock}, headers={"Host": HOST})
    assert right.status_code == 303
    assert web.get("/").status_code == 200


def test_the_wait_is_said_on_the_page_and_ends(tmp_path: Path) -> None:
    web = make_web(tmp_path)
    now = [0.0]
    web.guard.clock = lambda: now[0]
    web.get("/locked")  # a browser with no session gets its own visitor cookie
    for _ in range(UNLOCK_TRIES):
        page = web.client.post("/unlock", data={"code": "1"}, headers={"Host": HOST})
    assert "Try again in 30 seconds" in page.get_data(as_text=True)
    now[0] = FIRST_WAIT + 1
    right = web.client.post("/unlock", data={"code": web.guard.unlock}, headers={"Host": HOST})
    assert right.status_code == 303 and right.headers["Location"] == "/"
    assert web.get("/").status_code == 200


def test_after_the_browser_is_closed_the_address_leads_to_the_unlock_page(tmp_path: Path) -> None:
    web = make_web(tmp_path)
    web.sign_in()
    web.client.delete_cookie(web.guard.cookie_name, domain="127.0.0.1")  # a session cookie ends with the browser
    assert web.get("/").headers["Location"] == "/locked"
    assert web.get(f"/start?token={web.guard.launch_token}").headers["Location"] == "/locked"
    page = web.text("/")
    assert "Unlock code" in page
    assert web.get("/static/app.css").status_code == 200
    right = web.client.post("/unlock", data={"code": web.guard.unlock}, headers={"Host": HOST})
    assert right.status_code == 303
    assert web.get("/").status_code == 200


def test_the_server_listens_on_127_0_0_1_only(tmp_path: Path) -> None:
    from cybercheck.web.server import start_server
    from cybercheck.web.visit import Settings

    running = start_server(Settings(), background=True)
    try:
        host, port = running.server.socket.getsockname()[:2]
        assert host == "127.0.0.1"
        # Another loopback address, and IPv6, reach nothing: only 127.0.0.1 itself is bound.
        for family, address in ((socket.AF_INET, ("127.0.0.2", port)), (socket.AF_INET6, ("::1", port))):
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.settimeout(2)
                assert probe.connect_ex(address) != 0, address
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    finally:
        running.stop()
