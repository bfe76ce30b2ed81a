"""Jinja filters: times in Europe/London, labels, and search snippets with their hits marked."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup, escape

from notifier.london import london_day, long_time
from store.reviews import STATES
from store.search import HIT_END, HIT_START

KIND_LABELS = {"new": "New", "updated": "Updated", "removed": "Removed", "renamed": "Renamed",
               "renumbered": "Renumbered", "moved": "Moved"}
RUN_OK = ("ok", "approved")


def snippet(text: str) -> Markup:
    """Escape a search snippet, then mark its hits with <mark>."""
    safe = str(escape(text.replace("\n", " · ")))
    return Markup(safe.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))


def time_tag(iso: str | None, shown: str) -> Markup:
    """A `<time>` element for a stored UTC time; the stylesheet never breaks a day or a clock
    time inside, only between "Monday 7 September 2026" and "at 03:00 BST"."""
    if not iso:
        return Markup("")
    day, at, clock = shown.partition(" at ")
    if not at:
        return Markup('<time datetime="{}">{}</time>').format(iso, shown)
    return Markup('<time datetime="{}"><span>{}</span> at <span>{}</span></time>').format(
        iso, day, clock)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        when=lambda iso: time_tag(iso, long_time(iso)) if iso else "",
        day=lambda iso: time_tag(iso, london_day(iso)) if iso else "",
        kind=lambda kind: KIND_LABELS.get(kind, kind),
        state=lambda state: STATES.get(state, state),
        snippet=snippet,
    )
    app.jinja_env.globals["RUN_OK"] = RUN_OK
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
