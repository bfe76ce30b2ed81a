"""Moved paragraphs are shown as moved, and counted as the minimal word diff counts them."""

from __future__ import annotations

from differ import diff_chapter, render_html, render_text, summary

OLD = """## 1. Introduction
The child must be seen alone at every visit.
Short note.
## 2. Recording
Records are kept up to date.
The visit is recorded within 5 working days."""


def test_a_paragraph_moved_to_another_section() -> None:
    new = OLD.replace("The child must be seen alone at every visit.\n", "") + (
        "\nThe child must be seen alone at every visit.")
    diff = diff_chapter(OLD, new, "Visits")
    kinds = [(line.kind, line.path, line.other) for line in diff.lines if line.kind != "equal"]
    assert kinds == [("moved", ("1. Introduction",), ("2. Recording",)),
                     ("move", ("2. Recording",), ("1. Introduction",))]
    assert diff.words_moved == 9
    # counting is the minimal word diff: the 9 words left one place and arrived at another
    assert (diff.words_added, diff.words_removed) == (9, 9)
    text = render_text(diff, context=0)
    assert "< The child must be seen alone at every visit.  (moved to 2. Recording)" in text
    assert "> The child must be seen alone at every visit.  (moved from 1. Introduction)" in text
    assert "moved from 1. Introduction" in render_html(diff)
    assert summary(diff, "Visits").endswith(" 1 paragraph moved.")


def test_short_lines_and_edited_paragraphs_are_not_moves() -> None:
    new = OLD.replace("Short note.\n", "") + "\nShort note."
    diff = diff_chapter(OLD, new, "Visits")
    assert "move" not in {line.kind for line in diff.lines}


def test_move_counts_the_shorter_side_of_a_swap() -> None:
    # swapping a 2-word paragraph with a 9-word one: the minimal word diff moves the 2 words
    old = "The child must be seen alone at every visit.\nShort note."
    new = "Short note.\nThe child must be seen alone at every visit."
    diff = diff_chapter(old, new, "T")
    assert (diff.words_added, diff.words_removed) == (2, 2)
    assert [line.kind for line in diff.lines] == ["moved", "equal", "move"]
