"""The crawler's exceptions: one base carrying the URL, a subclass per failure kind."""

from __future__ import annotations


class CrawlError(Exception):
    """Something about one URL could not be crawled; `reason` is one line for people."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class FetchError(CrawlError):
    """An HTTP fetch failed: no response, a bad status, too large, or redirected away."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(url, reason)
        self.status = status


class ContentsError(CrawlError):
    """A manual's contents page could not be fetched or lists no numbered chapters."""
