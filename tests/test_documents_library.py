"""A manual's documents library (`resources_url`): every document it lists is tracked with
`linked_from` ["resources"]; a library that fails to answer removes nothing (real local server,
the whole run)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from manualwatch.config import ConfigError, load_config
from tests.conftest import Manualwatch, write_config
from tests.httpserver import Reply, serve_app

HTML = "text/html; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENTS = b"""<html><body><main><h1>Contents</h1><ul>
<li>1.1 <a href="/c1.html">Referrals</a></li>
<li>1.2 <a href="/c2.html">Assessments</a></li></ul></main></body></html>"""
CHAPTER = b"""<html><body><main><h1>Referrals</h1><p>Use the rota below.</p>
<p><a href="/files/rota.xlsx">Duty Rota</a></p></main></body></html>"""
OTHER = b"<html><body><main><h1>Assessments</h1><p>No forms here.</p></main></body></html>"


def library(*names: str) -> bytes:
    items = "".join(f'<li><a href="/files/{n}.xlsx">{n.title()} List</a></li>' for n in names)
    return (f"<html><body><main><h1>Documents Library</h1><p>Local forms and lists.</p>"
            f"<ul>{items}<li><a href='https://elsewhere.example/x.pdf'>Elsewhere</a></li>"
            f"</ul></main></body></html>").encode()


class Site:
    def __init__(self) -> None:
        self.library: tuple[int, bytes] = (200, library("contacts", "rota"))

    def __call__(self, request) -> Reply:
        if request.path == "/resources/documents-library":
            status, body = self.library
            return Reply(status, body, {"Content-Type": HTML})
        if request.path.startswith("/files/"):
            name = request.path.rsplit("/", 1)[-1].encode()
            return Reply(200, b"PK\x03\x04 " + name, {"Content-Type": XLSX, "ETag": '"1"'}) \
                if request.header("If-None-Match") != '"1"' else Reply(304, b"", {"ETag": '"1"'})
        pages = {"/contents.html": CONTENTS, "/c1.html": CHAPTER, "/c2.html": OTHER}
        if request.path in pages:
            return Reply(200, pages[request.path], {"Content-Type": HTML})
        return Reply(404, b"no", {"Content-Type": "text/plain"})


def configured(folder: Path, base_url: str, resources: str) -> Path:
    path = write_config(folder, base_url + "/contents.html")
    path.write_text(path.read_text("utf-8") + f'resources_url = "{resources}"\n', "utf-8")
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("library")
    site = Site()
    out: dict = {}
    with serve_app(site) as served:
        base = served.base_url
        mw = Manualwatch(configured(folder, base, base + "/resources/documents-library"))
        out["baseline"] = mw.run_json()["runs"][0]
        out["listed"] = json.loads(mw("documents", "--json").stdout)["documents"]
        site.library = (500, b"down")
        out["failed"] = mw.run_json()["runs"][0]
        site.library = (200, library("rota", "carers"))
        out["changed"] = mw.run_json()["runs"][0]
    out["base"] = base
    return out


def test_every_document_the_library_lists_is_tracked(runs: dict) -> None:
    files = runs["base"] + "/files/"
    assert [(d["url"], d["title"], d["linked_from"]) for d in runs["listed"]] == [
        (files + "contacts.xlsx", "Contacts List", ["resources"]),
        (files + "rota.xlsx", "Duty Rota", ["1.1", "resources"]),
    ]
    assert runs["baseline"]["errors"] == []


def test_a_library_that_fails_removes_nothing(runs: dict) -> None:
    failed = runs["failed"]
    assert failed["errors"] == [{"url": runs["base"] + "/resources/documents-library",
                                 "error": "HTTP 500"}]
    assert failed["documents"] == []


def test_the_library_adding_and_dropping_documents_makes_records(runs: dict) -> None:
    files = runs["base"] + "/files/"
    assert sorted((d["kind"], d["url"], d["linked_from"])
                  for d in runs["changed"]["documents"]) == [
        ("new", files + "carers.xlsx", ["resources"]),
        ("removed", files + "contacts.xlsx", ["resources"]),
    ]


@pytest.mark.parametrize(("value", "message"), [
    ('"/resources/documents-library"', "resources_url must be an http(s) URL"),
    ("42", "resources_url must be a string"),
])
def test_a_bad_resources_url_is_refused_naming_the_key(tmp_path: Path, value, message) -> None:
    path = write_config(tmp_path, "https://m.example/contents.html")
    path.write_text(path.read_text("utf-8") + f"resources_url = {value}\n", "utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)
