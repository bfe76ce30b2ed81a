"""Fetching chapters politely over real HTTP: conditional GET, retries, limits, robots.txt."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from crawler import ChapterRef, CrawlSettings, Fetcher, FetchError, Validators, fetch_chapters
from crawler.robots import robots_for
from tests.httpserver import (
    RecordedRequest,
    Reply,
    arrival_span,
    polite_span,
    serve_app,
    serve_directory,
)

PAGE = "<html><body><h1>Care Planning</h1><h2>1. Introduction</h2><p>Plans.</p></body></html>"
UA = "manualwatch-test/1.0 (+mailto:ops@example.org)"


def settings(**changes: object) -> CrawlSettings:
    values: dict = {"delay_seconds": 0.0, "timeout_seconds": 5.0, "user_agent": UA,
                    "retries": 2, "backoff_seconds": 0.0}
    values.update(changes)
    return CrawlSettings(**values)


def ref(url: str, number: str = "1.1.1", offsite: bool = False) -> ChapterRef:
    return ChapterRef(number, "Care Planning", url, offsite=offsite)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name in ("a.html", "b.html", "c.html"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    return tmp_path


def test_page_is_fetched_read_and_hashed(site: Path) -> None:
    with serve_directory(site) as (base, log), Fetcher(settings()) as fetcher:
        [page] = fetch_chapters(fetcher, [ref(base + "/a.html")], {})
    assert page.ok and page.status == 200
    assert page.text == "## 1. Introduction\nPlans."
    assert page.page_title == "Care Planning"
    assert page.raw_sha256 == hashlib.sha256(PAGE.encode()).hexdigest()
    assert page.nbytes == len(PAGE.encode())
    assert page.etag and page.last_modified
    assert log.for_path("/a.html")[0].header("User-Agent") == UA


@pytest.mark.parametrize("use", ["etag", "last_modified"])
def test_conditional_get_gives_304_and_keeps_validators(site: Path, use: str) -> None:
    with serve_directory(site) as (base, log), Fetcher(settings()) as fetcher:
        [first] = fetch_chapters(fetcher, [ref(base + "/a.html")], {})
        sent = Validators(etag=first.etag if use == "etag" else None,
                          last_modified=first.last_modified if use == "last_modified" else None)
        [again] = fetch_chapters(fetcher, [ref(base + "/a.html")], {base + "/a.html": sent})
    assert again.status == 304 and again.not_modified and again.ok
    assert again.text is None
    assert again.etag == first.etag and again.last_modified == first.last_modified
    header = "If-None-Match" if use == "etag" else "If-Modified-Since"
    assert log.for_path("/a.html")[1].header(header) == getattr(sent, use)


def test_one_fetch_per_distinct_url_in_contents_order(site: Path) -> None:
    with serve_directory(site) as (base, log), Fetcher(settings()) as fetcher:
        refs = [ref(base + "/b.html", "1.3.5"), ref(base + "/a.html", "2.1"),
                ref(base + "/b.html", "3.5")]
        pages = list(fetch_chapters(fetcher, refs, {}))
    assert [p.url for p in pages] == [base + "/b.html", base + "/a.html"]
    assert [p for p in log.paths() if p != "/robots.txt"] == ["/b.html", "/a.html"]


def test_retries_a_503_then_succeeds() -> None:
    answers = iter([Reply(503, b"busy", {"Retry-After": "0"}), Reply(200, PAGE.encode())])
    with serve_app(lambda request: next(answers)) as (base, log), \
            Fetcher(settings()) as fetcher:
        response = fetcher.get(base + "/page")
    assert response.status == 200
    assert log.paths() == ["/page", "/page"]


def test_persistent_server_error_is_an_error_on_the_page_not_an_exception() -> None:
    with serve_app(lambda request: Reply(500, b"oops")) as (base, log), \
            Fetcher(settings(retries=1)) as fetcher:
        [page] = fetch_chapters(fetcher, [ref(base + "/page")], {})
    assert page.error == "HTTP 500" and page.status == 500 and not page.ok
    assert log.paths().count("/page") == 2  # the first try and one retry


def test_missing_page_is_not_retried() -> None:
    with serve_app(lambda request: Reply(404, b"gone")) as (base, log), \
            Fetcher(settings()) as fetcher:
        with pytest.raises(FetchError, match="HTTP 404"):
            fetcher.get(base + "/page")
    assert log.paths() == ["/page"]


def test_timeout_becomes_a_one_line_error() -> None:
    release = threading.Event()

    def slow(request: RecordedRequest) -> Reply:
        if request.path != "/robots.txt":
            release.wait(10)
        return Reply(404)

    with serve_app(slow) as (base, _log), \
            Fetcher(settings(timeout_seconds=0.3, retries=0)) as fetcher:
        try:
            [page] = fetch_chapters(fetcher, [ref(base + "/slow")], {})
        finally:
            release.set()
    assert page.error == "timed out after 0.3s" and page.status == 0


def test_body_over_the_limit_is_an_error() -> None:
    with serve_app(lambda request: Reply(200, b"x" * 5000)) as (base, _log), \
            Fetcher(settings(max_bytes=1000)) as fetcher:
        with pytest.raises(FetchError, match="^.*: body larger than 1000 bytes$"):
            fetcher.get(base + "/big")


def test_redirect_off_site_is_refused_without_following(site: Path) -> None:
    with serve_directory(site) as (base, log):
        target = base.replace("127.0.0.1", "localhost") + "/a.html"
        routes = {"/moved": lambda request: Reply(301, b"", {"Location": target})}
        with serve_directory(site, routes) as (base2, log2), Fetcher(settings()) as fetcher:
            with pytest.raises(FetchError) as caught:
                fetcher.get(base2 + "/moved")
            assert fetcher.get(base2 + "/a.html").status == 200
    assert caught.value.reason == f"redirected off-site to {target}"
    assert log.paths() == []


def test_redirect_on_site_is_followed(site: Path) -> None:
    routes = {"/old": lambda request: Reply(301, b"", {"Location": "/a.html"})}
    with serve_directory(site, routes) as (base, log), Fetcher(settings()) as fetcher:
        response = fetcher.get(base + "/old")
    assert response.status == 200 and response.url == base + "/a.html"
    assert log.paths() == ["/old", "/a.html"]


def test_off_site_refs_are_skipped_and_never_requested(site: Path) -> None:
    with serve_directory(site) as (base, log), Fetcher(settings()) as fetcher:
        pages = list(fetch_chapters(fetcher, [ref(base + "/a.html", offsite=True),
                                              ref(base + "/b.html")], {}))
    assert (pages[0].skipped, pages[0].status, pages[0].ok) == ("off-site", 0, False)
    assert pages[1].ok
    assert "/a.html" not in log.paths()


def test_robots_txt_disallow_is_skipped_and_read_once(site: Path) -> None:
    (site / "robots.txt").write_text(
        "User-agent: manualwatch-test\nDisallow: /b.html\n\nUser-agent: *\nDisallow: /\n")
    with serve_directory(site) as (base, log), Fetcher(settings()) as fetcher:
        refs = [ref(base + "/a.html"), ref(base + "/b.html"), ref(base + "/c.html")]
        pages = list(fetch_chapters(fetcher, refs, {}))
        list(fetch_chapters(fetcher, refs, {}))
    assert [p.skipped for p in pages] == [None, "robots.txt", None]
    assert "/b.html" not in log.paths()
    assert log.paths().count("/robots.txt") == 1


def test_missing_robots_txt_allows_everything(site: Path) -> None:
    with serve_directory(site) as (base, log), Fetcher(settings()) as fetcher:
        pages = list(fetch_chapters(fetcher, [ref(base + "/a.html")], {}))
    assert pages[0].ok
    assert log.paths() == ["/robots.txt", "/a.html"]


def test_robots_crawl_delay_raises_the_host_delay(site: Path) -> None:
    (site / "robots.txt").write_text("User-agent: *\nCrawl-delay: 7\n")
    with serve_directory(site) as (base, _log), Fetcher(settings(delay_seconds=0.0)) as fetcher:
        assert robots_for(fetcher).crawl_delay(base + "/a.html") == 7.0
        assert fetcher.clock.delay_for("127.0.0.1") == 7.0


@pytest.mark.parametrize("delay", [0.2, 0.0], ids=["polite", "no-delay"])
def test_politeness_delay_between_request_arrivals(site: Path, delay: float) -> None:
    with serve_directory(site) as (base, log), Fetcher(settings(delay_seconds=delay)) as fetcher:
        refs = [ref(base + "/a.html"), ref(base + "/b.html"), ref(base + "/c.html")]
        assert all(page.ok for page in fetch_chapters(fetcher, refs, {}))
    assert log.paths() == ["/robots.txt", "/a.html", "/b.html", "/c.html"]
    if delay:  # no upper bound: a loaded machine may be slow, never too fast
        assert arrival_span(log.all()) >= polite_span(delay, len(log))
