"""Line-level alignment of two texts: runs of equal lines and the changed blocks between.

Lines are diffed as whole tokens with the exact LCS of ``differ.lcs`` (a fraction of a
millisecond for a chapter); texts with more lines than one table holds fall back to
diff-match-patch in line mode without a time limit, which is minimal too. A changed block
is a run of adjacent deleted and inserted lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from differ.lcs import DELETE, EQUAL, affordable, diff_minimal
from differ.sequence import diff_tokens


@dataclass(frozen=True)
class Block:
    """Old lines ``old`` became new lines ``new``; ``equal`` when they are the same lines."""

    equal: bool
    old: range
    new: range


def align_lines(old_lines: Sequence[str], new_lines: Sequence[str]) -> list[Block]:
    """The texts as alternating equal runs and changed blocks, in page order."""
    blocks: list[Block] = []
    i = j = 0  # current line in old / new
    start_i, start_j = 0, 0  # where the pending changed block began
    minimal = diff_minimal if affordable(len(old_lines), len(new_lines)) else diff_tokens
    for op, count in minimal(old_lines, new_lines):
        if op == EQUAL:
            if (start_i, start_j) != (i, j):
                blocks.append(Block(False, range(start_i, i), range(start_j, j)))
            blocks.append(Block(True, range(i, i + count), range(j, j + count)))
            i, j = i + count, j + count
            start_i, start_j = i, j
        elif op == DELETE:
            i += count
        else:
            j += count
    if (start_i, start_j) != (i, j):
        blocks.append(Block(False, range(start_i, i), range(start_j, j)))
    return blocks
