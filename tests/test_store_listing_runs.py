"""A contents page that lists exactly what the previous run's did is stored once: later runs
point at those rows, so the store grows with what changed, not with the nights it ran."""

from __future__ import annotations

from pathlib import Path

from manualwatch.samplesite import SampleSite
from store import open_database
from store.chapters import listing_of
from tests.conftest import Manualwatch, write_config


def _rows(db, run_id: int) -> list[tuple]:
    return [tuple(v for k, v in row.items() if k != "run_id") for row in listing_of(db, run_id)]


def test_an_unchanged_listing_is_stored_once(tmp_path: Path) -> None:
    with SampleSite(layout="current", edition=1).start() as site:
        mw = Manualwatch(write_config(tmp_path, site.contents_url))
        runs = [mw.run_json("--no-email")["runs"][0]["run_id"] for _ in range(3)]
        site.set_edition(2)
        runs += [mw.run_json("--no-email")["runs"][0]["run_id"] for _ in range(2)]
    db = open_database(tmp_path / "manualwatch.db")
    stored = dict(db.execute("SELECT run_id, count(*) FROM listings GROUP BY run_id"))
    assert sorted(stored) == [runs[0], runs[3]]  # the first of each distinct listing
    first, second = _rows(db, runs[0]), _rows(db, runs[3])
    assert len(first) == stored[runs[0]] > 100
    assert first != second
    assert [_rows(db, r) for r in runs] == [first, first, first, second, second]
    # what readers of a run's listing see: the publisher's markers of the page it saw
    flags = [r for r in listing_of(db, runs[4]) if r["flag"]]
    assert flags and flags == [r for r in listing_of(db, runs[3]) if r["flag"]]
