"""Who is who between runs: grouping contents rows into chapters and deciding change kinds.

A chapter is its page. One listed under several numbers is one chapter whose number is its
first listing in contents order. A chapter found at a new URL is recognised as one that
vanished from the contents when its text is identical, its title is the same, or its number is
the same and most of its words are shared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from crawler.models import ChapterRef
from store.models import ChapterState


@dataclass(frozen=True)
class Listed:
    """A chapter as this run's contents page lists it."""

    url: str
    number: str | None
    numbers: tuple[str, ...]
    title: str
    section: str
    flag: str | None
    date: str | None
    offsite: bool


def group_listing(refs: Iterable[ChapterRef]) -> dict[str, Listed]:
    """Contents rows grouped by URL, in contents order of first appearance."""
    grouped: dict[str, list[ChapterRef]] = {}
    for ref in refs:
        if ref.number is not None:
            grouped.setdefault(ref.url, []).append(ref)
    listing = {}
    for url, rows in grouped.items():
        first = rows[0]
        numbers = tuple(dict.fromkeys(r.number for r in rows if r.number))
        flag = next((r.flag for r in rows if r.flag), None)
        date = max((r.date for r in rows if r.date), default=None)
        listing[url] = Listed(url=url, number=first.number, numbers=numbers, title=first.title,
                              section=first.section, flag=flag, date=date,
                              offsite=any(r.offsite for r in rows))
    return listing


def decide_kind(prev: ChapterState, now: Listed, text_changed: bool) -> str | None:
    """The kind of change for a known chapter, first that applies, or None."""
    if text_changed:
        return "updated"
    if prev.url != now.url:
        return "moved"
    if prev.title != now.title:
        return "renamed"
    if tuple(prev.numbers) != now.numbers:
        return "renumbered"
    return None


def _words(text: str) -> set[str]:
    return set(text.casefold().split())


def similar(a: str, b: str, threshold: float = 0.5) -> bool:
    """True when the two texts share at least `threshold` of their distinct words."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= threshold


def match_vanished(now: Listed, text: str, text_hash: str,
                   vanished: Iterable[ChapterState],
                   old_text: Callable[[ChapterState], str | None]) -> ChapterState | None:
    """The vanished chapter this newly seen URL continues, if any."""
    candidates = list(vanished)
    for rule in (
        lambda s: s.latest_hash == text_hash,
        lambda s: s.title.casefold() == now.title.casefold(),
        lambda s: s.number is not None and s.number == now.number
        and similar(old_text(s) or "", text),
    ):
        found = [s for s in candidates if rule(s)]
        if found:
            return found[0]
    return None


def could_be(now: Listed, state: ChapterState) -> bool:
    """Whether an unfetched new URL might be the vanished chapter `state` (same title/number)."""
    return state.title.casefold() == now.title.casefold() or (
        state.number is not None and state.number in now.numbers)
