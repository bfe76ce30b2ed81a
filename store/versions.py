"""Versions: a new row only when a chapter's normalised text hash changes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import sqlite_utils

from store.database import transaction
from store.errors import NotFound
from store.models import Version


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_version(db: sqlite_utils.Database, *, chapter_id: int, run_id: int, seen_at: str,
                text: str, page_title: str | None = None, amendment: str | None = None,
                links: Iterable[tuple[str, str]] = ()) -> int:
    """Store one version; ``links`` are its (link text, URL) pairs in page order."""
    stored_links = json.dumps([[text_, url] for text_, url in links])
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO versions (chapter_id, run_id, seen_at, text_hash, text, page_title,"
            " amendment, links) VALUES (?,?,?,?,?,?,?,?)",
            [chapter_id, run_id, seen_at, text_hash(text), text, page_title, amendment,
             stored_links],
        )
    return int(cursor.lastrowid)


def _version(row: dict) -> Version:
    links = tuple((text, url) for text, url in json.loads(row.get("links") or "[]"))
    return Version(id=row["id"], chapter_id=row["chapter_id"], run_id=row["run_id"],
                   seen_at=row["seen_at"], text_hash=row["text_hash"], text=row["text"],
                   links=links)


def get_version(db: sqlite_utils.Database, version_id: int) -> Version:
    rows = list(db.query("SELECT * FROM versions WHERE id=?", [version_id]))
    if not rows:
        raise NotFound(f"no version {version_id}")
    return _version(rows[0])


def versions_of(db: sqlite_utils.Database, chapter_id: int, *, include_rejected: bool = False
                ) -> list[Version]:
    """A chapter's versions, oldest first (rejected runs' versions only when asked for)."""
    hide = "" if include_rejected else "AND r.status != 'rejected'"
    rows = db.query(
        "SELECT v.* FROM versions v JOIN runs r ON r.id = v.run_id"
        f" WHERE v.chapter_id=? {hide} ORDER BY v.id",
        [chapter_id],
    )
    return [_version(row) for row in rows]
