"""Walk the sample manual's editions in-process, each run "on" its edition's publication day,
so audit date windows are the ones the truth files assume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from manualwatch.config import Config, load_config
from manualwatch.cycle.nightly import run_cycle
from manualwatch.samplesite import EDITIONS, SampleSite, load_edition, page_path
from store import open_database
from store.models import Run
from tests.conftest import write_config
from tests.walkcache import walked_once

RUN_HOUR = "02:00:00"


@dataclass
class Walk:
    """What a walk of the editions left behind."""

    layout: str
    folder: Path
    config_path: Path
    config: Config
    db: sqlite_utils.Database
    base_url: str
    runs: dict[int, Run] = field(default_factory=dict)

    def url(self, slug: str) -> str:
        return self.base_url + page_path(self.layout, slug)


def published(edition: int) -> str:
    """The edition's publication day, 'YYYY-MM-DD'."""
    return str(load_edition(edition).published)


def clock_at(day: str):
    moment = datetime.fromisoformat(f"{day}T{RUN_HOUR}+00:00").astimezone(UTC)
    return lambda: moment


def walk_editions(folder: Path, layout: str, extra_config: str = "") -> Walk:
    """Editions 1, 2, 3 run against one served sample site, each on its publication day, in
    `folder` (walked once per test process and copied: see tests/walkcache.py)."""
    walked = walked_once(("editions", layout, extra_config), folder,
                         lambda private: _walk_editions(private, layout, extra_config))
    config_path = folder / walked.config_path.name
    config = load_config(config_path)
    return Walk(layout, folder, config_path, config, open_database(config.store_path),
                walked.base_url, dict(walked.runs))


def _walk_editions(folder: Path, layout: str, extra_config: str) -> Walk:
    with SampleSite(layout=layout, edition=EDITIONS[0]).start() as site:
        config_path = write_config(folder, site.contents_url)
        if extra_config:  # "{base}" stands for the served site's base URL
            config_path.write_text(config_path.read_text("utf-8")
                                   + extra_config.replace("{base}", site.base_url), "utf-8")
        config = load_config(config_path)
        walk = Walk(layout, folder, config_path, config, open_database(config.store_path),
                    site.base_url)
        for edition in EDITIONS:
            site.set_edition(edition)
            runs, _ = run_cycle(walk.db, config, config.manuals, transport=None,
                                clock=clock_at(published(edition)))
            walk.runs[edition] = runs[0]
    return walk
