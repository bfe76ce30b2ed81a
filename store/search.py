"""Full-text search over every version of every chapter (SQLite FTS5, `versions_fts`).

The index is made by migration 0009 with sqlite-utils' ``enable_fts`` and kept current by
its triggers. A query is what a person types: words (all must appear) and "quoted phrases";
FTS5 operators are not exposed, so no input can be a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from store.errors import StoreError

HIT_START, HIT_END = "\x02", "\x03"  # snippet markers; the page escapes text, then marks them
CANDIDATES = 400  # best-ranked matching versions looked at
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchError(StoreError):
    """A query that holds no word to search for."""


@dataclass(frozen=True)
class VersionHit:
    version_id: int
    seen_at: str
    current: bool  # the chapter's latest accepted version


@dataclass(frozen=True)
class ChapterHit:
    chapter_id: int
    manual: str
    number: str | None
    title: str
    url: str
    snippet: str  # with HIT_START / HIT_END around matched words
    versions: tuple[VersionHit, ...]  # newest first

    @property
    def only_past(self) -> bool:
        """The text is found only in versions no longer in force."""
        return not any(v.current for v in self.versions)


def fts_query(text: str) -> str:
    """A safe FTS5 query: each "phrase" and each other word quoted, all required."""
    parts = [" ".join(_WORD.findall(p)) for p in _PHRASE.findall(text)]
    parts += _WORD.findall(_PHRASE.sub(" ", text))
    terms = [f'"{p}"' for p in parts if p.strip()]
    if not terms:
        raise SearchError(f"nothing to search for in {text!r}")
    return " ".join(terms)


def _candidates(db: sqlite_utils.Database, query: str, manual: str | None) -> list[tuple]:
    where, params = ("AND c.manual = ?", [manual]) if manual else ("", [])
    return db.execute(
        "SELECT m.rowid, v.chapter_id FROM (SELECT rowid, rank FROM versions_fts"
        " WHERE versions_fts MATCH ? ORDER BY rank LIMIT ?) m"
        " JOIN versions v ON v.id = m.rowid JOIN runs r ON r.id = v.run_id"
        f" JOIN chapters c ON c.id = v.chapter_id WHERE r.status != 'rejected' {where}"
        " ORDER BY m.rank", [query, CANDIDATES, *params]).fetchall()


def _snippets(db: sqlite_utils.Database, query: str, version_ids: list[int]) -> dict[int, str]:
    marks = ",".join("?" * len(version_ids))
    rows = db.execute(
        f"SELECT rowid, snippet(versions_fts, 0, '{HIT_START}', '{HIT_END}', '…', 16)"
        f" FROM versions_fts WHERE versions_fts MATCH ? AND rowid IN ({marks})",
        [query, *version_ids]).fetchall()
    return dict(rows)


def _matching_versions(db: sqlite_utils.Database, query: str, chapter_ids: list[int]
                       ) -> dict[int, list[VersionHit]]:
    marks = ",".join("?" * len(chapter_ids))
    rows = db.execute(
        "SELECT v.id, v.chapter_id, v.seen_at, v.id = (SELECT max(v2.id) FROM versions v2"
        " JOIN runs r2 ON r2.id = v2.run_id WHERE v2.chapter_id = v.chapter_id"
        " AND r2.status NOT IN ('rejected', 'quarantined'))"
        " FROM versions v JOIN runs r ON r.id = v.run_id"
        f" WHERE v.chapter_id IN ({marks}) AND r.status != 'rejected' AND v.id IN"
        " (SELECT rowid FROM versions_fts WHERE versions_fts MATCH ?) ORDER BY v.id DESC",
        [*chapter_ids, query]).fetchall()
    found: dict[int, list[VersionHit]] = {}
    for version_id, chapter_id, seen_at, current in rows:
        found.setdefault(chapter_id, []).append(VersionHit(version_id, seen_at, bool(current)))
    return found


def search(db: sqlite_utils.Database, text: str, *, manual: str | None = None,
           limit: int = 50) -> list[ChapterHit]:
    """Chapters whose current or past text matches, best first, each with its matching
    versions and a snippet of the best-matching one."""
    query = fts_query(text)
    best: dict[int, int] = {}
    for version_id, chapter_id in _candidates(db, query, manual):
        best.setdefault(chapter_id, version_id)
        if len(best) >= limit:
            break
    if not best:
        return []
    snippets = _snippets(db, query, list(best.values()))
    versions = _matching_versions(db, query, list(best))
    marks = ",".join("?" * len(best))
    chapters = {row["id"]: row for row in db.query(
        f"SELECT id, manual, number, title, url FROM chapters WHERE id IN ({marks})", list(best))}
    return [ChapterHit(chapter_id=cid, manual=chapters[cid]["manual"],
                       number=chapters[cid]["number"], title=chapters[cid]["title"],
                       url=chapters[cid]["url"], snippet=snippets.get(vid, ""),
                       versions=tuple(versions.get(cid, ())))
            for cid, vid in best.items()]
