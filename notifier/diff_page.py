"""One chapter's diff as a complete, self-contained HTML page: title, the versions compared,
the plain-English summary, then the diff (every piece of page text escaped)."""

from __future__ import annotations

from markupsafe import Markup

from notifier.london import long_time
from notifier.templating import render
from store.models import Version


def render_diff_page(heading: str, url: str, old: Version, new: Version, summary: str,
                     body_html: str) -> str:
    """The page; `body_html` is the differ's rendering (already escaped) and the links list."""
    return render("diff_page.html", heading=heading, url=url, old=old, new=new,
                  old_seen=long_time(old.seen_at), new_seen=long_time(new.seen_at),
                  summary=summary, body=Markup(body_html))
