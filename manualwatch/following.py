"""Which changes a subscriber follows: a whole manual, chapters, or contents sections."""

from __future__ import annotations

from collections.abc import Iterable

from store.models import Change, Follow


def _numbers(change: Change) -> tuple[str, ...]:
    numbers = tuple(change.numbers) or ((change.number,) if change.number else ())
    if change.previous and change.previous.number:
        numbers += (change.previous.number,)
    return numbers


def follows(follow: Follow, change: Change) -> bool:
    if follow.kind == "all":
        return True
    if follow.kind == "chapter":
        if follow.chapter_id is not None:
            return follow.chapter_id == change.chapter_id
        urls = {change.url} | ({change.previous.url} if change.previous else set())
        return follow.selector in urls or follow.selector in _numbers(change)
    if follow.kind == "section":
        prefix = follow.selector.rstrip(".")
        return any(n == prefix or n.startswith(prefix + ".") for n in _numbers(change))
    return False


def followed_changes(follows_: Iterable[Follow], changes: Iterable[Change]) -> list[Change]:
    """The changes any of the follows covers, in their given order."""
    rules = tuple(follows_)
    return [c for c in changes if any(follows(f, c) for f in rules)]
