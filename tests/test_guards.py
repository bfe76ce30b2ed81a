"""Guard thresholds: the documented defaults, and each guard exactly at its threshold (no
quarantine) and just past it (quarantine), for the defaults and for configured values."""

from __future__ import annotations

from pathlib import Path

import pytest

from manualwatch.config import load_config
from manualwatch.cycle.guards import (
    COLLAPSE_MIN_WORDS,
    GuardSettings,
    changed_guard,
    collapse_guard,
    listed_guard,
)
from manualwatch.cycle.pipeline import guard_settings

MANUAL = """
[[manuals]]
name = "m"
title = "M"
contents_url = "https://example.org/contents"
"""
DEFAULTS = GuardSettings()


def test_the_documented_defaults() -> None:
    assert (DEFAULTS.min_listed_share, DEFAULTS.max_changed_share,
            DEFAULTS.min_kept_share, COLLAPSE_MIN_WORDS) == (0.5, 0.3, 0.25, 150)


def test_an_unset_config_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(MANUAL, "utf-8")
    assert guard_settings(load_config(path)) == GuardSettings(0.5, 0.3, 0.25)


def test_configured_shares_reach_the_guards(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[guard]\nmin_listed_share = 0.8\nmax_changed_share = 0.1\n"
                    "min_kept_share = 0.6\n" + MANUAL, "utf-8")
    assert guard_settings(load_config(path)) == GuardSettings(0.8, 0.1, 0.6)


@pytest.mark.parametrize(
    ("listed", "known", "held"),
    [(50, 100, False), (49, 100, True), (5, 10, False), (4, 10, True), (0, 0, False),
     (0, 1, True)],
    ids=["at-half", "just-under-half", "at-half-small", "under-half-small", "nothing-known",
         "all-gone"],
)
def test_listed_guard_at_and_past_its_threshold(listed: int, known: int, held: bool) -> None:
    reason = listed_guard(listed, known, DEFAULTS)
    assert (reason is not None) == held
    if held:
        assert reason == (f"the contents page lists {listed} of the {known} chapters known "
                          "last time")


@pytest.mark.parametrize(
    ("changed", "known", "held"),
    [(30, 100, False), (31, 100, True), (3, 10, False), (4, 10, True), (5, 0, False)],
    ids=["at-30pc", "just-over", "at-30pc-small", "over-small", "nothing-known"],
)
def test_changed_guard_at_and_past_its_threshold(changed: int, known: int, held: bool) -> None:
    reason = changed_guard(changed, known, DEFAULTS)
    assert (reason is not None) == held
    if held:
        share = round(100 * changed / known)
        assert reason == f"{changed} of {known} chapters changed ({share}%, more than 30%)"


@pytest.mark.parametrize(
    ("old", "new", "held"),
    [(150, 38, False), (150, 37, True), (149, 0, False), (400, 100, False), (400, 99, True)],
    ids=["floor-kept-quarter", "floor-below-quarter", "under-floor", "kept-quarter",
         "below-quarter"],
)
def test_collapse_guard_at_and_past_its_threshold(old: int, new: int, held: bool) -> None:
    reason = collapse_guard("1.2 Visits", old, new, DEFAULTS)
    assert reason == (f"1.2 Visits shrank from {old} to {new} words" if held else None)


def test_configured_thresholds_move_the_edges() -> None:
    tight = GuardSettings(min_listed_share=0.8, max_changed_share=0.1, min_kept_share=0.6)
    assert listed_guard(80, 100, tight) is None and listed_guard(79, 100, tight) is not None
    assert changed_guard(10, 100, tight) is None and changed_guard(11, 100, tight) is not None
    assert collapse_guard("x", 200, 120, tight) is None
    assert collapse_guard("x", 200, 119, tight) is not None


def test_the_changed_guard_names_both_shares() -> None:
    assert changed_guard(99, 100, GuardSettings(max_changed_share=0.9)) == (
        "99 of 100 chapters changed (99%, more than 90%)")
