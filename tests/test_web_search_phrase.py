"""Search finds what people paste: several words typed without quotes rank the chapters that
hold them as the exact phrase first (with an "exact phrase" badge), then those with all the
words near each other, then all the words anywhere; quotes keep working as typed. Checked on
the bundled sample manual, over HTTP, with sentences whose words alone rank other chapters
higher."""

from __future__ import annotations

import lxml.html
import pytest
import requests

from store import open_database
from store.search import NEAR, PHRASE, WORDS, search, tiers
from tests.test_web_search import _runs
from tests.webapp import serving, walk_with_mail

SENTENCES = {  # copied from a chapter of the sample manual -> that chapter's title
    "This review must be recorded": "Consultation, Contacts and Referrals",
    "Every child has their own record": "Case Records and Retention",
    "Consent is not required for children": "Unaccompanied Migrant Children and Child"
                                            " Victims of Trafficking and Modern Slavery",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    reviewed = walk_with_mail(tmp_path_factory.mktemp("web-search-phrase"))
    with serving(reviewed.config) as base:
        yield reviewed, base


@pytest.mark.parametrize("sentence", SENTENCES, ids=["review", "record", "consent"])
def test_a_pasted_sentence_lists_its_chapter_first(sample, sentence: str) -> None:
    reviewed, base = sample
    words_only = search(reviewed.db, " ".join(f'"{w}"' for w in sentence.split()))
    assert words_only[0].title != SENTENCES[sentence]  # by its words alone, another wins
    page = requests.get(base + "/search", params={"q": sentence}, timeout=30)
    hits = lxml.html.fromstring(page.text).xpath("//li[@class='hit']")
    first = hits[0]
    assert first.xpath("string(a)").split(" ", 1)[1] == SENTENCES[sentence]
    assert first.xpath("string(span[contains(@class, 'badge')])") == "exact phrase"
    assert [h.xpath("string(span[contains(@class, 'exact-phrase')])") for h in hits[1:]] == \
        [""] * (len(hits) - 1)  # the phrase is in that one chapter only
    assert "<mark>" in lxml.html.tostring(first.xpath("p[@class='snippet']")[0],
                                          encoding="unicode")
    quoted = requests.get(base + "/search", params={"q": f'"{sentence}"'}, timeout=30)
    assert len(lxml.html.fromstring(quoted.text).xpath("//li[@class='hit']")) == 1


def test_tiers_phrase_then_near_then_anywhere(tmp_path) -> None:
    db = open_database(tmp_path / "db")
    filler = " ".join(["filler"] * 30)
    ids = _runs(db, "m", [{
        "Anywhere": f"decision decision {filler} record record {filler} within within {filler}"
                    " hours hours",
        "Near": f"{filler} record of the decision made within 24 hours {filler}",
        "Phrase": f"{filler} {filler} record the decision within 24 hours {filler} {filler}",
        "Missing": "record the decision",
    }])
    hits = search(db, "record the decision within 24 hours")
    assert [(h.chapter_id, h.match) for h in hits] == [
        (ids["Phrase"], PHRASE), (ids["Near"], NEAR)]
    hits = search(db, "record decision within hours")
    assert [h.match for h in hits] == [NEAR, NEAR, WORDS]
    assert hits[2].chapter_id == ids["Anywhere"]


@pytest.mark.parametrize(("typed", "plan"), [
    ("child", [(WORDS, '"child"')]),
    ('"within 24 hours"', [(WORDS, '"within 24 hours"')]),
    ("within 24 hours", [(PHRASE, '"within 24 hours"'),
                         (NEAR, 'NEAR("within" "24" "hours", 13)'),
                         (WORDS, '"within" "24" "hours"')]),
    ("NEAR(a, b) OR", [(PHRASE, '"NEAR a b OR"'), (NEAR, 'NEAR("NEAR" "a" "b" "OR", 14)'),
                       (WORDS, '"NEAR" "a" "b" "OR"')]),
], ids=["one-word", "quoted", "words", "operators"])
def test_the_queries_of_each_tier(typed: str, plan) -> None:
    assert tiers(typed) == plan
