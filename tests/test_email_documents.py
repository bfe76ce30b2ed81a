"""A subscriber following only a chapter hears about the documents it links: the digest names
the changed form, the chapters linking it, and shows its word diff (sample manual, real SMTP)."""

from __future__ import annotations

from pathlib import Path

import pytest

from manualwatch.samplesite import SampleSite
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import smtp_server

FOLLOWS = {
    "form@example.org": ["--chapter", "1.3.1"],  # links the referral form; never changes
    "panel@example.org": ["--section", "6.1"],  # 6.1.2 links the new minutes template
    "reviews@example.org": ["--chapter", "5.2.2"],  # links no document
}


@pytest.fixture(scope="module")
def mail(tmp_path_factory) -> dict:
    folder: Path = tmp_path_factory.mktemp("documents-mail")
    out: dict = {}
    with smtp_server() as box, SampleSite(layout="classic", edition=1).start() as site:
        mw = Manualwatch(write_config(folder, site.contents_url, smtp_port=box.port))
        mw.run_json()
        for address, follows in FOLLOWS.items():
            assert mw("subscribe", address, *follows).exit_code == 0
        for edition in (2, 3):
            site.set_edition(edition)
            mw.run_json()
            out[edition] = {a: list(box.to(a)) for a in FOLLOWS}
            box.messages.clear()
    return out


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_form_changed_under_an_unchanged_chapter_reaches_its_followers(mail) -> None:
    assert mail[2]["form@example.org"] == []  # edition 2 leaves the form alone
    (message,) = mail[3]["form@example.org"]
    assert message["Subject"].startswith("Norfolk Children's Services (sample) manual: "
                                         "1 linked document changed (")
    text = plain(message)
    assert ("The Multi-Agency Referral Form linked from 1.3.1 and 1.3.3 changed: "
            "its text changed (+8 / \u22122 words).") in text
    assert "[-24 hours-] {+one working day+}" in text
    assert "Any disability or communication needs" in text
    html = message.get_body(("html",)).get_content()
    assert "one working day</ins>" in html and "Multi-Agency Referral Form" in html


def test_a_new_document_comes_with_its_chapters_change(mail) -> None:
    (message,) = mail[3]["panel@example.org"]
    text = plain(message)
    assert "Fostering Panel Minutes Template: newly linked from 6.1.2." in text
    assert "FORMS AND DOCUMENTS (1)" in text


def test_followers_of_chapters_linking_no_changed_document_hear_nothing_of_documents(mail
                                                                                     ) -> None:
    received = [m for e in (2, 3) for m in mail[e]["reviews@example.org"]]
    assert received and all("FORMS AND DOCUMENTS" not in plain(m) for m in received)
