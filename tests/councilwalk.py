"""Walk the three sample councils through their editions in one database, each cycle run "on"
the editions' publication day, manuals in config order."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from manualwatch.config import Config, load_config
from manualwatch.cycle.nightly import run_cycle
from manualwatch.samplesite import COUNCIL_EDITIONS, COUNCILS, SampleSite
from manualwatch.samplesite.councils import published
from store import open_database
from store.models import Run
from tests.cliprocess import ops_config
from tests.samplewalk import clock_at


@dataclass
class CouncilWalk:
    folder: Path
    config_path: Path
    config: Config
    db: sqlite_utils.Database
    runs: dict[tuple[str, int], Run] = field(default_factory=dict)


def walk_councils(folder: Path, *, editions: tuple[int, ...] = COUNCIL_EDITIONS,
                  extra: str = "") -> CouncilWalk:
    """Run every council at each of `editions` (cycle per edition, councils in COUNCILS order)."""
    with ExitStack() as stack:
        sites = [stack.enter_context(SampleSite(council=c).start()) for c in COUNCILS]
        config_path = ops_config(folder, [(c, s.contents_url) for c, s in zip(COUNCILS, sites,
                                                                               strict=True)],
                                 extra=extra, log='level = "warning"')
        config = load_config(config_path)
        walk = CouncilWalk(folder, config_path, config, open_database(config.store_path))
        for edition in editions:
            for site in sites:
                site.set_edition(edition)
            runs, _ = run_cycle(walk.db, config, config.manuals, transport=None,
                                clock=clock_at(str(published(edition))))
            for run in runs:
                walk.runs[(run.manual, edition)] = run
    return walk
