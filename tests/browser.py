"""Real headless Chromium (Debian's /usr/bin/chromium) driven by playwright, no download.

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        errors = watch_console(page)
        page.goto(url)
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the block; fails clearly when the browser is missing."""
    if not shutil.which("chromium"):
        raise RuntimeError("Debian's chromium is not installed: `make test` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def watch_console(page: Page) -> list[str]:
    """Collect console errors and page errors of `page` into the returned list."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
