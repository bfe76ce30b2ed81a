"""Sections of diff_chapter: innermost heading of each changed place, located per side."""

from __future__ import annotations

import pytest

from differ import diff_chapter

TITLE = "Policy Values and Principles"
OLD = """Scope of this chapter.
## 1. Introduction
The policy sets out the framework.
## 3. Key Principles
Consideration of welfare comes first.
### 3.1 Kinship
Strenuous efforts will be made.
#### 3.1.1 Wider family
Kinship carers are assessed.
### 3.2 Placements
Suitable local placements will be identified.
## 4. Recording
Records are kept up to date.
## 5. Old Section
It will go."""


def sections_of(new: str, old: str = OLD) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    diff = diff_chapter(old, new, TITLE)
    return diff.sections, diff.section_paths


@pytest.mark.parametrize(
    ("old_line", "new_line", "expected"),
    [
        pytest.param(
            "Suitable local", "Suitable nearby", ("3.2 Placements",), id="innermost heading"
        ),
        pytest.param(
            "Kinship carers are",
            "Kinship carers are always",
            ("3.1.1 Wider family",),
            id="deepest level",
        ),
        pytest.param("Scope of", "The scope of", (TITLE,), id="before first heading is title"),
        pytest.param(
            "Records are kept",
            "Records are always kept",
            ("4. Recording",),
            id="paragraph after sub-levels",
        ),
    ],
)
def test_innermost_section(old_line: str, new_line: str, expected: tuple[str, ...]) -> None:
    assert sections_of(OLD.replace(old_line, new_line))[0] == expected


def test_paths_are_outermost_first() -> None:
    new = OLD.replace("Kinship carers are", "Kinship carers are always").replace(
        "Suitable local", "Suitable nearby"
    )
    assert sections_of(new)[1] == (
        ("3. Key Principles", "3.1 Kinship", "3.1.1 Wider family"),
        ("3. Key Principles", "3.2 Placements"),
    )


def test_title_path_is_the_title() -> None:
    assert sections_of(OLD.replace("Scope of", "Scope for"))[1] == ((TITLE,),)


def test_deletion_is_located_in_old_structure() -> None:
    # Heading 5 and its paragraph go; in the new text nothing is left under "5. Old Section".
    new = OLD.replace("\n## 5. Old Section\nIt will go.", "")
    diff = diff_chapter(OLD, new, TITLE)
    assert (diff.words_added, diff.words_removed) == (0, 6)
    assert diff.sections == ("5. Old Section",)


def test_deleted_heading_counts_under_itself_not_the_section_above() -> None:
    # The paragraph stays but now falls under 3.2 in the new text; it did not change.
    new = OLD.replace("## 4. Recording\n", "")
    diff = diff_chapter(OLD, new, TITLE)
    assert (diff.words_added, diff.words_removed) == (0, 2)
    assert diff.sections == ("4. Recording",)
    assert diff.section_paths == (("4. Recording",),)


def test_insertion_is_located_in_new_structure() -> None:
    new = OLD.replace("## 4. Recording", "### 3.3 Contact\nContact is arranged.\n## 4. Recording")
    diff = diff_chapter(OLD, new, TITLE)
    assert (diff.words_added, diff.words_removed) == (5, 0)
    assert diff.sections == ("3.3 Contact",)
    assert diff.section_paths == (("3. Key Principles", "3.3 Contact"),)


def test_renamed_heading_counts_under_old_and_new_text() -> None:
    diff = diff_chapter(OLD, OLD.replace("## 4. Recording", "## 4. Record Keeping"), TITLE)
    assert diff.sections == ("4. Recording", "4. Record Keeping")
    assert (diff.words_added, diff.words_removed) == (2, 1)


def test_sections_in_page_order_and_unique() -> None:
    new = (
        OLD.replace("Records are kept", "Records are always kept")
        .replace("Scope of", "The scope of")
        .replace("Consideration of welfare", "Consideration of children's welfare")
        .replace("comes first.", "comes first. Always.")
        .replace("The policy sets", "This policy sets")
    )
    assert sections_of(new)[0] == (TITLE, "1. Introduction", "3. Key Principles", "4. Recording")


def test_same_heading_text_twice_is_listed_once() -> None:
    old = "## A\n### Notes\nOne.\n## B\n### Notes\nTwo."
    new = "## A\n### Notes\nOne more.\n## B\n### Notes\nTwo more."
    diff = diff_chapter(old, new, TITLE)
    assert diff.sections == ("Notes",)
    assert diff.section_paths == (("A", "Notes"),)


def test_marker_only_change_is_no_section() -> None:
    diff = diff_chapter(OLD, OLD.replace("### 3.2 Placements", "## 3.2 Placements"), TITLE)
    assert (diff.words_added, diff.words_removed, diff.sections) == (0, 0, ())
