"""A small store written through the store's own functions: one chapter changed in several
runs, for the sign-off, acknowledgement and search tests."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from store import open_database
from store.changes import add_change
from store.chapters import create_chapter
from store.models import Change
from store.runs import finish_run, start_run
from store.versions import add_version

URL = "http://127.0.0.1:9/chapter/visits"


def chapter_store(path: Path, texts: list[str]) -> tuple[sqlite_utils.Database, list[Change]]:
    """One run per text (the first the baseline); returns the database and the changes."""
    db = open_database(path)
    return db, [change for text in texts if (change := next_run(db, text)) is not None]


def next_run(db: sqlite_utils.Database, text: str) -> Change | None:
    """Another run storing `text` as the chapter's new version (a change unless first)."""
    n = db.execute("SELECT count(*) FROM runs").fetchone()[0] + 1
    when = f"2026-{n:02d}-01T02:00:00Z"
    run = start_run(db, "sample", when)
    row = db.execute("SELECT id FROM chapters WHERE url=?", [URL]).fetchone()
    chapter = row[0] if row else create_chapter(
        db, "sample", url=URL, number="1.2", numbers=["1.2"], title="Visits", section="1. All",
        flag=None, run_id=run)
    before = db.execute("SELECT max(id) FROM versions WHERE chapter_id=?", [chapter]).fetchone()[0]
    version = add_version(db, chapter_id=chapter, run_id=run, seen_at=when, text=text)
    change = None
    if before is not None:
        change = add_change(db, Change(kind="updated", chapter_id=chapter, number="1.2",
                                       title="Visits", url=URL, section="1. All", run_id=run,
                                       seen_at=when, from_version_id=before,
                                       to_version_id=version, words_added=1, words_removed=1))
    finish_run(db, run, status="ok", finished_at=when, baseline=before is None, chapters=1,
               fetched=1, not_modified=0, errors=[], skipped=[])
    return change
