"""Search: FTS5 over every version's text, kept current by triggers; any typed text is a
valid query; results show the chapter, the matching versions' dates and a marked snippet;
a very common word ranks only the newest matches, and the page says so."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from manualwatch.config import load_config
from manualwatch.web import create_app, views_search
from manualwatch.web.formatting import snippet
from store import open_database
from store.chapters import create_chapter
from store.runs import finish_run, start_run
from store.search import SearchError, fts_query, search
from store.versions import add_version
from tests.conftest import write_config
from tests.webstore import chapter_store, next_run


@pytest.mark.parametrize(("typed", "query"), [
    ("foster carer", '"foster" "carer"'),
    ('"within 10 days" review', '"within 10 days" "review"'),
    ('NEAR(a b) OR c*', '"NEAR" "a" "b" "OR" "c"'),
    ('"unclosed phrase', '"unclosed" "phrase"'),
], ids=["words", "phrase", "operators", "unbalanced"])
def test_typed_text_becomes_a_safe_query(typed: str, query: str) -> None:
    assert fts_query(typed) == query


def test_nothing_to_search_for() -> None:
    with pytest.raises(SearchError):
        fts_query(' "" -- * ')


def test_a_phrase_only_an_old_version_holds_is_found(tmp_path: Path) -> None:
    db, _ = chapter_store(tmp_path / "db", ["Visits happen within 28 days of placement.",
                                            "Visits happen within 10 days of placement."])
    next_run(db, "Visits happen within 10 days of placement, and again at six weeks.")
    [old] = search(db, '"within 28 days"')
    assert old.only_past and old.title == "Visits"
    assert [v.seen_at[:10] for v in old.versions] == ["2026-01-01"]
    assert "<mark>within 28 days</mark>" in snippet(old.snippet)
    [new] = search(db, "within 10 days")
    assert not new.only_past
    assert [v.current for v in new.versions] == [True, False]  # newest first
    assert search(db, "six weeks")[0].versions[0].current
    assert search(db, "nowhere") == []


def test_snippets_escape_the_text_and_mark_the_hits() -> None:
    assert str(snippet("a <b>\x02x\x03</b>")) == "a &lt;b&gt;<mark>x</mark>&lt;/b&gt;"


def _runs(db, manual: str, runs: list[dict[str, str]]) -> dict[str, int]:
    """One accepted run of `manual` per {chapter title: text}; returns chapter ids by title."""
    ids: dict[str, int] = {}
    for texts in runs:
        n = db.execute("SELECT count(*) FROM runs").fetchone()[0] + 1
        when = f"{2000 + n}-01-01T02:00:00Z"
        run = start_run(db, manual, when)
        for title, text in texts.items():
            ids[title] = ids.get(title) or create_chapter(
                db, manual, url=f"http://127.0.0.1:9/{manual}/{title}", number=None,
                numbers=[], title=title, section="", flag=None, run_id=run)
            add_version(db, chapter_id=ids[title], run_id=run, seen_at=when, text=text)
        finish_run(db, run, status="ok", finished_at=when, baseline=n == 1,
                   chapters=len(texts), fetched=len(texts), not_modified=0, errors=[],
                   skipped=[])
    return ids


def _dense(times: int) -> str:
    """Ten words, `times` of them "child": same length, so density alone decides rank."""
    return " ".join(["child"] * times + ["filler"] * (10 - times))


@pytest.fixture
def common(tmp_path: Path):
    """A word in (nearly) every version: manual "old" first (its O0 the densest of all, its O1
    losing the word in its last version), then manual "new", six chapters x four runs."""
    db = open_database(tmp_path / "db")
    old = _runs(db, "old", [{"O0": _dense(10), "O1": _dense(1)},
                            {"O0": _dense(10) + " again", "O1": "filler " * 10}])
    new = _runs(db, "new", [{f"N{i}": _dense(1 + i) + f" v{k}" for i in range(6)}
                            for k in range(4)])
    return db, old, new


def test_a_very_common_word_ranks_only_the_newest_matches_and_stays_bounded(common) -> None:
    db, old, new = common
    everything = search(db, "child", limit=3)  # 27 matching versions, all ranked
    assert not everything.many and [h.title for h in everything] == ["O0", "N5", "N4"]
    hits = search(db, "child", limit=3, ranked=8)  # newest 8: runs 4 and 3 of "new"
    assert hits.many and [h.title for h in hits] == ["N5", "N4", "N3"]
    for hit in hits:  # every matching version is listed, not only the ranked ones
        assert [v.seen_at[:4] for v in hit.versions] == ["2006", "2005", "2004", "2003"]
        assert [v.current for v in hit.versions] == [True, False, False, False]
        assert "<mark>child</mark>" in snippet(hit.snippet) and not hit.only_past
    assert [h.chapter_id for h in search(db, "child", limit=50, ranked=8)] == [
        new[f"N{i}"] for i in (5, 4, 3, 2, 1, 0)]  # bounded, yet every chapter ranked


def test_a_manual_filter_applies_before_ranking(common) -> None:
    db, old, _ = common
    hits = search(db, "child", manual="old", limit=3, ranked=8)
    assert not hits.many and [h.chapter_id for h in hits] == [old["O0"], old["O1"]]
    assert [h.only_past for h in hits] == [False, True]
    assert [len(h.versions) for h in hits] == [2, 1]


def test_a_chapter_with_many_matching_versions_does_not_hide_the_others(tmp_path) -> None:
    db = open_database(tmp_path / "db")
    ids = _runs(db, "m", [{"Sparse": _dense(1)}] + [{"Dense": _dense(9) + f" v{k}"}
                                                    for k in range(41)])
    hits = search(db, "child", limit=2)  # the 40 best versions are all Dense's
    assert [h.chapter_id for h in hits] == [ids["Dense"], ids["Sparse"]]
    assert len(hits[0].versions) == 41 and hits[1].versions[0].current


def test_the_page_says_when_only_the_newest_versions_were_ranked(common, tmp_path,
                                                                  monkeypatch) -> None:
    db, _, _ = common
    config = load_config(write_config(tmp_path, "http://127.0.0.1:9/contents"))
    config = replace(config, store_path=tmp_path / "db")
    client = create_app(config).test_client()
    page = lxml.html.fromstring(client.get("/search?q=child").get_data(as_text=True))
    assert page.xpath("//*[@id='many-versions']") == []
    assert page.xpath("string(//*[@id='hit-count'])") == "8 chapters found"
    monkeypatch.setattr(views_search, "RANKED", 8)
    page = lxml.html.fromstring(client.get("/search?q=child").get_data(as_text=True))
    assert "only the newest 8 of them" in page.xpath("string(//*[@id='many-versions'])")
    assert len(page.xpath("//li[@class='hit']")) == 6
