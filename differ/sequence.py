"""Minimal diffs of token sequences with diff-match-patch.

Each distinct token (a word, or a whole line) is mapped to one character with
``diff_linesToChars``, so diff-match-patch's character diff becomes a token diff. The time
limit is switched off (``Diff_Timeout = 0``) for counting: with a limit, diff-match-patch
silently returns a coarse, non-minimal diff once the limit runs out. Callers that need a
safety net against pathological input use ``diff_tokens_within``, which says whether its
result is still the minimum.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from diff_match_patch import diff_match_patch

from differ.errors import TooManyTokensError

EQUAL, INSERT, DELETE = 0, 1, -1
# diff_linesToChars gives the first text 666,666 codes and silently lumps the rest together.
_TOKEN_LIMIT = 666_000

TokenOps = list[tuple[int, int]]  # (EQUAL | INSERT | DELETE, number of tokens)


def _engine(timeout: float) -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = timeout
    return engine


def diff_tokens_within(
    old: Sequence[str], new: Sequence[str], seconds: float, *, semantic: bool = False
) -> tuple[TokenOps, bool]:
    """Like ``diff_tokens`` but giving up after ``seconds`` (0: never).

    Returns the runs and whether they are the minimal diff: when the time runs out,
    diff-match-patch replaces what it has not compared yet by a delete plus an insert, which
    is still a correct diff, only a larger one.
    """
    if list(old) == list(new):
        return ([(EQUAL, len(old))] if old else []), True
    engine = _engine(seconds)
    text_old = "".join(token + "\n" for token in old)
    text_new = "".join(token + "\n" for token in new)
    chars_old, chars_new, table = engine.diff_linesToChars(text_old, text_new)
    if len(table) > _TOKEN_LIMIT:
        raise TooManyTokensError(len(table), _TOKEN_LIMIT)
    started = time.time()  # diff-match-patch measures its deadline with time.time()
    diffs = engine.diff_main(chars_old, chars_new, False)
    minimal = seconds <= 0 or time.time() - started < seconds
    if semantic:
        engine.diff_cleanupSemantic(diffs)
    return [(op, len(chars)) for op, chars in diffs if chars], minimal


def diff_tokens(old: Sequence[str], new: Sequence[str], *, semantic: bool = False) -> TokenOps:
    """Minimal edit from ``old`` to ``new`` as (operation, token count) runs.

    With ``semantic`` the result goes through ``diff_cleanupSemantic``: easier to read, no
    longer minimal, so never count on it. Tokens must not contain a line break.
    """
    return diff_tokens_within(old, new, 0, semantic=semantic)[0]
