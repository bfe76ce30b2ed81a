"""The matching package's pure functions: shingles and sketches, counterpart choice, edits,
and whether a text carries an edit in context."""

from __future__ import annotations

import pytest

from matching import (
    BitsetJaccard,
    Candidate,
    Passage,
    best_per_manual,
    carries,
    jaccard,
    pack,
    packed_shingles,
    passages,
    same_passage,
    shared_counts,
    shingle_set,
    sketch,
    state_of,
    unpack,
)
from matching.bitsets import runs

OLD = ("## 1. Duty\nThe council must make enquiries when a child may be at risk of harm.\n"
       "## 2. Strategy\nA strategy discussion is held with the police and health.\n"
       "Other agencies should be included where they hold relevant information.")
INSERTED = "From January 2027 the discussion must include the designated health professional."
NEW = OLD.replace("police and health.", f"police and health. {INSERTED}")


def test_shingles_are_stable_case_folded_and_ignore_markers() -> None:
    a = shingle_set("## Scope\nThe Local Authority must act now")
    b = shingle_set("Scope the local authority MUST act now")
    assert a == b and len(a) == 3
    assert shingle_set("") == frozenset()
    assert len(shingle_set("two words")) == 1


def test_packed_shingles_are_the_packed_shingle_set() -> None:
    for text in (OLD, NEW, "", "two words", "## Scope\n- one | two\n## ###"):
        assert packed_shingles(text) == pack(shingle_set(text))


def test_jaccard_is_exact_and_the_sketch_is_the_smallest_hashes() -> None:
    a, b = frozenset({1, 2, 3, 4}), frozenset({3, 4, 5, 6})
    assert jaccard(a, b) == pytest.approx(2 / 6)
    assert jaccard(frozenset(), frozenset()) == 0.0
    assert sketch([9, 3, 7, 1, 5], size=3) == (1, 3, 5)
    assert unpack(pack({5, 1, 2**32 - 1})) == frozenset({1, 5, 2**32 - 1})


def test_the_same_chapter_with_a_local_paragraph_stays_similar() -> None:
    local = OLD.replace("relevant information.", "relevant information. In Northshire the "
                        "record also goes to the partnership business unit.")
    assert jaccard(shingle_set(OLD), shingle_set(local)) > 0.6
    other = "## 1. Fostering\nFoster carers are approved by the panel after an assessment."
    assert jaccard(shingle_set(OLD), shingle_set(other)) == 0.0


@pytest.mark.parametrize(("counts", "expected"), [
    ({10: [1, 2], 11: [2], 12: [2, 3], 13: [2]}, {2: 4}),
    ({10: [1, 2, 3, 4, 5], 11: [2], 12: [2], 13: [2]}, {}),  # 10 is boilerplate: not counted
], ids=["shares-four", "boilerplate-value-ignored"])
def test_candidates_share_sketch_values(counts: dict, expected: dict) -> None:
    assert shared_counts([10, 11, 12, 13], counts, max_posting=4) == expected


def test_at_most_one_counterpart_per_other_manual_above_the_threshold() -> None:
    scored = [Candidate(5, "b", 0.9), Candidate(6, "b", 0.95), Candidate(7, "c", 0.4),
              Candidate(8, "a", 1.0), Candidate(9, "d", 0.95), Candidate(4, "d", 0.95)]
    best = best_per_manual("a", scored, 0.5)
    assert {m: c.chapter_id for m, c in best.items()} == {"b": 6, "d": 4}


def test_an_insertion_is_one_edit_with_its_context() -> None:
    found = passages(OLD, NEW)
    assert found == [Passage((), tuple(INSERTED.split()),
                             ("with", "the", "police", "and", "health."),
                             ("Other", "agencies", "should", "be", "included"))]


def test_a_deletion_and_small_edits() -> None:
    new = OLD.replace("Other agencies should be included where they hold relevant information.",
                      "").replace("enquiries when", "inquiries when")
    found = passages(OLD, new)
    assert [(p.deleted, p.inserted) for p in found] == [
        (tuple("Other agencies should be included where they hold relevant information.".split()),
         ())]
    assert passages(OLD, new, min_words=1)[0].deleted == ("enquiries",)


def test_the_same_passage_needs_agreeing_neighbours_on_one_side() -> None:
    edit = passages(OLD, NEW)[0]
    elsewhere = Passage(edit.deleted, edit.inserted, ("a", "b", "c", "d"), ("e", "f"))
    one_side = Passage(edit.deleted, edit.inserted, edit.before, ("local", "words"))
    assert same_passage(edit, one_side)
    assert not same_passage(edit, elsewhere)
    assert not same_passage(edit, Passage((), edit.inserted[1:], edit.before, edit.after))


def test_a_text_carries_the_new_side_only_in_context() -> None:
    edit = passages(OLD, NEW)[0]
    assert carries(NEW, edit)
    assert not carries(OLD, edit)
    assert carries(OLD, edit, new_side=False)
    moved = OLD + "\n## 9. Elsewhere\nUnrelated words here. " + INSERTED + " And more after."
    assert not carries(moved, edit)


def test_states_from_a_chapters_versions() -> None:
    edit = passages(OLD, NEW)[0]
    assert state_of([OLD, OLD, NEW], edit).state == "adopted"
    assert state_of([OLD, OLD, NEW], edit).at == 2
    assert state_of([NEW, NEW], edit).state == "had_before"
    assert state_of([OLD], edit).state == "not_adopted"
    deletion = passages(NEW, OLD)[0]
    assert state_of([NEW, OLD], deletion).state == "adopted"
    assert state_of([NEW], deletion).state == "not_adopted"


SETS = {"a": [1, 2, 3, 4], "b": [3, 4, 5, 6], "c": [7], "d": [], "e": [], "big": list(range(9))}


def test_bitsets_give_the_same_jaccard_within_the_run_held() -> None:
    bits = BitsetJaccard(SETS.__getitem__, space=8)
    bits.hold(["a", "b", "c", "d", "e", "big"])  # "big" has more shingles than the space
    for x, y in [("a", "b"), ("b", "a"), ("a", "c"), ("a", "d"), ("d", "e"), ("a", "a")]:
        assert bits.similarity(x, y) == jaccard(frozenset(SETS[x]), frozenset(SETS[y]))
    assert bits.similarity("a", "big") is None
    bits.hold(["c"])
    assert bits.similarity("a", "b") is None and bits.similarity("c", "c") == 1.0


def test_runs_hold_at_most_the_space_of_shingles() -> None:
    assert list(runs(["a", "b", "c", "big", "d"], SETS.__getitem__, space=6)) == [
        ["a", "b"], ["c"], ["big"], ["d"]]
    assert list(runs(["a", "b"], SETS.__getitem__, space=8)) == [["a", "b"]]
    assert list(runs([], SETS.__getitem__)) == []
