"""The review app's linked documents: the list, a document's page (versions, diff, the chapters
linking it), document changes in the change list, search and sign-off (sample manual)."""

from __future__ import annotations

import re
import sqlite3

import lxml.html
import pytest

from manualwatch.web import create_app
from manualwatch.web.passwords import hash_password
from store.reviews import add_reviewer
from tests.webapp import Reviewed, reachable_pages, walk_with_mail

PASSWORD = "a long enough secret"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Reviewed:
    reviewed = walk_with_mail(tmp_path_factory.mktemp("web-documents"))
    add_reviewer(reviewed.db, "rita", hash_password(PASSWORD), "2026-01-01T00:00:00Z")
    return reviewed


@pytest.fixture
def client(reviewed):
    return create_app(reviewed.config).test_client()


def page(client, path: str) -> lxml.html.HtmlElement:
    answer = client.get(path)
    assert answer.status_code == 200, path
    return lxml.html.fromstring(answer.get_data(as_text=True))


def form_id(reviewed: Reviewed) -> int:
    return reviewed.db.execute("SELECT id FROM documents WHERE title = "
                               "'Multi-Agency Referral Form'").fetchone()[0]


def test_documents_are_listed_and_reachable_from_the_dashboard(client) -> None:
    tree = page(client, "/documents")
    titles = sorted(tree.xpath("//tr[contains(@class,'document-row')]/td[1]/a/text()"))
    assert titles == sorted([
        "Child Protection Conference Flowchart", "Fostering Panel Minutes Template",
        "Mobile Device Agreement", "Multi-Agency Referral Form", "Pathway Plan Template",
        "Return Home Interview Leaflet", "Strategy Discussion Record Template",
        "safety plan"])  # served without an extension: a PDF by its Content-Type
    assert "HTTP 404" in tree.text_content()
    kinds = {re.sub(r"\d+", "N", p.split("?")[0]) for p in reachable_pages(client)}
    assert {"/documents", "/documents/N", "/documents/changes/N"} <= kinds


def test_a_documents_page_shows_its_versions_diff_and_linking_chapters(client, reviewed
                                                                       ) -> None:
    tree = page(client, f"/documents/{form_id(reviewed)}")
    assert [a.text_content() for a in tree.xpath("//ul[@class='linked-from']//a")] == [
        "1.3.1 Consultation, Contacts and Referrals", "1.3.3 Section 47 Enquiries"]
    hrefs = tree.xpath("//ul[@class='linked-from']//a/@href")
    assert all(h.startswith("/chapters/") for h in hrefs)
    assert len(tree.xpath("//li[@class='version']")) == 2
    assert "one working day" in " ".join(tree.xpath("//section[@id='diff']//ins//text()"))


def test_document_changes_are_in_the_change_list_and_search(client) -> None:
    tree = page(client, "/changes")
    rows = tree.xpath("//tr[contains(@class,'document-change-row')]")
    assert sorted(r.xpath("string(td[3])") for r in rows) == sorted([
        "Child Protection Conference Flowchart", "Fostering Panel Minutes Template",
        "Mobile Device Agreement", "Multi-Agency Referral Form"])
    assert len(page(client, "/changes?kind=renamed").xpath(
        "//tr[contains(@class,'document-change-row')]")) == 0
    hits = page(client, "/search?q=disability+communication").xpath(
        "//ul[contains(@class,'documents')]//a/text()")
    assert hits == ["Multi-Agency Referral Form"]


def test_a_reviewer_signs_a_document_change_off(client, reviewed) -> None:
    change_id = reviewed.db.execute("SELECT id FROM document_changes WHERE title = "
                                    "'Multi-Agency Referral Form'").fetchone()[0]
    path = f"/documents/changes/{change_id}"
    assert page(client, path).xpath("string(//*[@id='review-state'])") == "awaiting review"
    refused = client.post(path + "/signoff", data={"decision": "no_action"})
    assert refused.status_code in (400, 401)
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post("/login", data={"name": "rita", "password": PASSWORD, "csrf_token": token})
    assert client.post(path + "/signoff", data={"decision": "no_action"}).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(path).get_data(as_text=True)).group(1)
    answer = client.post(path + "/signoff", data={"decision": "no_action", "note": "read it",
                                                  "csrf_token": token})
    assert answer.status_code == 302
    tree = page(client, path)
    assert tree.xpath("string(//*[@id='review-state'])") == "reviewed — no action"
    assert "rita" in tree.xpath("string(//p[@class='signoff'])")
    client.post("/logout", data={"csrf_token": token})
    signed_out = page(client, path)  # who decided what is for reviewers only
    assert signed_out.xpath("string(//*[@id='signoff-count'])") == "1 decision recorded."
    assert "rita" not in signed_out.xpath("string(//main)")
    assert "read it" not in signed_out.xpath("string(//main)")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        reviewed.db.execute("DELETE FROM document_signoffs")
