"""Documents of the view across manuals: a chapter's counterparts, the adoption of edits, lags.

`adoption_document` is the shape of `adoption --json` (CONTRACT.md, Across manuals).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from manualwatch.clock import london_day
from store.chapters import get_chapter
from store.counterparts import counterparts_of
from store.edits import EditRecord, EditState, edits_of_change, list_edits, states_of
from store.models import ChapterState

TAKEN = ("adopted", "had_before")


def _order(manuals: Sequence[str]) -> dict[str, int]:
    return {name: k for k, name in enumerate(manuals)}


def counterparts_document(db: sqlite_utils.Database, chapter: ChapterState,
                          manuals: Sequence[str]) -> dict:
    """{"chapter": {...}, "counterparts": [...]} in the configured order of manuals."""
    rank = _order(manuals)
    found = []
    for item in sorted(counterparts_of(db, chapter.id), key=lambda c: rank.get(c.manual, 999)):
        other = get_chapter(db, item.other_id)
        if other is not None:
            found.append({"manual": other.manual, "number": other.number, "title": other.title,
                          "url": other.url, "similarity": item.similarity})
    return {"chapter": {"manual": chapter.manual, "number": chapter.number,
                        "title": chapter.title, "url": chapter.url},
            "counterparts": found}


def _state_json(state: EditState | None, manual: str) -> dict:
    if state is None:
        return {"manual": manual, "number": None, "state": "no_counterpart"}
    out: dict = {"manual": manual, "number": state.number, "state": state.state}
    if state.state == "adopted" and state.seen_at:
        out["date"] = london_day(state.seen_at)
        out["run_id"] = state.run_id
    return out


def change_adoption(db: sqlite_utils.Database, change_id: int, chapter_id: int, run_id: int,
                    manuals: Sequence[str]) -> list[dict]:
    """The edits a change made or took up, each with every manual's state."""
    edits = edits_of_change(db, change_id, chapter_id, run_id)
    states = states_of(db, [e.id for e in edits])
    return [edit_adoption(e, states.get(e.id, []), manuals) for e in edits]


def edit_adoption(edit: EditRecord, states: Sequence[EditState], manuals: Sequence[str]) -> dict:
    """One edit as `adoption --json` lists it."""
    by_manual = {s.manual: s for s in states}
    return {
        "id": edit.id,
        "inserted": edit.inserted,
        "deleted": edit.deleted,
        "section": edit.section,
        "first_seen": {"manual": edit.manual, "number": edit.number,
                       "date": london_day(edit.seen_at), "run_id": edit.run_id},
        "manuals": [_state_json(by_manual.get(name), name) for name in manuals],
    }


def adoption_document(db: sqlite_utils.Database, manuals: Sequence[str], *,
                      since: str | None = None, until: str | None = None,
                      manual: str | None = None, section: str | None = None) -> dict:
    """Every recorded edit (first seen on or after `since` and before `until`, in `manual`, in
    the contents `section`, as asked) with each configured manual's state, in the order first
    seen."""
    edits = list_edits(db, since=since, until=until, manual=manual, section=section)
    states = states_of(db, [e.id for e in edits])
    return {"edits": [edit_adoption(e, states.get(e.id, []), manuals) for e in edits]}


@dataclass(frozen=True)
class ManualLag:
    """How one manual took up the edits that reached more than one manual."""

    manual: str
    taken: int  # adopted or had before
    total: int  # shared edits first seen elsewhere, where this manual has a counterpart
    median_days: float | None  # after the first manual, over those adopted

    def sentence(self) -> str:
        lag = ("" if self.median_days is None
               else f", median {self.median_days:g} days after the first manual")
        return f"took up {self.taken} of {self.total} shared edits{lag}"


def _days(first: str, later: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(first)).days


def manual_lags(document: dict, manuals: Sequence[str]) -> list[ManualLag]:
    """Per manual: shared edits (taken up by at least two manuals) it took up, and how late."""
    shared = [e for e in document["edits"]
              if sum(1 for m in e["manuals"] if m["state"] in TAKEN) >= 2]
    lags = []
    for name in manuals:
        rows = [(e, next(m for m in e["manuals"] if m["manual"] == name)) for e in shared
                if e["first_seen"]["manual"] != name]
        rows = [(e, m) for e, m in rows if m["state"] != "no_counterpart"]
        days = [_days(e["first_seen"]["date"], m["date"]) for e, m in rows
                if m["state"] == "adopted"]
        lags.append(ManualLag(name, sum(1 for _, m in rows if m["state"] in TAKEN), len(rows),
                              statistics.median(days) if days else None))
    return lags
