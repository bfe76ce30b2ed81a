"""A real threading HTTP server on 127.0.0.1 for tests, recording every request.

    with serve_directory(tmp_path) as (base_url, log):
        requests.get(base_url + "/page.html")
        assert log.paths() == ["/page.html"]

Files are served with an ETag (content hash) and Last-Modified (file mtime) and
answer conditional GETs with 304. `routes` maps a path to an app that overrides the
file for that path; `serve_app` serves an app alone (for status codes, slow answers).
An app is `(RecordedRequest) -> Reply`.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import mimetypes
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it; `at` is time.monotonic() on arrival."""

    method: str
    path: str  # path and query, as sent
    headers: Mapping[str, str]
    at: float

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


@dataclass
class Reply:
    """What an app answers: status, headers, body."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


App = Callable[[RecordedRequest], Reply]


class RequestLog:
    """The requests a server received, in arrival order (thread-safe)."""

    def __init__(self) -> None:
        self._items: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def add(self, request: RecordedRequest) -> None:
        with self._lock:
            self._items.append(request)

    def all(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def paths(self) -> list[str]:
        return [r.path for r in self.all()]

    def for_path(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.all() if r.path == path]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self.all())

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.all())


class Served(NamedTuple):
    """A running server: where it listens and what it received."""

    base_url: str
    log: RequestLog


def _handler(app: App, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls on keep-alive
        wbufsize = 64 * 1024  # headers and body leave in one write

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            request = RecordedRequest(self.command, self.path, dict(self.headers.items()),
                                      time.monotonic())
            log.add(request)
            reply = app(request)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(reply.body)

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True


@contextlib.contextmanager
def serve_app(app: App) -> Iterator[Served]:
    """Serve `app` on a free port of 127.0.0.1 until the block ends."""
    log = RequestLog()
    server = _Server(("127.0.0.1", 0), _handler(app, log))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}", log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def arrival_span(requests: list[RecordedRequest]) -> float:
    """Seconds from the first arrival to the last."""
    times = [r.at for r in requests]
    return max(times) - min(times)


def polite_span(delay: float, count: int) -> float:
    """The least time `count` requests started `delay` apart can span at the server:
    (count - 1) delays, less one for the first request being held up on its way on a loaded
    machine. Single gaps are not compared: one late arrival shortens the gap after it. A
    crawler that ignores the delay sends them all within milliseconds."""
    return (count - 2) * delay


def file_reply(root: Path, request: RecordedRequest) -> Reply:
    """A file below `root` for the request path, with validators; 304 when they match."""
    relative = unquote(urlsplit(request.path).path).lstrip("/")
    target = (root / relative).resolve()
    if target.is_dir():
        target = target / "index.html"
    if root.resolve() not in target.parents or not target.is_file():
        return Reply(404, b"not found", {"Content-Type": "text/plain"})
    body = target.read_bytes()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    modified = email.utils.formatdate(int(target.stat().st_mtime), usegmt=True)
    headers = {"ETag": etag, "Last-Modified": modified,
               "Content-Type": mimetypes.guess_type(target.name)[0] or "text/html"}
    if _not_modified(request, etag, target.stat().st_mtime):
        return Reply(304, b"", {"ETag": etag, "Last-Modified": modified})
    return Reply(200, body, headers)


def _not_modified(request: RecordedRequest, etag: str, mtime: float) -> bool:
    if request.header("If-None-Match") is not None:
        return etag in [t.strip() for t in request.header("If-None-Match").split(",")]
    since = request.header("If-Modified-Since")
    if since:
        parsed = email.utils.parsedate_to_datetime(since)
        return parsed is not None and int(mtime) <= parsed.timestamp()
    return False


@contextlib.contextmanager
def serve_directory(path: Path | str,
                    routes: Mapping[str, App] | None = None) -> Iterator[Served]:
    """Serve the files below `path` (and any `routes` overriding paths) on 127.0.0.1."""
    root = Path(path)
    overrides = dict(routes or {})

    def app(request: RecordedRequest) -> Reply:
        handler = overrides.get(urlsplit(request.path).path)
        return handler(request) if handler else file_reply(root, request)

    with serve_app(app) as served:
        yield served
