"""Email after a run: one digest per subscriber per run, queued in the outbox, then sent.

Email follows stored changes, not the process that stored them: every published run whose
digests were never queued is queued by the next call. A digest row is marked `sending` in its
own commit before the SMTP transaction, so a crash can never make a rerun send it twice.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass

import sqlite_utils

from manualwatch.clock import Clock, iso, utc_now
from manualwatch.config import Config, ManualConfig
from manualwatch.following import followed_changes
from notifier.digest import build_digest, to_message
from notifier.errors import NotifierError
from notifier.transport import Transport
from store import outbox
from store.runs import get_run, runs_awaiting_email, set_email_state
from store.subscribers import list_subscribers


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0
    uncertain: int = 0


def unsubscribe_url(config: Config, token: str) -> str:
    return f"{config.web_base_url.rstrip('/')}/unsubscribe/{token}"


def queue_digests(db: sqlite_utils.Database, config: Config, manual: ManualConfig, *,
                  clock: Clock = utc_now) -> int:
    """Queue the digests of every published run not yet queued; returns how many."""
    queued = 0
    subscribers = list_subscribers(db, manual.name)
    for run_id in runs_awaiting_email(db, manual.name):
        run = get_run(db, run_id)
        for subscriber in subscribers:
            changes = followed_changes(subscriber.follows, run.changes)
            if not changes:
                continue
            digest = build_digest(subscriber.email, manual.name, manual.title, run, changes,
                                  config.web_base_url, unsubscribe_url(config, subscriber.token))
            message = to_message(digest, config.email_from)
            queued += outbox.queue_message(
                db, run_id=run_id, subscriber_id=subscriber.id, recipient=subscriber.email,
                subject=digest.subject, message=message.as_string(), now=iso(clock()))
        set_email_state(db, run_id, "queued")
    return queued


def skip_email(db: sqlite_utils.Database, manual: ManualConfig) -> None:
    """Email is off for this run: its digests are never queued (nor sent later)."""
    for run_id in runs_awaiting_email(db, manual.name):
        set_email_state(db, run_id, "skipped")


def send_pending(db: sqlite_utils.Database, transport: Transport, *, clock: Clock = utc_now,
                 retry_uncertain: bool = False) -> SendReport:
    """Deliver queued digests (and, when asked, uncertain ones) at most once each."""
    outbox.mark_uncertain(db)
    statuses = ("queued", "failed", "uncertain") if retry_uncertain else ("queued", "failed")
    sent = failed = 0
    for item in outbox.items(db, *statuses):
        outbox.set_status(db, item.id, "sending")
        message = email.message_from_string(item.message, policy=email.policy.default)
        try:
            transport.send(message)
        except (NotifierError, OSError) as exc:
            outbox.set_status(db, item.id, "failed", error=str(exc))
            failed += 1
            continue
        outbox.set_status(db, item.id, "sent", now=iso(clock()))
        sent += 1
    remaining = len(outbox.items(db, "uncertain"))
    return SendReport(sent=sent, failed=failed, uncertain=remaining)
