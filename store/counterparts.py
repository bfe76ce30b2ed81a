"""Stored sketches of chapter texts and each chapter's counterpart in every other manual."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import sqlite_utils

from store.database import transaction
from store.schema_across import SKETCH_VALUES_CHAPTER

_CHUNK = 900  # values per IN (...) list
REINDEX_FROM = 1000  # chapters sketched at once from which the chapter index is built again


@dataclass(frozen=True)
class Sketched:
    """A chapter's stored shingles (packed) and the text hash they were computed from."""

    chapter_id: int
    manual: str
    text_hash: str
    shingles: bytes


@dataclass(frozen=True)
class Counterpart:
    chapter_id: int
    manual: str  # the other manual
    other_id: int
    similarity: float


def current_texts(db: sqlite_utils.Database, manuals: Sequence[str]
                  ) -> dict[int, tuple[str, str]]:
    """Listed chapters of `manuals` with their latest accepted version: id -> (manual, hash)."""
    marks = ",".join("?" * len(manuals))
    rows = db.execute(
        "SELECT c.id, c.manual, v.text_hash FROM chapters c JOIN versions v ON v.id = ("
        " SELECT v2.id FROM versions v2 JOIN runs r ON r.id = v2.run_id"
        " WHERE v2.chapter_id = c.id AND r.status NOT IN ('rejected', 'quarantined')"
        " ORDER BY v2.id DESC LIMIT 1)"
        f" WHERE c.listed = 1 AND c.held_run IS NULL AND c.manual IN ({marks})",
        list(manuals)).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def latest_texts(db: sqlite_utils.Database, chapter_ids: Sequence[int]) -> dict[int, str]:
    """Chapter id -> the text of its latest accepted version."""
    found: dict[int, str] = {}
    for start in range(0, len(chapter_ids), _CHUNK):
        chunk = list(chapter_ids[start:start + _CHUNK])
        rows = db.execute(
            "SELECT c.id, v.text FROM chapters c JOIN versions v ON v.id = ("
            " SELECT v2.id FROM versions v2 JOIN runs r ON r.id = v2.run_id"
            " WHERE v2.chapter_id = c.id AND r.status NOT IN ('rejected', 'quarantined')"
            f" ORDER BY v2.id DESC LIMIT 1) WHERE c.id IN ({','.join('?' * len(chunk))})",
            chunk).fetchall()
        found.update((r[0], r[1]) for r in rows)
    return found


def sketch_hashes(db: sqlite_utils.Database) -> dict[int, str]:
    """Chapter id -> the text hash its stored sketch was made from."""
    return dict(db.execute("SELECT chapter_id, text_hash FROM sketches").fetchall())


def put_sketch(db: sqlite_utils.Database, item: Sketched, values: Iterable[int]) -> None:
    with replacing_sketches(db, [item.chapter_id]):
        put_sketches(db, [(item, values)])


@contextmanager
def replacing_sketches(db: sqlite_utils.Database, chapter_ids: Sequence[int]) -> Iterator[None]:
    """One transaction replacing these chapters' sketches (put_sketches inside): their old
    sketch values go first; when there are many, the chapter index of sketch values is left
    aside while they are written and built again once at the end."""
    with transaction(db):
        db.conn.executemany("DELETE FROM sketch_values WHERE chapter_id=?",
                            [(c,) for c in chapter_ids])
        bulk = len(chapter_ids) >= REINDEX_FROM
        if bulk:  # one sort of the whole index is cheaper than as many scattered inserts
            db.conn.execute("DROP INDEX sketch_values_chapter")
        yield
        if bulk:
            db.conn.execute(SKETCH_VALUES_CHAPTER)


def put_sketches(db: sqlite_utils.Database, items: Sequence[tuple[Sketched, Iterable[int]]]
                 ) -> None:
    """Store many chapters' sketches: each item and its sketch values (inside
    `replacing_sketches` for those chapters)."""
    values = sorted((v, item.chapter_id) for item, listed in items for v in listed)
    with transaction(db):
        db.conn.executemany(
            "INSERT OR REPLACE INTO sketches (chapter_id, manual, text_hash, shingles)"
            " VALUES (?,?,?,?)",
            [(i.chapter_id, i.manual, i.text_hash, i.shingles) for i, _ in items])
        db.conn.executemany("INSERT OR IGNORE INTO sketch_values (value, chapter_id)"
                            " VALUES (?,?)", values)


def drop_sketch(db: sqlite_utils.Database, chapter_id: int) -> None:
    """Forget a chapter gone from its manual: its sketch and every counterpart row naming it."""
    drop_sketches(db, [chapter_id])


def drop_sketches(db: sqlite_utils.Database, chapter_ids: Iterable[int]) -> None:
    """drop_sketch for many chapters at once."""
    rows = [(c,) for c in sorted(chapter_ids)]
    with transaction(db):
        db.conn.executemany("DELETE FROM sketch_values WHERE chapter_id=?", rows)
        db.conn.executemany("DELETE FROM sketches WHERE chapter_id=?", rows)
        db.conn.executemany("DELETE FROM counterparts WHERE chapter_id=?", rows)
        db.conn.executemany("DELETE FROM counterparts WHERE other_id=?", rows)


def sketched(db: sqlite_utils.Database) -> dict[int, Sketched]:
    rows = db.execute("SELECT chapter_id, manual, text_hash, shingles FROM sketches").fetchall()
    return {r[0]: Sketched(r[0], r[1], r[2], r[3]) for r in rows}


def postings(db: sqlite_utils.Database, values: Iterable[int] | None) -> dict[int, list[int]]:
    """Sketch value -> the chapters whose sketch holds it (every value for None)."""
    found: dict[int, list[int]] = {}
    if values is None:
        for value, chapter in db.execute("SELECT value, chapter_id FROM sketch_values"):
            found.setdefault(value, []).append(chapter)
        return found
    wanted = sorted(set(values))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        rows = db.execute(
            f"SELECT value, chapter_id FROM sketch_values WHERE value IN"
            f" ({','.join('?' * len(chunk))})", chunk).fetchall()
        for value, chapter in rows:
            found.setdefault(value, []).append(chapter)
    return found


def pointing_to(db: sqlite_utils.Database, chapter_ids: Iterable[int]) -> set[int]:
    """Chapters whose counterpart is one of `chapter_ids`."""
    wanted = sorted(set(chapter_ids))
    found: set[int] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        rows = db.execute(f"SELECT chapter_id FROM counterparts WHERE other_id IN"
                          f" ({','.join('?' * len(chunk))})", chunk).fetchall()
        found.update(r[0] for r in rows)
    return found


def set_counterparts(db: sqlite_utils.Database, chapter_id: int, manuals: Iterable[str],
                     chosen: Iterable[Counterpart]) -> None:
    """Replace the chapter's counterparts in `manuals` by `chosen` (none: no counterpart)."""
    set_many_counterparts(db, [(chapter_id, manuals, chosen)])


def set_many_counterparts(
        db: sqlite_utils.Database,
        chapters: Iterable[tuple[int, Iterable[str], Iterable[Counterpart]]]) -> None:
    """set_counterparts for many chapters at once: (chapter id, manuals, chosen) each."""
    gone: dict[tuple[str, ...], list[tuple[int, ...]]] = {}  # manuals -> chapters
    rows: list[tuple[int, str, int, float]] = []
    for chapter_id, manuals, chosen in chapters:
        names = tuple(sorted(set(manuals)))
        gone.setdefault(names, []).append((chapter_id, *names))
        rows += [(c.chapter_id, c.manual, c.other_id, c.similarity) for c in chosen]
    rows.sort()
    with transaction(db):
        for names, params in gone.items():
            if names:
                db.conn.executemany("DELETE FROM counterparts WHERE chapter_id=? AND manual IN"
                                    f" ({','.join('?' * len(names))})", sorted(params))
        db.conn.executemany("INSERT INTO counterparts (chapter_id, manual, other_id, similarity)"
                            " VALUES (?,?,?,?)", rows)


def counterparts_of(db: sqlite_utils.Database, chapter_id: int) -> list[Counterpart]:
    rows = db.execute("SELECT chapter_id, manual, other_id, similarity FROM counterparts"
                      " WHERE chapter_id=? ORDER BY manual", [chapter_id]).fetchall()
    return [Counterpart(*r) for r in rows]


def counterpart_in(db: sqlite_utils.Database, chapter_id: int, manual: str) -> Counterpart | None:
    row = db.execute("SELECT chapter_id, manual, other_id, similarity FROM counterparts"
                     " WHERE chapter_id=? AND manual=?", [chapter_id, manual]).fetchone()
    return Counterpart(*row) if row else None


def similarities(db: sqlite_utils.Database) -> list[float]:
    """Every stored counterpart similarity (for measuring the threshold's margin)."""
    return [r[0] for r in db.execute("SELECT similarity FROM counterparts").fetchall()]


def counterpart_map(db: sqlite_utils.Database, manual: str) -> dict[int, int]:
    """Chapter id (of any other manual) -> its counterpart in `manual`."""
    return dict(db.execute("SELECT chapter_id, other_id FROM counterparts WHERE manual=?",
                           [manual]).fetchall())
