"""Linked documents in the review app: the list of tracked documents, a document's page (its
versions, any two compared, the chapters that link it) and a document change's page with its
diff and sign-off."""

from __future__ import annotations

import sqlite_utils
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from manualwatch.clock import iso
from manualwatch.versions_pick import pick_versions
from manualwatch.web.auth import current_reviewer, require_reviewer
from manualwatch.web.database import get_db
from manualwatch.web.diffview import diff_view
from notifier.documents import TYPE_NAMES, document_details
from store.chapters import chapter_states
from store.document_reviews import (
    document_review_state,
    document_signoffs_of,
    get_document_change,
    sign_off_document,
)
from store.documents import document_changes_of, document_versions, list_documents
from store.errors import NotFound
from store.models import DocumentState
from store.reviews import DECISIONS

blueprint = Blueprint("documents", __name__)
MAX_NOTE = 4000


def _document(document_id: int) -> DocumentState:
    found = [d for d in list_documents(get_db()) if d.id == document_id]
    if not found:
        abort(404, description=f"There is no document {document_id}.")
    return found[0]


def _linking(document: DocumentState) -> list[tuple[str, int | None, str]]:
    """(number, chapter id, title) of each chapter that links the document."""
    by_number = {}
    for state in chapter_states(get_db(), document.manual).values():
        for number in state.numbers or ((state.number,) if state.number else ()):
            by_number.setdefault(number, state)
    return [(n, by_number[n].id if n in by_number else None,
             by_number[n].title if n in by_number else "") for n in document.linked_from]


@blueprint.get("/documents")
def document_list() -> str:
    return render_template("documents.html", documents=list_documents(get_db()),
                           type_names=TYPE_NAMES)


@blueprint.get("/documents/<int:document_id>")
def document_page(document_id: int) -> str | tuple[str, int]:
    document = _document(document_id)
    versions = document_versions(get_db(), document_id)
    view, old, new = None, None, None
    if len(versions) > 1:
        try:
            old, new = pick_versions(versions, request.args.get("from") or None,  # type: ignore[arg-type]
                                     request.args.get("to") or None)
        except ValueError as exc:
            return render_template("message.html", title="Cannot compare",
                                   message=str(exc)), 400
        if old.has_text and new.has_text and old.id != new.id:
            view = diff_view(old.text, new.text, document.title)
    return render_template("document.html", document=document, versions=versions[::-1],
                           changes=document_changes_of(get_db(), document_id),
                           linking=_linking(document), view=view, old=old, new=new,
                           type_names=TYPE_NAMES, details=document_details)


@blueprint.get("/documents/changes/<int:change_id>")
def document_change_page(change_id: int) -> str:
    db = get_db()
    try:
        change = get_document_change(db, change_id)
    except NotFound:
        abort(404, description=f"There is no document change {change_id}.")
    view = None
    if change.kind == "updated" and change.has_text and change.from_version_id:
        versions = {v.id: v for v in document_versions(db, change.document_id)}
        old, new = versions.get(change.from_version_id), versions.get(change.to_version_id or 0)
        if old is not None and new is not None:
            view = diff_view(old.text, new.text, change.title)
    return render_template("document_change.html", change=change, view=view,
                           details=document_details(change), type_names=TYPE_NAMES,
                           state=document_review_state(db, change_id),
                           decisions=DECISIONS, **_signoffs(db, change_id))


def _signoffs(db: sqlite_utils.Database, change_id: int) -> dict:
    """Who decided what (personal data) for a signed-in reviewer; only how many, signed out."""
    signoffs = document_signoffs_of(db, change_id)
    shown = signoffs if current_reviewer() is not None else []
    return {"signoffs": shown, "signoff_count": len(signoffs)}


@blueprint.post("/documents/changes/<int:change_id>/signoff")
def record(change_id: int) -> Response:
    reviewer = require_reviewer()
    decision = request.form.get("decision", "")
    note = request.form.get("note", "")
    if decision not in DECISIONS or len(note) > MAX_NOTE:
        abort(400, description="Choose a decision (and keep the note under 4,000 characters).")
    try:
        sign_off_document(get_db(), change_id, reviewer=reviewer, decision=decision, note=note,
                          now=iso(current_app.config["MW_CLOCK"]()))
    except NotFound:
        abort(404, description=f"There is no document change {change_id}.")
    return redirect(url_for("documents.document_change_page", change_id=change_id) + "#signoff")
