"""The review queue: changes filtered by manual, period, section, kind and review state, and
the figures of the dashboard. Rejected runs' changes are never listed."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from store.changes import _change
from store.models import Change
from store.reviews import STATE_SQL

LISTED = ("ok", "partial", "approved", "quarantined")
OPEN_STATES = ("awaiting", "again")


@dataclass(frozen=True)
class ChangeFilter:
    manual: str = ""
    since: str = ""  # 'YYYY-MM-DD' (UTC day of first seen, inclusive)
    until: str = ""  # 'YYYY-MM-DD' inclusive
    section: str = ""  # the contents section, e.g. "5. Looked After Children"
    kind: str = ""
    state: str = ""  # awaiting | again | open | no_action | action_needed
    page: int = 1


@dataclass(frozen=True)
class ListedChange:
    change: Change
    manual: str
    run_status: str
    state: str


@dataclass(frozen=True)
class LastRun:
    manual: str
    run_id: int
    status: str
    started_at: str
    finished_at: str | None


def _where(flt: ChangeFilter) -> tuple[str, list]:
    marks = ",".join("?" * len(LISTED))
    sql, params = f" WHERE r.status IN ({marks})", list(LISTED)
    for clause, value in (("r.manual = ?", flt.manual), ("c.seen_at >= ?", flt.since),
                          ("c.seen_at < date(?, '+1 day')", flt.until),
                          ("c.section = ?", flt.section), ("c.kind = ?", flt.kind)):
        if value:
            sql += f" AND {clause}"
            params.append(value)
    if flt.state == "open":
        sql += f" AND ({STATE_SQL}) IN ('awaiting', 'again')"
    elif flt.state:
        sql += f" AND ({STATE_SQL}) = ?"
        params.append(flt.state)
    return sql, params


def list_for_review(db: sqlite_utils.Database, flt: ChangeFilter, per_page: int = 100
                    ) -> tuple[list[ListedChange], int]:
    """One page of matching changes, newest first, and how many match in all."""
    where, params = _where(flt)
    base = " FROM changes c JOIN runs r ON r.id = c.run_id" + where
    total = db.execute("SELECT count(*)" + base, params).fetchone()[0]
    offset = (max(flt.page, 1) - 1) * per_page
    rows = db.query(f"SELECT c.*, r.manual AS run_manual, r.status AS run_status,"
                    f" {STATE_SQL} AS state" + base + " ORDER BY c.run_id DESC, c.id"
                    " LIMIT ? OFFSET ?", [*params, per_page, offset])
    return [ListedChange(_change(row), row["run_manual"], row["run_status"], row["state"])
            for row in rows], int(total)


def neighbours(db: sqlite_utils.Database, change: Change) -> tuple[int | None, int | None]:
    """The ids of the previous and the next change of the same chapter (listed runs only)."""
    marks = ",".join("?" * len(LISTED))
    found = []
    for op, order in (("<", "DESC"), (">", "ASC")):
        row = db.execute(
            f"SELECT c.id FROM changes c JOIN runs r ON r.id = c.run_id WHERE c.chapter_id = ?"
            f" AND c.id {op} ? AND r.status IN ({marks}) ORDER BY c.id {order} LIMIT 1",
            [change.chapter_id, change.id, *LISTED]).fetchone()
        found.append(row[0] if row else None)
    return found[0], found[1]


def last_runs(db: sqlite_utils.Database, per_manual: int = 1) -> list[LastRun]:
    """The latest finished runs of each manual, newest first within a manual."""
    rows = db.execute(
        "SELECT manual, id, status, started_at, finished_at FROM (SELECT *, row_number() OVER"
        " (PARTITION BY manual ORDER BY id DESC) AS n FROM runs WHERE status != 'running')"
        " WHERE n <= ? ORDER BY manual, id DESC", [per_manual]).fetchall()
    return [LastRun(*row) for row in rows]


def manuals(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT manual FROM runs ORDER BY manual")]


def _grouped(db: sqlite_utils.Database, expression: str, manual: str) -> list[tuple[str, int]]:
    where, params = _where(ChangeFilter(manual=manual))
    rows = db.execute(f"SELECT {expression} AS k, count(*) FROM changes c JOIN runs r"
                      f" ON r.id = c.run_id {where} GROUP BY k ORDER BY k", params).fetchall()
    return [(row[0], row[1]) for row in rows]


def counts_by_section(db: sqlite_utils.Database, manual: str = "") -> list[tuple[str, int]]:
    return _grouped(db, "c.section", manual)


def counts_by_month(db: sqlite_utils.Database, manual: str = "") -> list[tuple[str, int]]:
    """('YYYY-MM', changes first seen that month), oldest first."""
    return _grouped(db, "substr(c.seen_at, 1, 7)", manual)


def open_count(db: sqlite_utils.Database, manual: str = "") -> int:
    where, params = _where(ChangeFilter(manual=manual, state="open"))
    return int(db.execute("SELECT count(*) FROM changes c JOIN runs r ON r.id = c.run_id"
                          + where, params).fetchone()[0])


def sections(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT section FROM changes WHERE section != ''"
                                     " ORDER BY section")]
