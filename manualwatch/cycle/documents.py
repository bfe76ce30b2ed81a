"""The documents step of a run, after the chapters: find the documents the listed chapters
link, fetch each politely (conditional GET; a 304 or the same bytes cost nothing more), store a
version when its text (or, without text, its bytes) changed, record new/updated/removed, and
note every link of a listed chapter that answered 404/410 (documents and other chapters)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urldefrag

import sqlite_utils

from crawler.crawl import fetch_page
from crawler.documents import DocumentLink, DocumentSettings, LinkingChapter, document_links
from crawler.documents import fetch_document as fetch_one
from crawler.documents.models import FetchedDocument
from crawler.errors import FetchError
from crawler.fetcher import Fetcher
from crawler.models import Validators
from crawler.robots import robots_for
from differ.chapter import diff_chapter
from store.chapters import chapter_states
from store.database import transaction
from store.documents import (
    add_broken_links,
    add_document_change,
    add_document_version,
    create_document,
    document_states,
    get_document_version,
    links_of_versions,
    update_document,
)
from store.models import BrokenLink, ChapterState, DocumentChange, DocumentState
from store.versions import text_hash

DEAD = (404, 410)
RESOURCES = "resources"  # linked_from of a document the documents library lists


@dataclass
class DocumentRun:
    """What the documents step needs from the run, and what it adds to it."""

    db: sqlite_utils.Database
    manual: str
    run_id: int
    now: str
    baseline: bool
    listed_urls: list[str]  # listed chapter URLs, contents order
    hosts: frozenset[str]
    dead_pages: dict[str, int]  # chapter URLs that answered 404/410 this run
    resources_url: str | None = None  # the manual's documents library page, if configured
    errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    bytes_read: int = 0
    fetched: int = 0
    not_modified: int = 0


def run_documents(run: DocumentRun, fetcher: Fetcher, settings: DocumentSettings) -> None:
    """The whole step; one failing document is recorded and never stops the others."""
    chapters = chapter_states(run.db, run.manual)
    linking = _linking(run, chapters)
    states = document_states(run.db, run.manual)
    sources = [(c, links) for c, _, links in linking]
    if run.resources_url:
        sources.append(_library(run, fetcher, states))
    found = document_links(sources, run.hosts, settings.types,
                           pages=chapters.keys() | set(run.listed_urls))
    dead: dict[str, int] = dict(run.dead_pages)
    robots = robots_for(fetcher)
    for link in found:
        if not robots.allowed(link.url):
            run.skipped.append({"url": link.url, "reason": "robots.txt"})
            continue
        status = _take(run, fetcher, settings, link, states.get(link.url))
        if status in DEAD:
            dead[link.url] = status
    _record_removed(run, states, {d.url for d in found})
    dead.update(_dead_chapter_links(run, fetcher, linking, chapters, dead))
    _record_broken(run, linking, dead)


def _library(run: DocumentRun, fetcher: Fetcher, states: dict[str, DocumentState]
             ) -> tuple[LinkingChapter, tuple[tuple[str, str], ...]]:
    """The documents library page as a linking source named "resources" (after the chapters).
    A library that cannot be read this run keeps what it listed last time (an error, no
    document removed)."""
    assert run.resources_url is not None
    library = LinkingChapter(RESOURCES, "Resources", run.resources_url)
    if robots_for(fetcher).allowed(run.resources_url):
        page = fetch_page(fetcher, run.resources_url)
        if page.ok and page.text is not None:
            return library, page.links
        run.errors.append({"url": run.resources_url,
                           "error": page.error or page.skipped or f"HTTP {page.status}"})
    else:
        run.skipped.append({"url": run.resources_url, "reason": "robots.txt"})
    return library, tuple((s.title, url) for url, s in states.items()
                          if s.listed and RESOURCES in s.linked_from)


def _linking(run: DocumentRun, chapters: dict[str, ChapterState]
             ) -> list[tuple[LinkingChapter, ChapterState, tuple[tuple[str, str], ...]]]:
    """Each listed chapter with a stored version, contents order, with its latest links."""
    states = [s for s in (chapters.get(url) for url in run.listed_urls)
              if s is not None and s.latest_version_id is not None]
    links = links_of_versions(run.db, (s.latest_version_id for s in states
                                       if s.latest_version_id is not None))
    return [(LinkingChapter(s.number, s.title, s.url), s, links.get(s.latest_version_id or 0, ()))
            for s in states]


def _take(run: DocumentRun, fetcher: Fetcher, settings: DocumentSettings, link: DocumentLink,
          state: DocumentState | None) -> int:
    validators = None
    if link.type is None and state is not None:  # known by its Content-Type before
        link = replace(link, type=state.type)
    if state is not None and (state.latest_version_id is not None or state.skipped):
        validators = Validators(state.etag, state.last_modified)
    page = fetch_one(fetcher, link, settings, validators,
                     state.raw_sha256 if state and state.latest_version_id else None)
    run.bytes_read += page.nbytes
    if link.type is None:
        if page.type is None:  # no document after all (or no answer to tell): not tracked
            return page.status
        link = replace(link, type=page.type)
    if _quiet(state, link, page):  # an unchanged night writes nothing
        run.not_modified += 1
        return page.status
    with transaction(run.db):
        if state is None:
            doc_id = create_document(run.db, run.manual, url=link.url, title=link.title,
                                     type=link.type, linked_from=link.linked_from,
                                     run_id=run.run_id)
        else:
            doc_id = state.id
        skipped = page.skipped or (state.skipped if state and page.not_modified else None)
        update_document(run.db, doc_id, title=link.title, type=link.type,
                        linked_from=link.linked_from, listed=True, last_run=run.run_id,
                        status=page.status, error=page.error, skipped=skipped)
        if skipped and not page.skipped:
            run.skipped.append({"url": link.url, "reason": f"{skipped}, unchanged"})
            return page.status
        _store(run, doc_id, link, state, page)
    return page.status


def _quiet(state: DocumentState | None, link: DocumentLink, page: FetchedDocument) -> bool:
    """A 304 for a document whose title, type, linking chapters and last status are as
    stored: nothing to record."""
    return (state is not None and page.not_modified and not state.skipped
            and state.status == 304 and state.listed and state.title == link.title
            and state.type == link.type and state.linked_from == link.linked_from)


def _store(run: DocumentRun, doc_id: int, link: DocumentLink, state: DocumentState | None,
           page: FetchedDocument) -> None:
    if page.skipped:
        run.skipped.append({"url": link.url, "reason": page.skipped})
        update_document(run.db, doc_id, etag=page.etag, last_modified=page.last_modified)
        return
    if page.error:
        run.errors.append({"url": link.url, "error": page.error})
        return
    if page.not_modified:
        run.not_modified += 1
        return
    run.fetched += 1
    update_document(run.db, doc_id, etag=page.etag, last_modified=page.last_modified,
                    raw_sha256=page.raw_sha256)
    if page.text is None and page.no_text is None:
        return  # the same bytes as last read
    new_hash = text_hash(page.text) if page.text is not None else f"bytes:{page.raw_sha256}"
    previous = state.latest_hash if state is not None else None
    if new_hash == previous:
        return
    version_id = add_document_version(
        run.db, document_id=doc_id, run_id=run.run_id, seen_at=run.now, text_hash=new_hash,
        text=page.text, raw_sha256=page.raw_sha256 or "", nbytes=page.nbytes,
        no_text=page.no_text)
    if run.baseline:
        return
    if previous is None:
        _record(run, "new", doc_id, link, to_version=version_id)
        return
    assert state is not None and state.latest_version_id is not None
    old = get_document_version(run.db, state.latest_version_id)
    change = _record_update(run, doc_id, link, old.text if old.has_text else None, page.text)
    add_document_change(run.db, DocumentChange(
        **change, from_version_id=old.id, to_version_id=version_id))


def _record_update(run: DocumentRun, doc_id: int, link: DocumentLink, old: str | None,
                   new: str | None) -> dict:
    base = {"kind": "updated", "document_id": doc_id, "url": link.url, "title": link.title,
            "type": link.type, "linked_from": link.linked_from, "run_id": run.run_id,
            "seen_at": run.now}
    if old is None or new is None:
        return {**base, "has_text": False}
    diff = diff_chapter(old, new, link.title)
    return {**base, "words_added": diff.words_added, "words_removed": diff.words_removed,
            "sections": diff.sections}


def _record(run: DocumentRun, kind: str, doc_id: int, link: DocumentLink, *,
            to_version: int | None = None) -> None:
    add_document_change(run.db, DocumentChange(
        kind=kind, document_id=doc_id, url=link.url, title=link.title, type=link.type,
        linked_from=link.linked_from, run_id=run.run_id, seen_at=run.now,
        to_version_id=to_version))


def _record_removed(run: DocumentRun, states: dict[str, DocumentState], linked: set[str]
                    ) -> None:
    for url, state in states.items():
        if not state.listed or url in linked:
            continue
        with transaction(run.db):
            if not run.baseline and state.latest_version_id is not None:
                add_document_change(run.db, DocumentChange(
                    kind="removed", document_id=state.id, url=url, title=state.title,
                    type=state.type, linked_from=state.linked_from, run_id=run.run_id,
                    seen_at=run.now, from_version_id=state.latest_version_id))
            update_document(run.db, state.id, listed=False, last_run=run.run_id)


def _dead_chapter_links(run: DocumentRun, fetcher: Fetcher, linking: list, chapters:
                        dict[str, ChapterState], known_dead: dict[str, int]) -> dict[str, int]:
    """Links to chapters of the manual no longer listed: asked (conditionally) whether they
    still answer; those answering 404/410 are dead."""
    listed = set(run.listed_urls)
    targets = {urldefrag(url).url for _, _, links in linking for _, url in links}
    dead: dict[str, int] = {}
    robots = robots_for(fetcher)
    for url in sorted(targets):
        state = chapters.get(url)
        if state is None or url in listed or url in known_dead or not robots.allowed(url):
            continue
        try:
            fetcher.get(url, Validators(state.etag, state.last_modified))
        except FetchError as exc:
            if exc.status in DEAD:
                dead[url] = exc.status
    return dead


def _record_broken(run: DocumentRun, linking: list, dead: dict[str, int]) -> None:
    found: list[BrokenLink] = []
    for chapter, state, links in linking:
        seen: set[str] = set()
        for _, url in links:
            target = urldefrag(url).url
            if target in dead and target not in seen and target != chapter.url:
                seen.add(target)
                found.append(BrokenLink(run.run_id, state.id, state.number, state.title,
                                        chapter.url, target, f"HTTP {dead[target]}"))
    add_broken_links(run.db, found)
