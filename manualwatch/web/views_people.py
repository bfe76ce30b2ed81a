"""Pages reached from a digest: unsubscribe (a confirmation page, and the one-click POST of
RFC 8058) and the personal "I have read these changes" acknowledgement."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from manualwatch.clock import iso
from manualwatch.web.database import get_db
from manualwatch.web.security import one_click_unsubscribe
from store.acknowledgements import AckToken, acknowledge, acknowledged_at, find_token
from store.review_list import LISTED
from store.subscribers import unsubscribe_token

blueprint = Blueprint("people", __name__)


def _subscriber(token: str) -> tuple[str, str]:
    """The subscriber's address and the title of the manual they follow (its name if the
    manual is no longer configured)."""
    row = get_db().execute("SELECT email, manual FROM subscribers WHERE token = ?",
                           [token]).fetchone() if len(token) <= 100 else None
    if row is None:
        abort(404, description="This unsubscribe link is not valid (or was already used).")
    titles = {m.name: m.title for m in current_app.config["MW_CONFIG"].manuals}
    return row[0], titles.get(row[1], row[1])


@blueprint.get("/unsubscribe/<token>")
def unsubscribe_confirm(token: str) -> str:
    email, manual = _subscriber(token)
    return render_template("unsubscribe.html", email=email, manual=manual, token=token,
                           done=False)


@blueprint.post("/unsubscribe/<token>")
def unsubscribe(token: str) -> str:
    email, manual = _subscriber(token)
    unsubscribe_token(get_db(), token)
    if one_click_unsubscribe():
        return "unsubscribed\n"
    return render_template("unsubscribe.html", email=email, manual=manual, token=token,
                           done=True)


def _ack(token: str) -> AckToken:
    ack = find_token(get_db(), token)
    if ack is None:
        abort(404, description="This acknowledgement link is not valid.")
    return ack


def _changes(ack: AckToken) -> list[dict]:
    if not ack.change_ids:
        return []
    marks = ",".join("?" * len(ack.change_ids))
    statuses = ",".join("?" * len(LISTED))
    return list(get_db().query(
        f"SELECT c.* FROM changes c JOIN runs r ON r.id = c.run_id WHERE c.id IN ({marks})"
        f" AND r.status IN ({statuses}) ORDER BY c.id", [*ack.change_ids, *LISTED]))


@blueprint.get("/ack/<token>")
def acknowledgement(token: str) -> str:
    ack = _ack(token)
    return render_template("ack.html", ack=ack, changes=_changes(ack),
                           done_at=acknowledged_at(get_db(), token))


@blueprint.post("/ack/<token>")
def acknowledge_changes(token: str) -> str:
    ack = _ack(token)
    acknowledge(get_db(), ack, iso(current_app.config["MW_CLOCK"]()))
    return render_template("ack.html", ack=ack, changes=_changes(ack),
                           done_at=acknowledged_at(get_db(), token))
