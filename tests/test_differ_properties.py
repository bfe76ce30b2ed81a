"""Properties of every diff (hypothesis): it rebuilds the new text from the old, a text
diffed with itself is empty, and counts equal an independent minimal word edit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from differ import diff_chapter
from differ.lcs import DELETE, EQUAL, INSERT, diff_minimal
from differ.words import normalise_lines, words
from tests.reference import lcs_length

TOKENS = ["care", "child", "plan", "must", "should", "10", "days.", "the", "|", "-", "##",
          "Review", "review,"]
line = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8).map(" ".join)
text = st.lists(line, max_size=10).map("\n".join)


def _rebuilt(old: str, new: str) -> tuple[list[str], list[str]]:
    diff = diff_chapter(old, new, "T")
    old_side = [t for t in (line.old_text() for line in diff.lines) if t is not None]
    new_side = [t for t in (line.new_text() for line in diff.lines) if t is not None]
    return old_side, new_side


@settings(max_examples=300, deadline=None)
@given(text, text)
def test_the_diff_rebuilds_both_texts(old: str, new: str) -> None:
    old_side, new_side = _rebuilt(old, new)
    assert new_side == normalise_lines(new)
    assert old_side == normalise_lines(old)


@settings(max_examples=200, deadline=None)
@given(text)
def test_a_text_diffed_with_itself_is_empty(old: str) -> None:
    diff = diff_chapter(old, old, "T")
    assert not diff.changed and diff.words_moved == 0
    assert all(line.kind == "equal" for line in diff.lines)
    assert diff.significance.level == "none"


@settings(max_examples=300, deadline=None)
@given(text, text)
def test_counts_are_the_minimal_word_edit(old: str, new: str) -> None:
    a, b = words(old), words(new)
    common = lcs_length(a, b)
    diff = diff_chapter(old, new, "T")
    assert (diff.words_added, diff.words_removed) == (len(b) - common, len(a) - common)
    assert diff.exact


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("abcde"), max_size=30), st.lists(st.sampled_from("abcde"),
                                                                  max_size=30))
def test_minimal_token_diff_applies_and_is_minimal(a: list[str], b: list[str]) -> None:
    runs = diff_minimal(a, b)
    rebuilt, i, j = [], 0, 0
    for op, count in runs:
        assert count > 0
        if op == EQUAL:
            assert a[i:i + count] == b[j:j + count]
            rebuilt += a[i:i + count]
        elif op == INSERT:
            rebuilt += b[j:j + count]
        i += 0 if op == INSERT else count
        j += 0 if op == DELETE else count
    assert rebuilt == b and i == len(a) and j == len(b)
    assert sum(n for op, n in runs if op == EQUAL) == lcs_length(a, b)
