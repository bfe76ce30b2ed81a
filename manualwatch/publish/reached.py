"""Telling subscribers of other manuals that a run took up a change of a chapter they follow.

A run of manual X takes up an edit when the edit's state in X becomes `adopted` at that run
(its first sighting included). A subscriber of another manual M who asked for it
(`subscribe --adoption`) hears of it when M carries the edit too (first seen there, taken up
by an earlier run, or had it before) and they follow M's chapter that carries it.
"""

from __future__ import annotations

import sqlite_utils

from manualwatch.config import Config, ManualConfig
from manualwatch.cycle.following import follows
from notifier.links import compare_url
from notifier.models import Reached
from store.chapters import chapter_states
from store.edits import EditRecord, EditState, edits_adopted_by, states_of
from store.models import Change, ChapterState, Run, Subscriber
from store.subscribers import list_subscribers, listing_headings

CARRIES = ("adopted", "had_before")  # states in which a manual's chapter has the new text


def reached_notices(db: sqlite_utils.Database, config: Config, run: Run
                    ) -> list[tuple[Subscriber, ManualConfig, list[Reached]]]:
    """(subscriber, their manual, what reached the run's manual) for each subscriber of
    another manual who asked to hear of it and follows a chapter concerned."""
    names = {m.name: m for m in config.manuals}
    if len(names) < 2 or run.manual not in names:
        return []
    edits = edits_adopted_by(db, run.id, run.manual)
    if not edits:
        return []
    readers = [s for s in list_subscribers(db)
               if s.adoption and s.manual != run.manual and s.manual in names]
    states = {(st.edit_id, st.manual): st
              for found in states_of(db, [e.id for e in edits]).values() for st in found}
    books = {m: _Manual(db, m) for m in {s.manual for s in readers}}
    notices = []
    for subscriber in readers:
        book = books[subscriber.manual]
        items = [_reached(config, run, edit, states[(edit.id, run.manual)], mine, chapter)
                 for edit in edits
                 if (mine := states.get((edit.id, subscriber.manual))) is not None
                 and mine.state in CARRIES
                 and (chapter := book.followed(subscriber, mine.chapter_id)) is not None]
        if items:
            notices.append((subscriber, names[subscriber.manual], items))
    return notices


class _Manual:
    """A manual's listed chapters by id, and the contents headings each sits under."""

    def __init__(self, db: sqlite_utils.Database, manual: str) -> None:
        self.chapters = {s.id: s for s in chapter_states(db, manual).values() if s.listed}
        self.headings = listing_headings(db, manual)

    def followed(self, subscriber: Subscriber, chapter_id: int | None) -> ChapterState | None:
        """The chapter, when it is listed and the subscriber follows it."""
        chapter = self.chapters.get(chapter_id) if chapter_id is not None else None
        if chapter is None:
            return None
        record = Change(kind="linked", chapter_id=chapter.id, number=chapter.number,
                        title=chapter.title, url=chapter.url, numbers=chapter.numbers,
                        section=chapter.section)
        where = self.headings.get(chapter.url, ())
        return chapter if any(follows(f, record, where) for f in subscriber.follows) else None


def _title(config: Config, manual: str) -> str:
    from notifier.digest import short_title

    found = next((m for m in config.manuals if m.name == manual), None)
    return short_title(found.title) if found else manual


def _reached(config: Config, run: Run, edit: EditRecord, there: EditState, mine: EditState,
             chapter: ChapterState) -> Reached:
    return Reached(
        number=chapter.number, title=chapter.title, inserted=edit.inserted,
        deleted=edit.deleted, manual=_title(config, run.manual), number_there=there.number,
        seen_at=there.seen_at or run.started_at,
        first_manual=None if edit.manual == mine.manual else _title(config, edit.manual),
        first_seen_at=edit.seen_at,
        compare_url=compare_url(config.web_base_url, chapter.id, run.manual),
        had_before=mine.state == "had_before",
        taken_up_at=mine.seen_at if mine.state == "adopted" else None)
