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
        self.too_large = False
        self.etag: str | None = None
        self.last_modified: str | None = None


class TooLarge(FetchError):
    """The body is larger than the limit; carries the response's validators, so a later
    conditional GET can tell whether it changed without reading it."""

    def __init__(self, url: str, limit: int, status: int | None,
                 etag: str | None, last_modified: str | None) -> None:
        super().__init__(url, f"body larger than {limit} bytes", status)
        self.too_large = True
        self.etag = etag
        self.last_modified = last_modified


class ContentsError(CrawlError):
    """A manual's contents page could not be fetched or lists no numbered chapters."""
