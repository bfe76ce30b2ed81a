"""A database filled by real runs over the sample manual's three editions (a subscriber who
follows everything, digests delivered to a real SMTP server), and the review application
served for real on 127.0.0.1, for the web tests."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import sqlite_utils
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from manualwatch.clock import Clock
from manualwatch.config import Config, load_config
from manualwatch.cycle.nightly import run_cycle, smtp_transport
from manualwatch.samplesite import EDITIONS, SampleSite
from manualwatch.web import create_app
from store import open_database
from store.models import Follow, Run
from store.subscribers import subscribe
from tests.conftest import write_config
from tests.samplewalk import clock_at, published
from tests.smtpserver import Mailbox, smtp_server
from tests.walkcache import walked_once

STAFF = "staff@example.org"


@dataclass
class Reviewed:
    """What the editions walk left: config, database, runs by edition, mail received."""

    folder: Path
    config_path: Path
    config: Config
    db: sqlite_utils.Database
    runs: dict[int, Run]
    mailbox: Mailbox


def walk_with_mail(folder: Path, extra_config: str = "") -> Reviewed:
    """Editions 1, 2, 3 of the sample manual, each run on its publication day, with email, in
    `folder` (walked once per test process and copied: see tests/walkcache.py)."""
    walked = walked_once(("with-mail", extra_config), folder,
                         lambda private: _walk_with_mail(private, extra_config))
    config_path = folder / walked.config_path.name
    config = load_config(config_path)
    box = walked.mailbox
    mailbox = Mailbox(box.port, messages=list(box.messages), raw=list(box.raw),
                      attempts=box.attempts)
    return Reviewed(folder, config_path, config, open_database(config.store_path),
                    dict(walked.runs), mailbox)


def _walk_with_mail(folder: Path, extra_config: str) -> Reviewed:
    with SampleSite(layout="current", edition=EDITIONS[0]).start() as site, \
            smtp_server() as box:
        config_path = write_config(folder, site.contents_url, smtp_port=box.port)
        if extra_config:
            config_path.write_text(config_path.read_text("utf-8") + extra_config, "utf-8")
        config = load_config(config_path)
        db = open_database(config.store_path)
        subscribe(db, STAFF, "sample", [Follow(kind="all")], now="2026-01-01T00:00:00Z")
        runs = {}
        for edition in EDITIONS:
            site.set_edition(edition)
            done, _ = run_cycle(db, config, config.manuals, transport=smtp_transport(config),
                                clock=clock_at(published(edition)))
            runs[edition] = done[0]
    return Reviewed(folder, config_path, config, db, runs, box)


@contextlib.contextmanager
def serving(config: Config, clock: Clock | None = None) -> Iterator[str]:
    """The review app on a free port of 127.0.0.1 for the block; yields its base URL."""
    app = create_app(config, clock=clock) if clock else create_app(config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    return lxml.html.fromstring(html).xpath("string(//input[@name='csrf_token']/@value)")


def sign_in(client: FlaskClient, name: str, password: str) -> None:
    """Sign a test client in as a reviewer through the sign-in form."""
    token = csrf_of(client.get("/login").get_data(as_text=True))
    answer = client.post("/login", data={"name": name, "password": password,
                                         "csrf_token": token})
    assert answer.status_code == 302, answer.get_data(as_text=True)


def reachable_pages(client: FlaskClient) -> dict[str, str]:
    """Every page reachable by links from the dashboard: path -> HTML ("" for non-HTML)."""
    seen: dict[str, str] = {}
    todo = ["/"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        answer = client.get(path)
        assert answer.status_code == 200, path
        seen[path] = answer.get_data(as_text=True) if answer.mimetype == "text/html" else ""
        if seen[path]:
            todo += [h.split("#")[0] for h in lxml.html.fromstring(seen[path]).xpath("//a/@href")
                     if h.startswith("/") and not h.startswith("/static/")]
    return seen
