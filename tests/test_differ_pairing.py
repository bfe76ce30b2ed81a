"""Pairing the deleted and inserted lines of a changed block: similar lines pair (at least
40% of the larger line's distinct tokens shared), pairs keep page order on both sides and
carry the most shared tokens possible, every line appears once."""

from __future__ import annotations

import itertools
import random

import pytest

from differ.pairing import MAX_CELLS, SIMILARITY, pair_lines


def line(text: str) -> list[str]:
    return text.split()


def test_the_documented_constants() -> None:
    assert (SIMILARITY, MAX_CELLS) == (0.4, 40_000)


@pytest.mark.parametrize(
    ("old", "new", "pairs"),
    [
        (["a b c d e"], ["a b x y z"], [(0, 0)]),  # 2 of 5 shared: exactly 40%
        (["a b c d e"], ["a x y z w"], [(0, None), (None, 0)]),  # 1 of 5: not similar
        (["a b"], ["c d"], [(0, None), (None, 0)]),
        (["a b c", "p q r s t"], ["p q r s t u", "a b c d"],
         [(0, None), (1, 0), (None, 1)]),  # crossing: the heavier pair wins
        (["k l m n", "a b c"], ["a b c d", "k l m n o p"],
         [(None, 0), (0, 1), (1, None)]),
        (["x1 x2 x3", "a b c d e f", "y1 y2"], ["a b c d e g", "z1"],
         [(0, None), (1, 0), (2, None), (None, 1)]),
        ([], ["a"], [(None, 0)]),
        (["a"], [], [(0, None)]),
        (["a b", "c d", "e f"], ["e f", "a b", "c d"],
         [(None, 0), (0, 1), (1, 2), (2, None)]),
    ],
    ids=["at-threshold", "below-threshold", "nothing-shared", "crossing", "crossing-heavier",
         "one-pair-among-others", "only-new", "only-old", "rotation"],
)
def test_pairs(old: list[str], new: list[str], pairs: list) -> None:
    assert pair_lines([line(t) for t in old], [line(t) for t in new]) == pairs


def test_lines_edited_in_place_pair_in_place() -> None:
    old = [line("a b c d e"), line("f g h i j")]
    new = [line("a b c d x"), line("f g h i y")]
    assert pair_lines(old, new) == [(0, 0), (1, 1)]


def test_too_many_cells_pairs_nothing() -> None:
    side = int(MAX_CELLS ** 0.5)  # 200 x 200 lines: still paired
    old = [line(f"w{k} common shared words") for k in range(side)]
    new = [line(f"v{k} common shared words") for k in range(side)]
    assert pair_lines(old, new) == [(k, k) for k in range(side)]
    wider = new + [line("one more line")]
    shifted = [*old[1:], line("zzz")]  # not in place: the table is needed
    assert pair_lines(shifted, wider) == [(k, None) for k in range(side)] + [
        (None, k) for k in range(side + 1)]
    assert len(pair_lines(shifted, new)) < 2 * side  # at the limit, lines still pair


def best_weight(old: list[frozenset], new: list[frozenset]) -> int:
    """By brute force: the largest total of shared tokens over non-crossing similar pairs."""
    def weight(a: frozenset, b: frozenset) -> int:
        larger = max(len(a), len(b))
        return len(a & b) if larger and len(a & b) * 10 >= 4 * larger else 0

    best = 0
    for size in range(min(len(old), len(new)) + 1):
        for olds in itertools.combinations(range(len(old)), size):
            for news in itertools.combinations(range(len(new)), size):
                weights = [weight(old[i], new[j]) for i, j in zip(olds, news, strict=True)]
                if all(weights):
                    best = max(best, sum(weights))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_pairs_carry_the_most_shared_tokens_in_page_order(seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = "a b c d e f g h".split()
    old = [rng.sample(vocabulary, rng.randint(1, 5)) for _ in range(rng.randint(1, 5))]
    new = [rng.sample(vocabulary, rng.randint(1, 5)) for _ in range(rng.randint(1, 5))]
    pairs = pair_lines(old, new)
    assert [i for i, _ in pairs if i is not None] == list(range(len(old)))
    assert [j for _, j in pairs if j is not None] == list(range(len(new)))
    for (i1, j1), (i2, j2) in itertools.pairwise([p for p in pairs if None not in p]):
        assert i1 < i2 and j1 < j2
    for before, after in itertools.pairwise(pairs):  # unpaired old before unpaired new
        assert not (before[0] is None and after[1] is None)
    old_sets, new_sets = [frozenset(o) for o in old], [frozenset(n) for n in new]
    got = sum(len(old_sets[i] & new_sets[j]) for i, j in pairs if None not in (i, j))
    for i, j in pairs:
        if None not in (i, j):
            shared = len(old_sets[i] & new_sets[j])
            assert shared * 10 >= 4 * max(len(old_sets[i]), len(new_sets[j]))
    assert got == best_weight(old_sets, new_sets)
