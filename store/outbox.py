"""The email outbox: one row per digest, so a rerun never sends the same digest twice.

A row goes queued -> sending (committed before the SMTP transaction) -> sent | failed.
A temporary failure (4xx, server unreachable) puts it back to queued with its error, for the
next run or `send`; a permanent one (5xx) leaves it failed. A row found 'sending' at start-up
(a crash between send and commit) becomes 'uncertain' and is resent only when asked for.
Admin alerts share the table with subscriber_id 0 (ADMIN): at most one per run.
"""

from __future__ import annotations

import sqlite_utils

from store.database import transaction
from store.models import OutboxItem

ADMIN = 0  # subscriber_id of the rows that alert the admin address
EMAIL_FAILED_ALERT = -1  # ... that tell the admin a digest of the run failed
EMAIL_UNCERTAIN_ALERT = -2  # ... that tell the admin a digest of the run is uncertain
PUBLISH_ALERT = -3  # ... that tell the admin publishing the run failed
PROBLEMS = ("failed", "uncertain")


def queue_message(db: sqlite_utils.Database, *, run_id: int, subscriber_id: int, recipient: str,
                  subject: str, message: str, now: str) -> bool:
    """Queue one digest; False when this run already has one for this subscriber."""
    with transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO outbox (run_id, subscriber_id, recipient, subject, message,"
            " created_at) VALUES (?,?,?,?,?,?)",
            [run_id, subscriber_id, recipient, subject, message, now],
        )
    return cursor.rowcount == 1


def queue_failure(db: sqlite_utils.Database, *, run_id: int, subscriber_id: int,
                  recipient: str, subject: str, error: str, now: str) -> bool:
    """A digest that could not even be built: its row is `failed` with the reason, so it
    shows in `status` and is never retried; False when the run already has a row for it."""
    with transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO outbox (run_id, subscriber_id, recipient, subject, message,"
            " status, error, created_at) VALUES (?,?,?,?,'','failed',?,?)",
            [run_id, subscriber_id, recipient, subject, error, now],
        )
    return cursor.rowcount == 1


def problems(db: sqlite_utils.Database, manual: str | None = None) -> list[OutboxItem]:
    """Digests (not alerts) that failed or whose delivery is uncertain, oldest first."""
    where, params = ("AND r.manual=?", [manual]) if manual else ("", [])
    rows = db.query(
        "SELECT o.* FROM outbox o JOIN runs r ON r.id = o.run_id WHERE o.status IN"
        f" ('failed', 'uncertain') AND o.subscriber_id > 0 {where} ORDER BY o.id", params)
    return [_item(row) for row in rows]


def _item(row: dict) -> OutboxItem:
    return OutboxItem(id=row["id"], run_id=row["run_id"], subscriber_id=row["subscriber_id"],
                      recipient=row["recipient"], subject=row["subject"], message=row["message"],
                      status=row["status"], attempts=row["attempts"], error=row["error"],
                      sent_at=row["sent_at"])


def items(db: sqlite_utils.Database, *statuses: str) -> list[OutboxItem]:
    marks = ",".join("?" * len(statuses))
    rows = db.query(f"SELECT * FROM outbox WHERE status IN ({marks}) ORDER BY id", statuses)
    return [_item(row) for row in rows]


def all_items(db: sqlite_utils.Database, run_id: int | None = None) -> list[OutboxItem]:
    where, params = ("WHERE run_id=?", [run_id]) if run_id is not None else ("", [])
    return [_item(r) for r in db.query(f"SELECT * FROM outbox {where} ORDER BY id", params)]


def set_status(db: sqlite_utils.Database, item_id: int, status: str, *, now: str | None = None,
               error: str | None = None) -> None:
    with transaction(db):
        if status == "sending":
            db.execute("UPDATE outbox SET status='sending', attempts=attempts+1 WHERE id=?",
                       [item_id])
        elif status == "sent":
            db.execute("UPDATE outbox SET status='sent', sent_at=?, error=NULL WHERE id=?",
                       [now, item_id])
        else:
            db.execute("UPDATE outbox SET status=?, error=? WHERE id=?", [status, error, item_id])


def defer(db: sqlite_utils.Database, item_ids: list[int], error: str) -> None:
    """Delivery of these rows was tried and could not start (server unreachable): queued."""
    with transaction(db):
        for item_id in item_ids:
            db.execute("UPDATE outbox SET status='queued', attempts=attempts+1, error=?"
                       " WHERE id=?", [error, item_id])


def mark_uncertain(db: sqlite_utils.Database) -> int:
    """Rows left 'sending' by a crash: we cannot know whether they went out."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE outbox SET status='uncertain', error=? WHERE status='sending'",
            ["the process stopped while sending it (between the server's answer and our "
             "record of it)"])
    return cursor.rowcount


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {row[0]: row[1] for row in
            db.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall()}
