"""Peer bench: manualwatch against urlwatch, the tool people would pick instead, on the sample
manual served from 127.0.0.1 (both layouts), at the same politeness.

    .venv/bin/python bench/peer.py [--repeat 5] [--layout classic --layout current]

Both watch every chapter URL of the contents page: urlwatch with one job per chapter (the
`css` filter on the page's content container, then `html2text`), manualwatch with its normal
`run` (contents page, structure, word diff, SQLite store, full-text index, appendix). Both run
at the same politeness: no delay between requests and 4 requests at once (manualwatch's
`concurrency = 4`; urlwatch's worker pool set to 4 by a hooks file), conditional GET for both;
manualwatch keeps its default retries (3, with back-off) on the page that answers 500.

Each repetition starts from empty state and makes three runs of each tool:
- first: edition 1, nothing stored yet;
- unchanged: the same bytes again (304s wherever validators are honoured);
- changed: edition 2's pages (every page's bytes change, a tenth of the chapters' text too),
  one chapter answering HTTP 500.
Wall and CPU (user + system of the child process) are medians of `--repeat` repetitions;
bytes are response-body bytes the server sent, connections the TCP connections it accepted
(keep-alive). Start-up is `--help`, median of `--repeat`.

Both tools run from compiled bytecode, as an installed package does: the bench compiles this
checkout's packages first and lets the child processes write bytecode even where the
environment says PYTHONDONTWRITEBYTECODE (urlwatch's was compiled by pip).

urlwatch is installed by name into the bench's own virtual environment under bench/.peer/
(git-ignored), on first use.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import venv
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crawler.contents import parse_contents
from manualwatch.samplesite.build import contents_path
from manualwatch.samplesite.site_files import layout_files

HERE = Path(__file__).resolve().parent
PEER = HERE / ".peer"  # git-ignored: urlwatch's virtual environment
URLWATCH = PEER / "venv" / "bin" / "urlwatch"
MANUALWATCH = Path(sys.executable).parent / "manualwatch"
CONCURRENCY = 4
CONTENT = {"classic": "div#content", "current": "article.chapter"}
RUNS = ("first", "unchanged", "changed")


def ensure_urlwatch() -> Path:
    """urlwatch in bench/.peer/venv, installed by name on first use."""
    if not URLWATCH.exists():
        print("installing urlwatch into bench/.peer/venv ...", file=sys.stderr)
        venv.create(PEER / "venv", with_pip=True)
        subprocess.run([PEER / "venv" / "bin" / "pip", "install", "--quiet", "urlwatch"],
                       check=True)
    return URLWATCH


@dataclass
class Manual:
    """What the server answers: one layout's pages, an edition, and a failing page."""

    layout: str
    edition: int = 1
    failing: str | None = None
    sent: int = 0  # response-body bytes since the last reset
    requests: int = 0
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _bodies: dict = field(default_factory=dict)

    def body(self, path: str) -> bytes | None:
        key = (self.edition, path)
        if key not in self._bodies:
            files = layout_files(self.layout).editions
            served = files[self.edition].get(path) or files[1].get(path)
            if self.edition != 1 and path == contents_path(self.layout):
                served = files[1][path]  # the same chapter list in every run
            self._bodies[key] = served.path.read_bytes() if served else None
        return self._bodies[key]

    def count(self, nbytes: int) -> None:
        with self.lock:
            self.sent += nbytes
            self.requests += 1

    def connected(self) -> None:
        with self.lock:
            self.connections += 1

    def reset(self) -> tuple[int, int, int]:
        """(bytes, requests, connections) since the last reset."""
        with self.lock:
            taken = (self.sent, self.requests, self.connections)
            self.sent = self.requests = self.connections = 0
        return taken


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # the default backlog of 5 makes parallel clients wait 1 s
    daemon_threads = True

    def __init__(self, manual: Manual) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.manual = manual


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def setup(self) -> None:
        super().setup()
        self.server.manual.connected()

    def do_GET(self) -> None:  # noqa: N802
        manual = self.server.manual
        path = self.path.split("?")[0]
        body = manual.body(path)
        if body is None or path == manual.failing:
            status = 404 if body is None else 500
            self._reply(status, b"<html><body><h1>Error</h1></body></html>", None)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._reply(304, b"", etag)
        else:
            self._reply(200, body, etag)

    def _reply(self, status: int, body: bytes, etag: str | None) -> None:
        self.send_response(status)
        if etag:
            self.send_header("ETag", etag)
        kind = "text/plain" if self.path.endswith(".txt") else "text/html; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.manual.count(len(body))


def chapter_urls(manual: Manual, base: str) -> list[str]:
    """The distinct on-site chapter URLs of the contents page, in contents order."""
    page = manual.body(contents_path(manual.layout)) or b""
    refs = parse_contents(page.decode("utf-8"), base + contents_path(manual.layout))
    urls: list[str] = []
    for ref in refs.refs:
        if ref.number and not ref.offsite and ref.url not in urls:
            urls.append(ref.url)
    return urls


MANUALWATCH_CONFIG = """\
[store]
path = "{folder}/manualwatch.db"
[crawl]
delay_seconds = 0
concurrency = {concurrency}
[email]
enabled = false
[output]
dir = "{folder}/output"
[log]
level = "warning"
[[manuals]]
name = "sample"
title = "Sample manual"
contents_url = "{url}"
"""
URLWATCH_HOOKS = f"import urlwatch.worker\nurlwatch.worker.MAX_WORKERS = {CONCURRENCY}\n"
URLWATCH_CONFIG = """\
display: {new: true, error: true, unchanged: false}
report:
  text: {line_length: 75, details: true, footer: false, minimal: false, separate: false}
  stdout: {enabled: true, color: false}
  html: {diff: unified, separate: false}
  email: {enabled: false}
"""


def _urlwatch_jobs(urls: list[str], selector: str) -> str:
    return "---\n".join(f"name: chapter {n}\nurl: {url}\nfilter:\n  - css: '{selector}'\n"
                        "  - html2text\n" for n, url in enumerate(urls, 1))


@dataclass(frozen=True)
class Tool:
    name: str
    command: list[str]


def tools(folder: Path, manual: Manual, base: str) -> tuple[Tool, Tool]:
    (folder / "mw").mkdir()
    (folder / "uw").mkdir()
    config = folder / "mw" / "config.toml"
    config.write_text(MANUALWATCH_CONFIG.format(folder=folder / "mw", concurrency=CONCURRENCY,
                                                url=base + contents_path(manual.layout)))
    urls = folder / "uw" / "urls.yaml"
    urls.write_text(_urlwatch_jobs(chapter_urls(manual, base), CONTENT[manual.layout]))
    (folder / "uw" / "hooks.py").write_text(URLWATCH_HOOKS)
    (folder / "uw" / "urlwatch.yaml").write_text(URLWATCH_CONFIG)
    uw = folder / "uw"
    return (Tool("manualwatch", [str(MANUALWATCH), "--config", str(config), "run",
                                 "--no-email", "--json"]),
            Tool("urlwatch", [str(URLWATCH), "--urls", str(urls), "--config",
                              str(uw / "urlwatch.yaml"), "--hooks", str(uw / "hooks.py"),
                              "--cache", str(uw / "cache.db")]))


def timed(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one child process, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env | {"HOME": str(PEER)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def one_repetition(manual: Manual, base: str) -> dict[tuple[str, str], tuple]:
    """(tool, run) -> (wall, CPU, bytes, connections) for the three runs of both tools, from
    empty state."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="peer-") as name:
        both = tools(Path(name), manual, base)
        for run in RUNS:
            for tool in both:
                manual.edition, manual.failing = (2, None) if run == "changed" else (1, None)
                if run == "changed":
                    urls = chapter_urls(manual, base)
                    manual.failing = urls[len(urls) // 2].removeprefix(base)
                manual.reset()
                wall, cpu = timed(tool.command)
                sent, _, connections = manual.reset()
                results[(tool.name, run)] = (wall, cpu, sent, connections)
        manual.edition, manual.failing = 1, None
    return results


def start_up(command: list[str], repeat: int) -> float:
    return statistics.median(timed(command)[0] for _ in range(repeat))


def bench_layout(layout: str, repeat: int) -> list[tuple]:
    manual = Manual(layout)
    server = _Server(manual)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        samples = [one_repetition(manual, base) for _ in range(repeat)]
    finally:
        server.shutdown()
    rows = []
    for run in RUNS:
        mw = [statistics.median(s[("manualwatch", run)][i] for s in samples) for i in range(4)]
        uw = [statistics.median(s[("urlwatch", run)][i] for s in samples) for i in range(4)]
        rows.append((layout, run, *uw, *mw, mw[0] / uw[0], mw[1] / uw[1],
                     mw[2] / uw[2] if uw[2] else float("nan")))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--layout", action="append", choices=sorted(CONTENT))
    parser.add_argument("--quick", action="store_true",
                        help="once, the current layout only (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.layout = 1, ["current"]
    ensure_urlwatch()
    for package in ("manualwatch", "crawler", "differ", "store", "notifier", "matching"):
        compileall.compile_dir(HERE.parent / package, quiet=1)
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores, load average {load:.2f} at start; medians of "
          f"{args.repeat}; {CONCURRENCY} requests at once, no delay, for both\n")
    header = ("layout", "run", "uw wall s", "uw CPU s", "uw bytes", "uw conns", "mw wall s",
              "mw CPU s", "mw bytes", "mw conns", "wall mw/uw", "CPU mw/uw", "bytes mw/uw")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    full = {}
    for layout in args.layout or sorted(CONTENT):
        for row in bench_layout(layout, args.repeat):
            full.setdefault(layout, {})[row[1]] = row
            print("| " + " | ".join(_cell(v) for v in row) + " |", flush=True)
    print()
    for layout, runs in full.items():
        share = runs["unchanged"][8] / runs["first"][8]
        print(f"{layout}: manualwatch's unchanged rerun downloads {share:.1%} of its full crawl")
    help_mw = start_up([str(MANUALWATCH), "--help"], args.repeat)
    help_uw = start_up([str(URLWATCH), "--help"], args.repeat)
    print(f"\n`--help` start-up: urlwatch {help_uw:.3f} s, manualwatch {help_mw:.3f} s, "
          f"ratio {help_mw / help_uw:.2f}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


if __name__ == "__main__":
    main()
