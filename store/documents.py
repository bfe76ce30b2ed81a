"""Linked documents: identity by URL, a new version only when the text (or, without text, the
bytes) hash changes, their change records, and the dead links each run found."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from store.database import transaction
from store.errors import NotFound
from store.models import BrokenLink, DocumentChange, DocumentState, DocumentVersion

_STATE_SQL = """
SELECT d.*, v.id AS version_id, v.text_hash AS version_hash, v.seen_at AS version_seen,
       v.has_text AS version_has_text
FROM documents d
LEFT JOIN document_versions v ON v.id = (
    SELECT v2.id FROM document_versions v2 JOIN runs r ON r.id = v2.run_id
    WHERE v2.document_id = d.id AND r.status NOT IN ('rejected', 'quarantined')
    ORDER BY v2.id DESC LIMIT 1)
"""
_COLUMNS = ("title", "type", "linked_from", "listed", "etag", "last_modified", "raw_sha256",
            "status", "error", "skipped", "last_run")


def _state(row: dict) -> DocumentState:
    return DocumentState(
        id=row["id"], manual=row["manual"], url=row["url"], title=row["title"],
        type=row["type"], linked_from=tuple(json.loads(row["linked_from"])),
        listed=bool(row["listed"]), etag=row["etag"], last_modified=row["last_modified"],
        raw_sha256=row["raw_sha256"], status=row["status"], error=row["error"],
        skipped=row["skipped"], latest_version_id=row["version_id"],
        latest_hash=row["version_hash"], latest_seen_at=row["version_seen"],
        has_text=row["version_has_text"] != 0)


def document_states(db: sqlite_utils.Database, manual: str) -> dict[str, DocumentState]:
    """Every document of a manual ever linked, by URL, with its latest accepted version."""
    rows = db.query(_STATE_SQL + " WHERE d.manual=? ORDER BY d.id", [manual])
    return {row["url"]: _state(row) for row in rows}


def links_of_versions(db: sqlite_utils.Database, version_ids: Iterable[int]
                      ) -> dict[int, tuple[tuple[str, str], ...]]:
    """The (link text, URL) pairs of chapter versions, by version id, in few queries (the
    documents step reads every listed chapter's links each run)."""
    wanted = list(dict.fromkeys(version_ids))
    found: dict[int, tuple[tuple[str, str], ...]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT id, links FROM versions WHERE id IN ({marks})", chunk)
        for version_id, links in rows:
            found[version_id] = tuple((text, url) for text, url in json.loads(links or "[]"))
    return found


def find_document(db: sqlite_utils.Database, manual: str | None, url: str
                  ) -> DocumentState | None:
    """A document named by its URL (in `manual`, or in any manual)."""
    where, params = ("AND d.manual=?", [manual]) if manual else ("", [])
    rows = list(db.query(_STATE_SQL + f" WHERE d.url=? {where}", [url, *params]))
    return _state(rows[0]) if rows else None


def create_document(db: sqlite_utils.Database, manual: str, *, url: str, title: str, type: str,
                    linked_from: Iterable[str], run_id: int) -> int:
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO documents (manual, url, title, type, linked_from, first_run, last_run)"
            " VALUES (?,?,?,?,?,?,?)",
            [manual, url, title, type, json.dumps(list(linked_from)), run_id, run_id])
    return int(cursor.lastrowid)


def update_document(db: sqlite_utils.Database, document_id: int, **fields: object) -> None:
    """Set some of: title, type, linked_from, listed, etag, last_modified, raw_sha256, status,
    error, skipped, last_run."""
    unknown = set(fields) - set(_COLUMNS)
    if unknown:
        raise ValueError(f"unknown document fields {sorted(unknown)}")
    values = {k: json.dumps(list(v)) if k == "linked_from" else  # type: ignore[call-overload]
              int(v) if k == "listed" else v for k, v in fields.items()}
    sets = ", ".join(f"{k}=?" for k in values)
    with transaction(db):
        db.execute(f"UPDATE documents SET {sets} WHERE id=?", [*values.values(), document_id])


def add_document_version(db: sqlite_utils.Database, *, document_id: int, run_id: int,
                         seen_at: str, text_hash: str, text: str | None, raw_sha256: str,
                         nbytes: int, no_text: str | None) -> int:
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO document_versions (document_id, run_id, seen_at, text_hash, has_text,"
            " text, raw_sha256, nbytes, no_text) VALUES (?,?,?,?,?,?,?,?,?)",
            [document_id, run_id, seen_at, text_hash, int(text is not None), text or "",
             raw_sha256, nbytes, no_text])
    return int(cursor.lastrowid)


def _version(row: dict) -> DocumentVersion:
    return DocumentVersion(id=row["id"], document_id=row["document_id"], run_id=row["run_id"],
                           seen_at=row["seen_at"], text_hash=row["text_hash"],
                           has_text=bool(row["has_text"]), text=row["text"],
                           raw_sha256=row["raw_sha256"], nbytes=row["nbytes"],
                           no_text=row["no_text"])


def get_document_version(db: sqlite_utils.Database, version_id: int) -> DocumentVersion:
    rows = list(db.query("SELECT * FROM document_versions WHERE id=?", [version_id]))
    if not rows:
        raise NotFound(f"no document version {version_id}")
    return _version(rows[0])


def document_versions(db: sqlite_utils.Database, document_id: int) -> list[DocumentVersion]:
    """A document's versions, oldest first (rejected runs' versions left out)."""
    rows = db.query(
        "SELECT v.* FROM document_versions v JOIN runs r ON r.id = v.run_id"
        " WHERE v.document_id=? AND r.status != 'rejected' ORDER BY v.id", [document_id])
    return [_version(row) for row in rows]


def add_document_change(db: sqlite_utils.Database, change: DocumentChange) -> int:
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO document_changes (run_id, document_id, kind, url, title, type,"
            " linked_from, words_added, words_removed, has_text, sections, from_version_id,"
            " to_version_id, seen_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [change.run_id, change.document_id, change.kind, change.url, change.title,
             change.type, json.dumps(list(change.linked_from)), change.words_added,
             change.words_removed, int(change.has_text), json.dumps(list(change.sections)),
             change.from_version_id, change.to_version_id, change.seen_at])
    return int(cursor.lastrowid)


def _change(row: dict) -> DocumentChange:
    return DocumentChange(
        kind=row["kind"], document_id=row["document_id"], url=row["url"], title=row["title"],
        type=row["type"], linked_from=tuple(json.loads(row["linked_from"])),
        words_added=row["words_added"], words_removed=row["words_removed"],
        has_text=bool(row["has_text"]), sections=tuple(json.loads(row["sections"])),
        run_id=row["run_id"], seen_at=row["seen_at"], id=row["id"],
        from_version_id=row["from_version_id"], to_version_id=row["to_version_id"])


def document_changes_for_run(db: sqlite_utils.Database, run_id: int) -> list[DocumentChange]:
    """A run's document records in the order they were recorded."""
    rows = db.query("SELECT * FROM document_changes WHERE run_id=? ORDER BY id", [run_id])
    return [_change(row) for row in rows]


def document_changes_of(db: sqlite_utils.Database, document_id: int) -> list[DocumentChange]:
    """A document's records in published runs, newest first."""
    rows = db.query(
        "SELECT c.* FROM document_changes c JOIN runs r ON r.id = c.run_id WHERE"
        " c.document_id=? AND r.status IN ('ok', 'partial', 'approved') ORDER BY c.id DESC",
        [document_id])
    return [_change(row) for row in rows]


def document_changes_since(db: sqlite_utils.Database, manual: str, since: str | None = None
                           ) -> list[DocumentChange]:
    """Document records of a manual's published runs (seen on or after `since`), oldest first."""
    rows = db.query(
        "SELECT c.* FROM document_changes c JOIN runs r ON r.id = c.run_id"
        " WHERE r.manual=? AND r.status IN ('ok', 'partial', 'approved') AND c.seen_at >= ?"
        " ORDER BY c.id", [manual, since or ""])
    return [_change(row) for row in rows]


def add_broken_links(db: sqlite_utils.Database, links: Iterable[BrokenLink]) -> None:
    with transaction(db):
        for link in links:
            db.execute(
                "INSERT OR REPLACE INTO broken_links (run_id, chapter_id, number, title, url,"
                " target, detail) VALUES (?,?,?,?,?,?,?)",
                [link.run_id, link.chapter_id, link.number, link.title, link.url, link.target,
                 link.detail])


def broken_links_for_run(db: sqlite_utils.Database, run_id: int) -> list[BrokenLink]:
    rows = db.query("SELECT * FROM broken_links WHERE run_id=? ORDER BY rowid", [run_id])
    return [BrokenLink(**row) for row in rows]


def list_documents(db: sqlite_utils.Database, manual: str | None = None) -> list[DocumentState]:
    """Tracked documents (of one manual, or all), linked ones first, then by title."""
    where, params = ("WHERE d.manual=?", [manual]) if manual else ("", [])
    rows = db.query(_STATE_SQL + f" {where} ORDER BY d.listed DESC, d.manual, d.title, d.url",
                    params)
    return [_state(row) for row in rows]
