"""Counting the words inserted and deleted inside one changed block.

Counts come from the minimal word-level diff of the block's old words against its new words
(structural markers left out, line breaks ignored, so a paragraph split in two changes no
word). A block too large for that to be quick is cut, along a pairing of similar lines, into
runs of at most BLOCK_WORDS words; runs holding a similar pair are diffed minimally, runs of
dissimilar lines count whole. Every word diff also has a time limit against pathological
input (word salad sharing only common words); past it the diff is correct but coarser. The
result says when its counts are not guaranteed minimal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from differ.lines import Block
from differ.pairing import pair_lines
from differ.sequence import DELETE, INSERT, diff_tokens_within

BLOCK_WORDS = 2_000  # old + new words of a block diffed as one sequence
PAIR_WORDS = 6_000  # old + new words of one line pair still diffed word by word
DIFF_SECONDS = 0.5  # time limit of one word diff; normal edits take milliseconds

OLD, NEW = "old", "new"
Words = Sequence[Sequence[str]]  # the words of each line of one text


@dataclass(frozen=True)
class WordChange:
    """``words`` words deleted from old line ``line`` (side OLD) or inserted into new (NEW)."""

    side: str
    line: int
    words: int


@dataclass(frozen=True)
class BlockCount:
    """The changes of one block in page order, and whether they are the exact minimum."""

    changes: tuple[WordChange, ...]
    exact: bool


def _located(lines: range, words: Words) -> tuple[list[str], list[int]]:
    flat: list[str] = []
    where: list[int] = []
    for line in lines:
        flat.extend(words[line])
        where.extend([line] * len(words[line]))
    return flat, where


def _grouped(side: str, where: list[int]) -> Iterator[WordChange]:
    for line, run in groupby(where):
        yield WordChange(side, line, sum(1 for _ in run))


def _diffed(block: Block, old_words: Words, new_words: Words) -> BlockCount:
    flat_old, where_old = _located(block.old, old_words)
    flat_new, where_new = _located(block.new, new_words)
    ops, minimal = diff_tokens_within(flat_old, flat_new, DIFF_SECONDS)
    changes: list[WordChange] = []
    i = j = 0
    for op, count in ops:
        if op == DELETE:
            changes.extend(_grouped(OLD, where_old[i : i + count]))
        elif op == INSERT:
            changes.extend(_grouped(NEW, where_new[j : j + count]))
        if op != INSERT:
            i += count
        if op != DELETE:
            j += count
    return BlockCount(tuple(changes), minimal)


def _whole(block: Block, old_words: Words, new_words: Words) -> BlockCount:
    old = [WordChange(OLD, line, len(old_words[line])) for line in block.old if old_words[line]]
    new = [WordChange(NEW, line, len(new_words[line])) for line in block.new if new_words[line]]
    return BlockCount((*old, *new), exact=not (block.old and block.new))


def _size(block: Block, old_words: Words, new_words: Words) -> int:
    return sum(len(old_words[line]) for line in block.old) + sum(
        len(new_words[line]) for line in block.new
    )


def _pairs(block: Block, old_words: Words, new_words: Words) -> Iterator[Block]:
    """The block's line pairing, each item one old line, one new line or a similar pair."""
    old_lines = [old_words[line] for line in block.old]
    new_lines = [new_words[line] for line in block.new]
    for i, j in pair_lines(old_lines, new_lines):
        old = block.old[i : i + 1] if i is not None else range(0)
        new = block.new[j : j + 1] if j is not None else range(0)
        yield Block(False, old, new)


def _span(lines: list[int]) -> range:
    return range(lines[0], lines[-1] + 1) if lines else range(0)


def _runs(block: Block, old_words: Words, new_words: Words) -> Iterator[tuple[Block, bool]]:
    """Cut a big block along its line pairing into runs of at most BLOCK_WORDS words.

    Each run comes with whether it holds a pair of similar lines.
    """
    old: list[int] = []
    new: list[int] = []
    size, paired = 0, False
    for item in _pairs(block, old_words, new_words):
        item_size = _size(item, old_words, new_words)
        if size and size + item_size > BLOCK_WORDS:
            yield Block(False, _span(old), _span(new)), paired
            old, new, size, paired = [], [], 0, False
        old.extend(item.old)
        new.extend(item.new)
        size, paired = size + item_size, paired or bool(item.old and item.new)
    if old or new:
        yield Block(False, _span(old), _span(new)), paired


def _cut(block: Block, old_words: Words, new_words: Words) -> BlockCount:
    changes: list[WordChange] = []
    for run, paired in _runs(block, old_words, new_words):
        if paired and _size(run, old_words, new_words) <= PAIR_WORDS:
            changes.extend(_diffed(run, old_words, new_words).changes)
        else:
            changes.extend(_whole(run, old_words, new_words).changes)
    return BlockCount(tuple(changes), exact=False)


def count_block(block: Block, old_words: Words, new_words: Words) -> BlockCount:
    """Words deleted and inserted by one changed block, located by line, in page order."""
    if not block.old or not block.new:
        return _whole(block, old_words, new_words)
    if _size(block, old_words, new_words) <= BLOCK_WORDS:
        return _diffed(block, old_words, new_words)
    return _cut(block, old_words, new_words)
