"""The sample manual's HTTP server: every linked page answers, validators and 304s, editions."""

from __future__ import annotations

import email.utils
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import requests

from manualwatch.samplesite import EDITIONS, LAYOUTS, SampleSite, load_edition, load_truth


@pytest.fixture(params=LAYOUTS)
def site(request: pytest.FixtureRequest) -> Iterator[SampleSite]:
    with SampleSite(layout=request.param, edition=1).start() as running:
        yield running


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def on_site_links(site: SampleSite, http: requests.Session) -> set[str]:
    page = http.get(site.contents_url, timeout=5)
    assert page.status_code == 200
    root = lxml.html.fromstring(page.content)
    links = {urljoin(site.contents_url, href).partition("#")[0] for href in root.xpath("//a/@href")}
    host = urlsplit(site.base_url).netloc
    return {link for link in links if urlsplit(link).netloc == host}


@pytest.mark.parametrize("edition", EDITIONS)
def test_contents_and_every_on_site_link_answer_200(
    site: SampleSite, http: requests.Session, edition: int
) -> None:
    site.set_edition(edition)
    links = on_site_links(site, http)
    assert len(links) > 100
    failures = {link: http.get(link, timeout=5).status_code for link in links}
    gone = {site.url_for(slug): 404 for slug in load_edition(edition).gone_pages}
    assert {link: status for link, status in failures.items() if status != 200} == gone


def test_url_for_and_content_type(site: SampleSite, http: requests.Session) -> None:
    for slug in ("values", "assessments", "amendments"):
        response = http.get(site.url_for(slug), timeout=5)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert http.get(site.base_url + "/robots.txt", timeout=5).text == "User-agent: *\nAllow: /\n"


def test_etag_gives_304_on_if_none_match(site: SampleSite, http: requests.Session) -> None:
    url = site.url_for("assessments")
    first = http.get(url, timeout=5)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = http.get(url, headers={"If-None-Match": etag}, timeout=5)
    assert (again.status_code, again.content) == (304, b"")
    other = http.get(url, headers={"If-None-Match": '"something-else"'}, timeout=5)
    assert other.status_code == 200 and other.content == first.content


def test_last_modified_gives_304_on_if_modified_since(
    site: SampleSite, http: requests.Session
) -> None:
    url = site.url_for("assessments")
    stamp = http.get(url, timeout=5).headers["Last-Modified"]
    assert email.utils.parsedate_to_datetime(stamp).date().isoformat() == "2026-03-02"
    assert http.get(url, headers={"If-Modified-Since": stamp}, timeout=5).status_code == 304
    older = "Sun, 01 Mar 2026 06:00:00 GMT"
    assert http.get(url, headers={"If-Modified-Since": older}, timeout=5).status_code == 200


def test_set_edition_keeps_unchanged_files_and_changes_furnished_pages(
    site: SampleSite, http: requests.Session
) -> None:
    robots, chapter = site.base_url + "/robots.txt", site.url_for("assessments")
    before = {url: http.get(url, timeout=5).headers for url in (robots, chapter)}
    site.set_edition(3)
    assert (
        http.get(robots, headers={"If-None-Match": before[robots]["ETag"]}, timeout=5).status_code
        == 304
    )
    assert http.get(robots, timeout=5).headers["Last-Modified"] == before[robots]["Last-Modified"]
    after = http.get(chapter, headers={"If-None-Match": before[chapter]["ETag"]}, timeout=5)
    assert after.status_code == 200 and after.headers["ETag"] != before[chapter]["ETag"]
    assert (
        email.utils.parsedate_to_datetime(after.headers["Last-Modified"]).date().isoformat()
        == "2026-09-07"
    )


def test_moved_and_removed_pages_answer_404(site: SampleSite, http: requests.Session) -> None:
    assert http.get(site.base_url + "/no/such/page.html", timeout=5).status_code == 404
    removed = next(r for r in load_truth(2)["changes"] if r["kind"] == "removed")
    moved = next(r for r in load_truth(3)["changes"] if r["kind"] == "moved")
    assert http.get(site.url_for(removed["slug"]), timeout=5).status_code == 200
    site.set_edition(2)
    assert http.get(site.url_for(removed["slug"]), timeout=5).status_code == 404
    site.set_edition(3)
    assert http.get(site.url_for(moved["previous"]["slug"]), timeout=5).status_code == 404
    assert http.get(site.url_for(moved["slug"]), timeout=5).status_code == 200


def test_head_answers_headers_without_body(site: SampleSite, http: requests.Session) -> None:
    url = site.url_for("assessments")
    got, head = http.get(url, timeout=5), http.head(url, timeout=5)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["ETag"] == got.headers["ETag"]
    assert int(head.headers["Content-Length"]) == len(got.content)


def test_requests_are_recorded(site: SampleSite, http: requests.Session) -> None:
    http.get(site.contents_url, timeout=5)
    http.head(site.base_url + "/missing", timeout=5)
    path = urlsplit(site.contents_url).path
    assert site.requests == [("GET", path, 200), ("HEAD", "/missing", 404)]
