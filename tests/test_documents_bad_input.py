"""Bad documents on a real local server: too large, a PDF bomb, a zip-bomb Word file, an HTML
error page served as a PDF, a corrupt file. Each is bounded and fails alone; none is a version."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler import CrawlSettings, Fetcher
from crawler.documents import DocumentLink, DocumentSettings, fetch_document
from store import open_database
from tests.bombs import docx_bomb, pdf_bomb
from tests.conftest import Manualwatch, write_config
from tests.httpserver import Reply, file_reply, serve_directory

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "manualwatch/samplesite/data/documents/multi-agency-referral-form.pdf"
CONTENTS = """<html><body><main><h1>Contents</h1><ul>
<li>1.1 <a href="c1.html">Referrals</a></li>
<li>1.2 <a href="c2.html">Assessments</a></li></ul></main></body></html>"""
CHAPTER = """<html><body><main><h1>Referrals</h1><p>Use the forms below.</p><ul>
<li><a href="files/form.pdf">Referral Form</a></li>
<li><a href="files/big.pdf">Big Leaflet</a></li>
<li><a href="files/error.pdf">Error Page Form</a></li>
<li><a href="files/corrupt.pdf">Corrupt Form</a></li>
</ul></main></body></html>"""
ERROR_PAGE = b"<!doctype html><html><title>Service unavailable</title><h1>Sorry</h1></html>"
BIG = 50 * 1024 * 1024  # a 50 MB PDF, over the default max_bytes of 20 MB
LIMITED = DocumentSettings(extract_seconds=10, extract_memory_bytes=256 * 1024 * 1024)


def error_page(_request) -> Reply:
    return Reply(200, ERROR_PAGE, {"Content-Type": "application/pdf"})


FAILING: dict[str, int] = {}  # path -> status the server answers instead of the file


def failing(root: Path):
    def app(request) -> Reply:
        status = FAILING.get(request.path)
        return Reply(status, b"oops", {"Content-Type": "text/plain"}) if status else \
            file_reply(root, request)
    return app


@pytest.fixture
def manual(tmp_path: Path):
    site = tmp_path / "site"
    (site / "files").mkdir(parents=True)
    (site / "contents.html").write_text(CONTENTS, encoding="utf-8")
    (site / "c1.html").write_text(CHAPTER, encoding="utf-8")
    (site / "c2.html").write_text(CHAPTER.split("<ul>")[0] + "</main></body></html>",
                                  encoding="utf-8")
    (site / "files/form.pdf").write_bytes(FORM.read_bytes())
    with (site / "files/big.pdf").open("wb") as big:
        big.write(b"%PDF-1.4\n")
        big.truncate(BIG)
    (site / "files/corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not really a PDF\n")
    FAILING.clear()
    routes = {"/files/error.pdf": error_page, "/files/form.pdf": failing(site)}
    with serve_directory(site, routes) as served:
        config = write_config(tmp_path, served.base_url + "/contents.html")
        yield site, served, Manualwatch(config), tmp_path / "manualwatch.db"


def test_a_file_over_max_bytes_is_skipped_and_not_read_again_until_it_changes(manual) -> None:
    site, served, mw, _ = manual
    big = served.base_url + "/files/big.pdf"
    first = mw.run_json()["runs"][0]
    assert {"url": big, "reason": "larger than max_bytes (20000000)"} in first["skipped"]
    assert first["status"] == "ok"
    served.log.clear()
    second = mw.run_json()["runs"][0]
    asked = served.log.for_path("/files/big.pdf")
    assert len(asked) == 1 and asked[0].header("If-None-Match")  # answered 304
    assert {"url": big, "reason": "larger than max_bytes (20000000), unchanged"} in \
        second["skipped"]
    with (site / "files/big.pdf").open("r+b") as changed:
        changed.write(b"%PDF-1.5\n")
    third = mw.run_json()["runs"][0]
    assert {"url": big, "reason": "larger than max_bytes (20000000)"} in third["skipped"]


def test_an_html_page_served_as_a_pdf_and_a_corrupt_file_fail_alone(manual) -> None:
    _, served, mw, db_path = manual
    run = mw.run_json()["runs"][0]
    errors = {e["url"]: e["error"] for e in run["errors"]}
    assert errors == {
        served.base_url + "/files/error.pdf":
            "not a PDF: the server sent an HTML page (application/pdf)",
        served.base_url + "/files/corrupt.pdf": errors[served.base_url + "/files/corrupt.pdf"],
    }
    assert errors[served.base_url + "/files/corrupt.pdf"].startswith("corrupt file: ")
    assert run["status"] == "ok"  # a document's failure does not make the run partial
    db = open_database(db_path)
    versions = dict(db.execute(
        "SELECT d.url, count(v.id) FROM documents d LEFT JOIN document_versions v"
        " ON v.document_id = d.id GROUP BY d.url").fetchall())
    base = served.base_url + "/files/"
    assert versions == {base + "form.pdf": 1, base + "big.pdf": 0, base + "error.pdf": 0,
                        base + "corrupt.pdf": 0}


@pytest.mark.parametrize(("name", "kind", "make", "settings", "reason"), [
    ("bomb.pdf", "pdf", pdf_bomb, LIMITED, "extraction ran out of memory or time"),
    ("bomb.docx", "docx", docx_bomb, DocumentSettings(),
     "unpacks to more than 200000000 bytes"),
    ("bomb.docx", "docx", docx_bomb,
     DocumentSettings(extract_seconds=10, extract_memory_bytes=256 * 1024 * 1024,
                      max_unpacked_bytes=10**12),
     "extraction ran out of memory"),
], ids=["pdf-bomb", "zip-bomb-by-its-sizes", "zip-bomb-in-the-worker"])
def test_bombs_are_bounded_and_compared_by_their_bytes(tmp_path: Path, name, kind, make,
                                                         settings, reason) -> None:
    (tmp_path / name).write_bytes(make())
    with serve_directory(tmp_path) as served, Fetcher(CrawlSettings(retries=0)) as fetcher:
        link = DocumentLink(served.base_url + "/" + name, "Bomb", kind)
        page = fetch_document(fetcher, link, settings)
    assert page.status == 200 and page.error is None and page.text is None
    assert page.no_text is not None and page.no_text.startswith(reason)
    assert page.raw_sha256 is not None  # versioned by its bytes' hash


def test_a_document_that_fails_to_fetch_keeps_its_last_version(manual) -> None:
    site, served, mw, db_path = manual
    form = served.base_url + "/files/form.pdf"
    mw.run_json()
    FAILING["/files/form.pdf"] = 500
    (site / "files/form.pdf").write_bytes(b"%PDF-1.4 a new form that could not be fetched")
    run = mw.run_json()["runs"][0]
    assert {"url": form, "error": "HTTP 500"} in run["errors"]
    assert run["documents"] == [] and run["status"] == "ok"
    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM document_versions v JOIN documents d ON"
                      " d.id = v.document_id WHERE d.url = ?", [form]).fetchone()[0] == 1


def test_documents_can_be_turned_off(manual) -> None:
    _, served, mw, db_path = manual
    config = mw.config
    config.write_text(config.read_text("utf-8") + "\n[documents]\nenabled = false\n", "utf-8")
    run = mw.run_json()["runs"][0]
    assert run["documents"] == [] and run["errors"] == []
    assert not [r for r in served.log.all() if r.path.startswith("/files/")]
    assert open_database(db_path).execute("SELECT count(*) FROM documents").fetchone()[0] == 0
