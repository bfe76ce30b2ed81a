"""The edits of each updated change, kept when the run records it, so grouping identical
edits across chapters (`changes`) reads them instead of diffing every change again."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import sqlite_utils

from store.database import transaction


def record_edits(db: sqlite_utils.Database, change_id: int,
                 edits: Iterable[tuple[str, str]]) -> None:
    """Keep the change's (words removed, words added) pairs, in page order."""
    with transaction(db):
        db.execute("INSERT OR REPLACE INTO change_edits (change_id, edits) VALUES (?, ?)",
                   [change_id, json.dumps([[removed, added] for removed, added in edits])])


def edits_for(db: sqlite_utils.Database, change_ids: Sequence[int]
              ) -> dict[int, list[tuple[str, str]]]:
    """The stored edits of those changes that have them (older changes may not)."""
    found: dict[int, list[tuple[str, str]]] = {}
    ids = list(change_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = db.execute("SELECT change_id, edits FROM change_edits WHERE change_id IN"
                          f" ({','.join('?' * len(chunk))})", chunk).fetchall()
        found.update((row[0], [(r, a) for r, a in json.loads(row[1])]) for row in rows)
    return found
