"""The Details sentence says, from the change record alone, what happened to a chapter."""

from __future__ import annotations

import pytest

from notifier.details import details_for
from notifier.errors import UnknownKindError
from store.models import Change, PreviousRef

URL = "https://norfolkcs.trixonline.co.uk/chapter/capacity-and-consent"
OLD_URL = "https://www.proceduresonline.com/norfolk_cs/chapters/p_capacity.html"


def change(kind: str, previous: PreviousRef | None = None, **fields) -> Change:
    values = {"number": "1.1.3", "title": "Capacity and Consent", "url": URL} | fields
    return Change(kind=kind, chapter_id=1, previous=previous, **values)


def updated(*sections: str, added: int = 42, removed: int = 7, **fields) -> Change:
    return change("updated", sections=sections, words_added=added, words_removed=removed, **fields)


CASES = [
    pytest.param(change("new"), "This chapter was added to the manual.", id="new"),
    pytest.param(change("removed"), "This chapter was removed from the manual.", id="removed"),
    pytest.param(
        change("renamed", PreviousRef("1.1.3", "Capacity & Consent", URL)),
        "This chapter was renamed from 'Capacity & Consent'.",
        id="renamed",
    ),
    pytest.param(
        change("renamed", PreviousRef("1.1.2", "Consent", URL)),
        "This chapter was renamed from 'Consent' and renumbered from 1.1.2 to 1.1.3.",
        id="renamed-and-renumbered",
    ),
    pytest.param(
        change("moved", PreviousRef("1.1.3", "Capacity and Consent", OLD_URL)),
        "This chapter moved to a new address; its text is unchanged.",
        id="moved",
    ),
    pytest.param(
        change("moved", PreviousRef("1.1.3", "Consent", OLD_URL)),
        "This chapter moved to a new address; its text is unchanged."
        " It was also renamed from 'Consent'.",
        id="moved-and-renamed",
    ),
    pytest.param(
        change("renumbered", PreviousRef("1.1.2", "Capacity and Consent", URL)),
        "This chapter was renumbered from 1.1.2 to 1.1.3.",
        id="renumbered",
    ),
    pytest.param(
        change("renumbered", PreviousRef(None, "Capacity and Consent", URL)),
        "This chapter was given the number 1.1.3.",
        id="renumbered-from-unnumbered",
    ),
    pytest.param(
        updated("3. Key Principles"),
        "Section 3, Key Principles, was updated (+42 / −7 words).",
        id="updated-one-section",
    ),
    pytest.param(
        updated("3. Key Principles", "Amendment"),
        "Section 3, Key Principles, and the Amendment note were updated (+42 / −7 words).",
        id="updated-two-sections",
    ),
    pytest.param(
        updated("1. Introduction", "3.2 Placements", "Appendix 1: Forms"),
        "Section 1, Introduction, Section 3.2, Placements, and Appendix 1, Forms, were updated"
        " (+42 / −7 words).",
        id="updated-three-sections",
    ),
    pytest.param(
        updated("1. Introduction", "2. Scope", "3. Key Principles", "4. Roles", "AMENDMENT"),
        "Section 1, Introduction, Section 2, Scope, and 3 other sections were updated"
        " (+42 / −7 words).",
        id="updated-many-sections",
    ),
    pytest.param(
        updated("Capacity and Consent", "Related Chapters", added=1, removed=0),
        "The opening text and the Related Chapters section were updated (+1 word).",
        id="updated-opening-text-only-added",
    ),
    pytest.param(
        updated("3. Key Principles", added=0, removed=12),
        "Section 3, Key Principles, was updated (−12 words).",
        id="updated-only-removed",
    ),
    pytest.param(
        updated(added=3, removed=1),
        "The chapter's text was updated (+3 / −1 words).",
        id="updated-no-sections",
    ),
    pytest.param(
        updated("3. Key Principles", previous=PreviousRef("1.1.2", "Consent", OLD_URL)),
        "Section 3, Key Principles, was updated (+42 / −7 words)."
        " It was also renamed from 'Consent', renumbered from 1.1.2 to 1.1.3"
        " and moved to a new address.",
        id="updated-with-previous-title-number-url",
    ),
    pytest.param(
        updated("Consent", previous=PreviousRef("1.1.3", "Consent", URL)),
        "The opening text was updated (+42 / −7 words)."
        " It was also renamed from 'Consent'.",
        id="updated-opening-text-under-previous-title",
    ),
]


@pytest.mark.parametrize(("record", "expected"), CASES)
def test_details_sentence(record: Change, expected: str) -> None:
    assert details_for(record) == expected


def test_unknown_kind_is_a_typed_error() -> None:
    with pytest.raises(UnknownKindError) as caught:
        details_for(change("vanished"))
    assert caught.value.kind == "vanished"
