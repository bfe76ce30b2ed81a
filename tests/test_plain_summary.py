"""The one plain-English summary model, pinned case by case on real diffs: what happened to
which section, and what made the change matter, as sentences a compliance lead can follow;
the same sentence reaches the appendix, the digest, the review pages and the terminal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from differ import diff_chapter, summary
from notifier.details import details_for
from notifier.digest import build_digest
from store.models import Change, Run

OLD = """## 1. Purpose
This procedure sets out how panel minutes are kept.
## 3. Key Principles
The panel adviser should circulate the minutes within 10 working days of the meeting.
The minutes are reviewed in August 2020 by 2 managers.
## 4. Retention
Minutes are kept for the life of the panel."""

CASES = [
    pytest.param(
        OLD + "\n## 6. Panel Minutes\nThe chair signs the minutes at the next meeting.",
        "Section 6, Panel Minutes, was added.", id="section added"),
    pytest.param(
        OLD.replace("\n## 4. Retention\nMinutes are kept for the life of the panel.", ""),
        "Section 4, Retention, was removed.", id="section removed"),
    pytest.param(
        OLD.replace("are kept.", "are kept. Copies go to all members."),
        "Section 1, Purpose, was updated (+5 words).", id="section updated"),
    pytest.param(
        OLD.replace("Minutes are kept for the life of the panel.",
                    "Minutes are kept for the life of the panel. Copies go within 5 working days."),
        "Section 4, Retention, was updated (+6 words). A time limit was added: within 5"
        " working days.", id="time limit"),
    pytest.param(
        OLD.replace("August 2020", "September 2026"),
        "Section 3, Key Principles, was updated (+2 / −2 words). The date changed from"
        " August 2020 to September 2026.", id="date"),
    pytest.param(
        OLD.replace("adviser should", "adviser must"),
        "Section 3, Key Principles, was updated (+1 / −1 words). The duty word changed from"
        " \u201cshould\u201d to \u201cmust\u201d.", id="duty word"),
    pytest.param(
        OLD.replace("by 2 managers", "by 3 managers"),
        "Section 3, Key Principles, was updated (+1 / −1 words). The number changed from 2"
        " to 3.", id="number"),
    pytest.param(
        OLD.replace("how panel minutes", "how Panel Minutes"),
        "Section 1, Purpose, was updated (+2 / −2 words). Only punctuation or capital letters"
        " changed.", id="punctuation-only"),
    pytest.param(
        OLD.replace("within 10 working days", "within 5 working days"),
        "Section 3, Key Principles, was updated (+1 / −1 words). The time limit changed from"
        " within 10 working days to within 5 working days.", id="time limit changed"),
]


@pytest.mark.parametrize(("new", "expected"), CASES)
def test_summary_wording(new: str, expected: str) -> None:
    assert summary(diff_chapter(OLD, new, "Panel Minutes Procedure"),
                   "Panel Minutes Procedure") == expected


def _change(diff, **fields) -> Change:
    return Change(kind="updated", chapter_id=1, number="6.2", title="Panel Minutes Procedure",
                  url="https://example.org/panel", words_added=diff.words_added,
                  words_removed=diff.words_removed, sections=diff.sections,
                  section_paths=diff.section_paths, id=4, run_id=2,
                  seen_at="2026-12-02T02:01:00Z", **fields)


@pytest.mark.parametrize(("new", "expected"), CASES)
def test_appendix_and_digest_details_say_the_same(new: str, expected: str) -> None:
    diff = diff_chapter(OLD, new, "Panel Minutes Procedure")
    assert details_for(_change(diff), diff) == expected


RUN = Run(id=2, manual="panel", status="ok", baseline=False,
          started_at="2026-12-02T02:00:00Z", finished_at=None)


def _digest(new: str, title: str = "Panel Minutes Procedure"):
    diff = diff_chapter(OLD, new, title)
    change = replace(_change(diff), title=title)
    return build_digest("reader@example.org", "panel", "Panel Manual", RUN, [change],
                        "https://mw.example.org", "https://mw.example.org/unsubscribe/t",
                        diffs={4: diff})


def test_a_heading_added_with_its_section_is_one_change() -> None:
    digest = _digest(OLD + "\n## 6. Panel Minutes\nThe chair signs the minutes.")
    assert "[6. Panel Minutes] Added: The chair signs the minutes." in digest.text
    assert "Added: 6. Panel Minutes" not in digest.text
    assert "Section 6, Panel Minutes, was added." in digest.text
    assert digest.html.count("The chair signs the minutes.") == 1
    assert "## " not in digest.html and "## " not in digest.text


def test_digest_table_rows_keep_their_separators() -> None:
    row = "Child Criminal Exploitation | This chapter was added to the manual."
    digest = _digest(OLD + "\n## 7. Amendments\n" + row)
    assert "Added: Child Criminal Exploitation | This chapter was added" in digest.text
    assert "Child Criminal Exploitation | This chapter was added" in " ".join(
        digest.html.split())
