"""Walk the three sample councils through their editions in one database, each cycle run "on"
the editions' publication day, manuals in config order."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import sqlite_utils

from manualwatch.config import Config, load_config
from manualwatch.cycle.nightly import run_cycle, smtp_transport
from manualwatch.samplesite import COUNCIL_EDITIONS, COUNCILS, SampleSite
from manualwatch.samplesite.councils import published
from store import open_database
from store.models import Run
from tests.cliprocess import ops_config
from tests.samplewalk import clock_at
from tests.smtpserver import smtp_server

# Subscribed after the baselines (edition 1): (address, manual, subscribe options).
WATCHERS = (
    ("partnership@example.org", "northshire", ("--all", "--adoption")),
    ("s47@example.org", "northshire", ("--chapter", "1.3.3", "--adoption")),
    ("plain@example.org", "northshire", ("--all",)),
    ("slavery@example.org", "westvale", ("--chapter", "Modern Slavery", "--adoption")),
    ("east@example.org", "eastborough", ("--all", "--adoption")),
)


@dataclass
class CouncilWalk:
    folder: Path
    config_path: Path
    config: Config
    db: sqlite_utils.Database
    runs: dict[tuple[str, int], Run] = field(default_factory=dict)
    mail: dict[int, list[EmailMessage]] = field(default_factory=dict)  # by edition


def walk_councils(folder: Path, *, editions: tuple[int, ...] = COUNCIL_EDITIONS,
                  extra: str = "", smtp_port: int | None = None,
                  after: Callable[[CouncilWalk, int], None] | None = None) -> CouncilWalk:
    """Run every council at each of `editions` (cycle per edition, councils in COUNCILS order).

    With `smtp_port`, email is on and each cycle sends to that server on 127.0.0.1; `after` is
    called with the walk and the edition after each cycle (to subscribe people, say)."""
    with ExitStack() as stack:
        sites = [stack.enter_context(SampleSite(council=c).start()) for c in COUNCILS]
        config_path = ops_config(folder, [(c, s.contents_url) for c, s in zip(COUNCILS, sites,
                                                                               strict=True)],
                                 extra=extra, log='level = "warning"', smtp_port=smtp_port)
        config = load_config(config_path)
        walk = CouncilWalk(folder, config_path, config, open_database(config.store_path))
        for edition in editions:
            for site in sites:
                site.set_edition(edition)
            runs, _ = run_cycle(walk.db, config, config.manuals,
                                transport=smtp_transport(config),
                                clock=clock_at(str(published(edition))))
            for run in runs:
                walk.runs[(run.manual, edition)] = run
            if after is not None:
                after(walk, edition)
    return walk


def walk_councils_with_mail(folder: Path) -> CouncilWalk:
    """The walk with email on, to a real SMTP server on 127.0.0.1: the WATCHERS subscribe
    through the CLI after the baselines, and `mail` keeps what each cycle delivered."""
    from tests.conftest import Manualwatch

    with smtp_server() as box:
        def after(walk: CouncilWalk, edition: int) -> None:
            if edition == COUNCIL_EDITIONS[0]:
                mw = Manualwatch(walk.config_path)
                for address, manual, options in WATCHERS:
                    result = mw("subscribe", address, "--manual", manual, *options)
                    assert result.exit_code == 0, result.output
            walk.mail[edition] = list(box.messages)
            box.messages.clear()

        return walk_councils(folder, smtp_port=box.port, after=after)
