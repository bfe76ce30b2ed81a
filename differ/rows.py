"""Table rows compared as rows: cells aligned first, words diffed only inside a cell.

A table row line is its cells joined by " | ". Two rows are compared cell by cell: equal
cells are kept, the changed cells between two equal ones are paired in order and their words
diffed, and leftover cells are whole insertions or deletions. An edit therefore never runs
across a cell boundary, and a "|" separator is inserted or deleted only with a cell.
"""

from __future__ import annotations

from collections.abc import Iterator

from differ.lcs import DELETE, EQUAL, INSERT, diff_minimal
from differ.models import Op
from differ.wordops import word_ops

SEPARATOR = "|"
Cell = tuple[str, ...]
Item = tuple[Cell | None, Cell | None]  # (old cell, new cell), either may be absent


def is_row(tokens: list[str]) -> bool:
    """A line holding at least one cell separator."""
    return SEPARATOR in tokens


def cells(tokens: list[str]) -> list[Cell]:
    out: list[list[str]] = [[]]
    for token in tokens:
        if token == SEPARATOR:
            out.append([])
        else:
            out[-1].append(token)
    return [tuple(cell) for cell in out]


def _flush(old: list[Cell], new: list[Cell]) -> Iterator[Item]:
    for k in range(max(len(old), len(new))):
        yield (old[k] if k < len(old) else None, new[k] if k < len(new) else None)


def _items(old: list[Cell], new: list[Cell]) -> Iterator[Item]:
    keys_old = ["\x1f".join(c) for c in old]
    keys_new = ["\x1f".join(c) for c in new]
    i = j = 0
    pending_old: list[Cell] = []
    pending_new: list[Cell] = []
    for op, count in diff_minimal(keys_old, keys_new):
        if op == EQUAL:
            yield from _flush(pending_old, pending_new)
            pending_old, pending_new = [], []
            yield from ((old[i + k], new[j + k]) for k in range(count))
        elif op == DELETE:
            pending_old.extend(old[i : i + count])
        else:
            pending_new.extend(new[j : j + count])
        i += 0 if op == INSERT else count
        j += 0 if op == DELETE else count
    yield from _flush(pending_old, pending_new)


def _separator(seen_old: bool, seen_new: bool, item: Item) -> Op | None:
    in_old = seen_old and item[0] is not None
    in_new = seen_new and item[1] is not None
    if in_old and in_new:
        return Op("equal", SEPARATOR)
    if in_old or in_new:
        return Op("delete" if in_old else "insert", SEPARATOR)
    return None


def _cell_ops(item: Item) -> tuple[Op, ...]:
    old, new = item
    if old is not None and new is not None:
        return word_ops(old, new) if old != new else ((Op("equal", " ".join(old)),) if old else ())
    if old is not None:
        return (Op("delete", " ".join(old)),) if old else ()
    return (Op("insert", " ".join(new)),) if new else ()


def _merged(ops: list[Op]) -> tuple[Op, ...]:
    out: list[Op] = []
    for op in ops:
        if out and out[-1].kind == op.kind:
            out[-1] = Op(op.kind, out[-1].text + " " + op.text)
        else:
            out.append(op)
    return tuple(out)


def row_ops(old_tokens: list[str], new_tokens: list[str]) -> tuple[Op, ...]:
    """Ops turning one table row into another, cell by cell."""
    ops: list[Op] = []
    seen_old = seen_new = False
    for item in _items(cells(old_tokens), cells(new_tokens)):
        separator = _separator(seen_old, seen_new, item)
        if separator is not None:
            ops.append(separator)
        ops.extend(_cell_ops(item))
        seen_old, seen_new = seen_old or item[0] is not None, seen_new or item[1] is not None
    return _merged(ops)
