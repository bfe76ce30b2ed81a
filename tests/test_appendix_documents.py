"""The appendix's "Forms and documents" table on the sample manual's editions: every rendering
(JSON, HTML, Markdown, Atom) lists exactly the document records of each step's truth."""

from __future__ import annotations

import json
import re

import feedparser
import pytest

from manualwatch.samplesite import EDITIONS, document_path, load_truth
from tests.conftest import Manualwatch
from tests.samplewalk import Walk, published, walk_editions

STEPS = EDITIONS[1:]


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> Walk:
    return walk_editions(tmp_path_factory.mktemp("appendix-documents"), "current")


def amendments(walk: Walk, fmt: str) -> str:
    result = Manualwatch(walk.config_path)("amendments", "--format", fmt)
    assert result.exit_code == 0, result.output
    return result.stdout


def truth_documents(walk: Walk, edition: int) -> list[tuple[str, str, str, str, list[str]]]:
    return sorted((r["kind"], r["title"], walk.base_url + document_path("current", r["document"]),
                   r["type"], r["linked_from"]) for r in load_truth(edition)["documents"])


@pytest.mark.parametrize("edition", STEPS, ids=[f"step-{n - 1}-{n}" for n in STEPS])
def test_json_lists_each_updates_documents(walk: Walk, edition: int) -> None:
    updates = {u["date"]: u for u in json.loads(amendments(walk, "json"))["updates"]}
    listed = sorted((d["kind"], d["title"], d["url"], d["type"], d["linked_from"])
                    for d in updates[published(edition)]["documents"])
    assert listed == truth_documents(walk, edition)


def test_html_and_markdown_have_a_forms_and_documents_table_per_update(walk: Walk) -> None:
    html, markdown = amendments(walk, "html"), amendments(walk, "md")
    assert html.count(">Forms and documents</h4>") == len(STEPS)
    assert markdown.count("#### Forms and documents") == len(STEPS)
    rows = re.findall(r'<table class="documents".*?</table>', html, re.S)
    for edition, table in zip(reversed(STEPS), rows, strict=True):  # newest month first
        titles = re.findall(r'<td><a href="[^"]+">([^<]+)</a>', table)
        assert sorted(titles) == sorted(r["title"] for r in load_truth(edition)["documents"])
    assert "Its text changed (+8 / \u22122 words)." in html
    assert "| 1.3.1, 1.3.3 | Its text changed (+8 / \u22122 words). |" in markdown
    assert "Changed (no text to compare)" in html


def test_atom_has_an_entry_per_document_record(walk: Walk) -> None:
    feed = feedparser.parse(amendments(walk, "atom"))
    assert feed.bozo == 0
    titles = sorted(e.title for e in feed.entries if e.title.startswith(("New document",
                                                                         "Document")))
    assert titles == sorted([
        "Document no longer linked: Mobile Device Agreement",
        "Document updated: Child Protection Conference Flowchart",
        "Document updated: Multi-Agency Referral Form",
        "New document: Fostering Panel Minutes Template",
    ])
    form = next(e for e in feed.entries if e.title.endswith("Multi-Agency Referral Form"))
    assert "one working day" in form.content[0].value  # the word diff
