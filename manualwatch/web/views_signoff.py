"""Sign-off: a reviewer records a decision about a change (append-only), and the audit trail
of decisions for a period as CSV (for signed-in reviewers only: it names people)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from manualwatch.clock import iso
from manualwatch.web.auth import current_reviewer, require_reviewer
from manualwatch.web.database import get_db
from manualwatch.web.trail import trail_csv
from manualwatch.web.views_changes import load_change
from store.reviews import DECISIONS, audit_trail, sign_off

blueprint = Blueprint("signoff", __name__)
MAX_NOTE = 4000


@blueprint.post("/changes/<int:change_id>/signoff")
def record(change_id: int) -> Response:
    reviewer = require_reviewer()
    load_change(change_id)
    decision = request.form.get("decision", "")
    note = request.form.get("note", "")
    if decision not in DECISIONS or len(note) > MAX_NOTE:
        abort(400, description="Choose a decision (and keep the note under 4,000 characters).")
    now = iso(current_app.config["MW_CLOCK"]())
    sign_off(get_db(), change_id, reviewer=reviewer, decision=decision, note=note, now=now)
    return redirect(url_for("changes.change_page", change_id=change_id) + "#signoff")


def _period(name: str) -> str | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        abort(400, description=f"{name}: expected a date YYYY-MM-DD")


def _day_after(day: str | None) -> str | None:
    """The exclusive end of a period ending on `day` (None: no end, also after 9999-12-31)."""
    if day is None or day >= date.max.isoformat():
        return None
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


@blueprint.get("/reviews.csv")
def reviews_csv() -> Response | WerkzeugResponse:
    if current_reviewer() is None:  # the trail names people: reviewers only
        return redirect(url_for("auth.login_form", next=request.full_path.rstrip("?")))
    since, until = _period("since"), _period("until")
    end = _day_after(until)
    rows = audit_trail(get_db(), since=since, until=end,
                       manual=request.args.get("manual") or None)
    name = f"reviews-{since or 'all'}-{until or 'now'}.csv"
    return Response(trail_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
