"""Sign-offs of linked documents' changes (append-only, like chapters'), the review list of
document changes, and a search over documents' latest text."""

from __future__ import annotations

import sqlite_utils

from store.database import transaction
from store.documents import _change as _document_change
from store.errors import NotFound
from store.models import DocumentChange
from store.reviews import DECISIONS, ReviewError, SignOff

# the review state of the document change aliased `c`
STATE_SQL = """CASE
  WHEN NOT EXISTS (SELECT 1 FROM document_signoffs s WHERE s.change_id = c.id) THEN 'awaiting'
  WHEN EXISTS (SELECT 1 FROM document_changes c2 WHERE c2.document_id = c.document_id
               AND c2.id > c.id AND NOT EXISTS (SELECT 1 FROM document_signoffs s2
                                                 WHERE s2.change_id = c2.id))
    THEN 'again'
  ELSE (SELECT s3.decision FROM document_signoffs s3 WHERE s3.change_id = c.id
        ORDER BY s3.id DESC LIMIT 1) END"""
LISTED = ("ok", "partial", "approved", "quarantined")


def get_document_change(db: sqlite_utils.Database, change_id: int) -> DocumentChange:
    rows = list(db.query("SELECT c.* FROM document_changes c JOIN runs r ON r.id = c.run_id"
                         " WHERE c.id=? AND r.status != 'rejected'", [change_id]))
    if not rows:
        raise NotFound(f"no document change {change_id}")
    return _document_change(rows[0])


def sign_off_document(db: sqlite_utils.Database, change_id: int, *, reviewer: str,
                      decision: str, note: str, now: str) -> SignOff:
    """Append one decision about a document change, covering its two versions."""
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision {decision!r} (one of {', '.join(DECISIONS)})")
    with transaction(db):
        change = get_document_change(db, change_id)
        cursor = db.execute(
            "INSERT INTO document_signoffs (change_id, document_id, reviewer, decided_at,"
            " decision, note, from_version_id, to_version_id) VALUES (?,?,?,?,?,?,?,?)",
            [change_id, change.document_id, reviewer, now, decision, note.strip(),
             change.from_version_id, change.to_version_id])
    return document_signoffs_of(db, change_id, int(cursor.lastrowid))[0]


def document_signoffs_of(db: sqlite_utils.Database, change_id: int, only: int | None = None
                         ) -> list[SignOff]:
    """Every decision about one document change, oldest first."""
    where, params = ("AND id=?", [only]) if only else ("", [])
    rows = db.query(f"SELECT * FROM document_signoffs WHERE change_id=? {where} ORDER BY id",
                    [change_id, *params])
    return [SignOff(id=r["id"], change_id=r["change_id"], chapter_id=r["document_id"],
                    reviewer=r["reviewer"], decided_at=r["decided_at"], decision=r["decision"],
                    note=r["note"], from_version_id=r["from_version_id"],
                    to_version_id=r["to_version_id"]) for r in rows]


def document_review_state(db: sqlite_utils.Database, change_id: int) -> str:
    row = db.execute(f"SELECT {STATE_SQL} FROM document_changes c WHERE c.id=?",
                     [change_id]).fetchone()
    if row is None:
        raise NotFound(f"no document change {change_id}")
    return str(row[0])


def document_changes_for_review(db: sqlite_utils.Database, *, manual: str = "",
                                since: str = "", until: str = "", state: str = "",
                                limit: int = 100) -> list[tuple[DocumentChange, str, str]]:
    """(change, manual, review state) of document changes, newest first, filtered."""
    marks = ",".join("?" * len(LISTED))
    sql = (f"SELECT c.*, r.manual AS run_manual, {STATE_SQL} AS state FROM document_changes c"
           f" JOIN runs r ON r.id = c.run_id WHERE r.status IN ({marks})")
    params: list = [*LISTED]
    for clause, value in (("r.manual = ?", manual), ("c.seen_at >= ?", since),
                          ("substr(c.seen_at, 1, 10) <= ?", until)):
        if value:
            sql += f" AND {clause}"
            params.append(value)
    rows = list(db.query(sql + " ORDER BY c.id DESC LIMIT ?", [*params, limit]))
    found = [(_document_change(r), r["run_manual"], r["state"]) for r in rows]
    if state == "open":
        return [f for f in found if f[2] in ("awaiting", "again")]
    return [f for f in found if not state or f[2] == state]


def search_documents(db: sqlite_utils.Database, query: str, manual: str | None = None,
                     limit: int = 20) -> list[dict]:
    """Documents whose latest text holds every word of `query` (case-insensitive)."""
    words = [w for w in query.casefold().split() if w]
    if not words:
        return []
    sql = ("SELECT d.id, d.manual, d.url, d.title, d.type, d.linked_from, v.text"
           " FROM documents d JOIN document_versions v ON v.id = (SELECT max(v2.id) FROM"
           " document_versions v2 WHERE v2.document_id = d.id) WHERE v.has_text = 1")
    params: list = []
    if manual:
        sql += " AND d.manual = ?"
        params.append(manual)
    hits = []
    for row in db.query(sql + " ORDER BY d.title", params):
        text = row["text"].casefold()
        if all(w in text for w in words):
            hits.append(row)
        if len(hits) >= limit:
            break
    return hits
