"""The sample councils: three localised copies of the sample manual, served, with editions in
which national edits arrive at different times (the adoption truth lives beside them)."""

from __future__ import annotations

import lxml.html
import pytest
import requests

from manualwatch.samplesite import (
    COUNCIL_EDITIONS,
    COUNCILS,
    SampleSite,
    load_council_edition,
    load_council_truth,
    load_edition,
)
from manualwatch.samplesite.chapter_source import normalised_text, parse_chapter
from manualwatch.samplesite.contents import DataError
from manualwatch.samplesite.councils import national_edits


def numbers_of(council: str, slug: str, edition: int = 1) -> list[str]:
    contents = load_council_edition(council, edition).contents
    return [row.number for row in contents.listings() if row.slug == slug and row.number]


def text(council: str, slug: str, edition: int) -> str:
    return normalised_text(parse_chapter(load_council_edition(council, edition).sources[slug]))


def test_one_council_renumbers_and_one_lacks_a_group() -> None:
    assert numbers_of("northshire", "section-47-enquiries") == ["1.3.3"]
    assert numbers_of("eastborough", "section-47-enquiries") == ["1.3.4"]
    assert numbers_of("eastborough", "eastborough-front-door") == ["1.3.2"]
    assert numbers_of("eastborough", "assessments") == ["1.3.3"]
    assert numbers_of("westvale", "section-47-enquiries") == []
    assert "section-47-enquiries" not in load_council_edition("westvale", 1).sources
    national = len(list(load_edition(1).contents.listings()))
    assert [len(list(load_council_edition(c, 1).contents.listings())) for c in COUNCILS] == [
        national, national + 1, national - 5]


def test_each_council_has_its_own_local_paragraphs() -> None:
    assert "In Northshire the record" in text("northshire", "section-47-enquiries", 1)
    assert "In Eastborough the Front Door" in text("eastborough", "section-47-enquiries", 1)
    assert "In Westvale, complaints" in text("westvale", "complaints-and-representations", 1)
    assert "In Westvale" not in text("northshire", "complaints-and-representations", 1)


@pytest.mark.parametrize(("council", "edition", "present"), [
    ("northshire", 1, False), ("northshire", 2, True), ("northshire", 3, True),
    ("eastborough", 2, False), ("eastborough", 3, True),
], ids=lambda v: str(v))
def test_the_national_insertion_reaches_councils_at_different_times(
        council: str, edition: int, present: bool) -> None:
    assert ("From January 2027 the strategy discussion" in
            text(council, "section-47-enquiries", edition)) is present


def test_the_shared_deletion_and_the_edit_westvale_had_before() -> None:
    gone = "Carers should still take steps to return the child"
    slug = "children-who-go-missing-from-home-or-care"
    assert [gone in text(c, slug, 2) for c in COUNCILS] == [False, True, False]
    online = "Children can also be exploited online"
    assert [online in text(c, "modern-slavery", 1) for c in COUNCILS] == [False, False, True]
    assert [online in text(c, "modern-slavery", 3) for c in COUNCILS] == [False, True, True]


def test_the_truth_names_every_council_and_every_state() -> None:
    truth = load_council_truth()
    assert truth["manuals"] == list(COUNCILS)
    states = {m["state"] for e in truth["edits"] for m in e["manuals"]}
    assert states == {"adopted", "not_adopted", "had_before", "no_counterpart"}
    assert set(national_edits()) == {"strategy-health", "away-from-placement",
                                     "online-exploitation"}


def test_a_council_site_serves_its_own_contents_and_editions() -> None:
    with SampleSite(council="eastborough", edition=1).start() as site, requests.Session() as http:
        page = lxml.html.fromstring(http.get(site.contents_url, timeout=5).content)
        assert "Eastborough Front Door" in page.text_content()
        chapter = http.get(site.url_for("section-47-enquiries"), timeout=5)
        etag = chapter.headers["ETag"]
        assert "From January 2027" not in chapter.text
        site.set_edition(3)
        later = http.get(site.url_for("section-47-enquiries"), timeout=5)
        assert "From January 2027" in later.text and later.headers["ETag"] != etag
        assert chapter.status_code == later.status_code == 200
    assert COUNCIL_EDITIONS == (1, 2, 3)


def test_an_unknown_council_is_refused() -> None:
    with pytest.raises(DataError, match="council must be one of"):
        SampleSite(council="nowhere")
