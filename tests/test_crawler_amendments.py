"""The manual's own Amendments page of either tri.x generation reads into the publisher's
entries, and the entries an update added are told from those already there."""

from __future__ import annotations

import pytest

from crawler.amendments import (
    ListedAmendment,
    appeared,
    is_amendments_page,
    parse_amendments_html,
    parse_amendments_text,
)
from manualwatch.samplesite import amendments_list, load_edition
from manualwatch.samplesite.build import Builder


def page_entries(edition: int, layout: str) -> tuple[ListedAmendment, ...]:
    html = Builder(load_edition(edition), layout).amendments_page()
    return parse_amendments_html(html, "http://127.0.0.1/amendments")


def listed(edition: int) -> list[tuple[str, str, str]]:
    """(month, kind, title) of every entry the edition's AMENDMENTS.md lists so far."""
    entries = [e for n in range(1, edition + 1) for e in amendments_list(n)]
    return sorted((f"{e.month:%Y-%m}", e.kind, e.title) for e in entries)


@pytest.mark.parametrize("layout", ["classic", "current"])
@pytest.mark.parametrize("edition", [1, 2, 3])
def test_every_listed_entry_is_read(layout: str, edition: int) -> None:
    found = page_entries(edition, layout)
    assert sorted((e.month, e.kind, e.title) for e in found) == listed(edition)


@pytest.mark.parametrize("layout", ["classic", "current"])
def test_the_entries_an_edition_added_are_its_own(layout: str) -> None:
    new = appeared(page_entries(1, layout), page_entries(2, layout))
    assert sorted((e.month, e.title) for e in new) == sorted(
        (f"{e.month:%Y-%m}", e.title) for e in amendments_list(2))
    assert appeared(page_entries(3, layout), page_entries(3, layout)) == ()


def test_current_generation_kinds_come_from_the_wording() -> None:
    text = "\n".join([
        "## 2026", "### September 2026",
        "Fostering Panel | In September 2026, a new Section 6, Panel Minutes, was added.",
        "Staying Put | This chapter was added to the procedures manual in September 2026.",
        "Old Thing | This chapter was removed from the manual in September 2026.",
        " | This chapter was refreshed in September 2026.",
        "## 2025", "### May 2025", "Missing | This is a new chapter for May 2025.",
    ])
    got = [(e.month, e.kind, e.title) for e in parse_amendments_text(text)]
    assert got == [("2026-09", "updated", "Fostering Panel"), ("2026-09", "new", "Staying Put"),
                   ("2026-09", "removed", "Old Thing"), ("2026-09", "updated", ""),
                   ("2025-05", "new", "Missing")]


def test_classic_tables_captions_and_removed_bullets() -> None:
    text = "\n".join([
        "## October 2024", "October 2024", "### New Chapters and Features",
        "Chapter Title | Details", "Short Breaks | This chapter has been added to the manual.",
        "### Removed Chapters", "- Placement Stability Meetings", "Next update: March 2025",
    ])
    got = [(e.month, e.kind, e.title, e.details) for e in parse_amendments_text(text)]
    assert got == [("2024-10", "new", "Short Breaks", "This chapter has been added to the manual."),
                   ("2024-10", "removed", "Placement Stability Meetings", "")]


def test_an_entry_listed_twice_appears_once_more() -> None:
    entry = ListedAmendment("2026-06", "updated", "A", "x")
    assert appeared((entry,), (entry, entry)) == (entry,)


@pytest.mark.parametrize(("url", "title", "expected"), [
    ("https://x.trixonline.co.uk/amendments", "Amendments", True),
    ("https://www.proceduresonline.com/norfolk_cs/chapters/amendments.html", "Amendments", True),
    ("https://x.trixonline.co.uk/chapter/fostering-panel", "Fostering Panel", False),
], ids=["current", "classic", "chapter"])
def test_the_amendments_page_is_recognised(url: str, title: str, expected: bool) -> None:
    assert is_amendments_page(url, title) is expected
