"""A queued outbox without a crawl: one run with one change, one digest per address."""

from __future__ import annotations

import sqlite_utils

from notifier.digest import build_digest, to_message
from store import outbox
from store.models import Change, Run

SEEN = "2026-11-22T02:00:00Z"
RUN = Run(id=1, manual="sample", status="ok", baseline=False, started_at=SEEN, finished_at=None)
CHANGE = Change(kind="new", chapter_id=1, number="1.1", title="A chapter",
                url="https://example.org/a", id=1, run_id=1, seen_at=SEEN)


def queue_digests(db: sqlite_utils.Database, people: list[str]) -> None:
    """Store run 1 and queue one digest of CHANGE for each address (subscriber ids 1, 2, …)."""
    db.execute("INSERT INTO runs (id, manual, status, started_at, email) VALUES "
               f"(1, 'sample', 'ok', '{SEEN}', 'queued')")
    db.conn.commit()
    for number, person in enumerate(people, 1):
        digest = build_digest(person, "sample", "Sample Manual", RUN, [CHANGE],
                              "https://mw.example.org", None)
        outbox.queue_message(db, run_id=1, subscriber_id=number, recipient=person,
                             subject=digest.subject,
                             message=to_message(digest, "mw@example.org").as_string(), now=SEEN)
