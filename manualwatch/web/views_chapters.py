"""A chapter's history: every version on a timeline, any two compared, and its text as it
stood on any date."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from manualwatch.versions_pick import pick_versions, version_on
from manualwatch.web.database import get_db
from manualwatch.web.diffview import diff_view
from store.chapters import get_chapter
from store.models import ChapterState, Version
from store.review_list import LISTED
from store.versions import versions_of

blueprint = Blueprint("chapters", __name__)


def _load(chapter_id: int) -> tuple[ChapterState, list[Version]]:
    chapter = get_chapter(get_db(), chapter_id)
    if chapter is None:
        abort(404, description=f"There is no chapter {chapter_id}.")
    return chapter, versions_of(get_db(), chapter_id)


def _changes_of(chapter_id: int) -> list[dict]:
    marks = ",".join("?" * len(LISTED))
    return list(get_db().query(
        "SELECT c.id, c.kind, c.seen_at, c.words_added, c.words_removed, c.to_version_id"
        f" FROM changes c JOIN runs r ON r.id = c.run_id WHERE c.chapter_id = ?"
        f" AND r.status IN ({marks}) ORDER BY c.id DESC", [chapter_id, *LISTED]))


@blueprint.get("/chapters/<int:chapter_id>")
def chapter_page(chapter_id: int) -> str:
    chapter, versions = _load(chapter_id)
    return render_template("chapter.html", chapter=chapter, versions=versions[::-1],
                           changes=_changes_of(chapter_id))


@blueprint.get("/chapters/<int:chapter_id>/compare")
def compare(chapter_id: int) -> str | tuple[str, int]:
    chapter, versions = _load(chapter_id)
    try:
        old, new = pick_versions(versions, request.args.get("from") or None,
                                 request.args.get("to") or None)
    except ValueError as exc:
        return render_template("message.html", title="Cannot compare", message=str(exc)), 400
    if old.id > new.id:
        old, new = new, old
    return render_template("compare.html", chapter=chapter, versions=versions[::-1], old=old,
                           new=new, view=diff_view(old.text, new.text, chapter.title))


@blueprint.get("/chapters/<int:chapter_id>/text")
def text_on(chapter_id: int) -> str | tuple[str, int]:
    chapter, versions = _load(chapter_id)
    on = request.args.get("on", "").strip()
    wanted = request.args.get("version", "")
    try:
        if wanted.isdigit():
            version = next(v for v in versions if v.id == int(wanted))
        elif on:
            version = version_on(versions, on)
        else:
            version = versions[-1]
    except (ValueError, StopIteration, IndexError) as exc:
        message = str(exc) or "There is no such version of this chapter."
        return render_template("message.html", title="No text for that date",
                               message=message), 404
    return render_template("text.html", chapter=chapter, version=version, on=on,
                           lines=version.text.split("\n"), latest=version.id == versions[-1].id)
