"""Guards that hold a run back (quarantine) before anything is published.

A run is quarantined when its contents page lists far fewer chapters than were known, when
too large a share of chapters changed at once, or when a long chapter suddenly lost most of
its words. Everything is stored; nothing is emailed or added to the appendix until
`manualwatch approve RUN`.
"""

from __future__ import annotations

from dataclasses import dataclass

COLLAPSE_MIN_WORDS = 150  # shorter chapters may legitimately shrink a lot


@dataclass(frozen=True)
class GuardSettings:
    min_listed_share: float = 0.5
    max_changed_share: float = 0.3
    min_kept_share: float = 0.25


def listed_guard(listed_now: int, known_before: int, settings: GuardSettings) -> str | None:
    if known_before and listed_now < settings.min_listed_share * known_before:
        return (f"the contents page lists {listed_now} of the {known_before} chapters "
                "known last time")
    return None


def changed_guard(changed: int, known_before: int, settings: GuardSettings) -> str | None:
    if known_before and changed > settings.max_changed_share * known_before:
        share = 100 * changed / known_before
        return (f"{changed} of {known_before} chapters changed ({share:.0f}%, more than "
                f"{100 * settings.max_changed_share:.0f}%)")
    return None


def collapse_guard(label: str, old_words: int, new_words: int,
                   settings: GuardSettings) -> str | None:
    if old_words >= COLLAPSE_MIN_WORDS and new_words < settings.min_kept_share * old_words:
        return f"{label} shrank from {old_words} to {new_words} words"
    return None
