"""Identical edits across chapters are grouped so they are reviewed once."""

from __future__ import annotations

from differ import EditGroup, LinkChange, diff_chapter, edits_of, group_edits

SENTENCE = "Practitioners must follow the Norfolk Safeguarding Children Partnership procedures."


def chapter(n: int) -> str:
    return f"## 1. Purpose\nChapter {n} explains its procedure.\nUse the Referral Form v1."


def test_one_sentence_added_to_every_chapter_is_one_group() -> None:
    diffs = {f"1.{n} Chapter {n}": diff_chapter(chapter(n), chapter(n) + "\n" + SENTENCE, "T")
             for n in range(1, 31)}
    diffs["2.1 Other"] = diff_chapter(chapter(99), chapter(99).replace("its", "the"), "T")
    groups = group_edits(diffs)
    assert groups == (EditGroup("", SENTENCE, tuple(f"1.{n} Chapter {n}" for n in range(1, 31))),)


def test_renamed_form_in_text_and_links_is_grouped() -> None:
    diffs, links = {}, {}
    for n in (1, 2, 3):
        diffs[f"c{n}"] = diff_chapter(chapter(n), chapter(n).replace("Form v1", "Form v2"), "T")
        links[f"c{n}"] = (LinkChange("retargeted", "Referral Form", "https://x/v2", "Referral Form",
                                     "https://x/v1"),)
    text_group, link_group = group_edits(diffs, links)
    assert (text_group.removed, text_group.added, text_group.chapters) == (
        "v1.", "v2.", ("c1", "c2", "c3"))
    assert link_group.kind == "link" and link_group.chapters == ("c1", "c2", "c3")
    assert link_group.added == "Referral Form <https://x/v2>"


def test_an_edit_in_one_chapter_is_no_group() -> None:
    diff = diff_chapter(chapter(1), chapter(1).replace("its", "the"), "T")
    assert [(e.removed, e.added) for e in edits_of(diff)] == [("its", "the")]
    assert group_edits({"a": diff}) == ()
