"""A check that starts a thread which never ends and is not a daemon."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from cybercheck.pipeline.check import Area, Check
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding


class LeavesAThread(Check):
    """Looks at nothing, and leaves a thread running."""

    id = "test.thread"
    title = "A check that leaves a thread running"
    area = Area.DEVICES
    looks_at = "nothing real"

    def run(self, ctx: Context) -> Iterator[Finding]:
        threading.Thread(target=time.sleep, args=(3600,), daemon=False).start()
        ctx.looked_at("nothing")
        return iter(())
