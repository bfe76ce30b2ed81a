"""Change records: one per chapter per run that changed it."""

from __future__ import annotations

import json
from dataclasses import replace

import sqlite_utils

from store.database import transaction
from store.models import Change, PreviousRef


def add_change(db: sqlite_utils.Database, change: Change) -> Change:
    """Store one change record; returns it with its id."""
    prev = change.previous
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO changes (run_id, chapter_id, kind, number, numbers, title, url, section,"
            " previous, publisher_flag, words_added, words_removed, sections, section_paths,"
            " from_version_id, to_version_id, seen_at, counts_exact)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [change.run_id, change.chapter_id, change.kind, change.number,
             json.dumps(list(change.numbers)), change.title, change.url, change.section,
             None if prev is None else json.dumps(
                 {"number": prev.number, "title": prev.title, "url": prev.url}),
             change.publisher_flag, change.words_added, change.words_removed,
             json.dumps(list(change.sections)), json.dumps([list(p) for p in change.section_paths]),
             change.from_version_id, change.to_version_id, change.seen_at,
             int(change.counts_exact)],
        )
    return replace(change, id=int(cursor.lastrowid))


def _change(row: dict) -> Change:
    prev = json.loads(row["previous"]) if row["previous"] else None
    return Change(
        id=row["id"], run_id=row["run_id"], chapter_id=row["chapter_id"], kind=row["kind"],
        number=row["number"], numbers=tuple(json.loads(row["numbers"])), title=row["title"],
        url=row["url"], section=row["section"],
        previous=None if prev is None else PreviousRef(prev["number"], prev["title"], prev["url"]),
        publisher_flag=row["publisher_flag"], words_added=row["words_added"],
        words_removed=row["words_removed"], sections=tuple(json.loads(row["sections"])),
        section_paths=tuple(tuple(p) for p in json.loads(row["section_paths"])),
        from_version_id=row["from_version_id"], to_version_id=row["to_version_id"],
        seen_at=row["seen_at"], counts_exact=bool(row.get("counts_exact", 1)),
    )


def changes_for_run(db: sqlite_utils.Database, run_id: int) -> list[Change]:
    """A run's changes in contents order of their numbers (removed ones last)."""
    rows = db.query("SELECT * FROM changes WHERE run_id=? ORDER BY id", [run_id])
    return [_change(row) for row in rows]


def list_changes(db: sqlite_utils.Database, *, manual: str | None = None,
                 since: str | None = None, statuses: tuple[str, ...] | None = None
                 ) -> list[Change]:
    """Changes recorded so far, newest first; `since` is an ISO date or timestamp (UTC)."""
    sql = "SELECT c.* FROM changes c JOIN runs r ON r.id = c.run_id WHERE 1=1"
    params: list = []
    if manual:
        sql += " AND r.manual=?"
        params.append(manual)
    if since:
        sql += " AND c.seen_at >= ?"
        params.append(since)
    if statuses:
        sql += f" AND r.status IN ({','.join('?' * len(statuses))})"
        params.extend(statuses)
    sql += " ORDER BY c.run_id DESC, c.id"
    return [_change(row) for row in db.query(sql, params)]
