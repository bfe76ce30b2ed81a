"""Which changes a subscriber follows."""

from __future__ import annotations

import pytest

from manualwatch.following import followed_changes, follows
from store.models import Change, Follow, PreviousRef

CHANGE = Change(kind="updated", chapter_id=7, number="5.1.3", title="T", url="http://m/t",
                numbers=("5.1.3", "6.2"), previous=PreviousRef("5.1.2", "T", "http://m/old"))


@pytest.mark.parametrize(
    ("follow", "expected"),
    [
        (Follow("all"), True),
        (Follow("chapter", "5.1.3", 7), True),
        (Follow("chapter", "5.1.3", 8), False),
        (Follow("chapter", "http://m/old"), True),
        (Follow("chapter", "6.2"), True),
        (Follow("section", "5"), True),
        (Follow("section", "5.1"), True),
        (Follow("section", "6"), True),
        (Follow("section", "5.2"), False),
        (Follow("section", "1"), False),
    ],
    ids=["all", "chapter-id", "other-chapter-id", "chapter-old-url", "chapter-other-number",
         "section", "group", "section-of-second-listing", "other-group", "other-section"],
)
def test_follows(follow: Follow, expected: bool) -> None:
    assert follows(follow, CHANGE) is expected


def test_followed_changes_keeps_order_and_drops_others() -> None:
    other = Change(kind="new", chapter_id=9, number="1.1", title="U", url="http://m/u",
                   numbers=("1.1",))
    assert followed_changes([Follow("section", "1")], [CHANGE, other]) == [other]
