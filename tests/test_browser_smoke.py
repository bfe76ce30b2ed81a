"""The browser used by the browser tests starts, and renders a sample chapter page."""

from __future__ import annotations

from pathlib import Path
from urllib.request import urlopen

import lxml.html

from manualwatch.samplesite import SampleSite
from tests.browser import chromium, watch_console


def test_sample_contents_page_renders_in_chromium(tmp_path: Path) -> None:
    with SampleSite(layout="current", edition=1).start() as site, chromium() as browser:
        page = browser.new_page(viewport={"width": 1024, "height": 800})
        errors = watch_console(page)
        page.goto(site.contents_url)
        served = lxml.html.fromstring(urlopen(site.contents_url, timeout=10).read())
        assert page.title() == served.findtext(".//title")
        heading = " ".join(served.xpath("string(//h1)").split())
        assert heading and page.locator("h1").first.inner_text() == heading
        page.screenshot(path=str(tmp_path / "contents.png"))
        assert (tmp_path / "contents.png").stat().st_size > 1000
        assert errors == []
