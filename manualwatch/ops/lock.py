"""The run lock: at most one cycle at a time per database, across processes.

An exclusive `fcntl.flock` on `<database>.lock`, holding the pid and start time of its
holder. The kernel drops a flock when its process dies, however it dies, so a lock left by a
killed process is never in force: the next run takes it over and says whose it was.
`run` and `schedule` both take it around each cycle.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from manualwatch.clock import iso, utc_now

READ_ATTEMPTS = 50  # a holder writes its details just after locking; wait up to ~0.5 s
READ_PAUSE = 0.01


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the lock."""

    pid: int | None
    since: str | None

    def describe(self) -> str:
        return f"pid {self.pid if self.pid is not None else '?'} since {self.since or '?'}"


class LockHeld(Exception):  # noqa: N818 - reads as a state: raise LockHeld(holder)
    """Another process is running a cycle on this database."""

    def __init__(self, path: Path, holder: Holder) -> None:
        self.path = path
        self.holder = holder
        super().__init__(f"another run is in progress ({holder.describe()})")


def lock_path(db_path: Path) -> Path:
    """The lock file beside the database."""
    return db_path.with_name(db_path.name + ".lock")


def _read(handle) -> Holder:
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "{}")
    except ValueError:
        data = {}
    pid = data.get("pid")
    return Holder(pid if isinstance(pid, int) else None, data.get("since"))


class RunLock:
    """`with RunLock(db_path) as lock:` holds the lock; raises LockHeld when taken.

    After entering, `lock.stale` is the holder whose process died without releasing
    (its details were still in the file), or None.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(Path(db_path))
        self.stale: Holder | None = None
        self._handle = None

    def acquire(self) -> RunLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)  # owner only
        handle = open(fd, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _wait_for_details(handle)
            handle.close()
            raise LockHeld(self.path, holder) from None
        previous = _read(handle)
        self.stale = previous if previous.pid is not None else None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "since": iso(utc_now())}))
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        """Empty the file (a clean release leaves no holder behind) and unlock."""
        if self._handle is None:
            return
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.flush()
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _wait_for_details(handle) -> Holder:
    holder = _read(handle)
    for _ in range(READ_ATTEMPTS):
        if holder.pid is not None:
            break
        time.sleep(READ_PAUSE)
        holder = _read(handle)
    return holder


def current_holder(db_path: Path) -> Holder | None:
    """Who holds the lock now, or None when no run is in progress.

    Reads without locking (a probe must never make a real run think the lock is taken):
    a cleanly released lock file is empty, and a holder whose process is gone is stale.
    """
    path = lock_path(Path(db_path))
    try:
        with open(path, encoding="utf-8") as handle:
            holder = _read(handle)
    except FileNotFoundError:
        return None
    if holder.pid is None or not _alive(holder.pid):
        return None
    return holder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
