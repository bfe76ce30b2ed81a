"""A store holding a chapter whose title, section, text, notes and sign-off carry markup
that would run if it were not escaped, written through the store's own functions."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from manualwatch.config import Config, load_config
from store import open_database
from store.changes import add_change
from store.chapters import create_chapter
from store.models import Change, Follow
from store.reviews import sign_off
from store.runs import finish_run, start_run
from store.subscribers import subscribe
from store.versions import add_version
from tests.conftest import write_config

SCRIPT = '<script>alert("mw-xss")</script>'
IMG = '<img src=x onerror=alert("mw-xss")>'
TITLE = f"Safeguarding {SCRIPT}"
OLD = "## 1. Purpose\nStaff record every visit.\n## 2. Timescales\nVisits happen monthly."
NEW = (f"## 1. Purpose {IMG}\nStaff record every visit {SCRIPT} at once.\n"
       f"## 2. Timescales\nVisits happen weekly {IMG}.")


def hostile_store(folder: Path) -> tuple[Config, sqlite_utils.Database, int]:
    """Two runs of one chapter; returns the config, the database and the change id."""
    config = load_config(write_config(folder, "http://127.0.0.1:9/contents/contents",
                                      smtp_port=2525))
    db = open_database(config.store_path)
    url = "http://127.0.0.1:9/chapter/x?a=1&b=<b>"
    first = start_run(db, "sample", "2026-03-02T02:00:00Z")
    chapter = create_chapter(db, "sample", url=url, number="1.1", numbers=["1.1"], title=TITLE,
                             section=f"1. All {IMG}", flag=None, run_id=first)
    old = add_version(db, chapter_id=chapter, run_id=first, seen_at="2026-03-02T02:00:00Z",
                      text=OLD)
    finish_run(db, first, status="ok", finished_at="2026-03-02T02:01:00Z", baseline=True,
               chapters=1, fetched=1, not_modified=0, errors=[], skipped=[])
    second = start_run(db, "sample", "2026-06-01T02:00:00Z")
    new = add_version(db, chapter_id=chapter, run_id=second, seen_at="2026-06-01T02:00:00Z",
                      text=NEW, amendment=f"Updated {SCRIPT}")
    change = add_change(db, Change(
        kind="updated", chapter_id=chapter, number="1.1", title=TITLE, url=url, numbers=("1.1",),
        section=f"1. All {IMG}", publisher_flag=f"Updated {IMG}", words_added=9,
        words_removed=1, sections=(f"1. Purpose {IMG}",), section_paths=((f"1. Purpose {IMG}",),),
        run_id=second, seen_at="2026-06-01T02:00:00Z", from_version_id=old,
        to_version_id=new))
    finish_run(db, second, status="ok", finished_at="2026-06-01T02:01:00Z", baseline=False,
               chapters=1, fetched=1, not_modified=0,
               errors=[{"url": url, "error": SCRIPT}], skipped=[])
    sign_off(db, change.id, reviewer=f"Eve {IMG}", decision="action_needed", note=SCRIPT,
             now="2026-06-02T09:00:00Z")
    subscribe(db, "staff@example.org", "sample", [Follow(kind="all")], now="2026-01-01T00:00:00Z")
    return config, db, change.id
