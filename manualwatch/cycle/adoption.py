"""Recording edits after a run and keeping each manual's adoption state of every edit current.

A run's `updated` changes yield edits (matching.passages). An edit that is the same passage,
in context, as one already recorded in a counterpart chapter is that edit taken up elsewhere:
no new record, only its states move. The states of the new edits are worked out for every
manual, and those of older edits for the manual that just ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlite_utils

from manualwatch.clock import london_day
from matching import Passage, passages, same_passage, state_of
from store.counterparts import counterpart_in, counterpart_map
from store.database import transaction
from store.edits import (
    EditRecord,
    EditState,
    accepted_versions,
    add_edit,
    chapters_stored_by,
    list_edits,
    set_state,
    states_in,
)
from store.models import Change, Run
from store.versions import get_version


def passage_of(edit: EditRecord) -> Passage:
    return Passage(tuple(edit.deleted.split()), tuple(edit.inserted.split()),
                   tuple(edit.before.split()), tuple(edit.after.split()))


def _related(db: sqlite_utils.Database, edit: EditRecord, chapter_id: int, manual: str) -> bool:
    """Whether `chapter_id` (of `manual`) is the edit's chapter or a counterpart of it."""
    if edit.chapter_id == chapter_id:
        return True
    there = counterpart_in(db, edit.chapter_id, manual)
    back = counterpart_in(db, chapter_id, edit.manual)
    return (there is not None and there.other_id == chapter_id) or (
        back is not None and back.other_id == edit.chapter_id)


def _new_edits(db: sqlite_utils.Database, run: Run, change: Change,
               known: list[EditRecord]) -> list[EditRecord]:
    old = get_version(db, change.from_version_id)  # type: ignore[arg-type]
    new = get_version(db, change.to_version_id)  # type: ignore[arg-type]
    found = []
    for passage in passages(old.text, new.text):
        deleted, inserted = " ".join(passage.deleted), " ".join(passage.inserted)
        alike = [e for e in known if e.deleted == deleted and e.inserted == inserted]
        if any(same_passage(passage, passage_of(e))
               and _related(db, e, change.chapter_id, run.manual) for e in alike):
            continue
        record = EditRecord(0, change.chapter_id, run.manual, run.id, change.number,
                            change.section, change.seen_at, " ".join(passage.deleted),
                            " ".join(passage.inserted), " ".join(passage.before),
                            " ".join(passage.after), change.id)
        found.append(replace(record, id=add_edit(db, record)))
    return found


def state_in(db: sqlite_utils.Database, edit: EditRecord, manual: str) -> EditState:
    """The edit's state in `manual` from the texts of its chapter there."""
    if manual == edit.manual:
        chapter_id: int | None = edit.chapter_id
    else:
        found = counterpart_in(db, edit.chapter_id, manual)
        chapter_id = found.other_id if found else None
    if chapter_id is None:
        return EditState(edit.id, manual, "no_counterpart")
    number = db.execute("SELECT number FROM chapters WHERE id=?", [chapter_id]).fetchone()[0]
    versions = accepted_versions(db, chapter_id)
    result = state_of([text for text, _, _ in versions], passage_of(edit))
    if result.state != "adopted" or result.at is None:
        return EditState(edit.id, manual, result.state, chapter_id, number)
    _, run_id, seen_at = versions[result.at]
    return EditState(edit.id, manual, "adopted", chapter_id, number, run_id, seen_at)


def record_adoption(db: sqlite_utils.Database, run: Run, manuals: Sequence[str]) -> int:
    """Edits of `run` recorded (new ones only) and states updated; returns the edits added."""
    known = list_edits(db)
    added: list[EditRecord] = []
    with transaction(db):
        for change in run.changes:
            if change.kind == "updated" and change.from_version_id and change.to_version_id:
                added += _new_edits(db, run, change, known)
        for edit in added:
            for manual in manuals:
                set_state(db, state_in(db, edit, manual))
        for edit in _stale(db, known, run):
            set_state(db, state_in(db, edit, run.manual))
    return len(added)


def _stale(db: sqlite_utils.Database, known: list[EditRecord], run: Run) -> list[EditRecord]:
    """Older edits whose state in the run's manual may have moved: their chapter there got a
    new version in this run, or is not the one the stored state was worked out for."""
    stored = states_in(db, run.manual)
    there = counterpart_map(db, run.manual)
    touched = chapters_stored_by(db, run.id)
    stale = []
    for edit in known:
        target = edit.chapter_id if edit.manual == run.manual else there.get(edit.chapter_id)
        state = stored.get(edit.id)
        if state is None or state.chapter_id != target or target in touched:
            stale.append(edit)
    return stale


def adoption_day(state: EditState) -> str | None:
    return london_day(state.seen_at) if state.seen_at else None
