"""Identity between runs: grouping contents rows, recognising moved chapters, change kinds."""

from __future__ import annotations

import pytest

from crawler.models import ChapterRef
from manualwatch.cycle.identity import (
    Listed,
    could_be,
    decide_kind,
    group_listing,
    match_vanished,
    similar,
)
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
    assert listing["u/other"] == Listed(url="u/other", number="2.1", numbers=("2.1",),
                                        title="Other", section="1. All", flag=None, date=None,
                                        offsite=False)


def test_a_listing_takes_its_title_and_section_from_the_first_row_and_any_offsite() -> None:
    rows = [ChapterRef("4.1", "Leaving Care", "u/lc", section="4. Care"),
            ChapterRef("9.2", "Care Leavers", "u/lc", section="9. Index", offsite=True,
                       date="2026-10-01"),
            ChapterRef("9.3", "Leavers", "u/lc", date="2026-11-02")]
    assert group_listing(rows) == {"u/lc": Listed(
        url="u/lc", number="4.1", numbers=("4.1", "9.2", "9.3"), title="Leaving Care",
        section="4. Care", flag=None, date="2026-11-02", offsite=True)}


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


@pytest.mark.parametrize(
    ("a", "b", "threshold", "expected"),
    [("a b c", "a b d", 0.5, True), ("a b c", "a x y z", 0.5, False),
     ("a b c d", "a b c e f", 0.5, True), ("", "a b", 0.0, False), ("a b", "", 0.0, False),
     ("", "", 0.0, False), ("A B", "a b", 1.0, True)],
    ids=["half-shared", "one-of-six", "three-of-six", "empty-old", "empty-new", "both-empty",
         "case-folded"],
)
def test_similar_is_the_share_of_distinct_words(a: str, b: str, threshold: float,
                                                expected: bool) -> None:
    assert similar(a, b, threshold) is expected


def test_an_unknown_old_text_never_matches_by_number() -> None:
    gone = state("u/z", "1.3", "Old title", digest="H3")
    assert match_vanished(listed("n", "1.3", "New"), "xxxx", "Q", [gone], lambda s: None) is None


@pytest.mark.parametrize(
    ("gone", "now", "expected"),
    [(state("u/a", "1.1", "Visits"), listed("n", "9.9", "VISITS"), True),
     (state("u/a", "1.1", "Visits"), listed("n", "2.1", "Other", numbers=("2.1", "1.1")), True),
     (state("u/a", "1.1", "Visits"), listed("n", "2.1", "Other"), False),
     (ChapterState(id=1, manual="m", url="u/a", number=None, numbers=(), title="Visits",
                   section="", listed=True), listed("n", "2.1", "Other"), False)],
    ids=["same-title", "same-number-among-several", "neither", "no-number"],
)
def test_could_be_by_title_or_number(gone: ChapterState, now: Listed, expected: bool) -> None:
    assert could_be(now, gone) is expected


def test_a_listing_takes_the_latest_date_of_its_rows() -> None:
    rows = [ChapterRef("1.1", "A", "u/a", "1. All", date="2026-01-05"),
            ChapterRef("4.2", "A", "u/a", "4. More", date="2026-03-01"),
            ChapterRef("4.3", "A", "u/a", "4. More"), ChapterRef("1.2", "B", "u/b", "1. All")]
    listing = group_listing(rows)
    assert (listing["u/a"].date, listing["u/b"].date) == ("2026-03-01", None)
