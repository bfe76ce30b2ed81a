"""Schema of the review app's sign-in state (issue 13): server-side sessions, failed sign-in
counts for throttling, and the removal of the session secret the database used to hold."""

from __future__ import annotations

import sqlite_utils

_TABLES = """
CREATE TABLE IF NOT EXISTS web_sessions (
    id_hash TEXT PRIMARY KEY, reviewer TEXT NOT NULL, created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS web_sessions_reviewer ON web_sessions(reviewer);
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_failure TEXT NOT NULL,
    blocked_until TEXT
);
DELETE FROM web_secret
"""


def sessions_schema(db: sqlite_utils.Database) -> None:
    """Sessions (only a hash of each id is kept) and failed sign-ins; the old secret goes."""
    for statement in _TABLES.split(";\n"):
        if statement.strip():
            db.execute(statement)
