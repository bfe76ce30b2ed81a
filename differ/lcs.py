"""The exact minimal diff of two token sequences: a bit-parallel longest common subsequence.

Each row of the LCS table is held as one Python integer (Allison-Dix / Hyyroe bit vectors),
so the forward pass costs len(old) big-integer operations on len(new)-bit numbers, after the
common prefix and suffix are trimmed; there is no time limit and no coarsening, and no time
bound is promised. Measured on whole 60 KB chapters (7,000 words a side, bench/bench_diff.py's
synthetic chapters, 1 word to 100% of words replaced, or paragraphs reordered): 2.1-14.7 ms
on a quiet 2-core machine, and under 1 ms for one changed word (trimming leaves little);
several times that on a loaded machine. `diff_chapter` calls it on aligned paragraphs, not
on whole chapters; bench/bench_diff.py times that against difflib.

The path is recovered from the stored rows: a zero bit j in row i means the LCS of old[:i]
and new[:j + 1] is one longer than of old[:i] and new[:j].
"""

from __future__ import annotations

from collections.abc import Sequence

EQUAL, INSERT, DELETE = 0, 1, -1
# old x new tokens diffed as one table (2,500 x 2,500 bits per 1 MB of stored rows).
CELL_LIMIT = 400_000_000

TokenOps = list[tuple[int, int]]  # (EQUAL | INSERT | DELETE, number of tokens)


def affordable(old_count: int, new_count: int) -> bool:
    """Whether two sequences of these lengths fit one table."""
    return old_count * new_count <= CELL_LIMIT


def _rows(old: Sequence[str], new: Sequence[str]) -> list[int]:
    masks: dict[str, int] = {}
    for j, token in enumerate(new):
        masks[token] = masks.get(token, 0) | (1 << j)
    full = (1 << len(new)) - 1
    row = full
    rows = [row]
    lookup = masks.get
    for k, token in enumerate(old):
        matched = row & lookup(token, 0)
        row = (row + matched) | (row - matched)
        if not k & 31:
            # carries out of the top set junk bits above len(new), at most one per token and
            # never read: cutting them every 32 tokens keeps the numbers short
            row &= full
        rows.append(row)
    return rows


def _flush(backwards: TokenOps, equal: int, deleted: int, inserted: int) -> None:
    backwards.extend(((EQUAL, equal), (INSERT, inserted), (DELETE, deleted)))


def _path(old: Sequence[str], new: Sequence[str]) -> TokenOps:
    """Runs in page order; between two equal tokens, deletions before insertions."""
    rows = _rows(old, new)
    i, j = len(old), len(new)
    backwards: TokenOps = []  # runs, last first
    equal = deleted = inserted = 0
    while i and j:
        if old[i - 1] == new[j - 1]:
            if deleted or inserted:
                _flush(backwards, equal, deleted, inserted)
                equal = deleted = inserted = 0
            equal += 1
            i, j = i - 1, j - 1
        elif (rows[i] >> (j - 1)) & 1:
            inserted += 1
            j -= 1
        else:
            deleted += 1
            i -= 1
    _flush(backwards, equal, deleted + i, inserted + j)
    return [run for run in reversed(backwards) if run[1]]


def diff_minimal(old: Sequence[str], new: Sequence[str]) -> TokenOps:
    """The minimal edit from ``old`` to ``new`` as (op, token count) runs, page order.

    Within a changed stretch, deleted tokens come before inserted ones.
    """
    start = 0
    while start < len(old) and start < len(new) and old[start] == new[start]:
        start += 1
    end = 0
    while (end < len(old) - start and end < len(new) - start
           and old[-1 - end] == new[-1 - end]):
        end += 1
    middle = _path(old[start:len(old) - end], new[start:len(new) - end])
    # the middle's first and last tokens differ, so it starts and ends with a change (or is
    # empty, when old and new are equal and end is 0): no run needs merging with the ends
    head = [(EQUAL, start)] if start else []
    tail = [(EQUAL, end)] if end else []
    return [*head, *middle, *tail]
