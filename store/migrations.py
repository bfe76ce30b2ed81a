"""Named, ordered schema migrations, each applied once inside a transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

from store.errors import MigrationError
from store.schema_reviews import reviews_schema, search_index
from store.schema_sessions import sessions_schema

Migration = tuple[str, Callable[[sqlite_utils.Database], None]]


def _script(db: sqlite_utils.Database, sql: str) -> None:
    """Run each statement of `sql` on its own, inside the caller's transaction."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _initial(db: sqlite_utils.Database) -> None:
    _script(db,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY, manual TEXT NOT NULL, status TEXT NOT NULL,
            baseline INTEGER NOT NULL DEFAULT 0, started_at TEXT NOT NULL, finished_at TEXT,
            chapters INTEGER NOT NULL DEFAULT 0, fetched INTEGER NOT NULL DEFAULT 0,
            not_modified INTEGER NOT NULL DEFAULT 0, errors TEXT NOT NULL DEFAULT '[]',
            skipped TEXT NOT NULL DEFAULT '[]', email TEXT NOT NULL DEFAULT 'pending',
            pid INTEGER
        );
        CREATE INDEX runs_manual ON runs(manual, id);
        CREATE TABLE chapters (
            id INTEGER PRIMARY KEY, manual TEXT NOT NULL, url TEXT NOT NULL, number TEXT,
            numbers TEXT NOT NULL DEFAULT '[]', title TEXT NOT NULL,
            section TEXT NOT NULL DEFAULT '', flag TEXT, listed INTEGER NOT NULL DEFAULT 1,
            etag TEXT, last_modified TEXT, first_run INTEGER, last_run INTEGER,
            UNIQUE (manual, url)
        );
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY, chapter_id INTEGER NOT NULL REFERENCES chapters(id),
            run_id INTEGER NOT NULL REFERENCES runs(id), seen_at TEXT NOT NULL,
            text_hash TEXT NOT NULL, text TEXT NOT NULL, page_title TEXT, amendment TEXT,
            UNIQUE (chapter_id, run_id)
        );
        CREATE INDEX versions_chapter ON versions(chapter_id, id);
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
            chapter_id INTEGER NOT NULL REFERENCES chapters(id), kind TEXT NOT NULL,
            number TEXT, numbers TEXT NOT NULL DEFAULT '[]', title TEXT NOT NULL,
            url TEXT NOT NULL, section TEXT NOT NULL DEFAULT '', previous TEXT,
            publisher_flag TEXT, words_added INTEGER NOT NULL DEFAULT 0,
            words_removed INTEGER NOT NULL DEFAULT 0, sections TEXT NOT NULL DEFAULT '[]',
            section_paths TEXT NOT NULL DEFAULT '[]', from_version_id INTEGER,
            to_version_id INTEGER, seen_at TEXT NOT NULL,
            UNIQUE (run_id, chapter_id)
        );
        CREATE INDEX changes_run ON changes(run_id);
        CREATE TABLE listings (
            run_id INTEGER NOT NULL REFERENCES runs(id), position INTEGER NOT NULL,
            number TEXT, title TEXT NOT NULL, url TEXT NOT NULL, section TEXT, grp TEXT,
            flag TEXT, date TEXT, offsite INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (run_id, position)
        );
        """
    )


def _subscribers(db: sqlite_utils.Database) -> None:
    _script(db,
        """
        CREATE TABLE subscribers (
            id INTEGER PRIMARY KEY, email TEXT NOT NULL, manual TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, UNIQUE (email, manual)
        );
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, selector TEXT NOT NULL DEFAULT '', chapter_id INTEGER,
            UNIQUE (subscriber_id, kind, selector)
        );
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
            subscriber_id INTEGER NOT NULL, recipient TEXT NOT NULL, subject TEXT NOT NULL,
            message TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'queued',
            created_at TEXT NOT NULL, sent_at TEXT, attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT, UNIQUE (run_id, subscriber_id)
        );
        """
    )


def _quarantine(db: sqlite_utils.Database) -> None:
    _script(db, """
        ALTER TABLE runs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN guard TEXT;
        ALTER TABLE chapters ADD COLUMN held_run INTEGER;
        CREATE TABLE held_states (
            run_id INTEGER NOT NULL REFERENCES runs(id), chapter_id INTEGER NOT NULL,
            state TEXT NOT NULL, PRIMARY KEY (run_id, chapter_id)
        )
        """)


def _version_links(db: sqlite_utils.Database) -> None:
    """Links of each version as a JSON list of [text, url] pairs (issue 4, links diff)."""
    db.execute("ALTER TABLE versions ADD COLUMN links TEXT NOT NULL DEFAULT '[]'")


MIGRATIONS: tuple[Migration, ...] = (
    ("0001_runs_chapters_versions_changes", _initial),
    ("0002_subscribers_outbox", _subscribers),
    ("0003_quarantine_held_states", _quarantine),
    ("0004_version_links", _version_links),
    ("0009_reviews_signoffs_acknowledgements", reviews_schema),
    ("0009_search_versions_fts", search_index),
    ("0011_web_sessions_login_failures", sessions_schema),
)


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration not yet recorded; return the names applied now."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    applied = []
    for name, migrate in MIGRATIONS:
        if name in done:
            continue
        try:
            with db.conn:
                db.execute("BEGIN")
                migrate(db)
                db.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                    [name, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")],
                )
        except Exception as exc:  # noqa: BLE001 - reported with the migration's name
            raise MigrationError(name, str(exc)) from exc
        applied.append(name)
    return applied
