"""Named, ordered schema migrations, each applied once inside a transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

from store.errors import MigrationError
from store.schema_across import across_schema
from store.schema_documents import document_signoffs_schema, documents_schema
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


def _listing_run(db: sqlite_utils.Database) -> None:
    """A run whose contents page lists exactly what an earlier run's did points at that run's
    rows instead of copying them (issue 16: the store grows with versions, not nights)."""
    db.execute("ALTER TABLE runs ADD COLUMN listing_run INTEGER REFERENCES runs(id)")


def _change_edits(db: sqlite_utils.Database) -> None:
    """Each updated change's edits as a JSON list of [removed, added] (issue 16)."""
    db.execute("CREATE TABLE change_edits (change_id INTEGER PRIMARY KEY REFERENCES"
               " changes(id), edits TEXT NOT NULL)")


def _publish_result(db: sqlite_utils.Database) -> None:
    """Whether a run's publishing (appendix, feeds, queuing email) succeeded (issue 12)."""
    _script(db, """
        ALTER TABLE runs ADD COLUMN publish_ok INTEGER;
        ALTER TABLE runs ADD COLUMN publish_error TEXT
        """)


def _one_subscriber_per_mailbox(db: sqlite_utils.Database) -> None:
    """Merge subscribers whose addresses differ only by case or surrounding spaces (the
    earliest keeps its token and gains the others' follows), then keep it so."""
    _script(db, """
        UPDATE subscribers SET email = trim(email);
        INSERT OR IGNORE INTO subscriptions (subscriber_id, kind, selector, chapter_id)
            SELECT k.id, f.kind, f.selector, f.chapter_id FROM subscriptions f
            JOIN subscribers s ON s.id = f.subscriber_id
            JOIN subscribers k ON k.manual = s.manual AND lower(k.email) = lower(s.email)
                AND k.id = (SELECT min(id) FROM subscribers m WHERE m.manual = s.manual
                            AND lower(m.email) = lower(s.email))
            WHERE k.id != s.id;
        DELETE FROM subscriptions WHERE subscriber_id IN (
            SELECT s.id FROM subscribers s WHERE s.id != (SELECT min(id) FROM subscribers m
                WHERE m.manual = s.manual AND lower(m.email) = lower(s.email)));
        DELETE FROM subscribers WHERE id != (SELECT min(id) FROM subscribers m
            WHERE m.manual = subscribers.manual AND lower(m.email) = lower(subscribers.email));
        CREATE UNIQUE INDEX subscribers_mailbox ON subscribers(lower(email), manual)
        """)


def _change_counts_exact(db: sqlite_utils.Database) -> None:
    """Whether a change's word counts are the exact minimum (0 for a chapter too large for
    one exact table, whose counts come from its changed blocks)."""
    db.execute("ALTER TABLE changes ADD COLUMN counts_exact INTEGER NOT NULL DEFAULT 1")


def _subscribers_adoption(db: sqlite_utils.Database) -> None:
    """Whether a subscriber is also told when another manual takes up a change of a chapter
    they follow (issue 18)."""
    db.execute("ALTER TABLE subscribers ADD COLUMN adoption INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: tuple[Migration, ...] = (
    ("0001_runs_chapters_versions_changes", _initial),
    ("0002_subscribers_outbox", _subscribers),
    ("0003_quarantine_held_states", _quarantine),
    ("0004_version_links", _version_links),
    ("0009_reviews_signoffs_acknowledgements", reviews_schema),
    ("0009_search_versions_fts", search_index),
    ("0010_runs_publish_result", _publish_result),
    ("0010_subscribers_one_per_mailbox", _one_subscriber_per_mailbox),
    ("0011_web_sessions_login_failures", sessions_schema),
    ("0012_documents", documents_schema),
    ("0012_documents_signoffs", document_signoffs_schema),
    ("0013_counterparts_edits_adoption", across_schema),
    ("0014_change_counts_exact", _change_counts_exact),
    ("0016_change_edits", _change_edits),  # named in sorted order (test_store_versions)
    ("0016_listing_run", _listing_run),
    ("0017_subscribers_adoption", _subscribers_adoption),
)


def unknown_migrations(db: sqlite_utils.Database) -> list[str]:
    """Migrations recorded in the database that this version does not know (a newer one)."""
    if "_migrations" not in db.table_names():
        return []
    known = {name for name, _ in MIGRATIONS}
    return sorted(row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()
                  if row[0] not in known)


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
