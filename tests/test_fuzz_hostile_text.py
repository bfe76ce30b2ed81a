"""Fuzz (hypothesis): random Unicode, control and bidi characters included, goes through
extract -> store -> every renderer (HTML, Markdown, Atom, JSON, email, terminal); each
output parses and holds no raw control character."""

from __future__ import annotations

import email
import email.policy
import html as htmllib
import json
import re
import tempfile
from pathlib import Path

import feedparser
import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import extract_chapter
from differ import diff_chapter
from manualwatch.config import ManualConfig
from manualwatch.cycle.report import run_summary
from manualwatch.publish.appendix import amendments, render
from manualwatch.publish.mailing import run_diffs
from manualwatch.terminal import escape_output
from notifier.digest import DigestParts, build_digest, message_source
from store import open_database
from store.changes import add_change
from store.chapters import create_chapter
from store.models import Change, PreviousRef
from store.runs import finish_run, get_run, start_run
from store.versions import add_version

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MANUAL = ManualConfig("fuzz", "Fuzz manual", "http://127.0.0.1:9/contents/contents")
HOSTILE = st.sampled_from(["\x00", "\x02", "\x07", "\x1b", "\x1b[31m", "\x1b]0;x\x07", "\x7f",
                           "\x85", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069", "\r", "\t",
                           "&#x2;", "&#27;", "&#x202e;", "<", "&", "\ufffe"])
WORDS = st.lists(st.one_of(st.text(min_size=1, max_size=12), HOSTILE), min_size=1, max_size=30)


def _page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>x</title></head><body><main>"
            f"<h1>{htmllib.escape(title)}</h1><h2>1. Part {title}</h2>{body}"
            f'<p><a href="/form.pdf">{title}</a></p></main></body></html>')


def _paragraphs(words: list[str]) -> list[str]:
    return [" ".join(words[i:i + 5]) for i in range(0, len(words), 5)]


def _store(folder: Path, title: str, old: str, new: str) -> int:
    db = open_database(folder / "fuzz.db")
    first = start_run(db, "fuzz", "2026-12-01T02:00:00Z")
    chapter = create_chapter(db, "fuzz", url="https://example.org/c", number="1.1",
                             numbers=["1.1"], title=title, section="1. All", flag=None,
                             run_id=first)
    base = add_version(db, chapter_id=chapter, run_id=first, seen_at="2026-12-01T02:00:00Z",
                       text=old)
    finish_run(db, first, status="ok", finished_at="2026-12-01T02:01:00Z", baseline=True,
               chapters=1, fetched=1, not_modified=0, errors=[], skipped=[])
    run = start_run(db, "fuzz", "2026-12-02T02:00:00Z")
    latest = add_version(db, chapter_id=chapter, run_id=run, seen_at="2026-12-02T02:00:00Z",
                         text=new)
    result = diff_chapter(old, new, title)
    add_change(db, Change(kind="updated", chapter_id=chapter, number="1.1", title=title,
                          url="https://example.org/c", numbers=("1.1",),
                          previous=PreviousRef("1.1", title, "https://example.org/c"),
                          words_added=result.words_added, words_removed=result.words_removed,
                          sections=result.sections, run_id=run, seen_at="2026-12-02T02:00:00Z",
                          from_version_id=base, to_version_id=latest))
    finish_run(db, run, status="ok", finished_at="2026-12-02T02:01:00Z", baseline=False,
               chapters=1, fetched=1, not_modified=0,
               errors=[{"url": "https://example.org/c", "error": title}], skipped=[])
    db.close()
    return run


def _clean(name: str, text: str) -> None:
    assert not RAW.search(text), (name, RAW.findall(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title_words=WORDS, old_words=WORDS, new_words=WORDS)
def test_hostile_text_is_clean_in_every_rendering(title_words: list[str], old_words: list[str],
                                                  new_words: list[str]) -> None:
    title_page = _page(" ".join(title_words), _paragraphs(old_words))
    old = extract_chapter(title_page, "https://example.org/c")
    new = extract_chapter(_page(" ".join(title_words), _paragraphs(new_words) + ["added"]),
                          "https://example.org/c")
    for part in (old.text, new.text, old.page_title or "", *(t for t, _ in new.links)):
        _clean("extract", part)
    title = old.page_title or "untitled"
    with tempfile.TemporaryDirectory() as folder:
        run_id = _store(Path(folder), title, old.text or "empty", new.text or "empty")
        db = open_database(Path(folder) / "fuzz.db")
        doc = amendments(db, "fuzz")
        run = get_run(db, run_id)
        diffs = run_diffs(db, run.changes)
        db.close()
    page = render(doc, MANUAL, "html")
    _clean("html", page)
    lxml.html.fromstring(page)
    _clean("md", render(doc, MANUAL, "md"))
    document = render(doc, MANUAL, "json")
    _clean("json", document)
    assert json.loads(document)["updates"]
    atom = render(doc, MANUAL, "atom", base_url="https://mw.example.org")
    _clean("atom", atom)
    assert feedparser.parse(atom).bozo == 0
    digest = build_digest("reader@example.org", "fuzz", "Fuzz manual", run, list(run.changes),
                          "https://mw.example.org", "https://mw.example.org/unsubscribe/t",
                          parts=DigestParts(run, "https://mw.example.org", diffs))
    source = message_source(digest, "mw@example.org")
    message = email.message_from_string(source, policy=email.policy.default)
    for subtype in ("plain", "html"):
        _clean(f"email {subtype}", message.get_body((subtype,)).get_content())
    _clean("email subject", str(message["Subject"]))
    _clean("terminal", escape_output(run_summary(run)))
