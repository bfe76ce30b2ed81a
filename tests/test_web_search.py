"""Search: FTS5 over every version's text, kept current by triggers; any typed text is a
valid query; results show the chapter, the matching versions' dates and a marked snippet."""

from __future__ import annotations

from pathlib import Path

import pytest

from manualwatch.web.formatting import snippet
from store.search import SearchError, fts_query, search
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
