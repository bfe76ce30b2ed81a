"""The change list (a GET form of filters, so a filtered list is a URL to share) and the page
of one change: its diff inline and side by side, summary, the publisher's marker, date and
note, sign-offs and staff acknowledgements (names only for a signed-in reviewer)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request

from manualwatch.web.auth import current_reviewer
from manualwatch.web.database import get_db
from manualwatch.web.diffview import diff_view
from manualwatch.web.formatting import KIND_LABELS
from notifier.documents import document_details
from store.acknowledgements import acknowledgements_of, outstanding
from store.changes import _change
from store.document_reviews import document_changes_for_review
from store.models import Change
from store.review_list import ChangeFilter, list_for_review, manuals, neighbours, sections
from store.reviews import DECISIONS, STATES, review_state, signoffs_of
from store.versions import get_version

blueprint = Blueprint("changes", __name__)
PER_PAGE = 100
MAX_PAGE = 1_000_000  # a larger page number is ignored like any other unknown value


def read_filter(args) -> ChangeFilter:
    """The list's filters from query arguments (unknown values are ignored, not errors)."""
    page = args.get("page", "1")
    return ChangeFilter(
        manual=args.get("manual", ""), since=_day(args.get("since", "")),
        until=_day(args.get("until", "")), section=args.get("section", ""),
        kind=args.get("kind", "") if args.get("kind", "") in KIND_LABELS else "",
        state=args.get("state", "") if args.get("state", "") in (*STATES, "open") else "",
        page=int(page) if page.isdigit() and 0 < int(page) <= MAX_PAGE else 1)


def _day(value: str) -> str:
    """A YYYY-MM-DD day that exists, or "" (a filter with a bad day is ignored)."""
    value = value.strip()
    if len(value) != 10:
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return ""


@blueprint.get("/changes")
def change_list() -> str:
    db = get_db()
    flt = read_filter(request.args)
    rows, total = list_for_review(db, flt, PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    documents = document_changes_for_review(
        db, manual=flt.manual, since=flt.since, until=flt.until, state=flt.state,
        limit=PER_PAGE) if not flt.section and flt.kind in ("", "new", "updated", "removed") \
        else []
    documents = [d for d in documents if not flt.kind or d[0].kind == flt.kind]
    return render_template("changes.html", rows=rows, total=total, flt=flt, pages=pages,
                           manuals=manuals(db), sections=sections(db), kinds=KIND_LABELS,
                           states={"open": "needing review", **STATES}, documents=documents,
                           document_details=document_details)


def load_change(change_id: int) -> tuple[Change, str]:
    rows = list(get_db().query("SELECT c.*, r.manual AS run_manual FROM changes c JOIN runs r"
                               " ON r.id = c.run_id WHERE c.id = ? AND r.status != 'rejected'",
                               [change_id]))
    if not rows:
        abort(404, description=f"There is no change {change_id}.")
    return _change(rows[0]), rows[0]["run_manual"]


def _publisher(change: Change) -> dict:
    """The publisher's marker and row date on the contents page, and the Amendment note."""
    db = get_db()
    row = db.execute("SELECT flag, date FROM listings WHERE url = ? AND run_id ="
                     " (SELECT coalesce(listing_run, id) FROM runs WHERE id = ?)"
                     " ORDER BY position LIMIT 1", [change.url, change.run_id]).fetchone()
    note = None
    if change.to_version_id:
        note = db.execute("SELECT amendment FROM versions WHERE id = ?",
                          [change.to_version_id]).fetchone()[0]
    return {"flag": change.publisher_flag or (row[0] if row else None),
            "date": row[1] if row else None, "note": note}


@blueprint.get("/changes/<int:change_id>")
def change_page(change_id: int) -> str:
    db = get_db()
    change, manual = load_change(change_id)
    view = None
    if change.to_version_id:  # updated, or new (all of its text inserted)
        old = get_version(db, change.from_version_id).text if change.from_version_id else ""
        view = diff_view(old, get_version(db, change.to_version_id).text, change.title)
    previous_id, next_id = neighbours(db, change)
    return render_template(
        "change.html", change=change, manual=manual, view=view, publisher=_publisher(change),
        previous_id=previous_id, next_id=next_id, state=review_state(db, change.id),
        decisions=DECISIONS, **_people(change.id))


def _people(change_id: int) -> dict:
    """Who signed off and who read the change: names for a signed-in reviewer, only counts
    for anyone else (the names are personal data)."""
    db = get_db()
    signoffs = signoffs_of(db, change_id)
    acks = acknowledgements_of(db, change_id)
    waiting = outstanding(db, change_id)
    read = len({a.email for a in acks})
    counts = {"signoff_count": len(signoffs), "read_count": read,
              "staff_count": read + len(waiting)}
    if current_reviewer() is None:
        return {**counts, "signoffs": [], "acks": [], "outstanding": []}
    return {**counts, "signoffs": signoffs, "acks": acks, "outstanding": waiting}
