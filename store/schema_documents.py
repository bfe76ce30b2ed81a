"""Schema of linked documents: documents, their versions and changes, and dead links per run."""

from __future__ import annotations

import sqlite_utils


def documents_schema(db: sqlite_utils.Database) -> None:
    """Migration 0012: documents tracked by URL, versioned by text (or bytes) hash."""
    for statement in """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY, manual TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL,
            type TEXT NOT NULL, linked_from TEXT NOT NULL DEFAULT '[]',
            listed INTEGER NOT NULL DEFAULT 1, etag TEXT, last_modified TEXT,
            raw_sha256 TEXT, status INTEGER, error TEXT, skipped TEXT,
            first_run INTEGER, last_run INTEGER, UNIQUE (manual, url)
        );
        CREATE TABLE document_versions (
            id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
            run_id INTEGER NOT NULL REFERENCES runs(id), seen_at TEXT NOT NULL,
            text_hash TEXT NOT NULL, has_text INTEGER NOT NULL, text TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL, nbytes INTEGER NOT NULL DEFAULT 0, no_text TEXT,
            UNIQUE (document_id, run_id)
        );
        CREATE INDEX document_versions_document ON document_versions(document_id, id);
        CREATE TABLE document_changes (
            id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
            document_id INTEGER NOT NULL REFERENCES documents(id), kind TEXT NOT NULL,
            url TEXT NOT NULL, title TEXT NOT NULL, type TEXT NOT NULL,
            linked_from TEXT NOT NULL DEFAULT '[]', words_added INTEGER NOT NULL DEFAULT 0,
            words_removed INTEGER NOT NULL DEFAULT 0, has_text INTEGER NOT NULL DEFAULT 1,
            sections TEXT NOT NULL DEFAULT '[]', from_version_id INTEGER, to_version_id INTEGER,
            seen_at TEXT NOT NULL, UNIQUE (run_id, document_id)
        );
        CREATE INDEX document_changes_run ON document_changes(run_id);
        CREATE TABLE broken_links (
            run_id INTEGER NOT NULL REFERENCES runs(id), chapter_id INTEGER NOT NULL,
            number TEXT, title TEXT NOT NULL, url TEXT NOT NULL, target TEXT NOT NULL,
            detail TEXT NOT NULL, PRIMARY KEY (run_id, chapter_id, target)
        )
        """.split(";"):
        if statement.strip():
            db.execute(statement)


def document_signoffs_schema(db: sqlite_utils.Database) -> None:
    """Migration 0012: append-only sign-offs of document changes, like chapters' sign-offs."""
    for statement in """
        CREATE TABLE document_signoffs (
            id INTEGER PRIMARY KEY,
            change_id INTEGER NOT NULL REFERENCES document_changes(id),
            document_id INTEGER NOT NULL, reviewer TEXT NOT NULL, decided_at TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('no_action', 'action_needed')),
            note TEXT NOT NULL DEFAULT '', from_version_id INTEGER, to_version_id INTEGER
        );
        CREATE INDEX document_signoffs_change ON document_signoffs(change_id, id);
        CREATE TRIGGER document_signoffs_no_update BEFORE UPDATE ON document_signoffs
        BEGIN SELECT RAISE(ABORT, 'document_signoffs is append-only'); END;
        CREATE TRIGGER document_signoffs_no_delete BEFORE DELETE ON document_signoffs
        BEGIN SELECT RAISE(ABORT, 'document_signoffs is append-only'); END
        """.split(";\n"):
        if statement.strip():
            db.execute(statement)
