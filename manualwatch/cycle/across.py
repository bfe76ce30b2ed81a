"""The view across manuals after a run: counterparts of changed chapters, then adoption."""

from __future__ import annotations

import sqlite_utils

from manualwatch.config import Config
from manualwatch.cycle.adoption import record_adoption
from manualwatch.cycle.counterparts import refresh_counterparts
from store.models import Run


def update_across(db: sqlite_utils.Database, config: Config, run: Run) -> None:
    """Refresh counterparts around the chapters whose text changed, then record the run's edits
    and each manual's adoption state."""
    manuals = [m.name for m in config.manuals]
    refresh_counterparts(db, manuals, config.matching_threshold)
    record_adoption(db, run, manuals)
