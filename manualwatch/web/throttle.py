"""Sign-in throttling: per reviewer name and per client address, the first FREE failures in a
row cost nothing; from then on each failure blocks that key for FIRST_BLOCK, doubling with
every further failure up to MAX_BLOCK. A blocked key is answered 429 with Retry-After before
any password is hashed. Counts live in the database (`login_failures`), so they hold across
restarts and across processes serving the same database."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlite_utils

from store.login_failures import blocked_until, clear_failures, record_failure

FREE = 5
FIRST_BLOCK = timedelta(seconds=30)
MAX_BLOCK = timedelta(hours=1)
FORGET_AFTER = timedelta(hours=24)  # a key with no failure for this long starts again


def keys(name: str, address: str) -> tuple[str, str]:
    return f"name:{name.strip().casefold()[:300]}", f"addr:{address}"


def block_for(failures: int) -> timedelta | None:
    """How long a key is blocked after its `failures`-th failure in a row."""
    if failures < FREE:
        return None
    return min(FIRST_BLOCK * 2 ** min(failures - FREE, 20), MAX_BLOCK)


def retry_after(db: sqlite_utils.Database, name: str, address: str, now: datetime) -> int:
    """Seconds until a sign-in as `name` from `address` may be tried (0: now)."""
    until = blocked_until(db, keys(name, address), now)
    return max(1, math.ceil((until - now).total_seconds())) if until else 0


def failed(db: sqlite_utils.Database, name: str, address: str, now: datetime) -> None:
    record_failure(db, keys(name, address), now, forget_after=FORGET_AFTER,
                   block_for=block_for)


def succeeded(db: sqlite_utils.Database, name: str) -> None:
    """A right password clears the name's count (not the address's: one account's success
    must not reset guessing at others from the same place)."""
    clear_failures(db, keys(name, "")[0])
