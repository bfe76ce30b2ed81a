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


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        when=lambda iso: long_time(iso) if iso else "",
        day=lambda iso: london_day(iso) if iso else "",
        kind=lambda kind: KIND_LABELS.get(kind, kind),
        state=lambda state: STATES.get(state, state),
        snippet=snippet,
    )
    app.jinja_env.globals["RUN_OK"] = RUN_OK
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
