"""Polite HTTP for one run: one session, retries, timeouts, conditional GET, size limit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from crawler.charset import decode_html
from crawler.errors import FetchError, TooLarge
from crawler.models import CrawlSettings, Validators
from crawler.politeness import HostClock

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_MAX_SECONDS = 120
MAX_REDIRECTS = 10
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Response:
    """What one GET returned: final URL, status, headers and the body bytes."""

    url: str  # the final URL, after any on-site redirects
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)  # case-insensitive mapping
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    @property
    def text(self) -> str:
        """The body decoded: header charset, then <meta>, then detection."""
        return decode_html(self.body, self.content_type)


def host_of(url: str) -> str:
    """The lower-case host name of a URL (no port)."""
    return (urlsplit(url).hostname or "").lower()


def _retry_policy(settings: CrawlSettings) -> Retry:
    return Retry(
        total=settings.retries, connect=settings.retries, read=settings.retries,
        status=settings.retries, other=0, redirect=False,
        backoff_factor=settings.backoff_seconds, status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}), raise_on_status=False,
        respect_retry_after_header=True, retry_after_max=RETRY_AFTER_MAX_SECONDS)


class Fetcher:
    """One per run: a single requests.Session with the crawl settings applied.

    `get` waits its turn per host, follows redirects only within the allowed hosts,
    and raises FetchError with a one-line reason for anything but 2xx/304.
    """

    def __init__(self, settings: CrawlSettings | None = None) -> None:
        self.settings = settings or CrawlSettings()
        self.clock = HostClock(self.settings.delay_seconds)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.settings.user_agent
        adapter = HTTPAdapter(max_retries=_retry_policy(self.settings))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def timeout(self) -> tuple[float, float]:
        """(connect, read) timeouts in seconds."""
        seconds = self.settings.timeout_seconds
        return (seconds, seconds)

    def get(self, url: str, validators: Validators | None = None,
            max_bytes: int | None = None) -> Response:
        """GET `url` (conditionally, given validators); 200-299 and 304 come back. A body
        over `max_bytes` (default: the crawl's) raises TooLarge."""
        allowed = {host_of(url), *(h.lower() for h in self.settings.extra_hosts)}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            response = self._send(url, current, validators, max_bytes)
            location = response.headers.get("Location")
            if response.status not in (301, 302, 303, 307, 308) or not location:
                return self._checked(url, response)
            current = urljoin(current, location)
            if host_of(current) not in allowed:
                raise FetchError(url, f"redirected off-site to {current}", response.status)
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _checked(self, url: str, response: Response) -> Response:
        if response.status == 304 or 200 <= response.status < 300:
            return response
        raise FetchError(url, f"HTTP {response.status}", response.status)

    def _headers(self, validators: Validators | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        return headers

    def _send(self, url: str, current: str, validators: Validators | None,
              max_bytes: int | None = None) -> Response:
        self.clock.wait(host_of(current))
        try:
            with self.session.get(current, headers=self._headers(validators), stream=True,
                                  timeout=self.timeout, allow_redirects=False) as raw:
                body = self._read_body(url, raw, max_bytes)
                return Response(raw.url, raw.status_code, raw.headers, body)
        except FetchError:
            raise
        except (requests.Timeout, TimeoutError) as exc:
            raise FetchError(url, self._timeout_reason()) from exc
        except requests.ConnectionError as exc:
            raise FetchError(url, _connection_reason(exc, self._timeout_reason())) from exc
        except requests.exceptions.ChunkedEncodingError as exc:
            raise FetchError(url, "body cut short: the connection closed before the whole "
                             "page arrived") from exc
        except requests.RequestException as exc:
            raise FetchError(url, f"request failed: {type(exc).__name__}") from exc

    def _timeout_reason(self) -> str:
        return f"timed out after {self.settings.timeout_seconds:g}s"

    def _read_body(self, url: str, raw: requests.Response, max_bytes: int | None) -> bytes:
        limit = max_bytes or self.settings.max_bytes
        declared = raw.headers.get("Content-Length", "")
        too_large = TooLarge(url, limit, raw.status_code, raw.headers.get("ETag"),
                             raw.headers.get("Last-Modified"))
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        for chunk in raw.iter_content(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)


def _connection_reason(exc: requests.ConnectionError, timeout_reason: str) -> str:
    """One line for a connection failure; read timeouts surface here when streaming."""
    text = str(exc)
    if "timed out" in text.lower():
        return timeout_reason
    if "refused" in text.lower():
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo" in text:
        return "host name not found"
    return "connection failed: " + text.splitlines()[0][:200]
