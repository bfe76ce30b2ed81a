"""Edits recorded in changed chapters and, per manual, whether each has been taken up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from store.database import transaction


@dataclass(frozen=True)
class EditRecord:
    """One edit, as first seen: the words deleted and inserted and the words around them."""

    id: int
    chapter_id: int
    manual: str
    run_id: int
    number: str | None
    section: str
    seen_at: str
    deleted: str
    inserted: str
    before: str
    after: str
    change_id: int | None = None


@dataclass(frozen=True)
class EditState:
    edit_id: int
    manual: str
    state: str  # adopted | not_adopted | had_before | no_counterpart
    chapter_id: int | None = None
    number: str | None = None
    run_id: int | None = None
    seen_at: str | None = None


_COLUMNS = ("id, chapter_id, manual, run_id, number, section, seen_at, deleted, inserted,"
            " before, after, change_id")


def add_edit(db: sqlite_utils.Database, edit: EditRecord) -> int:
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO edits (chapter_id, manual, run_id, number, section, seen_at, deleted,"
            " inserted, before, after, change_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [edit.chapter_id, edit.manual, edit.run_id, edit.number, edit.section, edit.seen_at,
             edit.deleted, edit.inserted, edit.before, edit.after, edit.change_id])
    return int(cursor.lastrowid)


def list_edits(db: sqlite_utils.Database, *, since: str | None = None,
               until: str | None = None, manual: str | None = None,
               section: str | None = None,
               chapter_ids: Sequence[int] | None = None) -> list[EditRecord]:
    """Edits in the order first seen, filtered by first sighting (UTC timestamps or dates;
    `until` is exclusive), manual, section or chapter."""
    where, params = ["1=1"], []
    if since:
        where.append("seen_at >= ?")
        params.append(since)
    if until:
        where.append("seen_at < ?")
        params.append(until)
    if manual:
        where.append("manual = ?")
        params.append(manual)
    if section:
        where.append("section = ?")
        params.append(section)
    if chapter_ids is not None:
        where.append(f"chapter_id IN ({','.join('?' * len(chapter_ids))})")
        params += list(chapter_ids)
    rows = db.execute(f"SELECT {_COLUMNS} FROM edits WHERE {' AND '.join(where)}"
                      " ORDER BY run_id, id", params).fetchall()
    return [EditRecord(*r) for r in rows]


def set_state(db: sqlite_utils.Database, state: EditState) -> None:
    with transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO edit_states (edit_id, manual, chapter_id, number, state,"
            " run_id, seen_at) VALUES (?,?,?,?,?,?,?)",
            [state.edit_id, state.manual, state.chapter_id, state.number, state.state,
             state.run_id, state.seen_at])


def states_of(db: sqlite_utils.Database, edit_ids: Sequence[int]) -> dict[int, list[EditState]]:
    """Edit id -> its stored states (one per manual)."""
    found: dict[int, list[EditState]] = {}
    for start in range(0, len(edit_ids), 900):
        chunk = list(edit_ids[start:start + 900])
        rows = db.execute(
            "SELECT edit_id, manual, state, chapter_id, number, run_id, seen_at FROM edit_states"
            f" WHERE edit_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        for row in rows:
            found.setdefault(row[0], []).append(EditState(*row))
    return found


def accepted_versions(db: sqlite_utils.Database, chapter_id: int
                      ) -> list[tuple[str, int, str]]:
    """A chapter's accepted versions oldest first: (text, run id, seen_at)."""
    rows = db.execute(
        "SELECT v.text, v.run_id, v.seen_at FROM versions v JOIN runs r ON r.id = v.run_id"
        " WHERE v.chapter_id=? AND r.status NOT IN ('rejected', 'quarantined') ORDER BY v.id",
        [chapter_id]).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def edits_of_change(db: sqlite_utils.Database, change_id: int, chapter_id: int, run_id: int
                    ) -> list[EditRecord]:
    """Edits a change recorded first, or took up from another manual (adopted in that run)."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM edits WHERE change_id = ? OR id IN (SELECT edit_id FROM"
        " edit_states WHERE chapter_id = ? AND run_id = ? AND state = 'adopted')"
        " ORDER BY run_id, id", [change_id, chapter_id, run_id]).fetchall()
    return [EditRecord(*r) for r in rows]


def edits_adopted_by(db: sqlite_utils.Database, run_id: int, manual: str) -> list[EditRecord]:
    """Edits whose state in `manual` is `adopted` at `run_id` (first sightings included), in
    the order first seen."""
    rows = db.execute(
        f"SELECT {', '.join('e.' + c.strip() for c in _COLUMNS.split(','))} FROM edits e"
        " JOIN edit_states s ON s.edit_id = e.id WHERE s.manual = ? AND s.run_id = ?"
        " AND s.state = 'adopted' ORDER BY e.run_id, e.id", [manual, run_id]).fetchall()
    return [EditRecord(*r) for r in rows]


def edit_sections(db: sqlite_utils.Database) -> list[str]:
    """The contents sections edits were recorded in, for a filter."""
    return [r[0] for r in db.execute("SELECT DISTINCT section FROM edits WHERE section != ''"
                                     " ORDER BY section").fetchall()]


def states_in(db: sqlite_utils.Database, manual: str) -> dict[int, EditState]:
    """Edit id -> the stored state of every edit in one manual."""
    rows = db.execute("SELECT edit_id, manual, state, chapter_id, number, run_id, seen_at"
                      " FROM edit_states WHERE manual=?", [manual]).fetchall()
    return {row[0]: EditState(*row) for row in rows}


def chapters_stored_by(db: sqlite_utils.Database, run_id: int) -> set[int]:
    """Chapters that got a new version in a run."""
    return {r[0] for r in db.execute("SELECT chapter_id FROM versions WHERE run_id=?",
                                     [run_id]).fetchall()}
