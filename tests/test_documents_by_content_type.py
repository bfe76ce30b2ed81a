"""Documents without an extension: a link under a media folder (`/media/`, `/trixcms/media/`,
`/files/`) is a tracked document when its Content-Type names one, and nothing otherwise (real
local server, the whole run)."""

from __future__ import annotations

import json

import pytest

from manualwatch.samplesite import make_documents
from tests.conftest import Manualwatch, write_config
from tests.httpserver import Reply, serve_app

CONTENTS = b"""<html><body><main><h1>Contents</h1><ul>
<li>1.1 <a href="/c1.html">Referrals</a></li>
<li>1.2 <a href="/c2.html">Assessments</a></li></ul></main></body></html>"""
CHAPTER = b"""<html><body><main><h1>Referrals</h1><p>Use the forms below.</p><ul>
<li><a href="/trixcms/media/12/download">Safety Plan</a></li>
<li><a href="/media/photo">Team photo</a></li>
<li><a href="/media/9/about">About this library</a></li>
<li><a href="/media/gone">Old leaflet</a></li>
</ul></main></body></html>"""
OTHER = b"<html><body><main><h1>Assessments</h1><p>No forms here.</p></main></body></html>"
PDF = "application/pdf"
PLAN = make_documents.pdf(make_documents.SAFETY_PLAN)


class Site:
    def __init__(self) -> None:
        html = "text/html; charset=utf-8"
        self.pages = {"/contents.html": (CONTENTS, html), "/c1.html": (CHAPTER, html),
                      "/c2.html": (OTHER, html), "/robots.txt": (b"", "text/plain"),
                      "/media/photo": (b"\x89PNG\r\n\x1a\n", "image/png"),
                      "/media/9/about": (OTHER, html)}

    def __call__(self, request) -> Reply:
        if request.path == "/trixcms/media/12/download":
            etag = '"plan-1"'
            if request.header("If-None-Match") == etag:
                return Reply(304, b"", {"ETag": etag})
            return Reply(200, PLAN, {"Content-Type": PDF, "ETag": etag})
        body, kind = self.pages.get(request.path, (b"", ""))
        return Reply(200, body, {"Content-Type": kind}) if kind else Reply(404, b"no")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("by-content-type")
    site = Site()
    with serve_app(site) as served:
        mw = Manualwatch(write_config(folder, served.base_url + "/contents.html"))
        first = mw.run_json()["runs"][0]
        unchanged = mw.run_json()["runs"][0]
        documents = json.loads(mw("documents", "--json").stdout)["documents"]
        audit = json.loads(mw("audit", "--json").stdout)["findings"]
        asked = [(r.path, r.header("If-None-Match") is not None) for r in served.log.all()]
    return {"base": served.base_url, "first": first, "unchanged": unchanged,
            "documents": documents, "audit": audit, "asked": asked}


def test_only_the_link_whose_content_type_is_a_document_is_tracked(runs: dict) -> None:
    assert [(d["url"], d["title"], d["type"], d["linked_from"]) for d in runs["documents"]] == \
        [(runs["base"] + "/trixcms/media/12/download", "Safety Plan", "pdf", ["1.1"])]
    assert runs["first"]["errors"] == [] and runs["first"]["status"] == "ok"


def test_it_is_fetched_conditionally_every_run(runs: dict) -> None:
    assert runs["unchanged"]["documents"] == [] and runs["unchanged"]["errors"] == []
    assert [asked for asked in runs["asked"] if asked[0] == "/trixcms/media/12/download"] == \
        [("/trixcms/media/12/download", False), ("/trixcms/media/12/download", True)]
    assert runs["documents"][0]["versions"] == 1 and runs["documents"][0]["status"] == 304


def test_a_dead_link_under_a_media_folder_is_a_broken_link(runs: dict) -> None:
    dead = [(f["number"], f["target"], f["detail"]) for f in runs["audit"]
            if f["kind"] == "broken_link"]
    assert dead and set(dead) == {("1.1", runs["base"] + "/media/gone", "HTTP 404")}
