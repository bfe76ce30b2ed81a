"""The HTML digest in real headless Chromium: no sideways scrolling on a phone (375 px) or a
desktop (1024 px), readable in dark mode; screenshots are kept in the test's tmp dir."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from differ import diff_chapter
from notifier.digest import build_digest
from notifier.models import Reached
from store.models import Change, PreviousRef, Run
from tests.browser import chromium, watch_console

RUN = Run(id=9, manual="norfolk-cs", status="ok", baseline=False,
          started_at="2026-11-22T02:00:00Z", finished_at=None)
LONG_URL = "https://norfolkcs.trixonline.co.uk/chapter/" + "a-very-long-chapter-slug-" * 8
OLD = ("## 3. Key Principles\nThe social worker must visit the child within 10 working days "
       "and record the visit. " + "Supercalifragilisticexpialidocious" * 4 + " ends here.\n"
       "## 4. Recording\n" + " ".join(f"word{i}" for i in range(120)))
NEW = OLD.replace("10 working days", "5 working days").replace("word60", "changed60")
REACHED = Reached(number="1.3.3", title="Section 47 Enquiries " * 4,
                  inserted="From January 2027 " + "Supercalifragilisticexpialidocious" * 4,
                  deleted="the old words", manual="Suffolk Children and Young People's manual",
                  number_there="1.3.4", seen_at="2026-11-22T02:00:00Z", first_manual=None,
                  first_seen_at="2026-11-16T02:00:00Z", compare_url=LONG_URL)


def html() -> str:
    updated = Change(kind="updated", chapter_id=1, number="1.3.5",
                     title="Visits to Looked After Children and Care Leavers " * 2, url=LONG_URL,
                     words_added=2, words_removed=2,
                     sections=("3. Key Principles", "4. Recording"),
                     section_paths=(("3. Key Principles",), ("4. Recording",)), id=1, run_id=9,
                     seen_at="2026-11-22T02:01:00Z")
    others = [replace(updated, kind=k, chapter_id=i + 2, id=i + 2, number=f"5.1.{i}",
                      previous=PreviousRef("4.4.1", "Old title", LONG_URL + "-old"))
              for i, k in enumerate(["new", "removed", "renamed", "moved", "renumbered"])]
    digest = build_digest("reader@example.org", "norfolk-cs",
                          "Norfolk Children's Services Procedure Manual", RUN,
                          [updated, *others], "https://mw.example.org",
                          "https://mw.example.org/unsubscribe/" + "t" * 40,
                          diffs={1: diff_chapter(OLD, NEW, "Visits")}, reached=[REACHED])
    return digest.html


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("digest") / "digest.html"
    path.write_text(html(), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [375, 1024])
def test_digest_never_scrolls_sideways(page_file: Path, width: int) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors = watch_console(page)
        page.goto(page_file.as_uri())
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        shot = page_file.parent / f"digest-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        marks = page.evaluate("[document.querySelectorAll('ins').length,"
                              " document.querySelectorAll('del').length]")
    assert scroll <= width, f"{scroll} px wide at {width}"
    assert "Taken up by other manuals" in page_file.read_text("utf-8")
    assert shot.stat().st_size > 5_000
    assert marks[0] >= 2 and marks[1] >= 2
    assert errors == []


def test_dark_mode_turns_the_card_dark_and_keeps_text_light(page_file: Path) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 900}, color_scheme="dark")
        page.goto(page_file.as_uri())
        card = page.evaluate("getComputedStyle(document.querySelector('.mw-card'))"
                             ".backgroundColor")
        text = page.evaluate("getComputedStyle(document.querySelector('.mw-item')).color")
        page.screenshot(path=str(page_file.parent / "digest-375-dark.png"), full_page=True)
    assert card == "rgb(30, 30, 30)" and text == "rgb(243, 242, 241)"
