"""Email after a run: one digest per subscriber per run, queued in the outbox, then sent.

Email follows stored changes, not the process that stored them: every published run whose
digests were never queued is queued by the next call. Each digest is rendered once, when it
is queued; delivery (manualwatch.publish.delivery) sends the stored message at most once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlite_utils

from differ import DiffError, diff_chapter
from differ.models import ChapterDiff
from manualwatch.clock import Clock, iso, utc_now
from manualwatch.config import Config, ManualConfig
from manualwatch.cycle.following import bind_follows, followed_changes, followed_documents
from manualwatch.ops.alerts import queue_alert, queue_email_alerts
from manualwatch.publish.ack_links import acknowledgement_url
from manualwatch.publish.delivery import SendReport, preview_pending, send_pending
from manualwatch.publish.reached import reached_notices
from manualwatch.terminal import one_line
from store import outbox
from store.chapters import chapter_states, listing_of
from store.database import transaction
from store.documents import get_document_version
from store.models import Change, DocumentChange, Run, Subscriber
from store.runs import get_run, runs_awaiting_email, set_email_state
from store.subscribers import list_subscribers
from store.versions import get_version

if TYPE_CHECKING:  # the digest's templates are imported when a digest is queued
    from notifier.digest import DigestParts
    from notifier.models import Reached
    from notifier.transport import Transport

__all__ = ["SendReport", "deliver", "preview_pending", "queue_digests", "send_pending",
           "skip_email",
           "unsubscribe_mailto", "unsubscribe_url"]
CHUNK = 500  # digests queued per commit: a crash loses at most this many, requeued next time


def unsubscribe_url(config: Config, token: str) -> str:
    """The one-click link (GET shows a confirmation, POST unsubscribes: RFC 8058)."""
    return f"{config.web_base_url.rstrip('/')}/unsubscribe/{token}"


def unsubscribe_mailto(config: Config, token: str) -> str | None:
    """The mailto part of List-Unsubscribe, to `[email] unsubscribe_to`; None when unset."""
    if not config.email_unsubscribe_to:
        return None
    return f"mailto:{config.email_unsubscribe_to}?subject=unsubscribe%20{token}"


def queue_digests(db: sqlite_utils.Database, config: Config, manual: ManualConfig, *,
                  clock: Clock = utc_now) -> int:
    """Queue the digests of every published run not yet queued; returns how many.

    Also binds chapter subscriptions made before the baseline to their chapters, and
    queues an admin alert when the manual's latest run failed or was quarantined.
    """
    bind_follows(db, manual.name)
    queued = 0
    subscribers = list_subscribers(db, manual.name)
    for run_id in runs_awaiting_email(db, manual.name):
        queued += _queue_run(db, config, manual, get_run(db, run_id), subscribers, clock)
        set_email_state(db, run_id, "queued")
    queue_alert(db, config, manual, clock=clock)
    return queued


def _queue_run(db: sqlite_utils.Database, config: Config, manual: ManualConfig, run: Run,
               subscribers: list[Subscriber], clock: Clock) -> int:
    from notifier.digest import DigestParts

    parts = DigestParts(run, config.web_base_url, run_diffs(db, run.changes),
                        document_diffs(db, run.documents))
    linking = linking_chapters(db, manual.name) if run.documents else {}
    headings = contents_headings(db, run, tuple(linking.values()))
    queued = 0
    for start in range(0, len(subscribers), CHUNK):
        with transaction(db):
            for subscriber in subscribers[start:start + CHUNK]:
                changes = followed_changes(subscriber.follows, run.changes, headings)
                documents = followed_documents(subscriber.follows, run.documents, linking,
                                               headings)
                if changes or documents:
                    queued += _queue_one(db, config, manual, run, subscriber, changes, parts,
                                         clock, documents)
    with transaction(db):
        for subscriber, home, reached in reached_notices(db, config, run):
            queued += _queue_one(db, config, home, run, subscriber, [], parts, clock,
                                 reached=reached)
    return queued


def _queue_one(db: sqlite_utils.Database, config: Config, manual: ManualConfig, run: Run,
               subscriber: Subscriber, changes: list[Change], parts: DigestParts,
               clock: Clock, documents: list[DocumentChange] | None = None, *,
               reached: list[Reached] | None = None) -> bool:
    """Queue one digest; one that cannot be built fails its own row, never the others.
    `manual` is the subscriber's; `reached` (for a subscriber of another manual than the
    run's) what the run took up of the changes they follow."""
    try:
        return _queue_built(db, config, manual, run, subscriber, changes, parts, clock,
                            documents, reached)
    except Exception as exc:  # noqa: BLE001 - recorded on the row, shown in `status`
        return outbox.queue_failure(
            db, run_id=run.id, subscriber_id=subscriber.id, recipient=subscriber.email,
            subject=f"{manual.name}: run {run.id}", now=iso(clock()),
            error=one_line(f"the digest could not be built: {type(exc).__name__}: {exc}"))


def _queue_built(db: sqlite_utils.Database, config: Config, manual: ManualConfig, run: Run,
                 subscriber: Subscriber, changes: list[Change], parts: DigestParts,
                 clock: Clock, documents: list[DocumentChange] | None = None,
                 reached: list[Reached] | None = None) -> bool:
    from notifier.digest import build_digest, message_source, short_title

    ack = acknowledgement_url(db, config.web_base_url, run_id=run.id,
                              subscriber_id=subscriber.id, email=subscriber.email,
                              change_ids=[c.id for c in changes], now=iso(clock())) \
        if changes else None
    digest = build_digest(subscriber.email, manual.name, manual.title, run, changes,
                          config.web_base_url, unsubscribe_url(config, subscriber.token),
                          ack_url=ack, parts=parts, documents=documents, reached=reached)
    message = message_source(digest, config.email_from, clock(),
                             unsubscribe_mailto=unsubscribe_mailto(config, subscriber.token),
                             list_name=f"{short_title(manual.title)} changes")
    return outbox.queue_message(
        db, run_id=run.id, subscriber_id=subscriber.id, recipient=subscriber.email,
        subject=digest.subject, message=message, now=iso(clock()))


def run_diffs(db: sqlite_utils.Database, changes: tuple[Change, ...]) -> dict[int, ChapterDiff]:
    """The word diff of each updated chapter of a run, from the two stored versions."""
    diffs = {}
    for change in changes:
        if change.kind != "updated" or not (change.from_version_id and change.to_version_id):
            continue
        try:
            old = get_version(db, change.from_version_id)
            new = get_version(db, change.to_version_id)
            diffs[change.id] = diff_chapter(old.text, new.text, change.title)
        except DiffError:
            continue  # the digest still says what changed, without the sentences
    return diffs


def contents_headings(db: sqlite_utils.Database, run: Run, extra: tuple[Change, ...] = ()
                      ) -> dict[int, tuple[str, ...]]:
    """For each changed chapter (and each of `extra`), the contents section and group
    headings it is listed under."""
    places: dict[str, set[str]] = {}
    for row in listing_of(db, run.id):
        places.setdefault(row["url"], set()).update(h for h in (row["section"], row["grp"]) if h)
    return {c.chapter_id: tuple(sorted(places.get(c.url, set()) | {c.section} - {""}))
            for c in (*run.changes, *extra)}


def linking_chapters(db: sqlite_utils.Database, manual: str) -> dict[str, Change]:
    """Contents number -> that chapter as a record follows can be matched against (documents
    name the chapters that link them by number)."""
    found: dict[str, Change] = {}
    for state in chapter_states(db, manual).values():
        if not state.listed:
            continue
        chapter = Change(kind="linked", chapter_id=state.id, number=state.number,
                         title=state.title, url=state.url, numbers=state.numbers,
                         section=state.section)
        for number in state.numbers or ((state.number,) if state.number else ()):
            found.setdefault(number, chapter)
    return found


def document_diffs(db: sqlite_utils.Database, documents: tuple[DocumentChange, ...]
                   ) -> dict[int, ChapterDiff]:
    """The word diff of each document of a run whose text changed."""
    diffs = {}
    for change in documents:
        if change.kind == "updated" and change.has_text and change.from_version_id \
                and change.to_version_id:
            old = get_document_version(db, change.from_version_id)
            new = get_document_version(db, change.to_version_id)
            diffs[change.id] = diff_chapter(old.text, new.text, change.title)
    return diffs


def skip_email(db: sqlite_utils.Database, manual: ManualConfig) -> None:
    """Email is off for this run: its digests are never queued (nor sent later)."""
    for run_id in runs_awaiting_email(db, manual.name):
        set_email_state(db, run_id, "skipped")


def deliver(db: sqlite_utils.Database, config: Config, transport: Transport, *,
            clock: Clock = utc_now, retry_uncertain: bool = False) -> SendReport:
    """Send what the outbox holds; a digest that failed or became uncertain now is told to
    the admin address at once (one alert per run and kind)."""
    known = {item.id for item in outbox.problems(db)}
    report = send_pending(db, transport, clock=clock, retry_uncertain=retry_uncertain)
    fresh = [item for item in outbox.problems(db) if item.id not in known]
    if fresh and queue_email_alerts(db, config, fresh, clock=clock):
        send_pending(db, transport, clock=clock)
    return report
