"""Keeping counterparts current: sketch the chapters whose text changed, re-match around them.

Only chapters whose latest accepted text differs from the text their stored sketch was made
from are shingled again. The chapters whose counterpart may move are those changed ones, the
chapters sharing sketch values with them, and the chapters that pointed at them; the unchanged
ones among them are re-matched only in the manuals where something changed.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import sqlite_utils

from matching import (
    SCHEME,
    Candidate,
    best_per_manual,
    jaccard,
    pack,
    packed_sketch,
    shared_counts,
    shingle_set,
    unpack,
)
from store.counterparts import (
    Counterpart,
    Sketched,
    current_texts,
    drop_sketch,
    latest_texts,
    pointing_to,
    postings,
    put_sketch,
    set_counterparts,
    sketch_hashes,
    sketched,
)
from store.database import transaction

PARALLEL_FROM = 500  # chapters to shingle at once before a process pool pays for itself


@dataclass(frozen=True)
class Refresh:
    """What one refresh did: chapters sketched again, dropped, and re-matched."""

    sketched: int
    dropped: int
    rematched: int


def _sketch_of(item: Sketched) -> list[int]:
    return packed_sketch(item.shingles)


def _key(text_hash: str) -> str:
    """What a stored sketch was made from: the text and the shingling scheme."""
    return f"{SCHEME}:{text_hash}"


def _shingles(texts: list[str]) -> list[frozenset[int]]:
    """Shingle sets of many texts, on every core when there are enough to be worth it."""
    if len(texts) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [shingle_set(text) for text in texts]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        return list(pool.map(shingle_set, texts, chunksize=64))


def _sync(db: sqlite_utils.Database, manuals: Sequence[str]) -> tuple[set[int], set[int]]:
    """Sketch chapters whose text changed; drop those gone. Returns (changed, gone)."""
    now = current_texts(db, manuals)
    stored = sketch_hashes(db)
    changed = {cid for cid, (_, text_hash) in now.items() if stored.get(cid) != _key(text_hash)}
    gone = set(stored) - set(now)
    order = sorted(changed)
    texts = latest_texts(db, order)
    with transaction(db):
        for chapter_id in gone:
            drop_sketch(db, chapter_id)
        for chapter_id, shingles in zip(order, _shingles([texts[c] for c in order]),
                                        strict=True):
            manual, text_hash = now[chapter_id]
            item = Sketched(chapter_id, manual, _key(text_hash), pack(shingles))
            put_sketch(db, item, packed_sketch(item.shingles))
    return changed, gone


def refresh_counterparts(db: sqlite_utils.Database, manuals: Sequence[str],
                         threshold: float) -> Refresh:
    """Bring every stored counterpart among `manuals` up to date with the latest texts."""
    changed, gone = _sync(db, manuals)
    if not changed and not gone:
        return Refresh(0, 0, 0)
    items = sketched(db)
    moved_manuals = {items[c].manual for c in changed} | _manuals_of_gone(db, gone)
    cap = 2 * len(manuals)
    index = _postings(db, items, changed)
    neighbours = {c for listed in index.values() if len(listed) <= cap for c in listed}
    affected = (changed | neighbours | pointing_to(db, changed | gone)) & set(items)
    index = _postings(db, items, affected)
    scorer = _Scorer(items)
    with transaction(db):
        # copies of one procedure mostly share their smallest shingle: in that order, the
        # shingle sets a chapter is compared with are still in the scorer's cache
        for chapter_id in sorted(affected, key=lambda c: (_sketch_of(items[c])[:1], c)):
            within = set(manuals) if chapter_id in changed else moved_manuals
            _rematch(db, scorer, index, chapter_id, within, threshold, cap)
    return Refresh(len(changed), len(gone), len(affected))


class _Scorer:
    """Exact Jaccard of stored chapters: each pair once, recent shingle sets kept unpacked."""

    def __init__(self, items: dict[int, Sketched], keep: int = 512) -> None:
        self.items = items
        self.keep = keep
        self._sets: OrderedDict[int, frozenset[int]] = OrderedDict()
        self._pairs: dict[tuple[int, int], float] = {}

    def _set(self, chapter_id: int) -> frozenset[int]:
        found = self._sets.get(chapter_id)
        if found is None:
            found = self._sets[chapter_id] = unpack(self.items[chapter_id].shingles)
            if len(self._sets) > self.keep:
                self._sets.popitem(last=False)
        else:
            self._sets.move_to_end(chapter_id)
        return found

    def similarity(self, a: int, b: int) -> float:
        key = (a, b) if a < b else (b, a)
        if key not in self._pairs:
            self._pairs[key] = jaccard(self._set(a), self._set(b))
        return self._pairs[key]


def _postings(db: sqlite_utils.Database, items: dict[int, Sketched], chapters: set[int]
              ) -> dict[int, list[int]]:
    """The postings of the chapters' sketch values (all of them when most chapters ask)."""
    if len(chapters) * 2 > len(items):
        return postings(db, None)
    return postings(db, (v for c in chapters for v in _sketch_of(items[c])))


def _manuals_of_gone(db: sqlite_utils.Database, gone: set[int]) -> set[str]:
    if not gone:
        return set()
    marks = ",".join("?" * len(gone))
    rows = db.execute(f"SELECT DISTINCT manual FROM chapters WHERE id IN ({marks})",
                      sorted(gone)).fetchall()
    return {r[0] for r in rows}


def _rematch(db: sqlite_utils.Database, scorer: _Scorer, index: dict[int, list[int]],
             chapter_id: int, within: set[str], threshold: float, cap: int) -> None:
    items = scorer.items
    own = items[chapter_id]
    counts = shared_counts(_sketch_of(own), index, max_posting=cap)
    others = [items[other] for other in counts
              if other != chapter_id and other in items and items[other].manual in within
              and items[other].manual != own.manual]
    scored = [Candidate(o.chapter_id, o.manual, scorer.similarity(chapter_id, o.chapter_id))
              for o in others]
    best = best_per_manual(own.manual, scored, threshold)
    chosen = [Counterpart(chapter_id, manual, c.chapter_id, round(c.similarity, 4))
              for manual, c in sorted(best.items())]
    set_counterparts(db, chapter_id, sorted(within - {own.manual}), chosen)
