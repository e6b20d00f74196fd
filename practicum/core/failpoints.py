"""Named crash points for the fault-injection tests: the process dies there, as in a real crash.

A test arms points by writing their names, one per line, into the file that the environment
variable PRACTICUM_FAILPOINTS names. A point that fires takes its own line out first (each arming
fires once, so a restarted process runs on), then kills its process with SIGKILL, which is what an
out-of-memory kill or a pulled plug does to it: no cleanup, no `finally`. With the variable unset,
as in every real deployment, `hit` is a dictionary lookup.
"""

from __future__ import annotations

import fcntl
import os
import signal

ENV = "PRACTICUM_FAILPOINTS"


def hit(name: str) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return
    with os.fdopen(fd, "r+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # two threads at one point: only one takes the arming
        armed = f.read().split()
        if name not in armed:
            return
        armed.remove(name)
        f.seek(0)
        f.truncate()
        f.write("".join(f"{n}\n" for n in armed))
        f.flush()
        os.fsync(f.fileno())
    os.kill(os.getpid(), signal.SIGKILL)


def arm(path: str | os.PathLike, *names: str) -> None:
    """Adds points to the armed list (the tests' side)."""
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.write("".join(f"{n}\n" for n in names))


def armed(path: str | os.PathLike) -> list[str]:
    try:
        with open(path) as f:
            return f.read().split()
    except FileNotFoundError:
        return []
