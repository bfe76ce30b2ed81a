"""Choosing versions of a chapter: the two a `diff` compares, the one in force on a date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from manualwatch.clock import london_day
from store.models import Version


def version_for(versions: Sequence[Version], spec: str, baseline_run: int | None) -> Version:
    """The version `spec` names: a date (the one in force at its end), a version id, or
    "baseline" (the one stored by the manual's baseline run, or before it)."""
    if spec == "baseline":
        kept = [v for v in versions if baseline_run is not None and v.run_id <= baseline_run]
        if not kept:
            raise ValueError("this chapter has no version from the baseline run")
        return kept[-1]
    return _pick(versions, spec)


def version_on(versions: Sequence[Version], day: str) -> Version:
    """The version in force at the end of ``day`` (YYYY-MM-DD, Europe/London)."""
    try:
        day = date.fromisoformat(day).isoformat()
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {day!r}") from None
    current = [v for v in versions if london_day(v.seen_at) <= day]
    if not current:
        raise ValueError(f"no version of this chapter existed on {day}")
    return current[-1]


def _pick(versions: Sequence[Version], spec: str) -> Version:
    if spec.isdigit():
        for version in versions:
            if version.id == int(spec):
                return version
        raise ValueError(f"no version {spec} of this chapter")
    try:
        date.fromisoformat(spec)
    except ValueError:
        raise ValueError(f"expected a version number, a date YYYY-MM-DD or 'baseline', got "
                         f"{spec!r}") from None
    return version_on(versions, spec)


def pick_versions(versions: Sequence[Version], from_: str | None, to: str | None,
                  baseline_run: int | None = None) -> tuple[Version, Version]:
    """(older, newer): defaults are the previous and the latest version."""
    if not versions:
        raise ValueError("this chapter has no stored version")
    new = version_for(versions, to, baseline_run) if to else versions[-1]
    if from_:
        old = version_for(versions, from_, baseline_run)
    else:
        earlier = [v for v in versions if v.id < new.id]
        old = earlier[-1] if earlier else new
    return old, new
