"""Counting the words inserted and deleted: the minimal word-level diff.

The whole chapter's words (structural markers left out, line breaks ignored, so a paragraph
split in two changes no word) are diffed as one sequence with the exact LCS of
``differ.lcs``: a 60 KB chapter takes milliseconds, so counts are always the exact minimum
and a moved paragraph counts exactly as the minimal word diff counts it. Only texts too
large for one table fall back to the changed blocks of the line alignment, each diffed
exactly when it fits and otherwise cut along a pairing of similar lines; the result then
says its counts are not guaranteed minimal.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from differ.lcs import DELETE, INSERT, affordable, diff_minimal
from differ.lines import Block
from differ.pairing import pair_lines

OLD, NEW = "old", "new"
Words = Sequence[Sequence[str]]  # the words of each line of one text


@dataclass(frozen=True)
class WordChange:
    """``words`` words deleted from old line ``line`` (side OLD) or inserted into new (NEW),
    starting at word ``start`` of that line."""

    side: str
    line: int
    words: int
    start: int = 0


@dataclass(frozen=True)
class BlockCount:
    """Changes in page order, and whether they are the exact minimum."""

    changes: tuple[WordChange, ...]
    exact: bool


def _located(lines: Sequence[int], words: Words) -> tuple[list[str], list[int]]:
    """The lines' words as one sequence, and where each line starts in it."""
    flat: list[str] = []
    starts: list[int] = []
    for line in lines:
        starts.append(len(flat))
        flat.extend(words[line])
    return flat, starts


def _split(side: str, lines: Sequence[int], starts: list[int], first: int,
           count: int) -> Iterator[WordChange]:
    """Words first..first+count of a flat sequence, as one change per line."""
    k = bisect_right(starts, first) - 1
    end = first + count
    while first < end:
        while k + 1 < len(starts) and starts[k + 1] <= first:
            k += 1
        stop = min(end, starts[k + 1]) if k + 1 < len(starts) else end
        yield WordChange(side, lines[k], stop - first, first - starts[k])
        first = stop


def _diffed(old_lines: Sequence[int], new_lines: Sequence[int], old_words: Words,
            new_words: Words) -> list[WordChange]:
    flat_old, starts_old = _located(old_lines, old_words)
    flat_new, starts_new = _located(new_lines, new_words)
    changes: list[WordChange] = []
    i = j = 0
    for op, count in diff_minimal(flat_old, flat_new):
        if op == DELETE:
            changes.extend(_split(OLD, old_lines, starts_old, i, count))
        elif op == INSERT:
            changes.extend(_split(NEW, new_lines, starts_new, j, count))
        i += 0 if op == INSERT else count
        j += 0 if op == DELETE else count
    return changes


def _size(lines: range, words: Words) -> int:
    return sum(len(words[line]) for line in lines)


def _cut(block: Block, old_words: Words, new_words: Words) -> list[WordChange]:
    """A block too big for one table: each similar line pair diffed, other lines whole."""
    changes: list[WordChange] = []
    old_lines = [old_words[line] for line in block.old]
    new_lines = [new_words[line] for line in block.new]
    for i, j in pair_lines(old_lines, new_lines):
        old = [block.old[i]] if i is not None else []
        new = [block.new[j]] if j is not None else []
        changes.extend(_diffed(old, new, old_words, new_words))
    return changes


def count_words_changed(blocks: Sequence[Block], old_words: Words,
                        new_words: Words) -> BlockCount:
    """Words deleted and inserted, located by line, in page order."""
    total_old = sum(len(w) for w in old_words)
    total_new = sum(len(w) for w in new_words)
    if affordable(total_old, total_new):
        everything = _diffed(range(len(old_words)), range(len(new_words)), old_words, new_words)
        return BlockCount(tuple(everything), True)
    changes: list[WordChange] = []
    exact = False
    for block in blocks:
        if block.equal:
            continue
        if affordable(_size(block.old, old_words), _size(block.new, new_words)):
            changes.extend(_diffed(block.old, block.new, old_words, new_words))
        else:
            changes.extend(_cut(block, old_words, new_words))
    return BlockCount(tuple(changes), exact)
