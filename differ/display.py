"""The per-line layout of a diff that renderers show to people.

Each changed block of the line alignment is laid out line by line: unchanged paragraphs that
moved become a "moved" line where they were and a "move" line where they are now; the
remaining deleted and inserted lines are paired by similarity, a pair becoming one "replace"
line with word ops (table rows cell by cell, other lines word by word, tidied with semantic
cleanup so they read well; they are not the counting diff).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from differ.lines import Block
from differ.models import Line, Op
from differ.pairing import pair_lines
from differ.rows import is_row, row_ops
from differ.sections import SectionPath
from differ.wordops import word_ops
from differ.words import tokens

PAIR_TOKENS = 6_000  # old + new tokens of one replaced line still diffed word by word


@dataclass(frozen=True)
class Texts:
    """Both texts' lines and section paths, and the moves found between them."""

    old: Sequence[str]
    new: Sequence[str]
    old_paths: Sequence[SectionPath]
    new_paths: Sequence[SectionPath]
    moves: dict[int, int]


def _pair_line(t: Texts, i: int, j: int) -> list[Line]:
    old_tokens, new_tokens = tokens(t.old[i]), tokens(t.new[j])
    if len(old_tokens) + len(new_tokens) > PAIR_TOKENS:
        return [_deleted(t, i), _inserted(t, j)]
    row = is_row(old_tokens) and is_row(new_tokens)
    ops = row_ops(old_tokens, new_tokens) if row else word_ops(old_tokens, new_tokens)
    return [Line("replace", ops, i, j, t.new_paths[j], row=row)]


def _deleted(t: Texts, i: int) -> Line:
    return Line("delete", (Op("delete", t.old[i]),), i, None, t.old_paths[i])


def _inserted(t: Texts, j: int) -> Line:
    return Line("insert", (Op("insert", t.new[j]),), None, j, t.new_paths[j])


def _paired(block: Block, t: Texts, arrived: dict[int, int]) -> list[Line]:
    old = [i for i in block.old if i not in t.moves]
    new = [j for j in block.new if j not in arrived]
    shown: list[Line] = []
    pairs = pair_lines([tokens(t.old[i]) for i in old], [tokens(t.new[j]) for j in new])
    for a, b in pairs:
        if a is not None and b is not None:
            shown.extend(_pair_line(t, old[a], new[b]))
        elif a is not None:
            shown.append(_deleted(t, old[a]))
        elif b is not None:
            shown.append(_inserted(t, new[b]))
    return shown


_FOREIGN = {"old": "move", "new": "moved"}  # whose index on that side lies in another block


def _place(shown: list[Line], line: Line, side: str) -> None:
    """Insert ``line`` before the first line further down on its side."""
    index = getattr(line, side)
    at = next((k for k, s in enumerate(shown) if s.kind != _FOREIGN[side]
               and getattr(s, side) is not None and getattr(s, side) > index), len(shown))
    shown.insert(at, line)


def _changed(block: Block, t: Texts, arrived: dict[int, int]) -> list[Line]:
    shown = _paired(block, t, arrived)
    for i in block.old:
        if i in t.moves:
            j = t.moves[i]
            _place(shown, Line("moved", (Op("equal", t.old[i]),), i, j, t.old_paths[i],
                               t.new_paths[j]), "old")
    for j in block.new:
        if j in arrived:
            i = arrived[j]
            _place(shown, Line("move", (Op("equal", t.new[j]),), i, j, t.new_paths[j],
                               t.old_paths[i]), "new")
    return shown


def display_lines(blocks: Sequence[Block], t: Texts) -> tuple[Line, ...]:
    """Every line of both texts once, equal lines once, in page order."""
    arrived = {j: i for i, j in t.moves.items()}
    shown: list[Line] = []
    for block in blocks:
        if block.equal:
            shown.extend(Line("equal", (Op("equal", t.new[j]),), i, j, t.new_paths[j])
                         for i, j in zip(block.old, block.new, strict=True))
        else:
            shown.extend(_changed(block, t, arrived))
    return tuple(shown)
