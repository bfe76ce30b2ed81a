"""`manualwatch documents [--json]` lists the linked documents; `history`, `diff` and `show`
accept a document URL (sample manual, editions 1 -> 3)."""

from __future__ import annotations

import json

import pytest

from manualwatch.samplesite import document_path
from tests.conftest import Manualwatch
from tests.samplewalk import Walk, published, walk_editions


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> Walk:
    return walk_editions(tmp_path_factory.mktemp("cli-documents"), "current",
                         'resources_url = "{base}/resources/documents-library"\n')


def doc_url(walk: Walk, name: str) -> str:
    return walk.base_url + document_path("current", name)


def run(walk: Walk, *args: str):
    return Manualwatch(walk.config_path)(*args)


def test_documents_json_lists_every_tracked_document(walk: Walk) -> None:
    result = run(walk, "documents", "--json")
    assert result.exit_code == 0, result.output
    found = {d["url"]: d for d in json.loads(result.stdout)["documents"]}
    summary = {url: (d["title"], d["linked_from"], d["linked"], d["versions"],
                     d["last_change"]["kind"] if d["last_change"] else None, d["status"])
               for url, d in found.items()}
    assert summary == {
        doc_url(walk, "multi-agency-referral-form.pdf"):
            ("Multi-Agency Referral Form", ["1.3.1", "1.3.3"], True, 2, "updated", 200),
        doc_url(walk, "strategy-discussion-record.docx"):
            ("Strategy Discussion Record Template", ["1.3.3"], True, 1, None, 304),
        doc_url(walk, "child-protection-conference-flowchart.pdf"):
            ("Child Protection Conference Flowchart", ["1.3.3"], True, 2, "updated", 304),
        doc_url(walk, "return-home-interview-leaflet.pdf"):
            ("Return Home Interview Leaflet", ["1.5.4"], True, 1, None, 404),
        doc_url(walk, "mobile-device-agreement.docx"):
            ("Mobile Device Agreement", ["2.6"], False, 1, "removed", 200),
        doc_url(walk, "pathway-plan-template.odt"):
            ("Pathway Plan Template", ["5.7.1"], True, 1, None, 304),
        doc_url(walk, "fostering-panel-minutes-template.docx"):
            ("Fostering Panel Minutes Template", ["6.1.2"], True, 1, "new", 200),
        doc_url(walk, "safety-plan"):  # no extension: a PDF by its Content-Type
            ("safety plan", ["6.1.10"], True, 1, None, 304),
        doc_url(walk, "local-contacts-directory.docx"):  # the documents library lists these
            ("Local Contacts Directory", ["resources"], True, 1, None, 304),
        doc_url(walk, "early-help-assessment-form.pdf"):
            ("Early Help Assessment Form", ["resources"], True, 1, "new", 304),
    }
    assert found[doc_url(walk, "safety-plan")]["type"] == "pdf"
    assert found[doc_url(walk, "child-protection-conference-flowchart.pdf")]["text"] is False
    text = run(walk, "documents").stdout
    assert "Return Home Interview Leaflet (pdf)  [1.5.4]  no change yet  ! HTTP 404" in text
    assert "Mobile Device Agreement (docx)  [no longer linked]  removed " + published(2) in text


def test_history_diff_and_show_accept_a_document_url(walk: Walk) -> None:
    form = doc_url(walk, "multi-agency-referral-form.pdf")
    history = json.loads(run(walk, "history", form, "--json").stdout)
    assert [(v["words_added"], v["words_removed"]) for v in history["versions"]] == \
        [(None, None), (8, 2)]
    assert [c["kind"] for c in history["changes"]] == ["updated"]
    diff = run(walk, "diff", form)
    assert diff.exit_code == 0, diff.output
    assert "[-24 hours-] {+one working day+}" in diff.stdout
    assert json.loads(run(walk, "diff", form, "--format", "json").stdout)["words_added"] == 8
    assert "within 24 hours" in run(walk, "show", form, "--on", published(2)).stdout
    assert "within one working day" in run(walk, "show", form).stdout


def test_a_document_without_text_says_so(walk: Walk) -> None:
    scan = doc_url(walk, "child-protection-conference-flowchart.pdf")
    history = json.loads(run(walk, "history", scan, "--json").stdout)
    assert [v["summary"] for v in history["versions"]] == [
        "first version seen", "changed (no text to compare)"]
    result = run(walk, "diff", scan)
    assert result.exit_code == 2 and "no text to compare" in result.output
    assert run(walk, "show", doc_url(walk, "nothing.pdf")).exit_code == 2
