"""Rendered chapter pages read, in both layouts, as SAMPLE.md's normalised text."""

from __future__ import annotations

import lxml.html
import pytest

from manualwatch.samplesite import LAYOUTS, load_edition, load_truth, page_path
from manualwatch.samplesite.chapter_source import normalised_text, parse_chapter
from manualwatch.samplesite.site_files import layout_files

CONTAINER = {"classic": '//div[@id="content"]', "current": '//article[@class="chapter"]'}
HEADINGS = {f"h{level}": level for level in range(2, 7)}


def page_text(html: bytes, layout: str) -> str:
    """An independent reading of the page: blocks of the content container, h1 left out."""
    root = lxml.html.fromstring(html)
    (container,) = root.xpath(CONTAINER[layout])
    lines = []
    for element in container.iter("h2", "h3", "h4", "h5", "h6", "p", "li", "tr"):
        if element.tag == "tr":
            text = " | ".join(cell.text_content() for cell in element.iter("th", "td"))
        else:
            text = element.text_content()
        text = " ".join(text.split())
        if element.tag in HEADINGS:
            text = "#" * HEADINGS[element.tag] + " " + text
        elif element.tag == "li":
            text = "- " + text
        lines.append(" ".join(text.split()))
    return "\n".join(lines)


def served_bytes(layout: str, edition: int, slug: str) -> bytes:
    return layout_files(layout).editions[edition][page_path(layout, slug)].path.read_bytes()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("number", [1, 2, 3])
def test_every_chapter_page_reads_as_its_source(layout: str, number: int) -> None:
    edition = load_edition(number)
    for slug, source in edition.sources.items():
        if slug in edition.gone_pages:  # taken off the server (404), still listed
            continue
        expected = normalised_text(parse_chapter(source, slug))
        assert page_text(served_bytes(layout, number, slug), layout) == expected, slug


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("edition", [2, 3])
def test_markup_only_edits_keep_the_text_and_change_the_bytes(layout: str, edition: int) -> None:
    old, new = load_edition(edition - 1).markup, load_edition(edition).markup
    slugs = [slug for slug in new if new[slug] != old.get(slug)]
    noted = {c["slug"] for c in load_truth(edition)["no_change"]}
    assert slugs and set(slugs) <= noted
    for slug in slugs:
        before, after = served_bytes(layout, edition - 1, slug), served_bytes(layout, edition, slug)
        assert before != after
        assert page_text(before, layout) == page_text(after, layout)


def test_classic_labels_are_upper_case_by_css_only() -> None:
    page = served_bytes("classic", 1, "assessments").decode()
    assert ">Scope of this chapter<" in page and "text-transform: uppercase" in page
