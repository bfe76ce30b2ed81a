"""Digest lines saying that a change of a chapter the subscriber follows has now reached
another manual: the chapter, the edit quoted, the manual that took it up, and the day."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from notifier.london import london_day, long_date
from notifier.models import Reached
from notifier.templating import render, safe_href

QUOTE_WORDS = 25  # words of an edit quoted before it is cut with an ellipsis


@dataclass(frozen=True)
class ReachedLine:
    """One Reached record as the digest templates show it (all plain text; HTML escapes)."""

    chapter: str  # '1.3.3 Section 47 Enquiries'
    sentence: str  # 'the change adding “...” has now reached Eastborough manual (1.3.4) on ...'
    first: str  # 'First seen here on 16 November 2026.'
    compare_url: str | None


def quoted(text: str, limit: int = QUOTE_WORDS) -> str:
    """“text”, its whitespace collapsed and cut after `limit` words with an ellipsis."""
    words = text.split()
    return "“" + " ".join(words[:limit]) + (" …" if len(words) > limit else "") + "”"


def change_phrase(item: Reached) -> str:
    """'adding “...”', 'removing “...”' or 'putting “...” in place of “...”'."""
    if item.inserted and item.deleted:
        return f"putting {quoted(item.inserted)} in place of {quoted(item.deleted)}"
    if item.inserted:
        return f"adding {quoted(item.inserted)}"
    return f"removing {quoted(item.deleted)}"


def _day(seen_at: str) -> str:
    return long_date(london_day(seen_at))


def _history(item: Reached) -> str:
    """Where the change stands in the subscriber's own manual."""
    if item.first_manual is None:
        return f"First seen here on {_day(item.first_seen_at)}."
    first = f"first seen as a change in {' '.join(item.first_manual.split())} on " \
            f"{_day(item.first_seen_at)}"
    if item.had_before:
        return f"This manual had it already; {first}."
    if item.taken_up_at:
        return f"Taken up here on {_day(item.taken_up_at)}; {first}."
    return first[:1].upper() + first[1:] + "."


def reached_line(item: Reached) -> ReachedLine:
    chapter = " ".join(f"{item.number or ''} {item.title}".split()) or "(untitled)"
    where = " ".join(item.manual.split())
    there = f" ({item.number_there})" if item.number_there else ""
    return ReachedLine(
        chapter=chapter,
        sentence=f"the change {change_phrase(item)} has now reached {where}{there} on "
                 f"{_day(item.seen_at)}.",
        first=_history(item),
        compare_url=safe_href(item.compare_url))


def reached_phrase(items: list[Reached]) -> str:
    """'a change has now reached Eastborough manual', '3 changes have now reached other
    manuals' ('' for none)."""
    if not items:
        return ""
    manuals = {" ".join(i.manual.split()) for i in items}
    where = manuals.pop() if len(manuals) == 1 else "other manuals"
    if len(items) == 1:
        return f"a change has now reached {where}"
    return f"{len(items)} changes have now reached {where}"


def rendered(items: list[Reached]) -> tuple[list[str], list[Markup]]:
    """Each record's text and HTML fragments, in the order given."""
    lines = [reached_line(i) for i in items]
    return ([render("digest_reached.txt", line=line) for line in lines],
            [Markup(render("digest_reached.html", line=line)) for line in lines])
