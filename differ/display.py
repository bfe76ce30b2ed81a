"""The per-line layout of a diff that renderers show to people.

Each output line is ("equal" | "insert" | "delete" | "replace", word ops). A replaced line
pairs a deleted line with a similar inserted one; its word ops come from a token diff
(markers included) tidied with diff_cleanupSemantic, so they read well but are not the
counting diff. An op's text is its tokens joined by single spaces; renderers put one space
between consecutive ops.
"""

from __future__ import annotations

from collections.abc import Sequence

from differ.lines import Block
from differ.models import Op
from differ.pairing import pair_lines
from differ.sequence import DELETE, INSERT, diff_tokens_within
from differ.words import tokens

PAIR_TOKENS = 6_000  # old + new tokens of one replaced line still diffed word by word
DIFF_SECONDS = 0.25  # time limit of one line's word diff; past it the diff is coarser
_KIND = {DELETE: "delete", INSERT: "insert"}

DisplayLine = tuple[str, tuple[Op, ...]]


def _word_ops(old: list[str], new: list[str]) -> tuple[Op, ...]:
    runs, _ = diff_tokens_within(old, new, DIFF_SECONDS, semantic=True)
    ops: list[Op] = []
    i = j = 0
    for op, count in runs:
        source, start = (new, j) if op == INSERT else (old, i)
        ops.append(Op(_KIND.get(op, "equal"), " ".join(source[start : start + count])))
        if op != INSERT:
            i += count
        if op != DELETE:
            j += count
    return tuple(ops)


def _changed(block: Block, old_lines: Sequence[str], new_lines: Sequence[str]) -> list[DisplayLine]:
    old_tokens = [tokens(old_lines[line]) for line in block.old]
    new_tokens = [tokens(new_lines[line]) for line in block.new]
    shown: list[DisplayLine] = []
    for i, j in pair_lines(old_tokens, new_tokens):
        paired = i is not None and j is not None
        if paired and len(old_tokens[i]) + len(new_tokens[j]) <= PAIR_TOKENS:
            shown.append(("replace", _word_ops(old_tokens[i], new_tokens[j])))
            continue
        if i is not None:
            shown.append(("delete", (Op("delete", old_lines[block.old[i]]),)))
        if j is not None:
            shown.append(("insert", (Op("insert", new_lines[block.new[j]]),)))
    return shown


def display_lines(
    blocks: Sequence[Block], old_lines: Sequence[str], new_lines: Sequence[str]
) -> tuple[DisplayLine, ...]:
    """Every line of both texts once, equal lines once, in page order."""
    shown: list[DisplayLine] = []
    for block in blocks:
        if block.equal:
            shown.extend(("equal", (Op("equal", old_lines[line]),)) for line in block.old)
        else:
            shown.extend(_changed(block, old_lines, new_lines))
    return tuple(shown)
