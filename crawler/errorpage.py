"""Recognising a page that is not the chapter: a maintenance notice, an error or a login page
served with status 200. Such a page is a failed fetch, never a new version of the chapter."""

from __future__ import annotations

import re

OUTAGE_WORDS = re.compile(  # telling anywhere near the top of a short page
    r"\b(?:under maintenance|maintenance (?:mode|work|window)|down for maintenance"
    r"|temporarily unavailable|service unavailable|currently unavailable"
    r"|site is (?:currently )?(?:down|offline|unavailable)|bad gateway|gateway time-?out"
    r"|internal server error)\b", re.I)
TITLE_WORDS = re.compile(  # telling only as the page's title or heading
    r"\b(?:page not found|page cannot be found|not found|access denied|forbidden|error"
    r"|sign in|log ?in|session (?:has )?expired)\b", re.I)
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
PASSWORD_FIELD = re.compile(r"<input[^>]+type\s*=\s*[\"']?password", re.I)
SHORT_PAGE_WORDS = 150  # a real chapter is longer than an error notice


def error_page_reason(html: str, heading: str | None, text: str) -> str | None:
    """Why this 200 page looks like an error/maintenance/login page, or None."""
    if PASSWORD_FIELD.search(html):
        return "looks like a login page"
    if len(text.split()) >= SHORT_PAGE_WORDS:
        return None
    match = TITLE.search(html)
    titles = [t for t in (heading, match.group(1) if match else None) if t]
    for label, words in [(t, TITLE_WORDS) for t in titles] + [
            (t, OUTAGE_WORDS) for t in [*titles, text[:300]]]:
        if words.search(label):
            return f"looks like an error or maintenance page ({' '.join(label.split())[:80]!r})"
    return None
