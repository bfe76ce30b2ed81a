"""Identity between runs: grouping contents rows, recognising moved chapters, change kinds."""

from __future__ import annotations

import pytest

from crawler.models import ChapterRef
from manualwatch.cycle.identity import Listed, decide_kind, group_listing, match_vanished
from store.models import ChapterState


def ref(number: str, title: str, url: str, flag: str | None = None) -> ChapterRef:
    return ChapterRef(number=number, title=title, url=url, section="1. All", flag=flag)


def state(url: str, number: str, title: str, digest: str = "h", numbers=None) -> ChapterState:
    return ChapterState(id=1, manual="m", url=url, number=number,
                        numbers=tuple(numbers or (number,)), title=title, section="1. All",
                        listed=True, latest_version_id=1, latest_hash=digest)


def listed(url: str, number: str, title: str, numbers=None) -> Listed:
    return Listed(url=url, number=number, numbers=tuple(numbers or (number,)), title=title,
                  section="1. All", flag=None, date=None, offsite=False)


def test_one_chapter_under_several_numbers_is_one_listing() -> None:
    rows = [ref("1.3.5", "Visits", "u/visits"), ref("2.1", "Other", "u/other"),
            ref("3.5", "Visits", "u/visits", flag="Updated"), ChapterRef(None, "See", "u/x")]
    listing = group_listing(rows)
    assert list(listing) == ["u/visits", "u/other"]
    assert listing["u/visits"].number == "1.3.5"
    assert listing["u/visits"].numbers == ("1.3.5", "3.5")
    assert listing["u/visits"].flag == "Updated"


@pytest.mark.parametrize(
    ("now", "text_changed", "kind"),
    [
        (listed("u/a", "1.1", "A"), True, "updated"),
        (listed("u/b", "1.2", "B"), True, "updated"),
        (listed("u/b", "1.1", "A"), False, "moved"),
        (listed("u/b", "1.1", "A2"), False, "moved"),
        (listed("u/b", "1.2", "A2"), False, "moved"),
        (listed("u/a", "1.2", "A2"), False, "renamed"),
        (listed("u/a", "1.2", "A"), False, "renumbered"),
        (listed("u/a", "1.1", "A"), False, None),
        (listed("u/a", "1.1", "A", numbers=("1.1", "4.2")), False, "renumbered"),
    ],
    ids=["updated", "updated-wins-over-url-and-title", "moved", "moved-wins-over-title",
         "moved-wins-over-title-and-number", "renamed-with-number",
         "renumbered", "no-change", "extra-listing"],
)
def test_kind_is_the_first_that_applies(now: Listed, text_changed: bool, kind: str) -> None:
    assert decide_kind(state("u/a", "1.1", "A"), now, text_changed) == kind


def test_a_new_url_is_recognised_by_text_then_title_then_number_and_words() -> None:
    old = [state("u/x", "1.1", "Same text", digest="H1"),
           state("u/y", "1.2", "Same title", digest="H2"),
           state("u/z", "1.3", "Same number", digest="H3")]
    texts = {"u/x": "a", "u/y": "b", "u/z": "alpha beta gamma delta"}
    old_text = lambda s: texts[s.url]  # noqa: E731
    assert match_vanished(listed("n", "9", "Other"), "a", "H1", old, old_text).url == "u/x"
    assert match_vanished(listed("n", "9", "same TITLE"), "q", "Q", old, old_text).url == "u/y"
    found = match_vanished(listed("n", "1.3", "Renamed"), "alpha beta gamma epsilon", "Q", old,
                           old_text)
    assert found.url == "u/z"
    assert match_vanished(listed("n", "1.3", "Renamed"), "wholly other words", "Q", old,
                          old_text) is None
