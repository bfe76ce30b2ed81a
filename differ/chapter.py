"""Comparing two versions of a chapter's normalised text.

Lines are aligned first; words are compared only inside changed blocks (see
``differ.counting``). Deleted words are located in the old text's headings, inserted words in
the new text's, so a renamed heading counts under its old name for what went and its new
name for what came.
"""

from __future__ import annotations

from collections.abc import Iterable

from differ.counting import OLD, WordChange, count_block
from differ.display import display_lines
from differ.lines import align_lines
from differ.models import ChapterDiff
from differ.sections import SectionPath, section_paths
from differ.words import normalise_lines, words


def _unique_sections(
    paths: Iterable[SectionPath],
) -> tuple[tuple[str, ...], tuple[SectionPath, ...]]:
    seen: dict[str, SectionPath] = {}
    for path in paths:
        seen.setdefault(path[-1], path)
    return tuple(seen), tuple(seen.values())


def diff_chapter(old: str, new: str, title: str) -> ChapterDiff:
    """What changed from ``old`` to ``new``: word counts, sections and a per-line layout."""
    old_lines, new_lines = normalise_lines(old), normalise_lines(new)
    old_words = [words(line) for line in old_lines]
    new_words = [words(line) for line in new_lines]
    old_paths, new_paths = section_paths(old_lines, title), section_paths(new_lines, title)
    blocks = align_lines(old_lines, new_lines)
    changes: list[WordChange] = []
    exact = True
    for block in blocks:
        if not block.equal:
            counted = count_block(block, old_words, new_words)
            changes.extend(counted.changes)
            exact = exact and counted.exact
    places = (old_paths[c.line] if c.side == OLD else new_paths[c.line] for c in changes)
    sections, paths = _unique_sections(places)
    return ChapterDiff(
        words_added=sum(c.words for c in changes if c.side != OLD),
        words_removed=sum(c.words for c in changes if c.side == OLD),
        sections=sections,
        section_paths=paths,
        lines=display_lines(blocks, old_lines, new_lines),
        exact=exact,
    )
