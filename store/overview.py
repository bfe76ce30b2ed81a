"""Read-only figures for `status`: what waits for email and for review, per manual."""

from __future__ import annotations

import sqlite_utils

UNSENT = ("queued", "sending", "failed", "uncertain")


def pending_email(db: sqlite_utils.Database, manual: str) -> dict[str, int]:
    """Digests of this manual's runs not yet delivered, by outbox status."""
    marks = ",".join("?" * len(UNSENT))
    rows = db.execute(
        "SELECT o.status, count(*) FROM outbox o JOIN runs r ON r.id = o.run_id"
        f" WHERE r.manual=? AND o.status IN ({marks}) GROUP BY o.status",
        [manual, *UNSENT],
    ).fetchall()
    return {status: count for status, count in rows}


def held_for_review(db: sqlite_utils.Database, manual: str) -> tuple[int, int]:
    """(runs, changes) of this manual held in quarantine, awaiting approve or reject."""
    row = db.execute(
        "SELECT count(DISTINCT r.id), count(c.id) FROM runs r"
        " LEFT JOIN changes c ON c.run_id = r.id WHERE r.manual=? AND r.status='quarantined'",
        [manual],
    ).fetchone()
    return int(row[0]), int(row[1])
