"""Counterparts in a real store: the threshold from config decides, and a refresh re-sketches
only chapters whose text changed, drops chapters gone, and re-matches around them."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from manualwatch.config import ConfigError, load_config
from manualwatch.cycle.counterparts import Refresh, refresh_counterparts
from store import open_database
from store.chapters import create_chapter, update_chapter
from store.counterparts import (
    REINDEX_FROM,
    Sketched,
    counterparts_of,
    put_sketches,
    replacing_sketches,
    sketch_hashes,
)
from store.runs import finish_run, start_run
from store.versions import add_version

BASE = " ".join(f"Sentence {n} of the national procedure says what staff must do in case {n}."
                for n in range(40))
LOCAL = BASE + " In Northshire the record also goes to the partnership business unit."
OTHER = " ".join(f"Foster carer review {n} looks at the household and the placement {n}."
                 for n in range(40))
MANUALS = ["a", "b", "c"]


def run(db: sqlite_utils.Database, manual: str, day: str, texts: dict[str, str]) -> dict[str, int]:
    """One accepted run of `manual` storing `texts` (url -> text); returns url -> chapter id."""
    run_id = start_run(db, manual, f"{day}T02:00:00Z")
    ids = {}
    for url, text in texts.items():
        row = db.execute("SELECT id FROM chapters WHERE manual=? AND url=?", [manual, url]
                         ).fetchone()
        ids[url] = row[0] if row else create_chapter(
            db, manual, url=url, number="1", numbers=["1"], title=url, section="", flag=None,
            run_id=run_id)
        add_version(db, chapter_id=ids[url], run_id=run_id, seen_at=f"{day}T02:00:00Z",
                    text=text)
    finish_run(db, run_id, status="ok", finished_at=f"{day}T02:01:00Z", baseline=False,
               chapters=len(texts), fetched=len(texts), not_modified=0, errors=[], skipped=[])
    return ids


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "store.db")


@pytest.mark.parametrize(("threshold", "expected", "foster"),
                         [(0.5, ["b"], ["c"]), (0.99, [], [])], ids=["default", "strict"])
def test_the_threshold_decides_what_counts_as_a_counterpart(
        db: sqlite_utils.Database, threshold: float, expected: list[str],
        foster: list[str]) -> None:
    a = run(db, "a", "2026-11-02", {"a/s47": BASE, "a/foster": OTHER})
    b = run(db, "b", "2026-11-02", {"b/s47": LOCAL})
    run(db, "c", "2026-11-02", {"c/other": OTHER.replace("household", "family")})
    refresh_counterparts(db, MANUALS, threshold)
    found = counterparts_of(db, a["a/s47"])
    assert [c.manual for c in found] == expected
    assert all(c.other_id == b["b/s47"] and 0.9 < c.similarity < 1 for c in found)
    assert [c.manual for c in counterparts_of(db, a["a/foster"])] == foster


def test_a_refresh_touches_only_what_changed(db: sqlite_utils.Database) -> None:
    a = run(db, "a", "2026-11-02", {"a/s47": BASE, "a/foster": OTHER})
    b = run(db, "b", "2026-11-02", {"b/s47": BASE, "b/foster": OTHER})
    run(db, "c", "2026-11-02", {"c/s47": BASE})
    assert refresh_counterparts(db, MANUALS, 0.5) == Refresh(sketched=5, dropped=0, rematched=5)
    assert refresh_counterparts(db, MANUALS, 0.5) == Refresh(0, 0, 0)
    before = sketch_hashes(db)
    run(db, "b", "2026-11-16", {"b/s47": LOCAL})
    result = refresh_counterparts(db, MANUALS, 0.5)
    assert (result.sketched, result.dropped) == (1, 0)
    after = sketch_hashes(db)
    assert {k for k in after if after[k] != before[k]} == {b["b/s47"]}
    similarity = {c.manual: c.similarity for c in counterparts_of(db, a["a/s47"])}
    assert similarity["b"] < 1 and similarity["c"] == 1
    update_chapter(db, b["b/foster"], listed=False)
    assert refresh_counterparts(db, MANUALS, 0.5).dropped == 1
    assert [c.manual for c in counterparts_of(db, a["a/foster"])] == []


@pytest.mark.parametrize("value", ["0", "1.5", "'high'"])
def test_a_bad_threshold_is_a_config_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[matching]\nthreshold = {value}\n\n[[manuals]]\nname = 'a'\ntitle = 'A'\n"
                    "contents_url = 'http://127.0.0.1:9/contents/contents'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[matching\] threshold"):
        load_config(path)


def test_many_sketches_written_at_once_replace_the_old_and_keep_the_index(
        db: sqlite_utils.Database) -> None:
    run_id = start_run(db, "a", "2026-11-02T02:00:00Z")
    ids = [create_chapter(db, "a", url=f"a/{n}", number=str(n), numbers=[str(n)], title=str(n),
                          section="", flag=None, run_id=run_id) for n in range(REINDEX_FROM)]
    for values in ((1, 2), (2, 3)):  # the second writing replaces the first
        with replacing_sketches(db, ids):
            put_sketches(db, [(Sketched(c, "a", "h", b""), [c * 10 + v for v in values])
                              for c in ids])
    rows = db.execute("SELECT chapter_id, value FROM sketch_values").fetchall()
    assert sorted(rows) == sorted((c, c * 10 + v) for c in ids for v in (2, 3))
    plan = db.execute("EXPLAIN QUERY PLAN DELETE FROM sketch_values WHERE chapter_id=1"
                      ).fetchall()
    assert "sketch_values_chapter" in str(plan)
