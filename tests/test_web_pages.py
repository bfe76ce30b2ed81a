"""Every page of the review application, reached by links from the dashboard over a database
filled by real runs of the sample manual's editions; "current as of" on each; the change
page's publisher facts and chapter neighbours; the unsubscribe target of the digests."""

from __future__ import annotations

import re

import lxml.html
import pytest

from manualwatch.samplesite import load_truth
from manualwatch.web import create_app
from manualwatch.web.passwords import hash_password
from store.reviews import add_reviewer
from tests.webapp import Reviewed, reachable_pages, sign_in, walk_with_mail


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Reviewed:
    return walk_with_mail(tmp_path_factory.mktemp("web-pages"))


@pytest.fixture
def client(reviewed):
    return create_app(reviewed.config).test_client()


def test_every_page_is_reachable_from_the_dashboard_without_javascript(client,
                                                                        reviewed) -> None:
    pages = reachable_pages(client)
    kinds = {re.sub(r"\d+", "N", p.split("?")[0]) for p in pages}
    assert {"/", "/changes", "/changes/N", "/chapters/N", "/chapters/N/compare",
            "/chapters/N/text", "/search", "/amendments", "/audit", "/runs/N",
            "/login"} <= kinds
    assert "/reviews.csv" not in kinds  # the trail names people: reviewers only
    add_reviewer(reviewed.db, "pat", hash_password("pat's password"), "2026-01-01T00:00:00Z")
    signed_in = create_app(reviewed.config).test_client()
    sign_in(signed_in, "pat", "pat's password")
    assert "/reviews.csv" in reachable_pages(signed_in)
    for path, html in pages.items():
        if html:
            tree = lxml.html.fromstring(html)
            assert tree.xpath("//script") == [], path
            assert "Current as of" in tree.xpath("string(//section[@class='asof'])"), path
            assert tree.xpath("//link[@rel='stylesheet']/@href") == ["/static/review.css"]


def test_current_as_of_names_the_last_run_and_its_status(client, reviewed) -> None:
    html = client.get("/search").get_data(as_text=True)
    asof = lxml.html.fromstring(html).xpath("string(//section[@class='asof'])")
    assert "Monday 7 September 2026 at 03:00 BST" in asof
    assert f"run {reviewed.runs[3].id}" in " ".join(asof.split())
    assert "partial" in asof  # edition 3 takes 3.4's page off while the contents lists it


def test_change_page_gives_publisher_facts_and_neighbours(client, reviewed) -> None:
    first, second = [c for r in reviewed.runs.values() for c in r.changes if c.number == "7.4"]
    page = lxml.html.fromstring(client.get(f"/changes/{second.id}").get_data(as_text=True))
    facts = dict(zip(page.xpath("//dl[@class='facts']/dt/text()"),
                     [d.text_content() for d in page.xpath("//dl[@class='facts']/dd")],
                     strict=True))
    assert facts["First seen by us"].startswith("Monday 7 September 2026")
    assert page.xpath("//a[@rel='prev']/@href") == [f"/changes/{first.id}"]
    assert page.xpath("//a[@rel='next']/@href") == []
    updated = next(c for c in reviewed.runs[2].changes if c.title == "Section 47 Enquiries")
    page = lxml.html.fromstring(client.get(f"/changes/{updated.id}").get_data(as_text=True))
    facts = dict(zip(page.xpath("//dl[@class='facts']/dt/text()"),
                     [d.text_content() for d in page.xpath("//dl[@class='facts']/dd")],
                     strict=True))
    assert facts["Publisher's marker"] == "Updated"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", facts["Publisher's date"])
    assert "updated" in facts["Amendment note"]


def test_chapter_text_on_a_date_is_the_version_then_in_force(client, reviewed) -> None:
    change = next(c for c in reviewed.runs[2].changes if c.title == "Section 47 Enquiries")
    old = client.get(f"/chapters/{change.chapter_id}/text?on=2026-05-31").get_data(as_text=True)
    new = client.get(f"/chapters/{change.chapter_id}/text?on=2026-06-01").get_data(as_text=True)
    assert f"version {change.from_version_id}," in old and "(since replaced)" in old
    assert f"version {change.to_version_id}," in new and "(the latest)" in new
    assert client.get(f"/chapters/{change.chapter_id}/text?on=2020-01-01").status_code == 404


def test_amendments_and_audit_pages_show_the_publisher_record(client, reviewed) -> None:
    amendments = lxml.html.fromstring(client.get("/amendments").get_data(as_text=True))
    linked = amendments.xpath("//table[@class='amendments']//a/@href")
    listed = [c for r in reviewed.runs.values() for c in r.changes if c.kind != "renumbered"]
    assert sorted(linked) == sorted(f"/changes/{c.id}" for c in listed)
    audit = lxml.html.fromstring(client.get("/audit").get_data(as_text=True))
    findings = audit.xpath("//tr[contains(@class, 'finding')]")
    expected = len(load_truth(2).get("audit", [])) + len(load_truth(3).get("audit", []))
    assert len(findings) == expected > 0


def test_change_list_filter_by_state_and_period(client, reviewed) -> None:
    everything = client.get("/changes?state=awaiting").get_data(as_text=True)
    assert f"{sum(len(r.changes) for r in reviewed.runs.values())} changes" in everything
    june = client.get("/changes?since=2026-06-01&until=2026-06-30").get_data(as_text=True)
    assert f"{len(reviewed.runs[2].changes)} changes" in june
    assert "0 changes" in client.get("/changes?state=no_action").get_data(as_text=True)


def _token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_unsubscribe_confirm_page_and_one_click_post(client, reviewed) -> None:
    token = reviewed.db.execute("SELECT token FROM subscribers").fetchone()[0]
    page = client.get(f"/unsubscribe/{token}").get_data(as_text=True)
    assert "staff@example.org" in page and 'method="post"' in page
    answer = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert reviewed.db.execute("SELECT count(*) FROM subscribers").fetchone()[0] == 0
    assert client.get(f"/unsubscribe/{token}").status_code == 404


def test_unsubscribe_by_the_confirm_form(tmp_path) -> None:
    reviewed = walk_with_mail(tmp_path)
    client = create_app(reviewed.config).test_client()
    token = reviewed.db.execute("SELECT token FROM subscribers").fetchone()[0]
    answer = client.post(f"/unsubscribe/{token}",
                         data={"csrf_token": _token(client, f"/unsubscribe/{token}")})
    assert answer.status_code == 200 and "will get no more digests" in answer.get_data(
        as_text=True)
    assert reviewed.db.execute("SELECT count(*) FROM subscribers").fetchone()[0] == 0
