"""Keeping counterparts current: sketch the chapters whose text changed, re-match around them.

Only chapters whose latest accepted text differs from the text their stored sketch was made
from are shingled again. The chapters whose counterpart may move are those changed ones, the
chapters sharing sketch values with them, and the chapters that pointed at them; the unchanged
ones among them are re-matched only in the manuals where something changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from matching import (
    SKETCH_SIZE,
    Candidate,
    best_per_manual,
    jaccard,
    pack,
    shared_counts,
    shingle_set,
    unpack,
)
from store.counterparts import (
    Counterpart,
    Sketched,
    current_texts,
    drop_sketch,
    latest_text,
    pointing_to,
    postings,
    put_sketch,
    set_counterparts,
    sketch_hashes,
    sketched,
)
from store.database import transaction


@dataclass(frozen=True)
class Refresh:
    """What one refresh did: chapters sketched again, dropped, and re-matched."""

    sketched: int
    dropped: int
    rematched: int


def _sketch_of(item: Sketched) -> list[int]:
    return sorted(unpack(item.shingles))[:SKETCH_SIZE]


def _sync(db: sqlite_utils.Database, manuals: Sequence[str]) -> tuple[set[int], set[int]]:
    """Sketch chapters whose text changed; drop those gone. Returns (changed, gone)."""
    now = current_texts(db, manuals)
    stored = sketch_hashes(db)
    changed = {cid for cid, (_, text_hash) in now.items() if stored.get(cid) != text_hash}
    gone = set(stored) - set(now)
    with transaction(db):
        for chapter_id in gone:
            drop_sketch(db, chapter_id)
        for chapter_id in sorted(changed):
            manual, text_hash = now[chapter_id]
            shingles = shingle_set(latest_text(db, chapter_id))
            item = Sketched(chapter_id, manual, text_hash, pack(shingles))
            put_sketch(db, item, sorted(shingles)[:SKETCH_SIZE])
    return changed, gone


def refresh_counterparts(db: sqlite_utils.Database, manuals: Sequence[str],
                         threshold: float) -> Refresh:
    """Bring every stored counterpart among `manuals` up to date with the latest texts."""
    changed, gone = _sync(db, manuals)
    if not changed and not gone:
        return Refresh(0, 0, 0)
    items = sketched(db)
    moved_manuals = {items[c].manual for c in changed} | _manuals_of_gone(db, gone)
    index = postings(db, (v for c in changed for v in _sketch_of(items[c])))
    neighbours = {c for listed in index.values() for c in listed}
    affected = (changed | neighbours | pointing_to(db, changed | gone)) & set(items)
    index = postings(db, (v for c in affected for v in _sketch_of(items[c])))
    cap = 2 * len(manuals)
    with transaction(db):
        for chapter_id in sorted(affected):
            within = set(manuals) if chapter_id in changed else moved_manuals
            _rematch(db, items, index, chapter_id, within, threshold, cap)
    return Refresh(len(changed), len(gone), len(affected))


def _manuals_of_gone(db: sqlite_utils.Database, gone: set[int]) -> set[str]:
    if not gone:
        return set()
    marks = ",".join("?" * len(gone))
    rows = db.execute(f"SELECT DISTINCT manual FROM chapters WHERE id IN ({marks})",
                      sorted(gone)).fetchall()
    return {r[0] for r in rows}


def _rematch(db: sqlite_utils.Database, items: dict[int, Sketched],
             index: dict[int, list[int]], chapter_id: int, within: set[str],
             threshold: float, cap: int) -> None:
    own = items[chapter_id]
    counts = shared_counts(_sketch_of(own), index, max_posting=cap)
    shingles = unpack(own.shingles)
    others = [items[other] for other in counts
              if other != chapter_id and other in items and items[other].manual in within
              and items[other].manual != own.manual]
    scored = [Candidate(o.chapter_id, o.manual, jaccard(shingles, unpack(o.shingles)))
              for o in others]
    best = best_per_manual(own.manual, scored, threshold)
    chosen = [Counterpart(chapter_id, manual, c.chapter_id, round(c.similarity, 4))
              for manual, c in sorted(best.items())]
    set_counterparts(db, chapter_id, sorted(within - {own.manual}), chosen)
