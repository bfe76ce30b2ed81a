"""Comparing a chapter with its counterpart in another manual, now or as they stood on a date."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from differ import ChapterDiff, diff_chapter, diff_json, summary
from manualwatch.versions_pick import version_on
from store.chapters import get_chapter
from store.counterparts import counterpart_in
from store.models import ChapterState, Version
from store.versions import versions_of


class CompareError(ValueError):
    """No counterpart, or no version on the date asked for."""


@dataclass(frozen=True)
class Comparison:
    """A's chapter and its counterpart in B, the versions compared and their word diff."""

    chapter: ChapterState
    other: ChapterState
    version: Version
    other_version: Version
    similarity: float
    diff: ChapterDiff

    def summary(self) -> str:
        return summary(self.diff, self.chapter.title)

    def to_json(self) -> dict:
        model = diff_json(self.diff, all_lines=False)
        model["section_counts"] = model.pop("sections")
        return {
            "from": _side(self.chapter, self.version),
            "to": _side(self.other, self.other_version),
            "similarity": self.similarity,
            **model,
            "sections": list(self.diff.sections),
            "summary": self.summary(),
        }


def _side(state: ChapterState, version: Version) -> dict:
    return {"manual": state.manual, "number": state.number, "title": state.title,
            "url": state.url, "version": version.id, "seen_at": version.seen_at}


def _version(versions: list[Version], day: str | None, state: ChapterState) -> Version:
    if not versions:
        raise CompareError(f"{state.manual} {state.number or state.url}: no stored version")
    if day is None:
        return versions[-1]
    try:
        return version_on(versions, day)
    except ValueError as exc:
        raise CompareError(f"{state.manual} {state.number or state.url}: {exc}") from None


def compare_chapters(db: sqlite_utils.Database, chapter: ChapterState, other_manual: str,
                     day: str | None = None) -> Comparison:
    """The word-level diff from `chapter` to its counterpart in `other_manual`."""
    found = counterpart_in(db, chapter.id, other_manual)
    other = get_chapter(db, found.other_id) if found else None
    if found is None or other is None:
        raise CompareError(f"{chapter.number or chapter.url} {chapter.title} has no counterpart"
                           f" in {other_manual}")
    mine = _version(versions_of(db, chapter.id), day, chapter)
    theirs = _version(versions_of(db, other.id), day, other)
    return Comparison(chapter, other, mine, theirs, found.similarity,
                      diff_chapter(mine.text, theirs.text, chapter.title))
