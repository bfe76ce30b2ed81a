"""Across manuals: a chapter's counterparts (on its page), the compare with one of them, each
change's edits taken up elsewhere (on its page), and the Adoption page: edits by manual, with
each manual's lag."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, current_app, render_template, request

from manualwatch.across import (
    CompareError,
    adoption_document,
    change_adoption,
    compare_chapters,
    counterparts_document,
    manual_lags,
)
from manualwatch.web.database import get_db
from manualwatch.web.diffview import diff_view
from manualwatch.web.views_changes import read_filter
from manualwatch.web.views_chapters import _load
from store.edits import edit_sections
from store.models import Change, ChapterState

blueprint = Blueprint("across", __name__)
STATE_LABELS = {"adopted": "adopted", "not_adopted": "not adopted",
                "had_before": "had it before", "no_counterpart": "no counterpart"}


def _manuals() -> list[str]:
    return [m.name for m in current_app.config["MW_CONFIG"].manuals]


def _in_other_manuals(chapter: ChapterState) -> list[dict]:
    if len(_manuals()) < 2:
        return []
    return counterparts_document(get_db(), chapter, _manuals())["counterparts"]


def _change_adoption(change: Change) -> list[dict]:
    if len(_manuals()) < 2:
        return []
    return change_adoption(get_db(), change.id, change.chapter_id, change.run_id, _manuals())


@blueprint.app_context_processor
def _helpers() -> dict:
    return {"in_other_manuals": _in_other_manuals, "change_adoption": _change_adoption,
            "adoption_labels": STATE_LABELS}


@blueprint.get("/chapters/<int:chapter_id>/in/<manual>")
def compare_across(chapter_id: int, manual: str) -> str | tuple[str, int]:
    chapter, _ = _load(chapter_id)
    on = request.args.get("on", "").strip() or None
    try:
        found = compare_chapters(get_db(), chapter, manual, on)
    except CompareError as exc:
        return render_template("message.html", title="Cannot compare", message=str(exc)), 404
    view = diff_view(found.version.text, found.other_version.text, chapter.title)
    return render_template("across_compare.html", chapter=chapter, found=found, view=view,
                           on=on or "")


@blueprint.get("/adoption")
def adoption_page() -> str:
    flt = read_filter(request.args)
    manuals = _manuals()
    document = adoption_document(get_db(), manuals, since=flt.since or None,
                                 until=_next_day(flt.until), section=flt.section or None)
    return render_template("adoption.html", edits=document["edits"], manuals=manuals,
                           lags=manual_lags(document, manuals), flt=flt,
                           sections=edit_sections(get_db()))


def _next_day(day: str) -> str | None:
    """An inclusive 'until' day as an exclusive bound (None: no end, also after 9999-12-31)."""
    if not day or day >= date.max.isoformat():
        return None
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
