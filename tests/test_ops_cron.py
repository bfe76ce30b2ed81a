"""`ops.cron` reads a crontab line exactly as APScheduler's CronTrigger does: same lines
accepted, same next fire time, clock changes included; other forms are left to APScheduler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manualwatch.ops.cron import NotSimple, Simple
from manualwatch.ops.schedule_time import _fields, check_cron, next_fire, trigger

ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC")
# every clock change in London 2026-2027, and a moment either side of midnight
CLOCK_CHANGES = [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),
                 datetime(2027, 3, 28, 1, tzinfo=UTC), datetime(2027, 10, 31, 1, tzinfo=UTC)]


def _item(low: int, high: int, names: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    number = st.integers(low, high + 1)  # one past the end: lines cron refuses too
    step = st.integers(0, high - low + 2)
    forms = [st.just("*"), step.map(lambda s: f"*/{s}"), number.map(str),
             st.tuples(number, number).map(lambda p: f"{p[0]}-{p[1]}"),
             st.tuples(number, step).map(lambda p: f"{p[0]}/{p[1]}"),
             st.tuples(number, number, step).map(lambda p: f"{p[0]}-{p[1]}/{p[2]}")]
    if names:
        name = st.sampled_from(names)
        forms += [name, st.tuples(name, name).map(lambda p: f"{p[0]}-{p[1]}")]
    return st.lists(st.one_of(forms), min_size=1, max_size=3).map(",".join)


MONTHS = ("jan", "mar", "oct", "dec", "Feb")
DAYS = ("mon", "fri", "sun", "Sat")
LINES = st.tuples(_item(0, 59), _item(0, 23), _item(1, 31), _item(1, 12, MONTHS),
                  _item(0, 7, DAYS)).map(" ".join)
MOMENTS = st.one_of(
    st.datetimes(datetime(2024, 1, 1), datetime(2034, 12, 31)).map(lambda d: d.replace(
        tzinfo=UTC)),
    st.tuples(st.sampled_from(CLOCK_CHANGES), st.integers(-36 * 3600, 36 * 3600)).map(
        lambda p: p[0] + timedelta(seconds=p[1])),
    st.tuples(st.sampled_from(CLOCK_CHANGES), st.integers(-7200, 7200)).map(
        lambda p: p[0] + timedelta(seconds=p[1])))


def _apscheduler(cron: str, zone: str, now: datetime) -> datetime | None:
    return trigger(cron, zone).get_next_fire_time(None, now.astimezone(ZoneInfo(zone)))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cron=LINES, zone=st.sampled_from(ZONES), now=MOMENTS)
def test_simple_lines_fire_when_apscheduler_fires_them(cron: str, zone: str,
                                                       now: datetime) -> None:
    try:
        fields = _fields(cron)
        simple = Simple.parse(*fields, zone=ZoneInfo(zone))
    except (NotSimple, ValueError):
        return  # left to APScheduler (test below)
    expected = _apscheduler(cron, zone, now)
    got = simple.next_fire(now.astimezone(ZoneInfo(zone)))
    assert got == expected and (got is None or got.utcoffset() == expected.utcoffset())


@settings(max_examples=400, deadline=None)
@given(cron=LINES)
def test_the_same_lines_are_accepted(cron: str) -> None:
    try:
        trigger(cron)
        accepted = True
    except ValueError:
        accepted = False
    try:
        Simple.parse(*_fields(cron), zone=UTC)
        simple = True
    except ValueError:  # NotSimple included
        simple = False
    assert accepted or not simple, "read here but refused by APScheduler"
    if accepted:
        check_cron(cron)
    else:
        with pytest.raises(ValueError):
            check_cron(cron)


@pytest.mark.parametrize(("cron", "now", "expected"), [
    ("0 2 * * *", "2026-03-28T12:00:00+00:00", "2026-03-29T01:00:00+00:00"),  # BST begins
    ("30 1 * * *", "2026-03-28T12:00:00+00:00", "2026-03-29T01:30:00+00:00"),  # 01:30 skipped
    ("30 1 * * *", "2026-10-24T12:00:00+00:00", "2026-10-25T00:30:00+00:00"),  # first 01:30
    ("* * * * *", "2026-03-29T00:59:30+00:00", "2026-03-29T01:00:00+00:00"),
    ("*/15 * * * *", "2026-10-25T00:50:00+00:00", "2026-10-25T01:00:00+00:00"),
    ("*/15 1 * * *", "2026-10-25T00:50:00+00:00", "2026-10-25T01:00:00+00:00"),
    ("0 2 * * 1-5", "2026-11-21T12:00:00+00:00", "2026-11-23T02:00:00+00:00"),
    ("0 2 29 2 *", "2026-11-21T12:00:00+00:00", "2028-02-29T02:00:00+00:00"),
])
def test_known_times(cron: str, now: str, expected: str) -> None:
    fire = next_fire(cron, "Europe/London", datetime.fromisoformat(now))
    assert fire.astimezone(UTC).isoformat() == expected
    assert fire == _apscheduler(cron, "Europe/London", datetime.fromisoformat(now))


@pytest.mark.parametrize("cron", ["0 2 L * *", "0 2 last * *", "0 2 * * mon-fri/2",
                                  "0 2 1st * *"])
def test_other_forms_are_left_to_apscheduler(cron: str) -> None:
    with pytest.raises(NotSimple):
        Simple.parse(*_fields(cron), zone=UTC)
