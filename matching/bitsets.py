"""Exact Jaccard of many pairs of shingle sets, each set turned into a bitset once.

Scoring a chapter against its candidates by set intersection costs a hash lookup per shingle
per pair. Numbering the shingles of a group of chapters (copies of one procedure, say) and
holding each set as an int whose bit n stands for shingle n makes each pair within the group
one AND and one bit count. The result is the same float as `jaccard`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from itertools import repeat
from typing import Generic, TypeVar

SPACE = 1 << 14  # shingles one numbering holds
_ONE = ord("1")
K = TypeVar("K", bound=Hashable)


def runs(keys: Iterable[K], values: Callable[[K], Sequence[int]], space: int = SPACE
         ) -> Iterator[list[K]]:
    """The keys in order, cut into runs whose shingles together number at most `space` (a key
    with more stands in a run of its own)."""
    run: list[K] = []
    seen: set[int] = set()
    for key in keys:
        found = values(key)
        if run and len(seen) + len(found) - len(seen.intersection(found)) > space:
            yield run
            run, seen = [], set()
        run.append(key)
        seen.update(found)
    if run:
        yield run


class BitsetJaccard(Generic[K]):
    """Exact Jaccard similarity of the keyed shingle sets of one run at a time: `values(key)`
    gives a key's distinct shingle hashes. `hold` numbers a run's shingles afresh; a pair
    outside the run held (or a set larger than `space`) gets None."""

    def __init__(self, values: Callable[[K], Sequence[int]], space: int = SPACE) -> None:
        self._values = values
        self._space = space
        self._held: dict[K, tuple[int, int]] = {}  # key -> (bits, size)

    def hold(self, keys: Iterable[K]) -> None:
        """Forget the run held and hold these keys' sets as bits over one numbering."""
        sets = [(key, found) for key in keys
                if len(found := self._values(key)) <= self._space]
        union: set[int] = set().union(*(found for _, found in sets))
        numbering = dict(zip(union, range(len(union)), strict=True))
        number = numbering.__getitem__
        blank = bytearray(b"0") * len(union)  # one length for all: digit n is one bit
        self._held = {}
        for key, found in sets:
            digits = blank[:]
            deque(map(digits.__setitem__, map(number, found), repeat(_ONE)), maxlen=0)
            self._held[key] = (int(digits, 2) if digits else 0, len(found))

    def similarity(self, a: K, b: K) -> float | None:
        """|A ∩ B| / |A ∪ B| (0 for two empty sets); None unless both are held."""
        first, second = self._held.get(a), self._held.get(b)
        if first is None or second is None:
            return None
        common = (first[0] & second[0]).bit_count()
        union = first[1] + second[1] - common
        return common / union if union else 0.0
