"""Small pinned cases of the differ's parts: a moved paragraph of exactly the minimum length,
a move whose arrival line's index equals its departure block's number, and significance
reading the changed word in the middle of a line."""

from __future__ import annotations

from differ import diff_chapter
from differ.moves import MIN_WORDS


def test_a_three_word_paragraph_that_moved_is_a_move() -> None:
    assert MIN_WORDS == 3
    old = "end of it\np q r\nx y z\nmoved para words here\na b c"
    new = "p q r\na b c\nx y z"
    assert diff_chapter(old, new, "T").words_moved == 3  # "x y z" left one block for another


def test_two_word_lines_never_move() -> None:
    old = "end of it\np q r\nx y\nmoved para words here\na b c"
    new = "p q r\na b c\nx y"
    assert diff_chapter(old, new, "T").words_moved == 0


def test_significance_reads_the_word_that_changed_mid_line() -> None:
    old = "Intro line here.\nThe social worker may visit the child weekly."
    new = "Intro line here.\nThe social worker must visit the child weekly."
    result = diff_chapter(old, new, "T")
    assert (result.words_added, result.words_removed) == (1, 1)
    assert (result.significance.level, result.significance.reasons) == (
        "substantive", ("duty words: −may +must",))
