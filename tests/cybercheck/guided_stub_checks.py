"""Stand-ins for the checks other areas provide, so that session tests see a full set of ids."""

from __future__ import annotations

from collections.abc import Iterator

from cybercheck.pipeline.check import Area, Check
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding

IDS = (
    "passwords.pwned", "passwords.reuse", "passwords.breached-accounts",
    "sessions.google", "sessions.microsoft", "sessions.facebook", "sessions.instagram", "sessions.x",
    "mail.gmail", "mail.outlook", "mail.takeout", "mail.sieve", "mail.provider",
    "network.dns", "network.traffic", "android.device", "ios.backup", "computer.apps", "identity.lookalike",
)
STUBS: dict[str, str] = {}


def _make(check_id: str) -> type[Check]:
    class Stub(Check):
        __doc__ = f"A stand-in for {check_id}."
        id = check_id
        title = f"Stand-in {check_id}"
        area = Area.DEVICES if check_id.startswith(("device.", "computer.")) else Area.ACCOUNTS
        looks_at = "nothing real"

        def run(self, ctx: Context) -> Iterator[Finding]:
            ctx.looked_at("one made-up thing")
            return iter(())

    return Stub


for _id in IDS:
    _name = "Stub_" + _id.replace(".", "_").replace("-", "_")
    globals()[_name] = _make(_id)
    STUBS[_id] = _name
