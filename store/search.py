"""Full-text search over every version of every chapter (SQLite FTS5, `versions_fts`).

The index is made by migration 0009 with sqlite-utils' ``enable_fts`` and kept current by
its triggers. A query is what a person types: words (all must appear) and "quoted phrases";
FTS5 operators are not exposed, so no input can be a syntax error. Several words typed without
quotes (a sentence pasted from memory) rank in tiers: chapters holding them as the exact
phrase first, then those with all of them near each other, then all of them anywhere.
Relevance (bm25) is computed for at most RANKED matching versions, the newest: a word found
in every version of every chapter would otherwise be ranked 100,000 times to show 50.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from store.errors import StoreError

HIT_START, HIT_END = "\x02", "\x03"  # snippet markers; the page escapes text, then marks them
RANKED = 10_000  # at most this many matching versions are ranked: the newest ones
PHRASE, NEAR, WORDS = "phrase", "near", "words"
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
    match: str = WORDS  # PHRASE | NEAR | WORDS: how closely the best version matched

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


def tiers(text: str) -> list[tuple[str, str]]:
    """(match, FTS5 query) pairs, most exact first: for two or more words typed without
    quotes, the exact phrase, then all words within a few of each other, then all words
    anywhere; otherwise only the query as typed."""
    anywhere = fts_query(text)
    words = _WORD.findall(text)
    if '"' in text or len(words) < 2:
        return [(WORDS, anywhere)]
    quoted = " ".join(f'"{word}"' for word in words)
    return [(PHRASE, '"' + " ".join(words) + '"'),
            (NEAR, f"NEAR({quoted}, {len(words) + 10})"), (WORDS, anywhere)]


_NEWEST = ("SELECT rowid, rank FROM versions_fts WHERE versions_fts MATCH :query {manual}"
           " ORDER BY rowid DESC LIMIT :bound")
_IN_MANUAL = ("AND +rowid IN (SELECT v.id FROM chapters c JOIN versions v"
              " ON v.chapter_id = c.id WHERE c.manual = :manual)")  # '+': filter, not a lookup


def _best_per_chapter(db: sqlite_utils.Database, query: str, manual: str | None,
                      limit: int, ranked: int) -> list[tuple[int, int, float]]:
    """(chapter id, its best-ranked matching version id, rank) for the `limit` best chapters.

    Only the newest `ranked` matching versions are ranked: all of them unless the query is
    very common, where bm25 for every match would cost more than it tells. The best
    `limit` * 20 versions usually name enough chapters; if not, every ranked one is grouped.
    """
    newest = _NEWEST.format(manual=_IN_MANUAL if manual else "")
    params = {"query": query, "manual": manual, "bound": ranked, "limit": limit}
    rows: list[tuple[int, int, float]] = []
    for top in (limit * 20, ranked):
        rows = db.execute(
            "SELECT v.chapter_id, m.rowid, min(m.rank) AS best"
            f" FROM (SELECT rowid, rank FROM ({newest}) ORDER BY rank LIMIT :top) m"
            " JOIN versions v ON v.id = m.rowid JOIN runs r ON r.id = v.run_id"
            " WHERE r.status != 'rejected' GROUP BY v.chapter_id ORDER BY best, v.chapter_id"
            " LIMIT :limit", {**params, "top": top}).fetchall()
        if len(rows) >= limit or top >= ranked:
            break
    return rows


def _more_than_ranked(db: sqlite_utils.Database, query: str, manual: str | None,
                      ranked: int) -> bool:
    """More versions match than `ranked` (so only the newest `ranked` were ranked)."""
    return db.execute(
        "SELECT 1 FROM versions_fts WHERE versions_fts MATCH :query"
        f" {_IN_MANUAL if manual else ''} ORDER BY rowid DESC LIMIT 1 OFFSET :bound",
        {"query": query, "manual": manual, "bound": ranked}).fetchone() is not None


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
        " (SELECT rowid FROM versions_fts WHERE versions_fts MATCH ? AND +rowid IN"
        f" (SELECT id FROM versions WHERE chapter_id IN ({marks}))) ORDER BY v.id DESC",
        [*chapter_ids, query, *chapter_ids]).fetchall()
    found: dict[int, list[VersionHit]] = {}
    for version_id, chapter_id, seen_at, current in rows:
        found.setdefault(chapter_id, []).append(VersionHit(version_id, seen_at, bool(current)))
    return found


class Hits(list[ChapterHit]):
    """The chapters found, best first; `many` when more versions matched than were ranked,
    so the order is by relevance among the newest matching versions only."""

    def __init__(self, hits: list[ChapterHit] | None = None, *, many: bool = False) -> None:
        super().__init__(hits or [])
        self.many = many


def _ranked_tiers(db: sqlite_utils.Database, text: str, manual: str | None, limit: int,
                  ranked: int) -> tuple[dict[int, tuple[int, str, str]], str]:
    """chapter id -> (best version id, match, query) in rank order, and the broadest query."""
    found: dict[int, tuple[int, str, str]] = {}
    plan = tiers(text)
    for match, query in plan:
        if len(found) >= limit:
            break
        for chapter_id, version_id, _ in _best_per_chapter(db, query, manual, limit, ranked):
            if chapter_id not in found and len(found) < limit:
                found[chapter_id] = (version_id, match, query)
    return found, plan[-1][1]


def search(db: sqlite_utils.Database, text: str, *, manual: str | None = None,
           limit: int = 50, ranked: int = RANKED) -> Hits:
    """Chapters whose current or past text matches, best first (at most `limit`), each with
    all its matching versions and a snippet of its best-matching one. Several words without
    quotes rank in tiers (see `tiers`): exact phrase, near each other, anywhere. Relevance
    (bm25) is computed for the newest `ranked` matching versions only (`Hits.many` says when
    that left some out): ranking every one of 100,000 matches costs more than it tells."""
    found, broadest = _ranked_tiers(db, text, manual, limit, ranked)
    if not found:
        return Hits()
    snippets: dict[int, str] = {}
    versions: dict[int, list[VersionHit]] = {}
    for query in dict.fromkeys(q for _, _, q in found.values()):
        chosen = [cid for cid, (_, _, q) in found.items() if q == query]
        snippets.update(_snippets(db, query, [found[cid][0] for cid in chosen]))
        versions.update(_matching_versions(db, query, chosen))
    marks = ",".join("?" * len(found))
    chapters = {row["id"]: row for row in db.query(
        f"SELECT id, manual, number, title, url FROM chapters WHERE id IN ({marks})",
        list(found))}
    return Hits([ChapterHit(chapter_id=cid, manual=chapters[cid]["manual"],
                            number=chapters[cid]["number"], title=chapters[cid]["title"],
                            url=chapters[cid]["url"], snippet=snippets.get(vid, ""),
                            versions=tuple(versions.get(cid, ())), match=match)
                 for cid, (vid, match, _) in found.items()],
                many=_more_than_ranked(db, broadest, manual, ranked))
