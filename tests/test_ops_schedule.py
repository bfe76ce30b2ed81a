"""`manualwatch schedule`: APScheduler fires the cycle on the cron trigger in the configured
time zone, with the configured jitter, coalescing, one instance and misfire grace; SIGTERM
stops it cleanly."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_SCHEDULER_STARTED

from manualwatch.config import load_config
from manualwatch.ops.lock import RunLock
from manualwatch.ops.schedule_time import next_fire, trigger
from manualwatch.ops.scheduler import JOB_ID, Nightly
from manualwatch.samplesite import SampleSite
from store import open_database
from tests.cliprocess import WAIT_SECONDS, CliProcess, ops_config
from tests.schedclock import ClockedTrigger

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def site():
    with SampleSite("classic", edition=1).start() as running:
        yield running


def nightly_a_second_before_two(config) -> tuple[Nightly, threading.Event, list,
                                                  ClockedTrigger]:
    """A scheduler on the configured cron line (02:00 London) whose clock reads 01:59:59 when
    it starts: the job fires a second later; `done` is set after a cycle."""
    cron = trigger(config.schedule_cron, config.schedule_timezone)
    clocked = ClockedTrigger(cron, datetime(2026, 11, 22, 1, 59, 59, tzinfo=LONDON))
    done = threading.Event()
    outcomes: list = []
    nightly = Nightly(config, config.store_path, trigger=clocked,
                      on_cycle=lambda runs: (outcomes.append(runs), done.set()))
    return nightly, done, outcomes, clocked


def test_the_scheduler_fires_a_run_a_moment_ahead_and_records_it(site: SampleSite,
                                                                  tmp_path: Path) -> None:
    config = load_config(ops_config(tmp_path, [("sample", site.contents_url)]))
    assert config.schedule_cron == "0 2 * * *"
    nightly, done, outcomes, clocked = nightly_a_second_before_two(config)
    thread = threading.Thread(target=nightly.run_forever)
    thread.start()
    try:
        assert done.wait(WAIT_SECONDS), "the job never fired"
    finally:
        nightly.stop()
        thread.join(WAIT_SECONDS)
    assert not thread.is_alive()
    [runs] = outcomes
    assert [(r.manual, r.status) for r in runs] == [("sample", "ok")]
    row = open_database(config.store_path).execute(
        "SELECT manual, status, started_at FROM runs").fetchall()
    assert [r[:2] for r in row] == [("sample", "ok")]
    two = datetime(2026, 11, 22, 2, 0, tzinfo=LONDON) - clocked.offset  # real time of 02:00
    started = datetime.fromisoformat(row[0][2].replace("Z", "+00:00"))
    assert started >= two.astimezone(UTC).replace(microsecond=0)


def test_the_job_carries_the_configured_policy(tmp_path: Path) -> None:
    extra = ('[schedule]\ncron = "30 3 * * 1-5"\ntimezone = "America/New_York"\n'
             "jitter_seconds = 120\nmisfire_grace_seconds = 900\n")
    config = load_config(ops_config(tmp_path, [("sample", "http://127.0.0.1:9/")], extra=extra))
    nightly = Nightly(config, config.store_path)
    seen = {}
    nightly.scheduler.add_listener(lambda _e: seen.update(job=nightly.scheduler.get_job(JOB_ID)),
                                   EVENT_SCHEDULER_STARTED)
    thread = threading.Thread(target=nightly.run_forever)
    thread.start()
    nightly.stop()
    thread.join(WAIT_SECONDS)
    job = seen["job"]
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 900)
    assert job.trigger.jitter == 120
    assert str(job.trigger.timezone) == "America/New_York"
    fire = job.next_run_time.astimezone(ZoneInfo("America/New_York"))
    cron_time = fire.replace(minute=30, second=0, microsecond=0)
    assert (fire.hour, fire.weekday() < 5) == (3, True)
    assert timedelta(0) <= fire - cron_time <= timedelta(seconds=120)  # the jitter


@pytest.mark.parametrize(
    ("cron", "now", "expected"),
    [
        ("0 2 * * *", "2026-11-21T12:00", "2026-11-22T02:00:00+00:00"),
        ("0 2 * * 1-5", "2026-11-21T12:00", "2026-11-23T02:00:00+00:00"),  # Sat -> Mon
        ("0 2 * * 0", "2026-11-21T12:00", "2026-11-22T02:00:00+00:00"),  # crontab 0 = Sunday
        ("0 2 * * 7", "2026-11-21T12:00", "2026-11-22T02:00:00+00:00"),  # and so is 7
        ("0 2 * * */2", "2026-11-21T12:00", "2026-11-22T02:00:00+00:00"),  # sun,tue,thu,sat
        ("0 2 * * *", "2026-03-28T12:00", "2026-03-29T01:00:00+00:00"),  # BST begins
        ("0 2 * * *", "2026-10-24T12:00", "2026-10-25T02:00:00+00:00"),  # GMT again
    ],
    ids=["nightly", "weekdays", "sunday-0", "sunday-7", "step", "bst", "gmt"],
)
def test_cron_lines_mean_what_cron_means_in_london(cron: str, now: str, expected: str) -> None:
    start = datetime.fromisoformat(now).replace(tzinfo=LONDON)
    fire = trigger(cron).get_next_fire_time(None, start)
    assert fire.astimezone(UTC).isoformat() == expected


def test_next_fire_reads_the_cron_in_the_configured_zone(tmp_path: Path) -> None:
    extra = '[schedule]\ncron = "15 4 * * *"\ntimezone = "Europe/London"\n'
    config = load_config(ops_config(tmp_path, [("sample", "http://127.0.0.1:9/")], extra=extra))
    fire = next_fire(config.schedule_cron, config.schedule_timezone).astimezone(LONDON)
    assert (fire.hour, fire.minute) == (4, 15)


def test_schedule_command_runs_in_the_foreground_until_sigterm(site: SampleSite,
                                                               tmp_path: Path) -> None:
    extra = '[schedule]\ncron = "0 2 * * *"\n'
    config_path = ops_config(tmp_path, [("sample", site.contents_url)], extra=extra)
    process = CliProcess(config_path, "schedule")
    try:
        started = process.wait_for("event=scheduler.started")
        config = load_config(config_path)
        expected = next_fire(config.schedule_cron, config.schedule_timezone).astimezone(UTC)
        assert f"next_run={expected:%Y-%m-%dT%H:%M:%SZ}" in started
        process.signal(signal.SIGTERM)
        assert process.finish() == 0
    finally:
        process.kill()
    assert "event=scheduler.stopped reason=SIGTERM" in process.stderr()
    assert "Traceback" not in process.stderr()
    assert not open_database(tmp_path / "manualwatch.db").execute(
        "SELECT count(*) FROM runs").fetchone()[0]


def test_a_scheduled_cycle_skips_while_a_run_holds_the_lock(site: SampleSite,
                                                            tmp_path: Path) -> None:
    config = load_config(ops_config(tmp_path, [("sample", site.contents_url)]))
    nightly, done, outcomes, clocked = nightly_a_second_before_two(config)
    with RunLock(config.store_path):
        thread = threading.Thread(target=nightly.run_forever)
        thread.start()
        try:
            assert done.wait(WAIT_SECONDS)
        finally:
            nightly.stop()
            thread.join(WAIT_SECONDS)
    assert outcomes == [None]
    assert open_database(config.store_path).execute("SELECT count(*) FROM runs").fetchone()[0] == 0
