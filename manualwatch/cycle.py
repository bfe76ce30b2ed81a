"""The nightly cycle over every configured manual: run, write the appendix, email."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from manualwatch.appendix import write_appendix
from manualwatch.clock import Clock, utc_now
from manualwatch.config import Config, ManualConfig
from manualwatch.mailing import SendReport, queue_digests, send_pending, skip_email
from manualwatch.pipeline import Progress, run_manual
from notifier.transport import SmtpTransport, Transport
from store.models import Run
from store.runs import PUBLISHED


def smtp_transport(config: Config) -> Transport | None:
    """The configured SMTP transport, or None when email is disabled."""
    if not config.email_enabled:
        return None
    return SmtpTransport(config.smtp_host, config.smtp_port, config.smtp_security,
                         config.smtp_username or None, config.smtp_password,
                         timeout=config.timeout_seconds)


def run_cycle(db: sqlite_utils.Database, config: Config, manuals: Sequence[ManualConfig], *,
              transport: Transport | None, clock: Clock = utc_now,
              progress: Progress | None = None) -> tuple[list[Run], SendReport]:
    """One run of each manual, then its appendix and its digests; one failure never stops
    the others."""
    runs = []
    for manual in manuals:
        run = run_manual(db, config, manual, clock=clock, progress=progress)
        runs.append(run)
        if run.status in PUBLISHED and not run.baseline and run.changes:
            write_appendix(db, config, manual)
        if transport is None:
            skip_email(db, manual)
        else:
            queue_digests(db, config, manual, clock=clock)
    report = send_pending(db, transport, clock=clock) if transport else SendReport()
    return runs, report
