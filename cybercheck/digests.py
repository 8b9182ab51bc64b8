"""SHA-256 of input files, worked out once in a run: a reader that hashed a file hands the digest on.

A check that hashes a file it read (an app file, to look it up in the indicator set) notes the
digest here; the report's evidence, which hashes every input file, then takes it instead of
reading and hashing the file again. A digest is kept only for the file exactly as it was read:
the same file (device and inode), size and modification and change times, before and after the
read; and not for a file changed in the last seconds, whose times may not yet tell a later change.
"""

from __future__ import annotations

import os
import threading
import time

Identity = tuple[int, int, int, int, int]  # device, inode, size, modified, changed (nanoseconds)
SETTLED_NS = 2 * 10**9  # a file changed more recently than this is hashed again
_known: dict[Identity, str] = {}
_lock = threading.Lock()


def identity(info: os.stat_result) -> Identity:
    """What tells one version of a file from another."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def note(before: os.stat_result, after: os.stat_result, digest: str) -> None:
    """The SHA-256 of a file's content read between two looks at it (`os.fstat` of the open file)."""
    if identity(before) != identity(after):
        return
    if time.time_ns() - max(after.st_mtime_ns, after.st_ctime_ns) < SETTLED_NS:
        return
    with _lock:
        _known[identity(after)] = digest


def known(path: os.PathLike[str] | str) -> str | None:
    """The SHA-256 noted for the file at `path` as it is now, if a reader hashed this very version."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    with _lock:
        return _known.get(identity(info))
