"""What the attacks on the review app share: a small store holding personal data (two staff
addresses, an acknowledgement, a reviewer's sign-off with a note), a clock the test moves, and
a requests session that signs in and posts forms like a browser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import requests
import sqlite_utils

from manualwatch.config import Config, load_config
from manualwatch.publish.ack_links import acknowledgement_url
from manualwatch.web.passwords import hash_password
from store.acknowledgements import acknowledge, find_token
from store.models import Follow
from store.reviews import add_reviewer, sign_off
from store.subscribers import subscribe
from tests.conftest import write_config
from tests.webstore import chapter_store

REVIEWER, PASSWORD = "Rita Reviewer", "rita's long password"
READER, WAITING = "reader@example.org", "waiting@example.org"
NOTE = "Private note: speak to Jo about the Smith family"


@dataclass
class Attacked:
    """The store under attack: config, database, the change and the readers' ack tokens."""

    config: Config
    db: sqlite_utils.Database
    change_id: int
    tokens: dict[str, str]  # email -> /ack/ token
    unsubscribe: dict[str, str]  # email -> /unsubscribe/ token


def attacked_store(folder: Path, extra_config: str = "") -> Attacked:
    path = write_config(folder, "http://127.0.0.1:9/contents")
    if extra_config:
        path.write_text(path.read_text("utf-8") + extra_config, "utf-8")
    config = load_config(path)
    db, (change,) = chapter_store(config.store_path, ["Visits happen monthly.",
                                                      "Visits happen weekly."])
    tokens, unsubscribe = {}, {}
    for n, email in enumerate((READER, WAITING), 1):
        subscribe(db, email, "sample", [Follow(kind="all")], now="2026-01-01T00:00:00Z")
        link = acknowledgement_url(db, config.web_base_url, run_id=change.run_id,
                                   subscriber_id=n, email=email, change_ids=[change.id],
                                   now="2026-02-01T00:00:00Z")
        tokens[email] = link.rsplit("/", 1)[1]
        unsubscribe[email] = db.execute("SELECT token FROM subscribers WHERE email=?",
                                        [email]).fetchone()[0]
    acknowledge(db, find_token(db, tokens[READER]), "2026-02-02T09:00:00Z")
    add_reviewer(db, REVIEWER, hash_password(PASSWORD), "2026-01-01T00:00:00Z")
    sign_off(db, change.id, reviewer=REVIEWER, decision="action_needed", note=NOTE,
             now="2026-02-03T09:00:00Z")
    return Attacked(config, db, change.id, tokens, unsubscribe)


class MovingClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, start: datetime = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def csrf(session: requests.Session, url: str) -> str:
    """The CSRF token in the forms of the page at `url` (a GET, as a browser would)."""
    page = session.get(url, timeout=30)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, (url, page.status_code)
    return match.group(1)


def sign_in(session: requests.Session, base: str, name: str = REVIEWER,
            password: str = PASSWORD, next_path: str = "", **headers: str
            ) -> requests.Response:
    """POST the sign-in form (redirects not followed)."""
    return session.post(base + "/login", data={"name": name, "password": password,
                                               "next": next_path,
                                               "csrf_token": csrf(session, base + "/login")},
                        headers=headers, allow_redirects=False, timeout=60)


def signed_in_as(session: requests.Session, base: str) -> str | None:
    """The reviewer the page header names, or None."""
    match = re.search(r"Signed in as ([^<]+)</span>", session.get(base + "/", timeout=30).text)
    return match.group(1) if match else None


def crawl(session: requests.Session, base: str) -> dict[str, requests.Response]:
    """Every page reachable by links from `/`: path (with query) -> response."""
    seen: dict[str, requests.Response] = {}
    todo = ["/"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        answer = session.get(base + path, timeout=60, allow_redirects=False)
        seen[path] = answer
        if answer.headers.get("Content-Type", "").startswith("text/html"):
            for href in lxml.html.fromstring(answer.text or "<p/>").xpath("//a/@href"):
                target = urlsplit(urljoin(base + path, href))
                if target.netloc == urlsplit(base).netloc:
                    todo.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen
