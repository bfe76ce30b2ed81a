"""Failed sign-ins counted per key (a reviewer name, a client address), for throttling: how
many failures in a row, the last one, and until when the key is blocked. The policy (how many
are free, how long a block lasts) belongs to the caller."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import sqlite_utils

from store.database import transaction


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def blocked_until(db: sqlite_utils.Database, keys: Iterable[str], now: datetime
                  ) -> datetime | None:
    """The latest block still in force on any of `keys`, or None."""
    keys = list(keys)
    marks = ",".join("?" * len(keys))
    row = db.execute(f"SELECT max(blocked_until) FROM login_failures WHERE key IN ({marks})"
                     " AND blocked_until > ?", [*keys, _iso(now)]).fetchone()
    return _parse(row[0]) if row and row[0] else None


def record_failure(db: sqlite_utils.Database, keys: Iterable[str], now: datetime, *,
                   forget_after: timedelta, block_for: Callable[[int], timedelta | None]
                   ) -> None:
    """Count one more failure on each key (starting again after `forget_after` without
    one); `block_for(failures)` says how long the key is then blocked (None: not blocked)."""
    with transaction(db):
        for key in keys:
            row = db.execute("SELECT failures, last_failure FROM login_failures WHERE key = ?",
                             [key]).fetchone()
            failures = 1
            if row and now - _parse(row[1]) <= forget_after:
                failures = row[0] + 1
            block = block_for(failures)
            db.execute("INSERT OR REPLACE INTO login_failures (key, failures, last_failure,"
                       " blocked_until) VALUES (?,?,?,?)",
                       [key, failures, _iso(now), _iso(now + block) if block else None])


def clear_failures(db: sqlite_utils.Database, key: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM login_failures WHERE key = ?", [key])
