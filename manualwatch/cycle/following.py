"""Which changes a subscriber follows: a whole manual, chapters, or contents sections.

A chapter subscription names its chapter once (number, URL or title) and is then bound to
the chapter's identity, so it follows the chapter through renames, renumbering and moves. A
glob (`5.1.*`) matches chapter numbers, before or after the change. A section subscription
is a contents number prefix (`5`, `5.1`) or a section or group title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase

import sqlite_utils

from store.chapters import find_chapter
from store.models import Change, DocumentChange, Follow
from store.subscribers import bind_follow, unbound_follows

SECTION_NUMBER = re.compile(r"^\d+(\.\d+)*\.?$")
_GLOB = re.compile(r"[*?\[]")
_LEADING_NUMBER = re.compile(r"^\d+(\.\d+)*\.?\s+")


def is_glob(selector: str) -> bool:
    return bool(_GLOB.search(selector))


def bare_heading(text: str) -> str:
    """'5. Looked After Children' and 'looked after  children' both -> 'looked after children'."""
    return _LEADING_NUMBER.sub("", " ".join(text.split())).casefold()


def _numbers(change: Change) -> tuple[str, ...]:
    numbers = tuple(change.numbers) or ((change.number,) if change.number else ())
    if change.previous and change.previous.number:
        numbers += (change.previous.number,)
    return numbers


def _names_chapter(selector: str, change: Change) -> bool:
    if is_glob(selector):
        return any(fnmatchcase(n, selector) for n in _numbers(change))
    prev = change.previous
    urls = {change.url} | ({prev.url} if prev else set())
    titles = {change.title.casefold()} | ({prev.title.casefold()} if prev else set())
    return selector in urls or selector in _numbers(change) or selector.casefold() in titles


def _in_section(selector: str, change: Change, headings: tuple[str, ...]) -> bool:
    if SECTION_NUMBER.match(selector):
        prefix = selector.rstrip(".")
        return any(n == prefix or n.startswith(prefix + ".") for n in _numbers(change))
    wanted = bare_heading(selector)
    return any(bare_heading(h) == wanted for h in headings or (change.section,))


def follows(follow: Follow, change: Change, headings: tuple[str, ...] = ()) -> bool:
    """Does `follow` cover `change`? `headings`: the contents headings the chapter sits under."""
    if follow.kind == "all":
        return True
    if follow.kind == "chapter":
        if follow.chapter_id is not None:
            return follow.chapter_id == change.chapter_id
        return _names_chapter(follow.selector, change)
    if follow.kind == "section":
        return _in_section(follow.selector, change, headings)
    return False


def followed_changes(follows_: Iterable[Follow], changes: Iterable[Change],
                     headings: Mapping[int, tuple[str, ...]] | None = None) -> list[Change]:
    """The changes any of the follows covers, in their given order."""
    rules = tuple(follows_)
    where = headings or {}
    return [c for c in changes
            if any(follows(f, c, where.get(c.chapter_id, ())) for f in rules)]


def followed_documents(follows_: Iterable[Follow], documents: Iterable[DocumentChange],
                       linking: Mapping[str, Change],
                       headings: Mapping[int, tuple[str, ...]] | None = None
                       ) -> list[DocumentChange]:
    """The document records whose linking chapters (`linking`: contents number -> that
    chapter as a record to match follows against) any of the follows covers."""
    rules = tuple(follows_)
    where = headings or {}
    return [d for d in documents
            if any(follows(f, c, where.get(c.chapter_id, ()))
                   for f in rules for c in (linking[n] for n in d.linked_from if n in linking))]


def bind_follows(db: sqlite_utils.Database, manual: str) -> int:
    """Bind chapter subscriptions made before their chapter was known; returns how many."""
    bound = 0
    for subscriber_id, selector in unbound_follows(db, manual):
        if is_glob(selector):
            continue
        state = find_chapter(db, manual, selector)
        if state is not None:
            bind_follow(db, subscriber_id, selector, state.id)
            bound += 1
    return bound
