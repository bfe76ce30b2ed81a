"""Concurrency (up to 4 pages at once) never shortens the per-host politeness delay."""

from __future__ import annotations

from pathlib import Path

from crawler import CrawlSettings, Fetcher, fetch_chapters
from crawler.models import ChapterRef
from tests.httpserver import arrival_span, polite_span, serve_directory

PAGE = "<html><body><main><h1>Chapter {n}</h1><p>Text of chapter {n}.</p></main></body></html>"


def test_concurrent_fetches_keep_the_delay_between_request_starts(tmp_path: Path) -> None:
    for n in range(8):
        (tmp_path / f"c{n}.html").write_text(PAGE.format(n=n), encoding="utf-8")
    with serve_directory(tmp_path) as (base, log):
        refs = [ChapterRef(number=str(n), title=f"C{n}", url=f"{base}/c{n}.html")
                for n in range(8)]
        settings = CrawlSettings(delay_seconds=0.2, concurrency=4, retries=0)
        with Fetcher(settings) as fetcher:
            pages = list(fetch_chapters(fetcher, refs))
        assert [p.url for p in pages] == [r.url for r in refs]
        assert all(p.ok and p.text for p in pages)
        pages = [r for r in log.all() if r.path.startswith("/c")]
        assert sorted(r.path for r in pages) == [f"/c{n}.html" for n in range(8)]
        assert arrival_span(pages) >= polite_span(settings.delay_seconds, len(pages))
