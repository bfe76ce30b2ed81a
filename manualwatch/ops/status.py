"""What `status` reports: per manual its last runs, next scheduled time, pending email and
changes awaiting review; overall, whether a run is in progress and the database size."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from manualwatch.clock import london_display
from manualwatch.config import Config, ManualConfig
from manualwatch.cycle.report import run_to_json
from manualwatch.ops.email_problems import as_json
from manualwatch.ops.lock import current_holder
from manualwatch.ops.schedule_time import next_run_time
from manualwatch.terminal import escape_field
from store import outbox
from store.models import Run
from store.overview import held_for_review, pending_email
from store.review_list import open_count
from store.runs import recent_runs

REVIEW_BASIS = ("changes not yet signed off in the review app (`serve`), held ones included; "
                "quarantined runs await approve/reject")


def gather_status(db: sqlite_utils.Database, config: Config, db_path: Path, *,
                  limit: int = 5) -> dict:
    """The whole status as one JSON-ready dict (`status --json` prints exactly this)."""
    next_run = next_run_time(config.schedule_cron, config.schedule_timezone)
    holder = current_holder(db_path)
    return {
        "manuals": [_manual(db, manual, next_run, limit, holder is not None)
                    for manual in config.manuals],
        "next_run": next_run,
        "schedule": {"cron": config.schedule_cron, "timezone": config.schedule_timezone,
                     "jitter_seconds": config.schedule_jitter_seconds},
        "running": None if holder is None else {"pid": holder.pid, "since": holder.since},
        "email": outbox.counts(db),
        "database": {"path": str(db_path), "bytes": database_bytes(db_path)},
    }


def _manual(db: sqlite_utils.Database, manual: ManualConfig, next_run: str, limit: int,
            locked: bool) -> dict:
    runs = recent_runs(db, manual.name, limit=limit)
    held_runs, held_changes = held_for_review(db, manual.name)
    return {
        "manual": manual.name,
        "title": manual.title,
        "last_status": (DEAD if runs[0].status == "running" and not locked else runs[0].status)
        if runs else None,
        "runs": [_run(r, locked) for r in runs],
        "next_run": next_run,
        "pending_email": pending_email(db, manual.name),
        "email_problems": [as_json(item) for item in outbox.problems(db, manual.name)],
        "awaiting_review": {"changes": open_count(db, manual.name), "runs": held_runs,
                            "quarantined_changes": held_changes, "basis": REVIEW_BASIS},
    }


DEAD = "did not finish"  # a run left 'running' while no process holds the run lock


def _run(run: Run, locked: bool) -> dict:
    data = {k: v for k, v in run_to_json(run).items() if k != "changes"}
    if run.status == "running" and not locked:
        data["status"] = DEAD
    return data | {"changes": len(run.changes)}


def database_bytes(db_path: Path) -> int:
    """The database on disk: its file plus the write-ahead log."""
    total = 0
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        if path.exists():
            total += path.stat().st_size
    return total


def status_lines(data: dict) -> list[str]:
    """The status for a person at a terminal."""
    lines: list[str] = []
    for entry in data["manuals"]:
        lines.append(f"{entry['manual']}: {escape_field(entry['title'])}")
        for r in entry["runs"]:
            lines.append(f"  run {r['run_id']:<4} {r['status']:<11} "
                         f"{london_display(r['started_at'])}  {r['fetched']} fetched, "
                         f"{r['not_modified']} not modified, {r['changes']} changes, "
                         f"{len(r['errors'])} errors")
            if r.get("publish") and not r["publish"]["ok"]:
                lines.append(f"           not published: {escape_field(r['publish']['error'])}")
        if not entry["runs"]:
            lines.append("  no runs yet")
        pending = entry["pending_email"]
        lines.append("  email: " + (", ".join(f"{v} {k}" for k, v in pending.items())
                                    or "nothing pending"))
        for problem in entry["email_problems"]:
            lines.append(f"    {problem['status']}: run {problem['run_id']} to "
                         f"{escape_field(problem['recipient'])}: "
                         f"{escape_field(problem['error'] or '-')}")
            lines.append(f"      what to do: {escape_field(problem['what_to_do'])}")
        review = entry["awaiting_review"]
        lines.append(f"  awaiting review: {review['changes']} changes not yet signed off; "
                     f"{review['runs']} quarantined runs ({review['quarantined_changes']} "
                     "changes) awaiting approve/reject")
    lines.append(f"next scheduled run: {london_display(data['next_run'])} "
                 f"({data['schedule']['cron']} {data['schedule']['timezone']})")
    running = data["running"]
    lines.append("run in progress: " + (f"pid {running['pid']} since "
                                        f"{london_display(running['since'])}"
                                        if running else "none"))
    lines.append(f"database: {data['database']['path']} "
                 f"({data['database']['bytes'] / 1_000_000:.1f} MB)")
    return lines
