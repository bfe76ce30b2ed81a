"""The review app across the sample councils: a chapter's "In other manuals" with compare links,
each change's adoption elsewhere, and the Adoption page (matrix by manual, filters, lags)."""

from __future__ import annotations

import lxml.html
import pytest

from manualwatch.web import create_app
from tests.councilwalk import CouncilWalk
from tests.webapp import reachable_pages

NATIONAL = "From January 2027 the strategy discussion must also include"


@pytest.fixture
def client(councils: CouncilWalk):
    return create_app(councils.config).test_client()


def chapter_id(walk: CouncilWalk, manual: str, number: str) -> int:
    return walk.db.execute("SELECT id FROM chapters WHERE manual=? AND number=?",
                           [manual, number]).fetchone()[0]


def page(client, path: str) -> lxml.html.HtmlElement:
    answer = client.get(path)
    assert answer.status_code == 200, path
    return lxml.html.fromstring(answer.get_data(as_text=True))


def test_chapter_page_lists_counterparts_with_compare_links(councils: CouncilWalk,
                                                            client) -> None:
    tree = page(client, f"/chapters/{chapter_id(councils, 'northshire', '1.3.3')}")
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("td")]
            for tr in tree.xpath("//table[@class='in-other-manuals']/tbody/tr")]
    assert rows == [["eastborough", "1.3.4 Section 47 Enquiries", "97%", "compare"]]
    link = tree.xpath("//table[@class='in-other-manuals']//a[text()='compare']/@href")[0]
    compared = page(client, link + "?on=2026-11-20")
    assert NATIONAL in compared.xpath("string(//section[@id='inline']//del)")
    front_door = page(client, f"/chapters/{chapter_id(councils, 'eastborough', '1.3.2')}")
    assert front_door.xpath("//table[@class='in-other-manuals']") == []


def test_compare_with_a_manual_lacking_the_chapter_says_so(councils: CouncilWalk,
                                                           client) -> None:
    answer = client.get(f"/chapters/{chapter_id(councils, 'northshire', '1.3.3')}/in/westvale")
    assert answer.status_code == 404
    assert "has no counterpart in westvale" in answer.get_data(as_text=True)


def test_change_page_shows_who_took_up_the_edit(councils: CouncilWalk, client) -> None:
    run = councils.runs[("eastborough", 3)]
    change = next(c for c in run.changes if c.number == "1.3.4")
    tree = page(client, f"/changes/{change.id}")
    items = [" ".join(li.text_content().split())
             for li in tree.xpath("//section[@id='other-manuals']//li")]
    assert items == ["northshire 1.3.3: adopted on 2026-11-16",
                     "eastborough 1.3.4: adopted on 2026-11-30", "westvale: no counterpart"]


def test_adoption_page_matrix_filters_and_lags(client) -> None:
    tree = page(client, "/adoption")
    assert tree.xpath("//table[@class='adoption-matrix']/thead//th/text()") == [
        "First seen", "Edit", "northshire", "eastborough", "westvale"]
    cells = [[td.get("class") for td in tr.xpath("td")[2:]]
             for tr in tree.xpath("//table[@class='adoption-matrix']/tbody/tr")]
    assert cells == [
        ["adoption-adopted", "adoption-adopted", "adoption-no_counterpart"],
        ["adoption-adopted", "adoption-not_adopted", "adoption-adopted"],
        ["adoption-not_adopted", "adoption-adopted", "adoption-had_before"],
        ["adoption-not_adopted", "adoption-not_adopted", "adoption-adopted"]]
    lags = [" ".join(li.text_content().split()) for li in tree.xpath("//ul[@class='lags']/li")]
    assert lags == [
        "northshire: took up 0 of 1 shared edits",
        "eastborough: took up 1 of 2 shared edits, median 14 days after the first manual",
        "westvale: took up 2 of 2 shared edits, median 0 days after the first manual"]
    late = page(client, "/adoption?since=2026-11-20&until=2026-11-30")
    assert len(late.xpath("//table[@class='adoption-matrix']/tbody/tr")) == 2
    early = page(client, "/adoption?until=2026-11-16")
    assert len(early.xpath("//table[@class='adoption-matrix']/tbody/tr")) == 2
    first = page(client, "/adoption?section=1.+All+Children")
    assert len(first.xpath("//table[@class='adoption-matrix']/tbody/tr")) == 4
    other = page(client, "/adoption?section=2.+Case+Management+and+Recording")
    assert other.xpath("//table[@class='adoption-matrix']") == []


def test_the_adoption_page_is_reachable_from_the_dashboard(client) -> None:
    assert "/adoption" in reachable_pages(client)
