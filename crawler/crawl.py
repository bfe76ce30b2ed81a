"""The crawl itself: read a contents page, then yield one FetchedPage per chapter URL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from crawler.contents import parse_contents
from crawler.errorpage import error_page_reason
from crawler.errors import ContentsError, FetchError
from crawler.extract import extract_chapter
from crawler.fetcher import Fetcher, Response
from crawler.models import ChapterRef, Contents, FetchedPage, Validators
from crawler.robots import robots_for

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_CONCURRENCY = 4


def fetch_contents(fetcher: Fetcher, url: str, hosts: Iterable[str] = ()) -> Contents:
    """Fetch and parse a manual's contents page; ContentsError unless it lists chapters."""
    if not robots_for(fetcher).allowed(url):
        raise ContentsError(url, "disallowed by robots.txt")
    try:
        response = fetcher.get(url)
    except FetchError as exc:
        raise ContentsError(url, exc.reason) from exc
    if response.status != 200:
        raise ContentsError(url, f"HTTP {response.status}")
    known = frozenset({*fetcher.settings.extra_hosts, *hosts})
    contents = parse_contents(response.text, response.url, known)
    if not any(ref.number for ref in contents.refs):
        raise ContentsError(url, "no numbered chapter rows found")
    return replace(contents, nbytes=len(response.body))


def distinct_refs(refs: Iterable[ChapterRef]) -> Iterator[ChapterRef]:
    """The first ref of each URL, in contents order."""
    seen: set[str] = set()
    for ref in refs:
        if ref.url not in seen:
            seen.add(ref.url)
            yield ref


def fetch_chapters(fetcher: Fetcher, refs: Iterable[ChapterRef],
                   validators: Mapping[str, Validators] | None = None) -> Iterator[FetchedPage]:
    """One FetchedPage per distinct URL, in contents order; never raises for one page.

    Off-site refs and URLs robots.txt disallows are skipped without a request; a 304
    keeps the validators; a failure is recorded on the page as a one-line error. With
    `concurrency` > 1 pages are fetched that many at once; the per-host delay still holds.
    """
    robots = robots_for(fetcher)
    known = validators or {}
    todo = list(distinct_refs(refs))
    allowed = {r.url: not r.offsite and robots.allowed(r.url) for r in todo}

    def one(ref: ChapterRef) -> FetchedPage:
        if ref.offsite:
            return FetchedPage(ref.url, status=0, skipped="off-site")
        if not allowed[ref.url]:
            return FetchedPage(ref.url, status=0, skipped="robots.txt")
        return fetch_page(fetcher, ref.url, known.get(ref.url))

    workers = max(1, min(MAX_CONCURRENCY, fetcher.settings.concurrency))
    if workers == 1:
        yield from map(one, todo)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")
    try:
        yield from pool.map(one, todo)
    finally:  # a run stopped early must not wait for every queued page
        pool.shutdown(wait=False, cancel_futures=True)


def fetch_page(fetcher: Fetcher, url: str, validators: Validators | None = None) -> FetchedPage:
    """Fetch and read one chapter page; errors come back on the page, not raised."""
    try:
        response = fetcher.get(url, validators)
    except FetchError as exc:
        return FetchedPage(url, status=exc.status or 0, error=exc.reason)
    etag = response.headers.get("ETag") or (validators.etag if validators else None)
    modified = response.headers.get("Last-Modified") or (
        validators.last_modified if validators else None)
    if response.status == 304:
        return FetchedPage(url, status=304, etag=etag, last_modified=modified)
    return _read_page(url, response, etag, modified)


def _read_page(url: str, response: Response, etag: str | None,
               modified: str | None) -> FetchedPage:
    raw = {"raw_sha256": hashlib.sha256(response.body).hexdigest(),
           "nbytes": len(response.body), "etag": etag, "last_modified": modified}
    kind = response.content_type.split(";")[0].strip().lower()
    if kind and kind not in HTML_TYPES:
        return FetchedPage(url, status=response.status, skipped=f"not an HTML page ({kind})",
                           **raw)
    html = response.text
    try:
        chapter = extract_chapter(html, response.url)
    except Exception as exc:  # noqa: BLE001 - one unreadable page must not stop the run
        return FetchedPage(url, status=response.status,
                           error=f"could not read page: {type(exc).__name__}: {exc}", **raw)
    reason = error_page_reason(html, chapter.page_title, chapter.text)
    if reason:
        return FetchedPage(url, status=response.status, error=reason, **raw)
    return FetchedPage(url, status=response.status, text=chapter.text,
                       page_title=chapter.page_title, amendment=chapter.amendment,
                       links=chapter.links, **raw)
