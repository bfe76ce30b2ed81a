"""Opening the SQLite database: pragmas, migrations, and the transaction helper."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from store.errors import StoreError
from store.migrations import apply_migrations


def open_database(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open (creating if needed) the store at `path` and bring its schema up to date."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=10000")
        apply_migrations(db)
    except Exception as exc:
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"{path}: cannot open database: {exc}") from exc
    return db


_OPEN: set[int] = set()  # connections inside a transaction() block


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One atomic unit of work: everything inside commits together or not at all.

    Nested use joins the outer transaction.
    """
    conn = db.conn
    if id(conn) in _OPEN:
        yield
        return
    if conn.in_transaction:
        conn.commit()  # an implicit transaction left open by a plain statement
    conn.execute("BEGIN IMMEDIATE")
    _OPEN.add(id(conn))
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    else:
        conn.commit()
    finally:
        _OPEN.discard(id(conn))
