"""Each version keeps its links (migration 0004_version_links)."""

from __future__ import annotations

from pathlib import Path

from store import open_database
from store.chapters import create_chapter
from store.runs import start_run
from store.versions import add_version, get_version, versions_of

NOW = "2026-11-25T02:00:00Z"


def test_links_are_stored_per_version(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    assert "links" in db["versions"].columns_dict
    run = start_run(db, "m", NOW)
    cid = create_chapter(db, "m", url="http://x/a", number="1", numbers=["1"], title="A",
                         section="", flag=None, run_id=run)
    links = (("Referral Form", "http://x/f.docx"), ("GOV.UK", "https://gov.uk/"))
    first = add_version(db, chapter_id=cid, run_id=run, seen_at=NOW, text="t", links=links)
    assert get_version(db, first).links == links
    run2 = start_run(db, "m", NOW)
    add_version(db, chapter_id=cid, run_id=run2, seen_at=NOW, text="u")
    assert [v.links for v in versions_of(db, cid)] == [links, ()]
