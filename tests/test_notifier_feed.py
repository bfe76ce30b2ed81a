"""The appendix as an Atom feed: valid Atom (feedparser, bozo == 0), one entry per change (and
per linked document's record) with ids that stay the same across regenerations."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from notifier.appendix import build_amendments
from notifier.feed import render_atom
from store.models import Change
from tests.conftest import Manualwatch
from tests.samplewalk import Walk, published, walk_editions

BASE = "https://norfolkcs.trixonline.co.uk/chapter/"


def rec(kind: str, number: str, title: str, seen_at: str) -> Change:
    return Change(kind=kind, chapter_id=1, number=number, title=title,
                  url=BASE + title.lower().replace(" ", "-"), seen_at=seen_at)


def atom(changes: list[Change]) -> str:
    doc = build_amendments([(c.seen_at[:10], [c]) for c in changes])
    return render_atom(doc, manual="norfolk-cs", manual_title="Norfolk <CS> & Co",
                       base_url="http://127.0.0.1:8000")


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> Walk:
    return walk_editions(tmp_path_factory.mktemp("feed"), "classic")


def feed_of(walk: Walk, tmp_path: Path, *args: str) -> feedparser.FeedParserDict:
    out = tmp_path / f"feed{len(list(tmp_path.iterdir()))}.xml"
    result = Manualwatch(walk.config_path)("amendments", "--format", "atom", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return feedparser.parse(out.read_bytes())


def test_the_feed_is_valid_atom_with_one_entry_per_change(walk: Walk, tmp_path: Path) -> None:
    parsed = feed_of(walk, tmp_path)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    changes = [c for run in walk.runs.values() for c in run.changes if c.kind != "renumbered"]
    documents = [d for run in walk.runs.values() for d in run.documents]
    assert len(parsed.entries) == len(changes) + len(documents)
    assert parsed.feed.links[0].href == "http://127.0.0.1:8000/amendments"
    first = parsed.entries[0]
    assert first.updated.startswith(published(3))
    assert first.link.startswith(walk.base_url)
    assert "<del" in first.content[0].value or "<ins" in first.content[0].value


def test_ids_are_stable_across_regenerations(walk: Walk, tmp_path: Path) -> None:
    one, two = feed_of(walk, tmp_path), feed_of(walk, tmp_path)
    ids = [e.id for e in one.entries]
    assert ids == [e.id for e in two.entries] and len(set(ids)) == len(ids)
    assert one.feed.updated == two.feed.updated
    later = feed_of(walk, tmp_path, "--since", published(3))
    assert {e.id for e in later.entries} < set(ids)


def test_an_entry_id_depends_only_on_its_change() -> None:
    a = rec("new", "5.1.7", "Staying Put", "2026-06-01T02:00:00Z")
    b = rec("updated", "1.2", "Contacts", "2026-09-07T02:00:00Z")
    alone = feedparser.parse(atom([a]))
    together = feedparser.parse(atom([b, a]))
    assert alone.bozo == 0 and together.bozo == 0
    assert alone.entries[0].id in {e.id for e in together.entries}
    assert together.feed.title == "Amendments: Norfolk <CS> & Co"


def test_an_empty_appendix_is_still_a_valid_feed() -> None:
    parsed = feedparser.parse(atom([]))
    assert parsed.bozo == 0 and parsed.entries == []
