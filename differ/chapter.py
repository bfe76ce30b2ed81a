"""Comparing two versions of a chapter's normalised text.

Lines are aligned first (diff-match-patch, line mode) for the layout people read; counts come
from the minimal word-level diff of the whole text (``differ.counting``). Deleted words are
located in the old text's headings, inserted words in the new text's, so a renamed heading
counts under its old name for what went and its new name for what came.

A moved paragraph is shown as moved ("moved" where it was, "move" where it is), and counted
as the minimal word diff counts it: a reordering costs the words of the shorter side of the
swap, added and removed, so counts stay comparable with any word diff (``words_moved`` says
how many words sit in paragraphs shown as moved).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from differ.counting import OLD, WordChange, count_words_changed
from differ.display import Texts, display_lines
from differ.lines import align_lines
from differ.models import ChapterDiff, SectionCount
from differ.moves import find_moves
from differ.sections import SectionPath, section_paths
from differ.significance import judge
from differ.words import normalise_lines, words


def _section_counts(places: Iterable[tuple[SectionPath, WordChange]]) -> tuple[SectionCount, ...]:
    counts: dict[str, list] = {}
    for path, change in places:
        entry = counts.setdefault(path[-1], [path, 0, 0])
        entry[2 if change.side == OLD else 1] += change.words
    return tuple(SectionCount(path, added, removed) for path, added, removed in counts.values())


def _places(changes: Sequence[WordChange], old_paths: Sequence[SectionPath],
            new_paths: Sequence[SectionPath]) -> list[tuple[SectionPath, WordChange]]:
    """Each change with its section path, in page order (new-text order where both)."""
    return [(old_paths[c.line] if c.side == OLD else new_paths[c.line], c) for c in changes]


def diff_chapter(old: str, new: str, title: str) -> ChapterDiff:
    """What changed from ``old`` to ``new``: word counts, sections and a per-line layout."""
    old_lines, new_lines = normalise_lines(old), normalise_lines(new)
    old_words = [words(line) for line in old_lines]
    new_words = [words(line) for line in new_lines]
    old_paths, new_paths = section_paths(old_lines, title), section_paths(new_lines, title)
    blocks = align_lines(old_lines, new_lines)
    counted = count_words_changed(blocks, old_words, new_words)
    moves = find_moves(blocks, old_lines, new_lines)
    lines = display_lines(blocks, Texts(old_lines, new_lines, old_paths, new_paths, moves))
    section_counts = _section_counts(_places(counted.changes, old_paths, new_paths))
    return ChapterDiff(
        words_added=sum(c.words for c in counted.changes if c.side != OLD),
        words_removed=sum(c.words for c in counted.changes if c.side == OLD),
        sections=tuple(s.section for s in section_counts),
        section_paths=tuple(s.path for s in section_counts),
        lines=lines,
        exact=counted.exact,
        section_counts=section_counts,
        significance=judge(counted.changes, old_words, new_words),
        words_moved=sum(len(old_words[i]) for i in moves),
    )
