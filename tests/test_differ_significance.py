"""Significance: numbers, dates and duty words are substantive; punctuation or case is minor."""

from __future__ import annotations

import pytest

from differ import diff_chapter

OLD = """## 4. Visits
The social worker must visit the child within 10 working days of the placement.
Visits are recorded on the case file, and reviewed in March 2026.
The plan is shared with the family."""


@pytest.mark.parametrize(
    ("old", "new", "level", "reason"),
    [
        pytest.param("must visit", "should visit", "substantive", "duty words: −must +should",
                     id="duty word"),
        pytest.param("The plan is", "The plan may be", "substantive", "duty words: +may",
                     id="duty word added"),
        pytest.param("within 10 working", "within 5 working", "substantive",
                     "time limit: −10 +5", id="within N days"),
        pytest.param("in March 2026", "in April 2026", "substantive", "dates: −March +April",
                     id="date"),
        pytest.param("the family.", "the family and carers.", "normal", None,
                     id="ordinary words"),
        pytest.param("case file, and", "case file and", "minor", "punctuation or case only",
                     id="punctuation only"),
        pytest.param("The plan is shared", "The Plan is shared", "minor",
                     "punctuation or case only", id="case only"),
        pytest.param("The plan", "The plan", "none", None, id="no change"),
    ],
)
def test_significance(old: str, new: str, level: str, reason: str | None) -> None:
    diff = diff_chapter(OLD, OLD.replace(old, new), "Visits")
    assert diff.significance.level == level
    if reason:
        assert reason in diff.significance.reasons


def test_minor_change_is_still_a_change_with_counts() -> None:
    diff = diff_chapter(OLD, OLD.replace("case file, and", "case file and"), "Visits")
    assert diff.changed and (diff.words_added, diff.words_removed) == (1, 1)
    assert diff.sections == ("4. Visits",)
