"""Edits of a recorded change: contiguous passages of the minimal word diff, with context.

An edit is one run of deleted and/or inserted words between two equal stretches of the minimal
word-level diff (structural markers left out), of at least `min_words` words deleted plus
inserted. Its context is the `context` words before and after it in the old text (the same
words stand around it in the new text).
"""

from __future__ import annotations

from dataclasses import dataclass

from differ import word_ops, words

MIN_WORDS = 5
CONTEXT_WORDS = 5


@dataclass(frozen=True)
class Passage:
    """One edit: words deleted and inserted at one place, with the words around it."""

    deleted: tuple[str, ...]
    inserted: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.deleted) + len(self.inserted)


def passages(old: str, new: str, *, min_words: int = MIN_WORDS,
             context: int = CONTEXT_WORDS) -> list[Passage]:
    """The edits from `old` to `new` in text order."""
    old_words = words(old)
    found: list[Passage] = []
    at = start = 0  # position in the old words; where the passage in hand starts
    deleted: list[str] = []
    inserted: list[str] = []
    for op in [*word_ops(old_words, words(new), semantic=False), None]:
        if op is not None and op.kind != "equal":
            tokens = op.text.split()
            if op.kind == "delete":
                deleted += tokens
                at += len(tokens)
            else:
                inserted += tokens
            continue
        if len(deleted) + len(inserted) >= min_words:
            found.append(Passage(tuple(deleted), tuple(inserted),
                                 tuple(old_words[max(0, start - context):start]),
                                 tuple(old_words[at:at + context])))
        deleted, inserted = [], []
        at += len(op.text.split()) if op is not None else 0
        start = at
    return found


def same_passage(a: Passage, b: Passage, *, agree: int = 4) -> bool:
    """The same words deleted and inserted, and the neighbouring words agree on a side."""
    if a.deleted != b.deleted or a.inserted != b.inserted:
        return False
    n_before = min(agree, len(a.before), len(b.before))
    n_after = min(agree, len(a.after), len(b.after))
    before_ok = a.before[len(a.before) - n_before:] == b.before[len(b.before) - n_before:]
    after_ok = a.after[:n_after] == b.after[:n_after]
    return before_ok or after_ok
