"""One cycle of one manual: crawl, store, diff, then publish (appendix and email).

Data flows one way: the crawler yields pages, each is stored as it arrives (its version and
change in one transaction), the differ is asked about texts that changed, and the notifier
renders what the store recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

from crawler.crawl import fetch_chapters, fetch_contents
from crawler.documents import DocumentSettings
from crawler.errors import CrawlError
from crawler.fetcher import Fetcher
from crawler.models import ChapterRef, CrawlSettings, FetchedPage, Validators
from differ.chapter import diff_chapter
from differ.groups import edits_of
from differ.words import count_words
from manualwatch.clock import Clock, iso, utc_now
from manualwatch.config import Config, ManualConfig
from manualwatch.cycle.documents import DEAD, DocumentRun, run_documents
from manualwatch.cycle.guards import GuardSettings, changed_guard, collapse_guard, listed_guard
from manualwatch.cycle.identity import Listed, could_be, decide_kind, group_listing, match_vanished
from store.change_edits import record_edits
from store.changes import add_change
from store.chapters import (
    chapter_columns,
    chapter_states,
    create_chapter,
    hold_state,
    mark_seen,
    record_listing,
    update_chapter,
)
from store.database import transaction
from store.models import Change, ChapterState, PreviousRef, Run
from store.runs import (
    finish_run,
    get_run,
    has_baseline,
    mark_abandoned_runs,
    record_progress,
    start_run,
)
from store.versions import add_version, get_version, text_hash

Progress = Callable[[int, int, str], None]  # (done, total, url)


@dataclass
class _Cycle:
    """What one run has learnt so far."""

    db: sqlite_utils.Database
    manual: ManualConfig
    run_id: int
    now: str
    baseline: bool
    listing: dict[str, Listed]
    known: dict[str, ChapterState]
    vanished: dict[str, ChapterState]
    guard_settings: GuardSettings = field(default_factory=GuardSettings)
    claimed: set[str] = field(default_factory=set)
    unresolved: list[Listed] = field(default_factory=list)
    touched: dict[int, ChapterState | None] = field(default_factory=dict)  # before this run
    guards: list[str] = field(default_factory=list)
    bytes_read: int = 0
    fetched: int = 0
    not_modified: int = 0
    errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # chapters seen as they were
    dead_pages: dict[str, int] = field(default_factory=dict)  # chapter URL -> 404/410


def crawl_settings(config: Config) -> CrawlSettings:
    return CrawlSettings(delay_seconds=config.delay_seconds,
                         timeout_seconds=config.timeout_seconds, user_agent=config.user_agent,
                         retries=config.retries, max_bytes=config.max_bytes,
                         concurrency=config.concurrency, extra_hosts=config.extra_hosts)


def document_settings(config: Config) -> DocumentSettings:
    return DocumentSettings(enabled=config.documents_enabled,
                            max_bytes=config.documents_max_bytes,
                            types=config.documents_types)


def guard_settings(config: Config) -> GuardSettings:
    return GuardSettings(min_listed_share=config.min_listed_share,
                         max_changed_share=config.max_changed_share,
                         min_kept_share=config.min_kept_share)


def run_manual(db: sqlite_utils.Database, config: Config, manual: ManualConfig, *,
               clock: Clock = utc_now, progress: Progress | None = None,
               fetcher: Fetcher | None = None) -> Run:
    """Crawl one manual and store what changed; returns the finished run."""
    started = iso(clock())
    mark_abandoned_runs(db, manual.name, started, url=manual.contents_url,
                        reason="the process died")
    run_id = start_run(db, manual.name, started)
    fetcher = fetcher or Fetcher(crawl_settings(config))
    hosts = frozenset(config.extra_hosts)
    try:
        contents = fetch_contents(fetcher, manual.contents_url, hosts)
    except CrawlError as exc:
        finish_run(db, run_id, status="failed", finished_at=iso(clock()), baseline=False,
                   chapters=0, fetched=0, not_modified=0,
                   errors=[{"url": manual.contents_url,
                            "error": exc.reason if exc.url == manual.contents_url else str(exc)}],
                   skipped=[])
        return get_run(db, run_id)
    cycle = _start_cycle(db, manual, run_id, started, contents.refs)
    cycle.guard_settings = guard_settings(config)
    cycle.bytes_read = contents.nbytes
    _guard_listing(cycle)
    _crawl_pages(cycle, fetcher, contents.refs, progress)
    mark_seen(db, cycle.unchanged, run_id)
    _record_removed(cycle)
    _guard_changes(cycle)
    status = _status(cycle)
    if status == "quarantined":
        _hold(cycle)
    elif config.documents_enabled:
        _documents(cycle, fetcher, document_settings(config), hosts)
    finish_run(db, run_id, status=status, finished_at=iso(clock()),
               baseline=cycle.baseline and has_baseline(db, manual.name),
               chapters=len(cycle.listing), fetched=cycle.fetched,
               not_modified=cycle.not_modified, errors=cycle.errors, skipped=cycle.skipped,
               bytes_read=cycle.bytes_read, guard="; ".join(cycle.guards) or None)
    return get_run(db, run_id)


def _documents(cycle: _Cycle, fetcher: Fetcher, settings: DocumentSettings,
               hosts: frozenset[str]) -> None:
    """The documents step; its failures join the run's errors without making it partial
    (the run's status is the chapters')."""
    listed = [url for url, item in cycle.listing.items() if not item.offsite]
    step = DocumentRun(db=cycle.db, manual=cycle.manual.name, run_id=cycle.run_id,
                       now=cycle.now, baseline=cycle.baseline, listed_urls=listed,
                       hosts=hosts, dead_pages=dict(cycle.dead_pages),
                       resources_url=cycle.manual.resources_url)
    run_documents(step, fetcher, settings)
    cycle.errors.extend(step.errors)
    cycle.skipped.extend(step.skipped)
    cycle.bytes_read += step.bytes_read


def _start_cycle(db: sqlite_utils.Database, manual: ManualConfig, run_id: int, now: str,
                 refs: tuple[ChapterRef, ...]) -> _Cycle:
    listing = group_listing(refs)
    record_listing(db, run_id, [
        {"number": r.number, "title": r.title, "url": r.url, "section": r.section,
         "group": r.group, "flag": r.flag, "date": r.date, "offsite": r.offsite}
        for r in refs if r.number is not None])
    baseline = not has_baseline(db, manual.name)
    known = chapter_states(db, manual.name)
    if baseline:  # everything listed now is the baseline, fetched or not (one commit)
        with transaction(db):
            for item in listing.values():
                if not item.offsite and item.url not in known:
                    _create(db, manual.name, item, run_id)
        known = chapter_states(db, manual.name)
    vanished = {url: s for url, s in known.items() if s.listed and url not in listing}
    return _Cycle(db=db, manual=manual, run_id=run_id, now=now, baseline=baseline,
                  listing=listing, known=known, vanished=vanished)


def _create(db: sqlite_utils.Database, manual: str, item: Listed, run_id: int) -> int:
    return create_chapter(db, manual, url=item.url, number=item.number, numbers=item.numbers,
                          title=item.title, section=item.section, flag=item.flag, run_id=run_id)


def _crawl_pages(cycle: _Cycle, fetcher: Fetcher, refs: tuple[ChapterRef, ...],
                 progress: Progress | None) -> None:
    validators = {url: Validators(s.etag, s.last_modified) for url, s in cycle.known.items()
                  if s.latest_version_id is not None}
    wanted = [r for r in refs if r.number is not None]
    total = len(cycle.listing)
    for done, page in enumerate(fetch_chapters(fetcher, wanted, validators), 1):
        _take_page(cycle, page)
        if progress:
            progress(done, total, page.url)


def _take_page(cycle: _Cycle, page: FetchedPage) -> None:
    item = cycle.listing[page.url]
    cycle.bytes_read += page.nbytes
    if page.skipped:
        cycle.skipped.append({"url": page.url, "reason": page.skipped})
        return
    if page.error or not page.ok:
        if page.status in DEAD:
            cycle.dead_pages[page.url] = page.status
        cycle.errors.append({"url": page.url, "error": page.error or f"HTTP {page.status}"})
        if page.url not in cycle.known:
            cycle.unresolved.append(item)
        _record_progress(cycle)
        return
    if page.not_modified:
        cycle.not_modified += 1
    else:
        cycle.fetched += 1
    state = cycle.known.get(page.url)
    if state is None and page.text is not None:
        state = _recognise(cycle, item, page.text)
    with transaction(cycle.db):
        if state is None:
            _store_new(cycle, item, page)
        else:
            _store_known(cycle, state, item, page)
        _record_progress(cycle)


def _record_progress(cycle: _Cycle) -> None:
    """Counts so far on the run's row, so `status` and an interrupted run tell the truth."""
    record_progress(cycle.db, cycle.run_id, chapters=len(cycle.listing), fetched=cycle.fetched,
                    not_modified=cycle.not_modified, errors=cycle.errors)


def _recognise(cycle: _Cycle, item: Listed, text: str) -> ChapterState | None:
    candidates = [s for url, s in cycle.vanished.items() if url not in cycle.claimed]
    found = match_vanished(item, text, text_hash(text), candidates, lambda s: _text_of(cycle, s))
    if found is not None:
        cycle.claimed.add(found.url)
    return found


def _text_of(cycle: _Cycle, state: ChapterState) -> str | None:
    if state.latest_version_id is None:
        return None
    return get_version(cycle.db, state.latest_version_id).text


def _store_new(cycle: _Cycle, item: Listed, page: FetchedPage) -> None:
    chapter_id = _create(cycle.db, cycle.manual.name, item, cycle.run_id)
    cycle.touched[chapter_id] = None
    version_id = _add_version(cycle, chapter_id, page)
    update_chapter(cycle.db, chapter_id, etag=page.etag, last_modified=page.last_modified)
    if not cycle.baseline:
        add_change(cycle.db, _change(cycle, "new", chapter_id, item, to_version=version_id))


def _add_version(cycle: _Cycle, chapter_id: int, page: FetchedPage) -> int:
    return add_version(cycle.db, chapter_id=chapter_id, run_id=cycle.run_id, seen_at=cycle.now,
                       text=page.text or "", page_title=page.page_title,
                       amendment=page.amendment, links=page.links)


def _store_known(cycle: _Cycle, state: ChapterState, item: Listed, page: FetchedPage) -> None:
    new_hash = text_hash(page.text) if page.text is not None else state.latest_hash
    version_id = None
    if page.text is not None and new_hash != state.latest_hash:
        version_id = _add_version(cycle, state.id, page)
    quiet = cycle.baseline or state.latest_hash is None
    kind = None if quiet else decide_kind(state, item, new_hash != state.latest_hash)
    cycle.touched.setdefault(state.id, state)
    if kind is not None:
        diff = None
        if kind == "updated":
            old = get_version(cycle.db, state.latest_version_id).text  # type: ignore[arg-type]
            diff = diff_chapter(old, page.text or "", item.title)
            _guard_collapse(cycle, item, old, page.text or "")
        change = add_change(cycle.db, _change(cycle, kind, state.id, item, prev=state,
                                              diff=diff, to_version=version_id))
        if diff is not None:  # kept for grouping identical edits later, without a re-diff
            record_edits(cycle.db, change.id, [(e.removed, e.added) for e in edits_of(diff)])
    listing = {"url": item.url, "number": item.number, "numbers": tuple(item.numbers),
               "title": item.title, "section": item.section, "flag": item.flag,
               "listed": True, "etag": page.etag or state.etag,
               "last_modified": page.last_modified or state.last_modified}
    if kind is None and version_id is None and \
            all(getattr(state, name) == value for name, value in listing.items()):
        cycle.unchanged.append(state.id)  # nothing to write now; last_run set at the end
        return
    update_chapter(cycle.db, state.id, **listing, last_run=cycle.run_id)


def _change(cycle: _Cycle, kind: str, chapter_id: int, item: Listed, *,
            prev: ChapterState | None = None, diff=None, to_version: int | None = None) -> Change:
    return Change(
        kind=kind, chapter_id=chapter_id, number=item.number, title=item.title, url=item.url,
        numbers=item.numbers, section=item.section,
        previous=None if prev is None else PreviousRef(prev.number, prev.title, prev.url),
        publisher_flag=item.flag,
        words_added=diff.words_added if diff else 0,
        words_removed=diff.words_removed if diff else 0,
        counts_exact=diff.exact if diff else True,
        sections=diff.sections if diff else (), section_paths=diff.section_paths if diff else (),
        run_id=cycle.run_id, seen_at=cycle.now,
        from_version_id=prev.latest_version_id if prev else None, to_version_id=to_version,
    )


def _record_removed(cycle: _Cycle) -> None:
    for url, state in cycle.vanished.items():
        if url in cycle.claimed or any(could_be(u, state) for u in cycle.unresolved):
            continue
        cycle.touched.setdefault(state.id, state)
        with transaction(cycle.db):
            if not cycle.baseline:
                gone = Listed(url=state.url, number=state.number, numbers=state.numbers,
                              title=state.title, section=state.section, flag=None, date=None,
                              offsite=False)
                add_change(cycle.db, _change(cycle, "removed", state.id, gone, prev=state))
            update_chapter(cycle.db, state.id, listed=False, last_run=cycle.run_id)


def _guard_listing(cycle: _Cycle) -> None:
    known = sum(1 for s in cycle.known.values() if s.listed)
    on_site = sum(1 for item in cycle.listing.values() if not item.offsite)
    _add_guard(cycle, listed_guard(on_site, known, cycle.guard_settings))


def _guard_collapse(cycle: _Cycle, item: Listed, old: str, new: str) -> None:
    label = f"{item.number} {item.title}"
    _add_guard(cycle, collapse_guard(label, count_words(old), count_words(new),
                                     cycle.guard_settings))


def _guard_changes(cycle: _Cycle) -> None:
    if cycle.baseline:
        return
    changed = cycle.db.execute(
        "SELECT count(*) FROM changes WHERE run_id=? AND kind != 'renumbered'",
        [cycle.run_id]).fetchone()[0]
    known = sum(1 for s in cycle.known.values() if s.listed)
    _add_guard(cycle, changed_guard(changed, known, cycle.guard_settings))


def _add_guard(cycle: _Cycle, reason: str | None) -> None:
    if reason:
        cycle.guards.append(reason)


def _hold(cycle: _Cycle) -> None:
    """Keep the run's view of each chapter aside and restore the last accepted one, so the
    next run compares with the accepted state (and fetches in full, not with stale ETags)."""
    for chapter_id, before in cycle.touched.items():
        with transaction(cycle.db):
            hold_state(cycle.db, cycle.run_id, chapter_id, chapter_columns(cycle.db, chapter_id))
            if before is None:
                update_chapter(cycle.db, chapter_id, listed=False, held_run=cycle.run_id)
            else:
                update_chapter(cycle.db, chapter_id, url=before.url, number=before.number,
                               numbers=before.numbers, title=before.title,
                               section=before.section, flag=before.flag, listed=before.listed,
                               etag=before.etag, last_modified=before.last_modified)


def _status(cycle: _Cycle) -> str:
    if cycle.guards:
        return "quarantined"
    if not cycle.errors:
        return "ok"
    if cycle.fetched or cycle.not_modified:
        return "partial"
    return "failed"
