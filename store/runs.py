"""Runs: one row per cycle of one manual, with its counts, errors and status."""

from __future__ import annotations

import json
import os

import sqlite_utils

from store.changes import changes_for_run
from store.database import transaction
from store.documents import document_changes_for_run
from store.errors import NotFound
from store.models import Run

PUBLISHED = ("ok", "partial", "approved")


def start_run(db: sqlite_utils.Database, manual: str, started_at: str) -> int:
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO runs (manual, status, started_at, pid) VALUES (?, 'running', ?, ?)",
            [manual, started_at, os.getpid()],
        )
    return int(cursor.lastrowid)


def finish_run(db: sqlite_utils.Database, run_id: int, *, status: str, finished_at: str,
               baseline: bool, chapters: int, fetched: int, not_modified: int,
               errors: list[dict], skipped: list[dict], bytes_read: int = 0,
               guard: str | None = None) -> None:
    with transaction(db):
        db.execute(
            "UPDATE runs SET status=?, finished_at=?, baseline=?, chapters=?, fetched=?,"
            " not_modified=?, errors=?, skipped=?, bytes=?, guard=? WHERE id=?",
            [status, finished_at, int(baseline), chapters, fetched, not_modified,
             json.dumps(errors), json.dumps(skipped), bytes_read, guard, run_id],
        )


def set_status(db: sqlite_utils.Database, run_id: int, status: str) -> None:
    with transaction(db):
        db.execute("UPDATE runs SET status=? WHERE id=?", [status, run_id])


def set_publish_result(db: sqlite_utils.Database, run_id: int, ok: bool,
                       error: str | None = None) -> None:
    """Record whether publishing the run (appendix, feeds, email queued) succeeded."""
    with transaction(db):
        db.execute("UPDATE runs SET publish_ok=?, publish_error=? WHERE id=?",
                   [int(ok), None if ok else error, run_id])


def unpublished_runs(db: sqlite_utils.Database, manual: str) -> list[int]:
    """Runs of `manual` whose publishing failed and has not succeeded since."""
    rows = db.execute("SELECT id FROM runs WHERE manual=? AND publish_ok=0 ORDER BY id",
                      [manual]).fetchall()
    return [r[0] for r in rows]


def latest_finished_run(db: sqlite_utils.Database, manual: str) -> int | None:
    row = db.execute("SELECT max(id) FROM runs WHERE manual=? AND status != 'running'",
                     [manual]).fetchone()
    return row[0]


def get_run(db: sqlite_utils.Database, run_id: int) -> Run:
    rows = list(db.query("SELECT * FROM runs WHERE id=?", [run_id]))
    if not rows:
        raise NotFound(f"no run {run_id}")
    return _run(db, rows[0])


def _run(db: sqlite_utils.Database, row: dict) -> Run:
    return Run(
        id=row["id"], manual=row["manual"], status=row["status"], baseline=bool(row["baseline"]),
        started_at=row["started_at"], finished_at=row["finished_at"], chapters=row["chapters"],
        fetched=row["fetched"], not_modified=row["not_modified"],
        errors=tuple(json.loads(row["errors"])), skipped=tuple(json.loads(row["skipped"])),
        changes=tuple(changes_for_run(db, row["id"])), bytes=row["bytes"], guard=row["guard"],
        documents=tuple(document_changes_for_run(db, row["id"])),
        publish_ok=None if row.get("publish_ok") is None else bool(row["publish_ok"]),
        publish_error=row.get("publish_error"),
        email_problems=tuple(
            (r[0], r[1], r[2] or "") for r in db.execute(
                "SELECT recipient, status, error FROM outbox WHERE run_id=? AND subscriber_id > 0"
                " AND status IN ('failed', 'uncertain') ORDER BY id", [row["id"]]).fetchall()),
    )


def recent_runs(db: sqlite_utils.Database, manual: str | None = None, limit: int = 20) -> list[Run]:
    where, params = ("WHERE manual=?", [manual]) if manual else ("", [])
    rows = db.query(f"SELECT * FROM runs {where} ORDER BY id DESC LIMIT ?", [*params, limit])
    return [_run(db, row) for row in rows]


def has_baseline(db: sqlite_utils.Database, manual: str) -> bool:
    """True once a run of this manual has stored at least one version."""
    row = db.execute(
        "SELECT 1 FROM versions v JOIN chapters c ON c.id = v.chapter_id"
        " JOIN runs r ON r.id = v.run_id WHERE c.manual=? AND r.status != 'rejected' LIMIT 1",
        [manual],
    ).fetchone()
    return row is not None


def baseline_run_id(db: sqlite_utils.Database, manual: str) -> int | None:
    """The id of the manual's baseline run (its first run that stored anything), if any."""
    row = db.execute("SELECT id FROM runs WHERE manual=? AND baseline=1 AND status != 'rejected'"
                     " ORDER BY id LIMIT 1", [manual]).fetchone()
    return None if row is None else int(row[0])


def runs_awaiting_email(db: sqlite_utils.Database, manual: str) -> list[int]:
    """Finished, published, non-baseline runs whose digests were never queued."""
    marks = ",".join("?" * len(PUBLISHED))
    rows = db.execute(
        f"SELECT id FROM runs WHERE manual=? AND email='pending' AND baseline=0"
        f" AND status IN ({marks}) ORDER BY id",
        [manual, *PUBLISHED],
    ).fetchall()
    return [r[0] for r in rows]


def rejected_runs(db: sqlite_utils.Database, manual: str) -> list[int]:
    """The ids of a manual's rejected runs, oldest first."""
    rows = db.execute("SELECT id FROM runs WHERE manual=? AND status='rejected' ORDER BY id",
                      [manual]).fetchall()
    return [r[0] for r in rows]


def set_email_state(db: sqlite_utils.Database, run_id: int, state: str) -> None:
    """state: pending | queued | skipped."""
    with transaction(db):
        db.execute("UPDATE runs SET email=? WHERE id=?", [state, run_id])


def record_progress(db: sqlite_utils.Database, run_id: int, *, chapters: int, fetched: int,
                    not_modified: int, errors: list[dict]) -> None:
    """The counts of a run still going, so far (call inside the page's transaction)."""
    with transaction(db):
        db.execute("UPDATE runs SET chapters=?, fetched=?, not_modified=?, errors=? WHERE id=?",
                   [chapters, fetched, not_modified, json.dumps(errors), run_id])


def mark_abandoned_runs(db: sqlite_utils.Database, manual: str, finished_at: str, *,
                        url: str = "", reason: str = "the process stopped") -> list[int]:
    """Runs left 'running' by a process that died or was stopped: mark them partial, keep
    what they stored and the counts they reached, and say why in their errors (against
    `url`, the manual's contents page).

    Their stored changes stay publishable, so the next run queues their email; a run that
    stored the manual's first versions is its baseline.
    """
    rows = db.execute("SELECT id, errors FROM runs WHERE manual=? AND status='running'",
                      [manual])
    found = rows.fetchall()
    with transaction(db):
        for run_id, errors in found:
            stored = db.execute("SELECT count(*) FROM versions WHERE run_id=?",
                                [run_id]).fetchone()[0]
            earlier = db.execute(
                "SELECT count(*) FROM versions v JOIN runs r ON r.id = v.run_id"
                " WHERE r.manual=? AND r.id < ?", [manual, run_id]).fetchone()[0]
            listed = db.execute("SELECT count(DISTINCT url) FROM listings WHERE run_id ="
                                " (SELECT coalesce(listing_run, id) FROM runs WHERE id=?)",
                                [run_id]).fetchone()[0]
            known = json.loads(errors or "[]")
            known.append({"url": url, "error": f"run did not finish ({reason})"})
            db.execute(
                "UPDATE runs SET status='partial', finished_at=?, errors=?, baseline=?,"
                " chapters=? WHERE id=?",
                [finished_at, json.dumps(known), int(bool(stored) and not earlier), listed,
                 run_id],
            )
    return [row[0] for row in found]
