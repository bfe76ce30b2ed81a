"""A short email to the admin address when a run fails, is quarantined or could not be
published.

Queued in the outbox like a digest (subscriber_id 0), so it is sent at most once per run and
retried like any other row when the server is away.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

import sqlite_utils

from manualwatch.clock import Clock, iso, london_display, utc_now
from manualwatch.config import Config, ManualConfig
from manualwatch.ops.email_problems import advice, happened
from store import outbox
from store.models import OutboxItem, Run
from store.runs import get_run, recent_runs

ALERTED = ("failed", "quarantined")
MAX_ERRORS = 10


_WHAT = {"failed": "failed", "quarantined": "was held back (quarantined)"}


def alert_text(run: Run, manual: ManualConfig) -> str:
    """The plain-text body: what happened, the first errors, and what to do."""
    finished = london_display(run.finished_at) if run.finished_at else "not recorded"
    what = ("was not published" if run.publish_ok is False
            else _WHAT.get(run.status, "ended " + run.status))
    lines = [f"manualwatch run {run.id} of {manual.title} ({manual.name}) {what}.",
             f"Started {london_display(run.started_at)}, finished {finished}.", ""]
    if run.publish_ok is False:
        lines += ["Publishing it failed (appendix, feeds or email queuing):",
                  f"  {run.publish_error}",
                  "The next run tries again; `manualwatch status` shows what is pending.", ""]
    elif run.status == "quarantined":
        lines += [f"It found {len(run.changes)} changes, more than the quarantine guard allows;",
                  "nothing was published. Look at them, then either",
                  f"  manualwatch approve {run.id}   (publish them)",
                  f"  manualwatch reject {run.id}    (discard them)", ""]
    else:
        lines += ["Nothing was published. The next run compares with the last good state.", ""]
    for error in run.errors[:MAX_ERRORS]:
        url, reason = error.get("url", ""), error.get("error", "")
        reason = reason[len(url) + 2:] if url and reason.startswith(f"{url}: ") else reason
        lines.append(f"- {url}: {reason}")
    if len(run.errors) > MAX_ERRORS:
        lines.append(f"- ... and {len(run.errors) - MAX_ERRORS} more errors")
    return "\n".join(lines).rstrip() + "\n"


def alert_message(run: Run, manual: ManualConfig, sender: str, to: str,
                  now: datetime | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    what = "not published" if run.publish_ok is False else run.status
    msg["Subject"] = f"[manualwatch] {manual.name}: run {run.id} {what}"
    msg["Date"] = format_datetime(now or datetime.now(UTC))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "manualwatch.invalid"
    msg["Message-ID"] = make_msgid(f"alert.run{run.id}", domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(alert_text(run, manual))
    return msg


def queue_alert(db: sqlite_utils.Database, config: Config, manual: ManualConfig, *,
                clock: Clock = utc_now) -> bool:
    """Queue an alert about the manual's latest run if it failed or was quarantined."""
    if not config.email_admin:
        return False
    latest = recent_runs(db, manual.name, limit=1)
    if not latest or (latest[0].status not in ALERTED and latest[0].publish_ok is not False):
        return False
    run = latest[0]
    msg = alert_message(run, manual, config.email_from, config.email_admin, clock())
    slot = outbox.PUBLISH_ALERT if run.publish_ok is False else outbox.ADMIN
    return outbox.queue_message(db, run_id=run.id, subscriber_id=slot,
                                recipient=config.email_admin, subject=str(msg["Subject"]),
                                message=msg.as_string(), now=iso(clock()))


_KINDS = {"failed": (outbox.EMAIL_FAILED_ALERT, "digests failed"),
          "uncertain": (outbox.EMAIL_UNCERTAIN_ALERT, "digests uncertain")}


def email_alert_text(run: Run, items: list[OutboxItem]) -> str:
    lines = [f"manualwatch: {len(items)} digest(s) of run {run.id} of {run.manual} "
             "need you.", ""]
    for item in items[:MAX_ERRORS]:
        lines += [f"- {happened(item)}", f"  what to do: {advice(item)}"]
    if len(items) > MAX_ERRORS:
        lines.append(f"- ... and {len(items) - MAX_ERRORS} more (see `manualwatch status`)")
    return "\n".join(lines) + "\n"


def queue_email_alerts(db: sqlite_utils.Database, config: Config, items: list[OutboxItem], *,
                       clock: Clock = utc_now) -> int:
    """Tell the admin about digests that failed or became uncertain; at most one alert per
    run and kind. Returns how many alerts were queued."""
    if not config.email_admin:
        return 0
    groups: dict[tuple[int, str], list[OutboxItem]] = {}
    for item in items:
        groups.setdefault((item.run_id, item.status), []).append(item)
    queued = 0
    for (run_id, status), group in groups.items():
        slot, what = _KINDS[status]
        run = get_run(db, run_id)
        msg = EmailMessage()
        msg["From"] = config.email_from
        msg["To"] = config.email_admin
        msg["Subject"] = f"[manualwatch] {run.manual}: run {run.id} {what}"
        msg["Date"] = format_datetime(clock())
        domain = parseaddr(config.email_from)[1].rpartition("@")[2] or "manualwatch.invalid"
        msg["Message-ID"] = make_msgid(f"alert.email.run{run.id}", domain=domain)
        msg["Auto-Submitted"] = "auto-generated"
        msg.set_content(email_alert_text(run, group))
        queued += outbox.queue_message(db, run_id=run.id, subscriber_id=slot,
                                       recipient=config.email_admin,
                                       subject=str(msg["Subject"]), message=msg.as_string(),
                                       now=iso(clock()))
    return queued
