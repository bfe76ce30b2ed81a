"""The links diff: added, removed, re-targeted and relabelled links, apart from prose."""

from __future__ import annotations

from differ import LinkChange, describe_link, diff_links

FORM = ("Referral Form", "https://m.example/forms/referral-v1.docx")
GUIDE = ("Working Together", "https://gov.uk/working-together")
CHAPTER = ("Section 47 Enquiries", "https://m.example/chapter/section-47")


def test_unchanged_links_are_no_change() -> None:
    assert diff_links([FORM, GUIDE], [FORM, (" Working  Together ", GUIDE[1])]) == ()


def test_added_removed_retargeted_and_relabelled() -> None:
    new = [("Referral Form", "https://m.example/forms/referral-v2.docx"),
           ("Working Together 2023", GUIDE[1]),
           ("Child Criminal Exploitation", "https://m.example/chapter/cce")]
    assert diff_links([FORM, GUIDE, CHAPTER], new) == (
        LinkChange("retargeted", "Referral Form", "https://m.example/forms/referral-v2.docx",
                   "Referral Form", FORM[1]),
        LinkChange("relabelled", "Working Together 2023", GUIDE[1], "Working Together",
                   GUIDE[1]),
        LinkChange("removed", *CHAPTER),
        LinkChange("added", "Child Criminal Exploitation", "https://m.example/chapter/cce"),
    )


def test_a_link_listed_twice_then_once_is_one_removal() -> None:
    assert diff_links([FORM, FORM], [FORM]) == (LinkChange("removed", *FORM),)


def test_description() -> None:
    change = diff_links([FORM], [(FORM[0], "https://m.example/forms/v2.docx")])[0]
    assert describe_link(change) == (
        f"re-targeted: 'Referral Form' {FORM[1]} -> https://m.example/forms/v2.docx")
