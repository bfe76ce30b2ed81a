"""A plain crontab line read the way APScheduler 3's CronTrigger reads it, without importing it.

`status` and config loading need only "is this line valid" and "when does it next fire";
APScheduler (and what it imports) costs a noticeable share of start-up, so the common forms
are read here: `*`, `*/N`, `A`, `A-B`, `A/N`, `A-B/N` and comma lists in every field, and month
or weekday names (`jan-mar`, `mon,wed`). `next_fire` is a line-for-line port of
`CronTrigger.get_next_fire_time` (same field walk, same handling of clock changes), and
tests compare the two on generated lines and moments. A line using anything else (`last`,
`2nd mon`, ...) is not `Simple`: callers then ask APScheduler itself.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

MIN_VALUES = {"year": 1970, "month": 1, "day": 1, "week": 1, "day_of_week": 0, "hour": 0,
              "minute": 0, "second": 0}
MAX_VALUES = {"year": 9999, "month": 12, "day": 31, "week": 53, "day_of_week": 6, "hour": 23,
              "minute": 59, "second": 59}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ALL = re.compile(r"\*(?:/(\d+))?$")
_RANGE = re.compile(r"(\d+)(?:-(\d+))?(?:/(\d+))?$")
_NAMES = re.compile(r"([a-z]+)(?:-([a-z]+))?$", re.IGNORECASE)


class NotSimple(ValueError):
    """The line uses a form this module does not read (or breaks APScheduler's rules)."""


@dataclass(frozen=True)
class Expr:
    """One comma item: values from `first` to `last` (None: the field's maximum) every `step`."""

    first: int | None  # None: `*` (from the field's minimum, step counted from there)
    last: int | None
    step: int | None

    def next_value(self, value: int, low: int, high: int) -> int | None:
        if self.first is None:
            start = max(value, low)
            found = start + ((self.step - (start - low)) % self.step if self.step else 0)
            return found if found <= high else None
        low = max(low, self.first)
        high = min(high, self.last) if self.last is not None else high
        found = max(low, value)
        if self.step:
            found += (self.step - (found - low)) % self.step
        return found if found <= high else None


@dataclass(frozen=True)
class Field:
    name: str
    exprs: tuple[Expr, ...]

    @property
    def real(self) -> bool:
        return self.name not in ("week", "day_of_week")

    def value(self, moment: datetime) -> int:
        if self.name == "week":
            return moment.isocalendar()[1]
        if self.name == "day_of_week":
            return moment.weekday()
        return getattr(moment, self.name)

    def low(self, moment: datetime) -> int:
        return MIN_VALUES[self.name]

    def high(self, moment: datetime) -> int:
        if self.name == "day":
            return monthrange(moment.year, moment.month)[1]
        return MAX_VALUES[self.name]

    def next_value(self, moment: datetime) -> int | None:
        found = [e.next_value(self.value(moment), self.low(moment), self.high(moment))
                 for e in self.exprs]
        return min((v for v in found if v is not None), default=None)


def _expr(name: str, item: str) -> Expr:
    low, high = MIN_VALUES[name], MAX_VALUES[name]
    if match := _ALL.match(item):
        step = int(match[1]) if match[1] else None
        if step == 0 or (step and step > high - low):
            raise NotSimple(f"bad step in {item!r}")
        return Expr(None, None, step)
    if match := _RANGE.match(item):
        first = int(match[1])
        last = int(match[2]) if match[2] else None
        step = int(match[3]) if match[3] else None
        return _checked(item, first, first if last is None and step is None else last, step,
                        low, high)
    names = {"month": MONTHS, "day_of_week": WEEKDAYS}.get(name)
    if names and (match := _NAMES.match(item)):
        try:
            first = names.index(match[1].lower())
            last = names.index(match[2].lower()) if match[2] else first
        except ValueError:
            raise NotSimple(f"unknown name in {item!r}") from None
        offset = 1 if name == "month" else 0
        return _checked(item, first + offset, last + offset, None, low, high)
    raise NotSimple(f"{item!r} is not a form read here")


def _checked(item: str, first: int, last: int | None, step: int | None, low: int,
             high: int) -> Expr:
    if step == 0 or (last is not None and first > last) or first < low or \
            (last is not None and last > high) or (step and step > (last or high) - first):
        raise NotSimple(f"{item!r} is out of range")
    return Expr(first, last, step)


@dataclass(frozen=True)
class Simple:
    """A crontab line in the simple forms, as CronTrigger's eight fields."""

    fields: tuple[Field, ...]
    zone: tzinfo

    @classmethod
    def parse(cls, minute: str, hour: str, day: str, month: str, day_of_week: str,
              zone: tzinfo) -> Simple:
        """The fields as APScheduler gets them (weekdays already as names); NotSimple else."""
        given = {"year": "*", "month": month, "day": day, "week": "*",
                 "day_of_week": day_of_week, "hour": hour, "minute": minute, "second": "0"}
        fields = tuple(Field(name, tuple(_expr(name, item) for item in text.split(",")))
                       for name, text in given.items())
        return cls(fields, zone)

    def next_fire(self, now: datetime) -> datetime | None:
        """CronTrigger.get_next_fire_time(None, now), step for step."""
        moment = _ceil(now).astimezone(self.zone)
        index = 0
        while 0 <= index < len(self.fields):
            field = self.fields[index]
            current, found = field.value(moment), field.next_value(moment)
            if found is None:
                moment, index = self._increment(moment, index - 1)
            elif found > current:
                if field.real:
                    moment = self._set(moment, index, found)
                    index += 1
                else:
                    moment, index = self._increment(moment, index)
            else:
                index += 1
        return moment if index >= 0 else None

    def _increment(self, moment: datetime, index: int) -> tuple[datetime, int]:
        values: dict[str, int] = {}
        i = 0
        while i < len(self.fields):
            field = self.fields[i]
            if not field.real:
                if i == index:
                    index -= 1
                    i -= 1
                else:
                    i += 1
                continue
            if i < index:
                values[field.name] = field.value(moment)
                i += 1
            elif i > index:
                values[field.name] = field.low(moment)
                i += 1
            elif field.value(moment) == field.high(moment):
                index -= 1
                i -= 1
            else:
                values[field.name] = field.value(moment) + 1
                i += 1
        difference = datetime(**values) - moment.replace(tzinfo=None)
        return _utc_add(moment, difference), index

    def _set(self, moment: datetime, index: int, new_value: int) -> datetime:
        values = {}
        for i, field in enumerate(self.fields):
            if field.real:
                values[field.name] = (field.value(moment) if i < index else
                                      field.low(moment) if i > index else new_value)
        return datetime(**values, tzinfo=self.zone, fold=moment.fold)


def _ceil(moment: datetime) -> datetime:
    if moment.microsecond > 0:
        return _utc_add(moment, timedelta(seconds=1, microseconds=-moment.microsecond))
    return moment


def _utc_add(moment: datetime, delta: timedelta) -> datetime:
    zone = moment.tzinfo
    if zone is None:
        return moment + delta
    return (moment.astimezone(UTC) + delta).astimezone(zone)
