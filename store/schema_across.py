"""Schema of the view across manuals (issue 18): sketches, counterparts, edits, adoption states."""

from __future__ import annotations

import sqlite_utils

# Kept out of the way while many sketch values are written at once (store.counterparts).
SKETCH_VALUES_CHAPTER = "CREATE INDEX sketch_values_chapter ON sketch_values(chapter_id)"
_TABLES = f"""
CREATE TABLE sketches (
    chapter_id INTEGER PRIMARY KEY REFERENCES chapters(id), manual TEXT NOT NULL,
    text_hash TEXT NOT NULL, shingles BLOB NOT NULL
);
CREATE INDEX sketches_manual ON sketches(manual);
CREATE TABLE sketch_values (
    value INTEGER NOT NULL, chapter_id INTEGER NOT NULL, PRIMARY KEY (value, chapter_id)
) WITHOUT ROWID;
{SKETCH_VALUES_CHAPTER};
CREATE TABLE counterparts (
    chapter_id INTEGER NOT NULL REFERENCES chapters(id), manual TEXT NOT NULL,
    other_id INTEGER NOT NULL REFERENCES chapters(id), similarity REAL NOT NULL,
    PRIMARY KEY (chapter_id, manual)
);
CREATE INDEX counterparts_other ON counterparts(other_id);
CREATE TABLE edits (
    id INTEGER PRIMARY KEY, chapter_id INTEGER NOT NULL REFERENCES chapters(id),
    manual TEXT NOT NULL, run_id INTEGER NOT NULL REFERENCES runs(id), change_id INTEGER,
    number TEXT, section TEXT NOT NULL DEFAULT '', seen_at TEXT NOT NULL,
    deleted TEXT NOT NULL, inserted TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL
);
CREATE INDEX edits_chapter ON edits(chapter_id);
CREATE INDEX edits_seen ON edits(seen_at, id);
CREATE TABLE edit_states (
    edit_id INTEGER NOT NULL REFERENCES edits(id), manual TEXT NOT NULL,
    chapter_id INTEGER, number TEXT, state TEXT NOT NULL, run_id INTEGER, seen_at TEXT,
    PRIMARY KEY (edit_id, manual)
);
CREATE INDEX edit_states_manual ON edit_states(manual, state)
"""


def across_schema(db: sqlite_utils.Database) -> None:
    for statement in _TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
