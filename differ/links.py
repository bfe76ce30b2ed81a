"""The links diff: links added, removed, re-targeted or relabelled between two versions.

A link is (text, url). Links present in both versions (as many times) are unchanged. Of the
rest, an old and a new link with the same text are one link re-targeted; with the same URL,
one link relabelled; what is left was removed or added. Listed apart from the prose changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from differ.models import LinkChange

Link = tuple[str, str]  # (text, url)


def _squeezed(link: Link) -> Link:
    return " ".join(link[0].split()), link[1].strip()


def _without(links: list[Link], common: Counter[Link]) -> list[Link]:
    """`links` less one occurrence of each link counted in `common`, order kept."""
    taken = Counter(common)
    left = []
    for link in links:
        if taken[link]:
            taken[link] -= 1
        else:
            left.append(link)
    return left


def _unmatched(old: list[Link], new: list[Link]) -> tuple[list[Link], list[Link]]:
    common = Counter(old) & Counter(new)
    return _without(old, common), _without(new, common)


def _pair_by(old: list[Link], new: list[Link], key: Callable[[Link], str], kind: str
             ) -> list[LinkChange]:
    changes = []
    for link in list(new):
        match = next((o for o in old if key(o) == key(link)), None)
        if match is not None:
            old.remove(match)
            new.remove(link)
            changes.append(LinkChange(kind, link[0], link[1], match[0], match[1]))
    return changes


def diff_links(old: Sequence[Link], new: Sequence[Link]) -> tuple[LinkChange, ...]:
    """Every link difference: re-targeted and relabelled first, then removed, then added."""
    left_old, left_new = _unmatched([_squeezed(x) for x in old], [_squeezed(x) for x in new])
    changes = _pair_by(left_old, left_new, lambda link: link[0].casefold(), "retargeted")
    changes += _pair_by(left_old, left_new, lambda link: link[1], "relabelled")
    changes += [LinkChange("removed", text, url) for text, url in left_old]
    changes += [LinkChange("added", text, url) for text, url in left_new]
    return tuple(changes)


def describe_link(change: LinkChange) -> str:
    """One line for people, e.g. "re-targeted: 'Referral form' https://a -> https://b"."""
    if change.kind == "retargeted":
        return f"re-targeted: '{change.text}' {change.old_url} -> {change.url}"
    if change.kind == "relabelled":
        return f"relabelled: '{change.old_text}' -> '{change.text}' ({change.url})"
    return f"{change.kind}: '{change.text}' {change.url}"
