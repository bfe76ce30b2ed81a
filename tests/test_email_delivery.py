"""Delivering the outbox over a real SMTP server: one connection per batch, temporary
failures retried later, permanent ones failing only their row, nothing ever sent twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from manualwatch.publish.delivery import send_pending
from notifier.digest import build_digest, to_message
from notifier.transport import SmtpTransport
from store import open_database, outbox
from store.models import Change, Run
from tests.smtpserver import free_port, smtp_server

PEOPLE = ["ann@example.org", "bob@example.org", "cat@example.org"]
RUN = Run(id=1, manual="sample", status="ok", baseline=False,
          started_at="2026-11-22T02:00:00Z", finished_at="2026-11-22T02:03:00Z")
CHANGE = Change(kind="new", chapter_id=1, number="5.1.7", title="Staying Put",
                url="https://example.org/chapter/staying-put", id=3, run_id=1,
                seen_at="2026-11-22T02:01:00Z")


@pytest.fixture
def db(tmp_path: Path):
    """A store whose outbox holds one queued digest for each of PEOPLE."""
    database = open_database(tmp_path / "mw.db")
    database.execute("INSERT INTO runs (id, manual, status, started_at) VALUES "
                     "(1, 'sample', 'ok', '2026-11-22T02:00:00Z')")
    database.conn.commit()
    for number, person in enumerate(PEOPLE, 1):
        digest = build_digest(person, "sample", "Sample Procedure Manual", RUN, [CHANGE],
                              "https://mw.example.org", f"https://mw.example.org/u/{number}")
        outbox.queue_message(database, run_id=1, subscriber_id=number, recipient=person,
                             subject=digest.subject,
                             message=to_message(digest, "mw@example.org").as_string(),
                             now="2026-11-22T02:04:00Z")
    return database


def transport(port: int) -> SmtpTransport:
    return SmtpTransport("127.0.0.1", port, "none", timeout=5)


def rows(db) -> dict[str, tuple[str, int, str | None]]:
    return {i.recipient: (i.status, i.attempts, i.error) for i in outbox.all_items(db)}


def test_one_connection_delivers_the_whole_batch_and_a_rerun_sends_nothing(db) -> None:
    with smtp_server() as box:
        report = send_pending(db, transport(box.port))
        again = send_pending(db, transport(box.port))
    assert (report.sent, report.failed, report.deferred) == (3, 0, 0)
    assert sorted(m["To"] for m in box.messages) == PEOPLE
    assert len(box.sessions) == 1, "one SMTP session for the batch"
    assert again.sent == 0 and len(box.messages) == 3
    assert {s for s, _, _ in rows(db).values()} == {"sent"}


def test_server_down_leaves_everything_pending_then_delivers_each_once(db) -> None:
    port = free_port()  # nobody listens here yet
    down = send_pending(db, transport(port))
    assert (down.sent, down.deferred) == (0, 3)
    for status, attempts, error in rows(db).values():
        assert status == "queued" and attempts == 1 and "Connection" in error
    with smtp_server(port) as box:
        back = send_pending(db, transport(port))
        send_pending(db, transport(port))
    assert back.sent == 3
    assert sorted(m["To"] for m in box.messages) == PEOPLE


def test_451_is_retried_by_the_next_delivery(db) -> None:
    with smtp_server() as box:
        box.data_replies.append("451 4.3.0 Greylisted, try again later")
        first = send_pending(db, transport(box.port))
        assert (first.sent, first.deferred, first.failed) == (2, 1, 0)
        (later,) = [r for r, (s, _, _) in rows(db).items() if s == "queued"]
        assert rows(db)[later][1:] == (1, f"{later}: 451 4.3.0 Greylisted, try again later")
        second = send_pending(db, transport(box.port))
    assert second.sent == 1
    assert sorted(m["To"] for m in box.messages) == PEOPLE  # each exactly once
    assert rows(db)[later][:2] == ("sent", 2)


def test_550_for_one_recipient_fails_only_that_row(db) -> None:
    with smtp_server() as box:
        box.refuse["bob@example.org"] = "550 5.1.1 <bob@example.org>: no such user"
        report = send_pending(db, transport(box.port))
        again = send_pending(db, transport(box.port))
    assert (report.sent, report.failed) == (2, 1)
    assert sorted(m["To"] for m in box.messages) == ["ann@example.org", "cat@example.org"]
    status, attempts, error = rows(db)["bob@example.org"]
    assert status == "failed" and attempts == 1 and error.startswith("bob@example.org: 550")
    assert again.sent == again.failed == 0, "a permanent failure is not retried"
    assert len(box.sessions) == 1, "the refusal did not cost the batch its connection"


def test_rows_left_sending_by_a_crash_become_uncertain_and_wait_to_be_asked(db) -> None:
    first = outbox.all_items(db)[0]
    outbox.set_status(db, first.id, "sending")  # as a process killed mid-delivery leaves it
    with smtp_server() as box:
        report = send_pending(db, transport(box.port))
        assert report.uncertain == 1 and report.sent == 2
        assert first.recipient not in [m["To"] for m in box.messages]
        retried = send_pending(db, transport(box.port), retry_uncertain=True)
    assert retried.sent == 1 and retried.uncertain == 0
    assert sorted(m["To"] for m in box.messages) == PEOPLE
