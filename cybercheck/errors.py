"""One exception hierarchy: each error carries a plain sentence and, apart, the technical detail."""

from __future__ import annotations

from cybercheck.scrub import scrub


class CybercheckError(Exception):
    """An expected problem. `plain` is shown to people; `detail` goes to --verbose and the appendix."""

    def __init__(self, plain: str, *, detail: str = "") -> None:
        plain, detail = scrub(plain), scrub(detail)
        super().__init__(plain)
        self.plain = plain
        self.detail = detail


class ConfigError(CybercheckError):
    """A flag, input or config file is wrong: the run stops with exit status 2."""


class NeedUnmet(CybercheckError):
    """Something a check needs is missing: the check is reported as not run."""


class SourceError(CybercheckError):
    """A source could not read what it was asked to read."""


class Offline(SourceError):
    """The network was needed but --offline forbids it."""


class Unreachable(SourceError):
    """A server could not be reached or kept failing: time-out, refused, 5xx or 429 after retries."""


class Stopped(SourceError):
    """The run is stopping (Ctrl-C): nothing more is sent."""


class Refused(SourceError):
    """A server refused the request: a wrong or expired key or token, or a missing permission.

    `status` is the HTTP status it answered with (401: not signed in; 403: not allowed), if any."""

    def __init__(self, plain: str, *, detail: str = "", status: int | None = None) -> None:
        super().__init__(plain, detail=detail)
        self.status = status


class DamagedInput(SourceError):
    """A file or archive is damaged, too big, or tries to reach outside its folder."""


class PluginError(CybercheckError):
    """A check could not be loaded or is not a valid check."""
