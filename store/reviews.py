"""Reviewers and their sign-offs: who decided what about which change, and when.

A sign-off is an append-only row (who, when, decision, note, the version ids it covers). A
change's review state comes from those rows: ``awaiting`` (never signed off), the latest
decision (``no_action`` / ``action_needed``), or ``again`` when its chapter changed again
after the sign-off and that later change is not signed off yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from store.database import transaction
from store.errors import NotFound, StoreError
from store.reviewers import (  # noqa: F401 - reviewers used to live here
    ReviewerError,
    add_reviewer,
    password_hash_of,
    set_password_hash,
)

DECISIONS = {"no_action": "reviewed — no action", "action_needed": "action needed"}
STATES = {"awaiting": "awaiting review", "again": "changed again since sign-off", **DECISIONS}

# SQL giving the review state of the change aliased `c` (used in lists and filters)
STATE_SQL = """CASE
  WHEN NOT EXISTS (SELECT 1 FROM signoffs s WHERE s.change_id = c.id) THEN 'awaiting'
  WHEN EXISTS (SELECT 1 FROM changes c2 WHERE c2.chapter_id = c.chapter_id AND c2.id > c.id
               AND NOT EXISTS (SELECT 1 FROM signoffs s2 WHERE s2.change_id = c2.id))
    THEN 'again'
  ELSE (SELECT s3.decision FROM signoffs s3 WHERE s3.change_id = c.id
        ORDER BY s3.id DESC LIMIT 1) END"""


class ReviewError(StoreError):
    """A sign-off or reviewer that cannot be recorded."""


@dataclass(frozen=True)
class SignOff:
    id: int
    change_id: int
    chapter_id: int
    reviewer: str
    decided_at: str  # UTC ISO-8601
    decision: str  # no_action | action_needed
    note: str
    from_version_id: int | None
    to_version_id: int | None

    @property
    def label(self) -> str:
        return DECISIONS[self.decision]


def sign_off(db: sqlite_utils.Database, change_id: int, *, reviewer: str, decision: str,
             note: str, now: str) -> SignOff:
    """Append one decision about a change, covering the change's two versions."""
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision {decision!r} (one of {', '.join(DECISIONS)})")
    with transaction(db):
        row = db.execute("SELECT chapter_id, from_version_id, to_version_id FROM changes"
                         " WHERE id=?", [change_id]).fetchone()
        if row is None:
            raise NotFound(f"no change {change_id}")
        cursor = db.execute(
            "INSERT INTO signoffs (change_id, chapter_id, reviewer, decided_at, decision, note,"
            " from_version_id, to_version_id) VALUES (?,?,?,?,?,?,?,?)",
            [change_id, row[0], reviewer, now, decision, note.strip(), row[1], row[2]])
    return signoff(db, int(cursor.lastrowid))


def _signoff(row: dict) -> SignOff:
    return SignOff(**{name: row[name] for name in SignOff.__dataclass_fields__})


def signoff(db: sqlite_utils.Database, signoff_id: int) -> SignOff:
    return _signoff(next(db.query("SELECT * FROM signoffs WHERE id=?", [signoff_id])))


def signoffs_of(db: sqlite_utils.Database, change_id: int) -> list[SignOff]:
    """Every decision about one change, oldest first."""
    rows = db.query("SELECT * FROM signoffs WHERE change_id=? ORDER BY id", [change_id])
    return [_signoff(row) for row in rows]


def review_state(db: sqlite_utils.Database, change_id: int) -> str:
    """awaiting | no_action | action_needed | again (see the module docstring)."""
    row = db.execute(f"SELECT {STATE_SQL} FROM changes c WHERE c.id=?", [change_id]).fetchone()
    if row is None:
        raise NotFound(f"no change {change_id}")
    return str(row[0])


TRAIL_COLUMNS = ("signoff_id", "decided_at", "reviewer", "decision", "note", "change_id",
                 "manual", "kind", "number", "title", "url", "from_version_id",
                 "to_version_id", "change_seen_at")


def audit_trail(db: sqlite_utils.Database, *, since: str | None = None,
                until: str | None = None, manual: str | None = None) -> list[dict]:
    """Sign-offs with what they were about, oldest first (`until` is exclusive)."""
    sql = ("SELECT s.id AS signoff_id, s.decided_at, s.reviewer, s.decision, s.note,"
           " s.change_id, r.manual, c.kind, c.number, c.title, c.url, s.from_version_id,"
           " s.to_version_id, c.seen_at AS change_seen_at FROM signoffs s"
           " JOIN changes c ON c.id = s.change_id JOIN runs r ON r.id = c.run_id WHERE 1=1")
    params: list = []
    for clause, value in (("s.decided_at >= ?", since), ("s.decided_at < ?", until),
                          ("r.manual = ?", manual)):
        if value:
            sql += f" AND {clause}"
            params.append(value)
    return list(db.query(sql + " ORDER BY s.id", params))
