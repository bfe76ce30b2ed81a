"""Whether a manual took up an edit: the first of its chapter's versions carrying the new text.

A text carries an edit's new side when it holds the inserted words joined to the neighbouring
words on at least one side (`agree` words of context), or, for a pure deletion, the words
before and after joined with nothing between. The old side is the same with the deleted words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from differ import words
from matching.edits import Passage

AGREE = 4


@dataclass(frozen=True)
class AdoptionState:
    """One manual's state for an edit: adopted at version index `at` (0 = had it at first)."""

    state: str  # adopted | not_adopted | had_before
    at: int | None = None


def _contains(haystack: str, needle: Sequence[str]) -> bool:
    return f" {' '.join(needle)} " in haystack


def carries(text: str, passage: Passage, *, new_side: bool = True, agree: int = AGREE) -> bool:
    """Whether `text` holds the passage's new (or old) words in context."""
    middle = passage.inserted if new_side else passage.deleted
    before, after = passage.before[-agree:], passage.after[:agree]
    haystack = f" {' '.join(words(text))} "
    if not middle:
        return _contains(haystack, (*before, *after))
    if not before and not after:
        return _contains(haystack, middle)
    return ((bool(before) and _contains(haystack, (*before, *middle)))
            or (bool(after) and _contains(haystack, (*middle, *after))))


def state_of(texts: Sequence[str], passage: Passage) -> AdoptionState:
    """The state of an edit in a chapter whose versions (oldest first) are `texts`."""
    for index, text in enumerate(texts):
        if carries(text, passage):
            return AdoptionState("had_before" if index == 0 else "adopted", index)
    return AdoptionState("not_adopted")
