"""Chapters (stable identity across renames, renumbering and URL moves) and their listings."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from store.database import transaction
from store.models import ChapterState

_STATE_SQL = """
SELECT c.*, v.id AS version_id, v.text_hash AS version_hash
FROM chapters c
LEFT JOIN versions v ON v.id = (
    SELECT v2.id FROM versions v2 JOIN runs r ON r.id = v2.run_id
    WHERE v2.chapter_id = c.id AND r.status NOT IN ('rejected', 'quarantined')
    ORDER BY v2.id DESC LIMIT 1)
"""


def _state(row: dict) -> ChapterState:
    return ChapterState(
        id=row["id"], manual=row["manual"], url=row["url"], number=row["number"],
        numbers=tuple(json.loads(row["numbers"])), title=row["title"], section=row["section"],
        listed=bool(row["listed"]), flag=row["flag"], etag=row["etag"],
        last_modified=row["last_modified"], latest_version_id=row["version_id"],
        latest_hash=row["version_hash"],
    )


def chapter_states(db: sqlite_utils.Database, manual: str) -> dict[str, ChapterState]:
    """Every chapter of a manual ever seen, by URL, with its latest accepted version."""
    rows = db.query(_STATE_SQL + " WHERE c.manual=? AND c.held_run IS NULL ORDER BY c.id",
                    [manual])
    return {row["url"]: _state(row) for row in rows}


def get_chapter(db: sqlite_utils.Database, chapter_id: int) -> ChapterState | None:
    rows = list(db.query(_STATE_SQL + " WHERE c.id=?", [chapter_id]))
    return _state(rows[0]) if rows else None


def find_chapter(db: sqlite_utils.Database, manual: str | None, selector: str
                 ) -> ChapterState | None:
    """A chapter named by URL, by any number it is listed under, or by exact title; failing
    those, by a number it was listed under in the past (the latest chapter to have it)."""
    where, params = ("AND c.manual=?", [manual]) if manual else ("", [])
    rows = list(db.query(_STATE_SQL + f" WHERE c.url=? {where}", [selector, *params]))
    if not rows:
        rows = [r for r in db.query(_STATE_SQL + f" WHERE 1=1 {where} ORDER BY c.listed DESC",
                                    params)
                if selector in json.loads(r["numbers"]) or r["number"] == selector
                or r["title"].casefold() == selector.casefold()]
    if not rows:
        past = _PAST_NUMBER_SQL.format(where=where.replace("c.", "c3."))
        rows = list(db.query(_STATE_SQL + f" WHERE c.id = ({past}) {where}",
                             [selector, *params, *params]))
    if not rows:  # a number it had before a move to another address
        rows = list(db.query(_STATE_SQL + " WHERE c.id = (SELECT chapter_id FROM changes"
                             " WHERE json_extract(previous, '$.number') = ?"
                             f" ORDER BY id DESC LIMIT 1) {where}", [selector, *params]))
    return _state(rows[0]) if rows else None


# the chapter most recently listed (in a run that was not rejected) under a number
_PAST_NUMBER_SQL = """
SELECT c3.id FROM listings l JOIN runs r ON r.id = l.run_id
JOIN chapters c3 ON c3.url = l.url AND c3.manual = r.manual
WHERE l.number = ? AND r.status != 'rejected' {where}
ORDER BY l.run_id DESC LIMIT 1"""


def create_chapter(db: sqlite_utils.Database, manual: str, *, url: str, number: str | None,
                   numbers: Iterable[str], title: str, section: str, flag: str | None,
                   run_id: int) -> int:
    """A new chapter row (or the row a held, never accepted run left for this URL)."""
    values = [number, json.dumps(list(numbers)), title, section, flag, run_id, run_id]
    with transaction(db):
        row = db.execute("SELECT id FROM chapters WHERE manual=? AND url=?",
                         [manual, url]).fetchone()
        if row is not None:
            db.execute(
                "UPDATE chapters SET number=?, numbers=?, title=?, section=?, flag=?, listed=1,"
                " first_run=?, last_run=?, held_run=NULL, etag=NULL, last_modified=NULL"
                " WHERE id=?", [*values, row[0]])
            return int(row[0])
        cursor = db.execute(
            "INSERT INTO chapters (manual, url, number, numbers, title, section, flag, listed,"
            " first_run, last_run) VALUES (?,?,?,?,?,?,?,1,?,?)", [manual, url, *values])
    return int(cursor.lastrowid)


def update_chapter(db: sqlite_utils.Database, chapter_id: int, **fields: object) -> None:
    """Set listing fields (url, number, numbers, title, section, flag, listed, etag, ...)."""
    allowed = set(HELD_COLUMNS) | {"held_run"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown chapter fields: {sorted(unknown)}")
    if "numbers" in fields:
        fields["numbers"] = json.dumps(list(fields["numbers"]))  # type: ignore[arg-type]
    if "listed" in fields:
        fields["listed"] = int(bool(fields["listed"]))
    assignments = ", ".join(f"{name}=?" for name in fields)
    with transaction(db):
        db.execute(f"UPDATE chapters SET {assignments} WHERE id=?", [*fields.values(), chapter_id])


def mark_seen(db: sqlite_utils.Database, chapter_ids: Iterable[int], run_id: int) -> None:
    """Record that `run_id` saw these chapters as they were (one statement, one commit)."""
    ids = list(chapter_ids)
    with transaction(db):
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            db.execute(f"UPDATE chapters SET last_run=? WHERE id IN ({','.join('?' * len(chunk))})",
                       [run_id, *chunk])


HELD_COLUMNS = ("url", "number", "numbers", "title", "section", "flag", "listed", "etag",
                "last_modified", "last_run")


def chapter_columns(db: sqlite_utils.Database, chapter_id: int) -> dict:
    """The listing columns of one chapter row, as stored (numbers as a list)."""
    row = next(db.query(f"SELECT {', '.join(HELD_COLUMNS)} FROM chapters WHERE id=?",
                        [chapter_id]))
    return row | {"numbers": json.loads(row["numbers"])}


def hold_state(db: sqlite_utils.Database, run_id: int, chapter_id: int, columns: dict) -> None:
    """Keep a held run's view of a chapter, to apply if the run is approved."""
    with transaction(db):
        db.execute("INSERT OR REPLACE INTO held_states (run_id, chapter_id, state) VALUES (?,?,?)",
                   [run_id, chapter_id, json.dumps(columns)])


def held_states(db: sqlite_utils.Database, run_id: int) -> list[tuple[int, dict]]:
    rows = db.execute("SELECT chapter_id, state FROM held_states WHERE run_id=?"
                      " ORDER BY chapter_id", [run_id]).fetchall()
    return [(r[0], json.loads(r[1])) for r in rows]


def drop_held_states(db: sqlite_utils.Database, run_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM held_states WHERE run_id=?", [run_id])


LISTING_COLUMNS = ("number", "title", "url", "section", "grp", "flag", "date", "offsite")
LISTING_RUN = "(SELECT coalesce(listing_run, id) FROM runs WHERE id = ?)"  # SQL: run -> rows


def record_listing(db: sqlite_utils.Database, run_id: int, rows: Iterable[dict]) -> None:
    """Keep the contents page as this run saw it (number, title, url, flag, date per row).

    When it lists exactly what the manual's previous listing did, the run points at those
    rows (`runs.listing_run`) instead of storing them again.
    """
    values = [(row["number"], row["title"], row["url"], row.get("section"), row.get("group"),
               row.get("flag"), row.get("date"), int(row.get("offsite", 0))) for row in rows]
    with transaction(db):
        previous = _previous_listing_run(db, run_id)
        if previous is not None and _listing_values(db, previous) == values:
            db.execute("UPDATE runs SET listing_run=? WHERE id=?", [previous, run_id])
            return
        for position, row in enumerate(values):
            db.execute(
                "INSERT INTO listings (run_id, position, number, title, url, section, grp, flag,"
                " date, offsite) VALUES (?,?,?,?,?,?,?,?,?,?)", [run_id, position, *row])
        db.execute("UPDATE runs SET listing_run=? WHERE id=?", [run_id, run_id])


def _previous_listing_run(db: sqlite_utils.Database, run_id: int) -> int | None:
    """The run holding the rows of the manual's latest listing before `run_id`, if any."""
    row = db.execute(
        "SELECT coalesce(r.listing_run, r.id) FROM runs r WHERE r.manual ="
        " (SELECT manual FROM runs WHERE id = ?) AND r.id < ? AND (r.listing_run IS NOT NULL"
        " OR EXISTS (SELECT 1 FROM listings l WHERE l.run_id = r.id))"
        " ORDER BY r.id DESC LIMIT 1", [run_id, run_id]).fetchone()
    return row[0] if row else None


def _listing_values(db: sqlite_utils.Database, holder: int) -> list[tuple]:
    return [tuple(r) for r in db.execute(
        f"SELECT {', '.join(LISTING_COLUMNS)} FROM listings WHERE run_id=? ORDER BY position",
        [holder]).fetchall()]


def listing_runs(db: sqlite_utils.Database, manual: str) -> dict[int, int]:
    """Run id -> the run holding its listing rows, for each of the manual's runs that read a
    contents page listing something. Two runs with the same holder saw the same listing."""
    return dict(db.execute(
        "SELECT r.id, coalesce(r.listing_run, r.id) FROM runs r WHERE r.manual = ? AND EXISTS"
        " (SELECT 1 FROM listings l WHERE l.run_id = coalesce(r.listing_run, r.id))",
        [manual]).fetchall())


def listing_of(db: sqlite_utils.Database, run_id: int) -> list[dict]:
    """The contents rows `run_id` saw (stored with it or with the earlier run it matched)."""
    return list(db.query(f"SELECT * FROM listings WHERE run_id = {LISTING_RUN}"
                         " ORDER BY position", [run_id]))
