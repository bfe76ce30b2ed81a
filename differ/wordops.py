"""Word ops for people: the minimal token diff, tidied by diff-match-patch's semantic cleanup.

Tokens are mapped to one character each, the exact diff (``differ.lcs``) is handed to
``diff_cleanupSemantic`` as a character diff, and the result is mapped back. The cleanup
merges scattered small edits into readable phrases; it shapes what people read and never a
count.
"""

from __future__ import annotations

from collections.abc import Sequence

from diff_match_patch import diff_match_patch

from differ.lcs import DELETE, INSERT, diff_minimal
from differ.models import Op

_FIRST_CODE = 0x100
_CODES = 0xD800 - _FIRST_CODE  # stay below the surrogates
_KIND = {DELETE: "delete", INSERT: "insert"}


def _encode(old: Sequence[str], new: Sequence[str]) -> tuple[str, str, list[str]] | None:
    table = list(dict.fromkeys([*old, *new]))
    if len(table) > _CODES:
        return None
    codes = {token: chr(_FIRST_CODE + k) for k, token in enumerate(table)}
    code = codes.__getitem__
    return "".join(map(code, old)), "".join(map(code, new)), table


def _char_diffs(encoded: tuple[str, str, list[str]]) -> list[tuple[int, str]]:
    text_old, text_new, _ = encoded
    diffs: list[tuple[int, str]] = []
    i = j = 0
    for op, count in diff_minimal(text_old, text_new):
        source, start = (text_new, j) if op == INSERT else (text_old, i)
        diffs.append((op, source[start : start + count]))
        i += 0 if op == INSERT else count
        j += 0 if op == DELETE else count
    return diffs


def word_ops(old: Sequence[str], new: Sequence[str], *, semantic: bool = True) -> tuple[Op, ...]:
    """Ops turning tokens ``old`` into ``new``; with ``semantic``, tidied for reading."""
    encoded = _encode(old, new)
    if encoded is None:
        return _whole(old, new)
    diffs = _char_diffs(encoded)
    if semantic and len(diffs) > 2:
        diff_match_patch().diff_cleanupSemantic(diffs)
    ops: list[Op] = []
    i = j = 0  # cleanup keeps equal + delete = old and equal + insert = new, in order
    for op, chars in diffs:
        if not chars:
            continue
        source, start = (new, j) if op == INSERT else (old, i)
        ops.append(Op(_KIND.get(op, "equal"), " ".join(source[start : start + len(chars)])))
        i += 0 if op == INSERT else len(chars)
        j += 0 if op == DELETE else len(chars)
    return tuple(ops)


def _whole(old: Sequence[str], new: Sequence[str]) -> tuple[Op, ...]:
    ops = []
    if old:
        ops.append(Op("delete", " ".join(old)))
    if new:
        ops.append(Op("insert", " ".join(new)))
    return tuple(ops)
