"""The standalone HTML appendix in real headless Chromium: it loads with no console errors and
no request beyond the file itself, and every link to a diff lands on that change's diff."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser import chromium, watch_console
from tests.conftest import Manualwatch
from tests.samplewalk import Walk, walk_editions


@pytest.fixture(scope="module")
def appendix(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("appendix-browser")
    walk: Walk = walk_editions(folder, "current")
    out = folder / "amendments.html"
    result = Manualwatch(walk.config_path)("amendments", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_appendix_loads_and_every_diff_link_resolves(appendix: Path, tmp_path: Path) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1024, "height": 900})
        errors = watch_console(page)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(appendix.as_uri())
        links = page.eval_on_selector_all("a.ourdiff", "els => els.map(e => e.hash.slice(1))")
        assert len(links) == 8  # the updated chapters of editions 2 and 3
        for target in links:
            found = page.evaluate(
                "id => { const el = document.getElementById(id);"
                " return el ? el.querySelectorAll('.mw-diff ins, .mw-diff del').length : -1 }",
                target)
            assert found > 0, f"#{target} is missing or holds no diff"
        page.click(f'a.ourdiff[href="#{links[0]}"]')
        assert page.evaluate("location.hash") == f"#{links[0]}"
        assert page.locator(f"#{links[0]}").is_visible()
        assert page.evaluate("id => document.getElementById(id).getBoundingClientRect().top"
                             " < window.innerHeight", links[0])
        shot = tmp_path / "appendix.png"
        page.goto(appendix.as_uri())
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        if os.environ.get("MANUALWATCH_SCREENSHOTS"):
            shutil.copy(shot, Path(os.environ["MANUALWATCH_SCREENSHOTS"]) / shot.name)
    assert errors == []
    assert set(requests) == {appendix.as_uri()}, "the page must need no other file"


def test_every_in_page_link_has_a_target(appendix: Path) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        errors = watch_console(page)
        page.goto(appendix.as_uri())
        missing = page.evaluate(
            "[...document.querySelectorAll('a[href^=\"#\"]')]"
            ".map(a => a.hash.slice(1)).filter(id => !document.getElementById(id))")
        assert missing == []
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
        page.emulate_media(media="print")
        assert page.locator("nav").first.is_hidden()
    assert errors == []
