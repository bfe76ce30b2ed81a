"""A fault-injection HTTP server on 127.0.0.1: real files of a built sample edition, and per
path a fault — an error status, a stall, a reset, a short body, a redirect loop or an
off-site redirect, a huge body, a mislabelled charset, or a 200 maintenance page.

    server = FaultServer(root)            # root: a folder built by samplesite.build
    with server:
        server.faults["/chapter/x"] = Fault("status", status=503, retry_after=1)
        server.maintenance = True         # every path answers a 200 maintenance page
"""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from manualwatch.samplesite.site_files import content_type

MAINTENANCE = (b"<!doctype html><html><head><title>Site under maintenance</title></head>"
               b"<body><h1>Site under maintenance</h1><p>This site is temporarily unavailable"
               b" while we carry out essential maintenance. Please try again later.</p>"
               b"</body></html>")


@dataclass
class Fault:
    """kind: status | stall | reset | short | loop | offsite | huge | huge-chunked | charset
    | maintenance | text"""

    kind: str
    status: int = 500
    times: int | None = None  # the fault clears after this many hits (None: never)
    retry_after: int | None = None
    charset: str = "iso-8859-1"  # the label a 'charset' fault puts on UTF-8 bytes
    body: bytes = b""  # what a 'text' fault answers, as text/plain


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body as separate writes stall 40 ms otherwise
    wbufsize = 64 * 1024
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = unquote(urlsplit(self.path).path)
        self.server.hits.append((path, time.monotonic()))
        if self.server.maintenance:
            return self._send(200, MAINTENANCE, "text/html; charset=utf-8")
        fault = self.server.faults.get(path)
        if fault is not None and fault.times is not None:
            if fault.times <= 0:
                fault = None
            else:
                fault.times -= 1
        if fault is None:
            return self._file(path)
        getattr(self, "_" + fault.kind.replace("-", "_"))(path, fault)

    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _file(self, path: str) -> None:
        target = self.server.root / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self._send(404, b"not found", "text/plain")
        body = target.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:24] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self._send(200, body, content_type(path), {"ETag": etag})

    def _status(self, path: str, fault: Fault) -> None:
        extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        self._send(fault.status, b"<h1>Error</h1>", "text/html", extra)

    def _text(self, path: str, fault: Fault) -> None:
        self._send(200, fault.body, "text/plain; charset=utf-8")

    def _maintenance(self, path: str, fault: Fault) -> None:
        self._send(200, MAINTENANCE, "text/html; charset=utf-8")

    def _stall(self, path: str, fault: Fault) -> None:
        self.server.release.wait(30)  # longer than any client timeout in the tests
        self.close_connection = True

    def _reset(self, path: str, fault: Fault) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _short(self, path: str, fault: Fault) -> None:
        body = (self.server.root / path.lstrip("/")).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True

    def _loop(self, path: str, fault: Fault) -> None:
        self._send(302, b"", "text/html", {"Location": path})

    def _offsite(self, path: str, fault: Fault) -> None:
        self._send(302, b"", "text/html", {"Location": "https://login.example.invalid/sso"})

    def _huge(self, path: str, fault: Fault) -> None:
        self._stream(declare=True)

    def _huge_chunked(self, path: str, fault: Fault) -> None:
        self._stream(declare=False)

    def _stream(self, declare: bool) -> None:
        size, chunk = 50 * 1024 * 1024, b"<p>" + b"x" * 65_530 + b"</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declare:
            self.send_header("Content-Length", str(size))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = 0
        try:
            while sent < size:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _charset(self, path: str, fault: Fault) -> None:
        body = (self.server.root / path.lstrip("/")).read_bytes()
        body = body.replace(b'charset="utf-8"', b"").replace(b"charset=utf-8", b"")
        self._send(200, body, f"text/html; charset={fault.charset}")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


class FaultServer:
    def __init__(self, root: Path) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.root = Path(root)
        self._server.faults = {}
        self._server.maintenance = False
        self._server.hits = []
        self._server.release = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def faults(self) -> dict[str, Fault]:
        return self._server.faults

    @property
    def hits(self) -> list[tuple[str, float]]:
        """(path, time.monotonic() on arrival) of every request."""
        return self._server.hits

    def times_of(self, path: str) -> list[float]:
        return [at for hit, at in self._server.hits if hit == path]

    @property
    def root(self) -> Path:
        return self._server.root

    @root.setter
    def root(self, value: Path) -> None:
        self._server.root = Path(value)

    @property
    def maintenance(self) -> bool:
        return self._server.maintenance

    @maintenance.setter
    def maintenance(self, value: bool) -> None:
        self._server.maintenance = value

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.release.set()
        self._server.shutdown()
        self._server.server_close()
