"""Schema of the review application (issue 9): reviewers, sign-offs, acknowledgements, search.

Sign-offs and acknowledgements are append-only: triggers refuse every UPDATE and DELETE, so
the audit trail an inspector reads is the one that was written.
"""

from __future__ import annotations

import sqlite_utils

_APPEND_ONLY = """
CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END
"""

_TABLES = """
CREATE TABLE IF NOT EXISTS reviewers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signoffs (
    id INTEGER PRIMARY KEY, change_id INTEGER NOT NULL REFERENCES changes(id),
    chapter_id INTEGER NOT NULL, reviewer TEXT NOT NULL, decided_at TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('no_action', 'action_needed')),
    note TEXT NOT NULL DEFAULT '', from_version_id INTEGER, to_version_id INTEGER
);
CREATE INDEX IF NOT EXISTS signoffs_change ON signoffs(change_id, id);
CREATE INDEX IF NOT EXISTS signoffs_decided ON signoffs(decided_at);
CREATE INDEX IF NOT EXISTS changes_chapter ON changes(chapter_id, id);
CREATE INDEX IF NOT EXISTS changes_seen ON changes(seen_at);
CREATE TABLE IF NOT EXISTS ack_tokens (
    token TEXT PRIMARY KEY, run_id INTEGER NOT NULL, subscriber_id INTEGER NOT NULL,
    email TEXT NOT NULL, change_ids TEXT NOT NULL, created_at TEXT NOT NULL,
    UNIQUE (run_id, subscriber_id)
);
CREATE TABLE IF NOT EXISTS acknowledgements (
    id INTEGER PRIMARY KEY, token TEXT NOT NULL REFERENCES ack_tokens(token),
    email TEXT NOT NULL, run_id INTEGER NOT NULL, change_id INTEGER NOT NULL,
    chapter_id INTEGER NOT NULL, version_id INTEGER, acknowledged_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS acknowledgements_change ON acknowledgements(change_id);
CREATE TABLE IF NOT EXISTS web_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret TEXT NOT NULL)
"""


def _run(db: sqlite_utils.Database, sql: str) -> None:
    for statement in sql.split(";\n"):
        if statement.strip():
            db.execute(statement)


def reviews_schema(db: sqlite_utils.Database) -> None:
    """Reviewers, append-only sign-offs and acknowledgements, the web app's secret."""
    _run(db, _TABLES)
    for table in ("signoffs", "acknowledgements"):
        _run(db, _APPEND_ONLY.format(table=table))


def search_index(db: sqlite_utils.Database) -> None:
    """FTS5 over every version's text, kept current by triggers (safe to run twice)."""
    db["versions"].enable_fts(["text"], create_triggers=True, replace=True)
