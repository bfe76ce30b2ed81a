"""Choosing counterparts: candidates that share sketch values, the best one per other manual."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

MIN_SHARED = 4  # sketch values two chapters must share to be compared at all


@dataclass(frozen=True)
class Candidate:
    """A chapter of another manual and its exact similarity to the chapter in hand."""

    chapter_id: int
    manual: str
    similarity: float


def shared_counts(sketch: Iterable[int], postings: Mapping[int, Sequence[int]], *,
                  max_posting: int, minimum: int = MIN_SHARED) -> dict[int, int]:
    """Chapter id -> sketch values shared with `sketch`, for those sharing at least `minimum`.

    A value listed by more than `max_posting` chapters is boilerplate (a procedure appears at
    most once per manual) and is not counted."""
    get = postings.get
    counts = Counter(chain.from_iterable(
        listed for listed in (get(value, ()) for value in sketch) if len(listed) <= max_posting))
    return {chapter: n for chapter, n in counts.items() if n >= minimum}


def best_per_manual(own_manual: str, scored: Iterable[Candidate], threshold: float
                    ) -> dict[str, Candidate]:
    """At most one counterpart per other manual: the most similar at or above `threshold`
    (ties: the lowest chapter id)."""
    best: dict[str, Candidate] = {}
    for candidate in scored:
        if candidate.manual == own_manual or candidate.similarity < threshold:
            continue
        held = best.get(candidate.manual)
        if held is None or (candidate.similarity, -candidate.chapter_id) > (
                held.similarity, -held.chapter_id):
            best[candidate.manual] = candidate
    return best
