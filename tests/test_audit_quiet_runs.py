"""Quiet nights between editions (same listing, same Amendments page, nothing changed)
give no audit finding but the links still dead, and change none of the findings of the
editions around them (the audit passes over them without reading their listing)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from manualwatch.config import load_config
from manualwatch.cycle.nightly import run_cycle
from manualwatch.publish.audit import audit
from manualwatch.samplesite import EDITIONS, SampleSite, load_truth
from store import open_database
from tests.conftest import write_config
from tests.samplewalk import clock_at, published


def test_quiet_runs_change_no_finding(tmp_path: Path) -> None:
    with SampleSite(layout="current", edition=EDITIONS[0]).start() as site:
        config = load_config(write_config(tmp_path, site.contents_url))
        db = open_database(config.store_path)
        edition_runs: dict[int, object] = {}
        quiet_runs: dict[int, int] = {}  # quiet run id -> the edition it follows
        for edition in EDITIONS:
            site.set_edition(edition)
            day = published(edition)
            (edition_runs[edition],), _ = run_cycle(db, config, config.manuals, transport=None,
                                                    clock=clock_at(day))
            for later in (1, 2):  # two quiet nights after each edition
                quiet = str(date.fromisoformat(day) + timedelta(days=later))
                (run,), _ = run_cycle(db, config, config.manuals, transport=None,
                                      clock=clock_at(quiet))
                planted = "ok" if edition == EDITIONS[0] else load_truth(edition)["status"]
                assert run.changes == () and run.status == planted  # 3.4 still 404s
                quiet_runs[run.id] = edition
    found = audit(db, "sample")
    for run_id, edition in quiet_runs.items():
        got = sorted((f.kind, f.number) for f in found if f.run_id == run_id)
        still_dead = [] if edition == EDITIONS[0] else sorted(
            (f["kind"], f["number"]) for f in load_truth(edition)["audit"]
            if f["kind"] == "broken_link")
        assert got == still_dead, (run_id, edition)
    for edition in EDITIONS[1:]:
        got = sorted((f.kind, f.number) for f in found if f.run_id == edition_runs[edition].id)
        assert got == sorted((f["kind"], f["number"]) for f in load_truth(edition)["audit"])
