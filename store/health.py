"""The health of a database file, checked without changing it: `manualwatch check`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from store.errors import NoDatabase
from store.migrations import MIGRATIONS


@dataclass(frozen=True)
class Finding:
    """One check: its name, whether it passed, and what was seen."""

    check: str
    ok: bool
    detail: str


def check_database(path: str | Path) -> list[Finding]:
    """Every check of the file at `path` (NoDatabase when there is none), read-only."""
    path = Path(path)
    if not path.is_file():
        raise NoDatabase(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [Finding("open", False, f"cannot open: {exc}")]
    try:
        return [_run(conn, name, check) for name, check in CHECKS]
    finally:
        conn.close()


def _run(conn: sqlite3.Connection, name: str, check) -> Finding:
    try:
        ok, detail = check(conn)
    except sqlite3.DatabaseError as exc:
        return Finding(name, False, f"{type(exc).__name__}: {exc}")
    return Finding(name, ok, detail)


def _integrity(conn: sqlite3.Connection) -> tuple[bool, str]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
    if rows == ["ok"]:
        return True, "ok"
    return False, "; ".join(rows[:5]) + (f"; and {len(rows) - 5} more" if len(rows) > 5 else "")


def _foreign_keys(conn: sqlite3.Connection) -> tuple[bool, str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    if not rows:
        return True, "every reference points at a row that exists"
    tables = sorted({f"{r[0]} -> {r[2]}" for r in rows})
    return False, f"{len(rows)} rows point at missing rows ({', '.join(tables[:5])})"


def _schema(conn: sqlite3.Connection) -> tuple[bool, str]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "_migrations" not in tables:
        return False, "no _migrations table: not a manualwatch database"
    done = {r[0] for r in conn.execute("SELECT name FROM _migrations").fetchall()}
    known = [name for name, _ in MIGRATIONS]
    unknown = sorted(done - set(known))
    if unknown:
        return False, (f"written by a newer manualwatch (unknown migrations: "
                       f"{', '.join(unknown)})")
    missing = [name for name in known if name not in done]
    if missing:
        return True, (f"{len(done)} migrations applied; {len(missing)} to apply on the next "
                      f"write ({', '.join(missing)})")
    return True, f"up to date ({len(known)} migrations, last {known[-1]})"


def _sending(conn: sqlite3.Connection) -> tuple[bool, str]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "outbox" not in tables:
        return True, "no outbox yet"
    rows = conn.execute("SELECT id, recipient FROM outbox WHERE status='sending'").fetchall()
    if not rows:
        return True, "no email stuck in 'sending'"
    shown = ", ".join(f"{r[0]} ({r[1]})" for r in rows[:5])
    return False, (f"{len(rows)} email(s) stuck in 'sending' by a crash: {shown}; the next "
                   "`manualwatch send` marks them uncertain")


CHECKS = (("integrity", _integrity), ("foreign keys", _foreign_keys), ("schema", _schema),
          ("outbox", _sending))


def quick_problem(conn: sqlite3.Connection) -> str | None:
    """SQLite's quick_check before a run writes: None when sound, else its first complaint."""
    try:
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(1)").fetchall()]
    except sqlite3.DatabaseError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None if rows == ["ok"] else rows[0]
