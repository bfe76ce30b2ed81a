"""Paragraphs that moved: a deleted line whose exact text is inserted elsewhere.

After line alignment, a deleted line and an inserted line in a different changed block with
the same text (at least MIN_WORDS words, so a lone "Yes." is not a move) are one paragraph
that moved. Each line takes part in at most one move; identical lines pair in page order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from differ.lines import Block
from differ.words import words

MIN_WORDS = 3


def find_moves(blocks: Sequence[Block], old_lines: Sequence[str],
               new_lines: Sequence[str]) -> dict[int, int]:
    """Old line index -> new line index of every moved paragraph."""
    inserted: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, block in enumerate(blocks):
        if not block.equal:
            for j in block.new:
                if len(words(new_lines[j])) >= MIN_WORDS:
                    inserted[new_lines[j]].append((number, j))
    moves: dict[int, int] = {}
    for number, block in enumerate(blocks):
        if block.equal:
            continue
        for i in block.old:
            candidates = inserted.get(old_lines[i], [])
            found = next((c for c in candidates if c[0] != number), None)
            if found is not None:
                candidates.remove(found)
                moves[i] = found[1]
    return moves
