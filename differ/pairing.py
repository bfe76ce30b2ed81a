"""Pairing the deleted and inserted lines of a changed block by similarity.

Used where comparing a whole block word by word would be too slow, and to lay out
changed lines for people. Lines pair when they share enough distinct tokens; the pairs keep
page order on both sides (a weighted longest-common-subsequence over the block's lines).
"""

from __future__ import annotations

from collections.abc import Sequence

SIMILARITY = 0.4  # shared distinct tokens / distinct tokens of the larger line
MAX_CELLS = 40_000  # old lines x new lines beyond which nothing is paired

Pair = tuple[int | None, int | None]  # indexes into the block's old / new lines


def _weight(old: frozenset[str], new: frozenset[str]) -> int:
    shared = len(old & new)
    larger = max(len(old), len(new))
    return shared if larger and shared / larger >= SIMILARITY else 0


def _table(old: list[frozenset[str]], new: list[frozenset[str]]) -> list[list[int]]:
    best = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i, old_set in enumerate(old, 1):
        row, above = best[i], best[i - 1]
        for j, new_set in enumerate(new, 1):
            weight = _weight(old_set, new_set)
            paired = above[j - 1] + weight if weight else 0
            row[j] = max(above[j], row[j - 1], paired)
    return best


def _walk_back(best: list[list[int]]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    i, j = len(best) - 1, len(best[0]) - 1
    while i and j:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def _interleave(pairs: list[tuple[int, int]], old_count: int, new_count: int) -> list[Pair]:
    result: list[Pair] = []
    i = j = 0
    for pair_i, pair_j in [*pairs, (old_count, new_count)]:
        result.extend((k, None) for k in range(i, pair_i))
        result.extend((None, k) for k in range(j, pair_j))
        if pair_i < old_count:
            result.append((pair_i, pair_j))
        i, j = pair_i + 1, pair_j + 1
    return result


def pair_lines(old: Sequence[Sequence[str]], new: Sequence[Sequence[str]]) -> list[Pair]:
    """Every old and new line of a block once, paired where similar, in page order.

    Unpaired old lines come before unpaired new lines between two pairs. As many old as new
    lines, each similar to the one at its place, are paired in place without the table.
    """
    if len(old) * len(new) > MAX_CELLS:
        return _interleave([], len(old), len(new))
    old_sets = [frozenset(line) for line in old]
    new_sets = [frozenset(line) for line in new]
    if len(old) == len(new) and all(map(_weight, old_sets, new_sets)):
        return [(k, k) for k in range(len(old))]  # every line edited in place
    pairs = _walk_back(_table(old_sets, new_sets))
    return _interleave(pairs, len(old), len(new))
