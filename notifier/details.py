"""The Details sentence of a change: what happened to a chapter, in words, from its record."""

from __future__ import annotations

from differ import ChapterDiff, changed_sentence, section_states, significance_sentences
from differ.wording import and_join
from differ.wording import section_label as differ_section_label
from notifier.errors import UnknownKindError
from store.models import Change

__all__ = ["and_join", "count_phrase", "details_for", "section_label"]


def details_for(change: Change, diff: ChapterDiff | None = None) -> str:
    """Plain sentences saying what happened to the chapter of `change`; with the `diff` of
    an update, also which sections were added or removed and what made it matter."""
    writers = {
        "new": lambda c: "This chapter was added to the manual.",
        "removed": lambda c: "This chapter was removed from the manual.",
        "updated": lambda c: _updated(c, diff),
        "renamed": _renamed,
        "moved": _moved,
        "renumbered": _renumbered,
    }
    try:
        writer = writers[change.kind]
    except KeyError:
        raise UnknownKindError(change.kind) from None
    return writer(change)


def section_label(section: str, change: Change) -> str:
    """A changed heading as a sentence reads it: 'Section 3, Key Principles,', 'the Amendment
    note'; text before the first heading (filed under the chapter's title) is 'the opening
    text'."""
    titles = {change.title, change.previous.title if change.previous else change.title}
    return differ_section_label(section, titles)


def _updated(change: Change, diff: ChapterDiff | None) -> str:
    """'Section 3, Key Principles, was updated (+42 / −7 words).' (the one wording of
    differ.plain, shared with the differ's summaries)."""
    titles = {change.title, change.previous.title if change.previous else change.title}
    states = section_states(diff) if diff is not None else None
    sentence = changed_sentence(change.sections, change.words_added, change.words_removed,
                                titles, states)
    also = _previous_clauses(change)
    matters = significance_sentences(diff.significance) if diff is not None else ""
    return (sentence + (f" It was also {and_join(also)}." if also else "")
            + (f" {matters}" if matters else ""))


def _renamed(change: Change) -> str:
    clauses = _previous_clauses(change)
    if not clauses:
        return "This chapter was renamed."
    return f"This chapter was {and_join(clauses)}."


def _moved(change: Change) -> str:
    sentence = "This chapter moved to a new address; its text is unchanged."
    also = [c for c in _previous_clauses(change) if c != _MOVED]
    return sentence + (f" It was also {and_join(also)}." if also else "")


def _renumbered(change: Change) -> str:
    old = change.previous.number if change.previous else None
    if old == change.number:
        return "This chapter was renumbered."
    return f"This chapter was {_renumber_clause(old, change.number)}."


_MOVED = "moved to a new address"


def _previous_clauses(change: Change) -> list[str]:
    """What differs between `previous` and the record now: renamed, renumbered, moved."""
    prev = change.previous
    if prev is None:
        return []
    clauses = []
    if " ".join(prev.title.split()) != " ".join(change.title.split()):
        clauses.append(f"renamed from '{' '.join(prev.title.split())}'")
    if prev.number != change.number:
        clauses.append(_renumber_clause(prev.number, change.number))
    if prev.url != change.url:
        clauses.append(_MOVED)
    return clauses


def _renumber_clause(old: str | None, new: str | None) -> str:
    if old and new:
        return f"renumbered from {old} to {new}"
    if new:
        return f"given the number {new}"
    return f"left without a number (it was {old})"


def count_phrase(added: int, removed: int) -> str:
    """'42 words added, 7 removed', '1 word added', '7 words removed' or '' when both are 0.

    Kept for callers outside the Details sentence; Details itself says '(+42 / −7 words)'.
    """
    if added and removed:
        return f"{_words(added)} added, {removed} removed"
    if added:
        return f"{_words(added)} added"
    if removed:
        return f"{_words(removed)} removed"
    return ""


def _words(n: int) -> str:
    return f"{n} word" if n == 1 else f"{n} words"
