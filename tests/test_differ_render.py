"""Renderings of a ChapterDiff: escaped HTML with del/ins, marked text, summary sentence."""

from __future__ import annotations

import pytest

from differ import (
    ChapterDiff,
    Significance,
    diff_chapter,
    render_html,
    render_text,
    summary,
)
from differ.models import Finding

OLD = "\n".join(
    ["## 1. Introduction", "The child must be seen."]
    + [f"Unchanged paragraph number {n}." for n in range(10)]
    + ["## 2. Scripts", "Plain text here."]
)


def test_html_escapes_text() -> None:
    new = OLD.replace("Plain text here.", "Plain <script>alert('x')</script> & text here.")
    html = render_html(diff_chapter(OLD, new, "T"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&amp;" in html


def test_html_marks_deleted_and_inserted_words() -> None:
    html = render_html(diff_chapter(OLD, OLD.replace("must be", "should be"), "T"))
    assert ">must</del>" in html and ">should</ins>" in html
    assert html.count("<del") == 1 and html.count("<ins") == 1


def test_html_collapses_unchanged_lines_with_context() -> None:
    html = render_html(diff_chapter(OLD, OLD.replace("must be", "should be"), "T"), context=1)
    assert "Unchanged paragraph number 0." in html
    assert "Unchanged paragraph number 1." not in html
    assert "11 unchanged lines" in html


def test_html_deleted_and_inserted_lines() -> None:
    new = OLD.replace("Plain text here.", "## 3. New\nBrand new words.")
    html = render_html(diff_chapter(OLD, new, "T"))
    assert '<p class="mw-line mw-insert">' in html and ">Brand new words.</ins>" in html


def test_text_marks_words_and_lines() -> None:
    new = OLD.replace("must be", "should be").replace("Plain text here.", "Added line.")
    text = render_text(diff_chapter(OLD, new, "T"), context=0)
    assert "~ The child [-must-] {+should+} be seen." in text.splitlines()
    assert "- Plain text here." in text.splitlines()
    assert "+ Added line." in text.splitlines()
    assert "@@ 11 unchanged lines @@" in text.splitlines()


def test_identical_renders_as_no_changes() -> None:
    diff = diff_chapter(OLD, OLD, "T")
    assert render_text(diff) == "No changes.\n"
    assert "No changes." in render_html(diff)
    assert summary(diff) == "No changes."


def _diff(added: int, removed: int, *sections: str, **fields) -> ChapterDiff:
    return ChapterDiff(added, removed, sections, tuple((s,) for s in sections), (), **fields)


@pytest.mark.parametrize(
    ("diff", "expected"),
    [
        pytest.param(
            _diff(42, 7, "3. Key Principles", "5.2 Placements"),
            "Section 3, Key Principles, and Section 5.2, Placements, were updated"
            " (+42 / −7 words).",
            id="two sections",
        ),
        pytest.param(
            _diff(42, 7, "3. Key Principles"),
            "Section 3, Key Principles, was updated (+42 / −7 words).",
            id="tri.x wording",
        ),
        pytest.param(_diff(3, 0, "Intro"), "The Intro section was updated (+3 words).",
                     id="unnumbered heading"),
        pytest.param(_diff(0, 1, "T"), "The opening text was updated (−1 word).",
                     id="before the first heading"),
        pytest.param(
            _diff(5, 0, "A", "B", "C", "D", "E"),
            "The A section, the B section and 3 other sections were updated (+5 words).",
            id="long list shortened",
        ),
        pytest.param(
            _diff(1, 1, "4. Visits", significance=Significance(
                "substantive", ("duty words: −must +should",),
                (Finding("duty word", ("must",), ("should",)),))),
            "Section 4, Visits, was updated (+1 / −1 words). The duty word changed from"
            " \u201cmust\u201d to \u201cshould\u201d.",
            id="substantive flagged",
        ),
        pytest.param(
            _diff(1, 1, "4. Visits", significance=Significance("minor", ("x",))),
            "Section 4, Visits, was updated (+1 / −1 words). Only punctuation or capital"
            " letters changed.",
            id="minor flagged",
        ),
        pytest.param(_diff(0, 0), "No changes.", id="no change"),
    ],
)
def test_summary_wording(diff: ChapterDiff, expected: str) -> None:
    assert summary(diff, "T") == expected


def test_summary_of_a_real_diff() -> None:
    new = OLD.replace("must be", "should be").replace("Plain", "Very plain")
    diff = diff_chapter(OLD, new, "T")
    assert summary(diff, "T") == (
        "Section 1, Introduction, and Section 2, Scripts, were updated (+3 / −2 words)."
        " The duty word changed from \u201cmust\u201d to \u201cshould\u201d."
    )
