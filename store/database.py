"""Opening the SQLite database: pragmas, migrations, and the transaction helper."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from store.errors import NewerDatabase, NoDatabase, StoreError
from store.migrations import apply_migrations, unknown_migrations

OWNER_ONLY = 0o600  # the store holds subscribers' addresses and a session secret


def open_database(path: str | os.PathLike[str], *, create: bool = True) -> sqlite_utils.Database:
    """Open the store at `path` and bring its schema up to date.

    With `create`, a missing file is created (readable by its owner only), but only in a
    directory that exists; without it, a missing file is NoDatabase. A database holding
    migrations this version does not know is refused (NewerDatabase) before any write.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise NoDatabase(path)
        _create_file(path)
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA busy_timeout=10000")
        newer = unknown_migrations(db)
        if newer:
            raise NewerDatabase(path, newer)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        apply_migrations(db)
    except Exception as exc:
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"{path}: cannot open database: {exc} "
                         "(run `manualwatch check` to see what is wrong)") from exc
    return db


def _create_file(path: Path) -> None:
    """An empty file, mode 0600, for SQLite to fill; its directory must exist already."""
    if not path.parent.is_dir():
        raise StoreError(f"cannot create database {path}: directory {path.parent} does not "
                         "exist (check [store] path)")
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot create database {path}: {exc.strerror}") from exc


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
