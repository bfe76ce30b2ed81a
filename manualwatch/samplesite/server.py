"""A real HTTP server for the sample manual: one layout, a switchable edition, 304s.

with SampleSite(layout="classic", edition=1).start() as site:
    requests.get(site.contents_url)
    site.set_edition(2)
"""

from __future__ import annotations

import email.utils
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from manualwatch.samplesite.build import check_layout, contents_path, page_path
from manualwatch.samplesite.contents import SampleSiteError
from manualwatch.samplesite.council_files import council_files
from manualwatch.samplesite.councils import check_council
from manualwatch.samplesite.edition import EDITIONS
from manualwatch.samplesite.site_files import ServedFile, layout_files

POLL_SECONDS = 0.02  # how soon stop() is noticed by the serving thread
NOT_FOUND = b"<!doctype html><title>Page not found</title><h1>Page not found</h1>\n"


class SampleServerError(SampleSiteError):
    """The sample site was used in a way it does not support."""


class _HTTPServer(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: SampleSite) -> None:
        super().__init__(address, _Handler)
        self.site = site


def _etag_matches(header: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _not_modified_since(header: str, served: ServedFile) -> bool:
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and served.last_modified <= since


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "trix-sample/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Quiet: requests are recorded on the site instead."""

    def _send(self, status: int, served: ServedFile | None, body: bytes) -> None:
        self.send_response(status)
        if served is not None:
            self.send_header("ETag", served.etag)
            self.send_header(
                "Last-Modified", email.utils.format_datetime(served.last_modified, usegmt=True)
            )
            self.send_header("Content-Type", served.content_type)
        else:
            self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body) if status != 304 else 0))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)

    def _status_for(self, served: ServedFile) -> int:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return 304 if _etag_matches(match, served.etag) else 200
        since = self.headers.get("If-Modified-Since")
        if since is not None and _not_modified_since(since, served):
            return 304
        return 200

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        path = urlsplit(self.path).path
        served = self.server.site.files().get(path)
        if served is None:
            status, body = HTTPStatus.NOT_FOUND, NOT_FOUND
        else:
            status = self._status_for(served)
            body = served.path.read_bytes() if status == 200 else b""
        self.server.site.record(self.command, path, int(status))
        self._send(int(status), served, body)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self.do_GET()


class SampleSite:
    """The bundled sample manual served on 127.0.0.1 (see module docstring)."""

    def __init__(self, layout: str = "current", edition: int = 1,
                 council: str | None = None) -> None:
        self.layout = check_layout(layout)
        self.council = None if council is None else check_council(council)
        self._check_edition(edition)
        self.edition = edition
        self.requests: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @staticmethod
    def _check_edition(edition: int) -> None:
        if edition not in EDITIONS:
            raise SampleServerError(f"edition must be one of {EDITIONS}, not {edition!r}")

    def files(self) -> dict[str, ServedFile]:
        """URL path -> served file of the current edition (of the council, if one)."""
        if self.council is not None:
            return council_files(self.council, self.layout).editions[self.edition]
        return layout_files(self.layout).editions[self.edition]

    def record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((method, path, status))

    def start(self, host: str = "127.0.0.1", port: int = 0) -> SampleSite:
        """Build (once per process) and start serving in a daemon thread."""
        if self._server is not None:
            raise SampleServerError("already started")
        self.files()
        self._server = _HTTPServer((host, port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(POLL_SECONDS,), name="samplesite", daemon=True
        )
        self._thread.start()
        return self

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise SampleServerError("not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def contents_url(self) -> str:
        return self.base_url + contents_path(self.layout)

    def url_for(self, slug: str) -> str:
        """Absolute URL of an on-site page (chapter or "amendments") by slug."""
        return self.base_url + page_path(self.layout, slug)

    def set_edition(self, edition: int) -> None:
        self._check_edition(edition)
        self.edition = edition

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = None

    def __enter__(self) -> SampleSite:
        return self if self._server is not None else self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(
    layout: str = "current", edition: int = 1, host: str = "127.0.0.1", port: int = 8001
) -> None:
    """Serve the sample manual in the foreground until interrupted (for the CLI)."""
    site = SampleSite(layout=layout, edition=edition).start(host=host, port=port)
    print(f"Sample manual ({layout}, edition {edition}) at {site.contents_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
