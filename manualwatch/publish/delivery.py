"""Delivering the outbox: at most once per row, one SMTP session per batch.

Each row is marked `sending` in its own commit before its SMTP transaction, so a crash
between the server's acceptance and our commit leaves it `sending`; the next delivery turns
it `uncertain` and never resends it unless asked to (`send --retry-uncertain`). A server
that cannot be reached (or answers 4xx) leaves rows queued for the next run or `send`; a
5xx refusal fails only the row it concerns.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import sqlite_utils

from manualwatch.clock import Clock, iso, utc_now
from notifier.errors import NotifierError, SendError
from notifier.transport import (
    ConnectionFailure,
    Delivery,
    EmlDirectoryTransport,
    PermanentFailure,
    Transport,
    UncertainDelivery,
)
from store import outbox
from store.models import OutboxItem


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0  # refused for good this time (5xx)
    uncertain: int = 0  # rows whose delivery is unknown, waiting for --retry-uncertain
    deferred: int = 0  # left queued after a temporary failure, for the next run or `send`


def _parsed(item: OutboxItem) -> EmailMessage:
    return email.message_from_string(item.message, policy=email.policy.default)


def _statuses(retry_uncertain: bool) -> tuple[str, ...]:
    return ("queued", "uncertain") if retry_uncertain else ("queued",)


def send_pending(db: sqlite_utils.Database, transport: Transport, *, clock: Clock = utc_now,
                 retry_uncertain: bool = False) -> SendReport:
    """Deliver queued rows (and, when asked, uncertain ones) at most once each."""
    outbox.mark_uncertain(db)
    pending = outbox.items(db, *_statuses(retry_uncertain))
    tally = {"sent": 0, "failed": 0, "deferred": 0}
    if pending:
        with transport.batch() as session:
            for index, item in enumerate(pending):
                try:
                    session.connect(item.recipient)
                except ConnectionFailure as exc:
                    rest = [i.id for i in pending[index:]]
                    outbox.defer(db, rest, exc.reason)
                    tally["deferred"] += len(rest)
                    break
                tally[_deliver(db, session, item, clock)] += 1
    return SendReport(sent=tally["sent"], failed=tally["failed"], deferred=tally["deferred"],
                      uncertain=outbox.counts(db).get("uncertain", 0))


def _deliver(db: sqlite_utils.Database, session: Delivery, item: OutboxItem,
             clock: Clock) -> str:
    """One row: 'sent', 'failed' (5xx), 'deferred' (4xx) or 'uncertain'."""
    message = _parsed(item)
    outbox.set_status(db, item.id, "sending")
    try:
        session.send(message)
    except UncertainDelivery as exc:
        outbox.set_status(db, item.id, "uncertain", error=exc.reason)
        return "uncertain"
    except PermanentFailure as exc:
        outbox.set_status(db, item.id, "failed", error=exc.reason)
        return "failed"
    except SendError as exc:
        outbox.set_status(db, item.id, "queued", error=exc.reason)
        return "deferred"
    except NotifierError as exc:
        outbox.set_status(db, item.id, "failed", error=str(exc))
        return "failed"
    outbox.set_status(db, item.id, "sent", now=iso(clock()))
    return "sent"


def preview_pending(db: sqlite_utils.Database, folder: str | Path, *,
                    retry_uncertain: bool = False) -> list[Path]:
    """`send --dry-run`: write what would be sent as .eml files; the outbox is not touched."""
    files = EmlDirectoryTransport(folder)
    before = set(files.written()) if Path(folder).exists() else set()
    for item in outbox.items(db, *_statuses(retry_uncertain)):
        files.send(_parsed(item))
    return [p for p in files.written() if p not in before]
