"""Decoding fetched pages: the HTTP header's charset, then <meta>, then detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler import CrawlSettings, Fetcher
from tests.httpserver import Reply, serve_app, serve_directory

TEXT = "Norfolk’s children – café"


def fetch_text(body: bytes, content_type: str) -> str:
    reply = Reply(200, body, {"Content-Type": content_type})
    with serve_app(lambda request: reply) as (base, _log), \
            Fetcher(CrawlSettings(delay_seconds=0)) as fetcher:
        return fetcher.get(base + "/page").text


CASES = {
    "header-wins-over-meta": (f'<meta charset="utf-8"><p>{TEXT}</p>'.encode("cp1252"),
                              "text/html; charset=windows-1252"),
    "meta-charset": (f'<meta charset="windows-1252"><p>{TEXT}</p>'.encode("cp1252"),
                     "text/html"),
    "meta-http-equiv": (b'<meta http-equiv="Content-Type" content="text/html; '
                        b'charset=iso-8859-1">' + f"<p>{TEXT}</p>".encode("cp1252"),
                        "text/html"),
    "detected-utf8": (f"<p>{TEXT}</p>".encode(), "text/html"),
    "unknown-header-charset-falls-through": (f"<p>{TEXT}</p>".encode(),
                                             "text/html; charset=x-no-such"),
}


@pytest.mark.parametrize(("body", "content_type"), CASES.values(), ids=CASES.keys())
def test_page_text_is_decoded(body: bytes, content_type: str) -> None:
    assert TEXT in fetch_text(body, content_type)


def test_undeclared_legacy_bytes_are_detected(tmp_path: Path) -> None:
    page = ("<html><body><p>" + "The child’s social worker – and the café’s staff. " * 20
            + "</p></body></html>")
    (tmp_path / "p.html").write_bytes(page.encode("cp1252"))
    with serve_directory(tmp_path) as (base, _log), \
            Fetcher(CrawlSettings(delay_seconds=0)) as fetcher:
        text = fetcher.get(base + "/p.html").text
    assert "child’s social worker – and the café’s" in text
