"""Which changes a subscriber follows."""

from __future__ import annotations

import pytest

from manualwatch.cycle.following import followed_changes, follows
from store.models import Change, Follow, PreviousRef

CHANGE = Change(kind="updated", chapter_id=7, number="5.1.3", title="T", url="http://m/t",
                numbers=("5.1.3", "6.2"), previous=PreviousRef("5.1.2", "Old T", "http://m/old"),
                section="5. Looked After Children")
HEADINGS = ("5. Looked After Children", "5.1 Decision to Look After and Care Planning")


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
        (Follow("chapter", "5.1.*"), True),
        (Follow("chapter", "5.1.?"), True),
        (Follow("chapter", "6.*"), True),
        (Follow("chapter", "5.2.*"), False),
        (Follow("chapter", "old t"), True),
        (Follow("chapter", "t"), True),
        (Follow("chapter", "Other"), False),
        (Follow("section", "Looked After Children"), True),
        (Follow("section", "5. looked after  children"), True),
        (Follow("section", "Decision to Look After and Care Planning"), True),
        (Follow("section", "Fostering"), False),
    ],
    ids=["all", "chapter-id", "other-chapter-id", "chapter-old-url", "chapter-other-number",
         "section", "group", "section-of-second-listing", "other-group", "other-section",
         "glob", "glob-one-char", "glob-second-listing", "glob-other", "old-title",
         "title-any-case", "other-title", "section-title", "section-title-loosely",
         "group-title", "other-section-title"],
)
def test_follows(follow: Follow, expected: bool) -> None:
    assert follows(follow, CHANGE, HEADINGS) is expected


def test_a_bound_chapter_follow_ignores_numbers_and_titles() -> None:
    """Bound to chapter 7: the new chapter now numbered 5.1.2 is not it."""
    usurper = Change(kind="new", chapter_id=8, number="5.1.2", title="Old T", url="http://m/u")
    assert not follows(Follow("chapter", "5.1.2", 7), usurper)
    assert follows(Follow("chapter", "5.1.2", 7), CHANGE)


def test_followed_changes_keeps_order_and_drops_others() -> None:
    other = Change(kind="new", chapter_id=9, number="1.1", title="U", url="http://m/u",
                   numbers=("1.1",))
    assert followed_changes([Follow("section", "1")], [CHANGE, other]) == [other]
