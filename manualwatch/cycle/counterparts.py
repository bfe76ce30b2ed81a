"""Keeping counterparts current: sketch the chapters whose text changed, re-match around them.

Only chapters whose latest accepted text differs from the text their stored sketch was made
from are shingled again. The chapters whose counterpart may move are those changed ones, the
chapters sharing sketch values with them, and the chapters that pointed at them; the unchanged
ones among them are re-matched only in the manuals where something changed.
"""

from __future__ import annotations

import os
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

import sqlite_utils

from matching import (
    SCHEME,
    BitsetJaccard,
    Candidate,
    best_per_manual,
    jaccard,
    packed_shingles,
    packed_sketch,
    shared_counts,
    unpack,
)
from matching.bitsets import runs
from store.counterparts import (
    Counterpart,
    Sketched,
    current_texts,
    drop_sketches,
    latest_texts,
    pointing_to,
    postings,
    put_sketches,
    replacing_sketches,
    set_many_counterparts,
    sketch_hashes,
    sketched,
)
from store.database import transaction

PARALLEL_FROM = 500  # chapters to shingle at once before a process pool pays for itself
_BATCH = 1000  # chapters whose texts are read and sketches written at once


@dataclass(frozen=True)
class Refresh:
    """What one refresh did: chapters sketched again, dropped, and re-matched."""

    sketched: int
    dropped: int
    rematched: int


def _key(text_hash: str) -> str:
    """What a stored sketch was made from: the text and the shingling scheme."""
    return f"{SCHEME}:{text_hash}"


def _packed(texts: list[str], pool: Executor | None) -> list[bytes]:
    """Packed shingle sets of many texts (bytes travel between processes cheaply)."""
    if pool is None:
        return [packed_shingles(text) for text in texts]
    return list(pool.map(packed_shingles, texts, chunksize=32))


def _pool(chapters: int) -> ProcessPoolExecutor | None:
    """A process pool when there are enough chapters to shingle and cores to do it on."""
    cores = os.cpu_count() or 1
    return ProcessPoolExecutor(max_workers=cores) if chapters >= PARALLEL_FROM \
        and cores > 1 else None


def _sync(db: sqlite_utils.Database, manuals: Sequence[str]) -> tuple[set[int], set[int]]:
    """Sketch chapters whose text changed; drop those gone. Returns (changed, gone)."""
    now = current_texts(db, manuals)
    stored = sketch_hashes(db)
    changed = {cid for cid, (_, text_hash) in now.items() if stored.get(cid) != _key(text_hash)}
    gone = set(stored) - set(now)
    order = sorted(changed)
    pool = _pool(len(order))
    try:
        with transaction(db):
            drop_sketches(db, gone)  # first: the chapter index may be set aside below
            with replacing_sketches(db, order):
                for start in range(0, len(order), _BATCH):
                    batch = order[start:start + _BATCH]
                    texts = latest_texts(db, batch)
                    packed = _packed([texts[c] for c in batch], pool)
                    put_sketches(db, [(Sketched(c, now[c][0], _key(now[c][1]), blob),
                                       packed_sketch(blob))
                                      for c, blob in zip(batch, packed, strict=True)])
    finally:
        if pool is not None:
            pool.shutdown()
    return changed, gone


def refresh_counterparts(db: sqlite_utils.Database, manuals: Sequence[str],
                         threshold: float) -> Refresh:
    """Bring every stored counterpart among `manuals` up to date with the latest texts."""
    changed, gone = _sync(db, manuals)
    if not changed and not gone:
        return Refresh(0, 0, 0)
    items = sketched(db)
    sketches = {c: packed_sketch(item.shingles) for c, item in items.items()}
    moved_manuals = {items[c].manual for c in changed} | _manuals_of_gone(db, gone)
    cap = 2 * len(manuals)
    index = _postings(db, sketches, changed)
    neighbours = {c for listed in index.values() if len(listed) <= cap for c in listed}
    affected = (changed | neighbours | pointing_to(db, changed | gone)) & set(items)
    if len(changed) * 2 <= len(sketches):  # else `index` already lists every value
        index = _postings(db, sketches, affected)
    everywhere = set(manuals)
    candidates = {c: _candidates(items, c, shared_counts(sketches[c], index, max_posting=cap),
                                 everywhere if c in changed else moved_manuals)
                  for c in affected}
    scorer = _Scorer(items)
    chosen = []
    # the chapters a chapter is compared with are in its piece; a run of a piece at a time
    # has its shingle sets held as bits
    for piece in _pieces(candidates):
        for run in runs(piece, scorer.values):
            scorer.hold(run)
            chosen += [_choose(scorer, c, candidates[c], threshold)
                       for c in run if c in candidates]
    with transaction(db):
        set_many_counterparts(db, chosen)
    return Refresh(len(changed), len(gone), len(affected))


@dataclass(frozen=True)
class _Candidates:
    """The chapters of other manuals a chapter shares enough sketch values with, among the
    manuals it is re-matched in."""

    manual: str
    within: list[str]  # the other manuals it is re-matched in
    others: list[Sketched]


def _candidates(items: dict[int, Sketched], chapter_id: int, counts: dict[int, int],
                within: set[str]) -> _Candidates:
    own = items[chapter_id].manual
    others = [found for other in counts if (found := items.get(other)) is not None
              and found.manual in within and found.manual != own]
    return _Candidates(own, sorted(within - {own}), others)


def _pieces(candidates: dict[int, _Candidates]) -> list[list[int]]:
    """The chapters linked by candidate pairs, each connected piece breadth first from its
    lowest chapter."""
    links: dict[int, set[int]] = {c: set() for c in candidates}
    for chapter_id, found in candidates.items():
        for other in found.others:
            links[chapter_id].add(other.chapter_id)
            links.setdefault(other.chapter_id, set()).add(chapter_id)
    seen: set[int] = set()
    pieces = []
    for start in sorted(links):
        if start in seen:
            continue
        seen.add(start)
        piece = [start]
        for chapter_id in piece:  # grows while read: breadth first
            fresh = sorted(links[chapter_id] - seen)
            seen.update(fresh)
            piece += fresh
        pieces.append(piece)
    return pieces


class _Scorer:
    """Exact Jaccard of stored chapters: from bitsets within the run held, else from the
    shingle sets (the recent ones kept unpacked)."""

    def __init__(self, items: dict[int, Sketched], keep: int = 256) -> None:
        self.items = items
        self._bits: BitsetJaccard[int] = BitsetJaccard(self.values)
        self.keep = keep
        self._sets: OrderedDict[int, frozenset[int]] = OrderedDict()

    def values(self, chapter_id: int) -> array[int]:
        """The chapter's distinct shingle hashes."""
        values = array("I")
        values.frombytes(self.items[chapter_id].shingles)
        return values

    def hold(self, run: list[int]) -> None:
        self._bits.hold(run)

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
        found = self._bits.similarity(a, b)
        return jaccard(self._set(a), self._set(b)) if found is None else found


def _postings(db: sqlite_utils.Database, sketches: dict[int, list[int]], chapters: set[int]
              ) -> dict[int, list[int]]:
    """The postings of the chapters' sketch values (all of them when most chapters ask, from
    the sketches in hand)."""
    if len(chapters) * 2 <= len(sketches):
        return postings(db, (v for c in chapters for v in sketches[c]))
    found: dict[int, list[int]] = {}
    for chapter_id in sorted(sketches):
        for value in sketches[chapter_id]:
            found.setdefault(value, []).append(chapter_id)
    return found


def _manuals_of_gone(db: sqlite_utils.Database, gone: set[int]) -> set[str]:
    if not gone:
        return set()
    marks = ",".join("?" * len(gone))
    rows = db.execute(f"SELECT DISTINCT manual FROM chapters WHERE id IN ({marks})",
                      sorted(gone)).fetchall()
    return {r[0] for r in rows}


def _choose(scorer: _Scorer, chapter_id: int, found: _Candidates, threshold: float
            ) -> tuple[int, list[str], list[Counterpart]]:
    """The chapter's counterparts among its candidates: (chapter id, manuals, chosen)."""
    similarity = scorer.similarity
    scored = [Candidate(o.chapter_id, o.manual, score) for o in found.others
              if (score := similarity(chapter_id, o.chapter_id)) >= threshold]
    best = best_per_manual(found.manual, scored, threshold)
    chosen = [Counterpart(chapter_id, manual, c.chapter_id, round(c.similarity, 4))
              for manual, c in sorted(best.items())]
    return chapter_id, found.within, chosen
