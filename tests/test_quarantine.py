"""Guards: a run that changes too much, or whose contents page lists too little, is held back
(quarantined): stored, not published, and the next run compares with the accepted state;
`approve` publishes it, `reject` discards it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from manualwatch.config import load_config
from manualwatch.cycle.nightly import smtp_transport
from manualwatch.cycle.quarantine import ApproveFailed, approve
from manualwatch.publish.delivery import SendReport
from manualwatch.samplesite import contents_path
from manualwatch.samplesite.build import build
from store import open_database
from store.outbox import queue_message
from tests.conftest import Manualwatch, write_config
from tests.httpserver import RecordedRequest, Reply, file_reply, serve_app
from tests.reference import minimal_counts
from tests.smtpserver import smtp_server

LAYOUT = "current"
NEW_ROW = ('<li class="chapter-row"><span class="number">1.1.99</span>'
           ' <a href="/chapter/brand-new-procedure">Brand New Procedure</a></li>')
EXTRA = "<p>Managers must confirm this procedure was read within 10 working days.</p>"


class Site:
    """Edition 1 served from files; `variant` switches to a tampered copy."""

    def __init__(self, folder: Path) -> None:
        self.roots = {name: folder / name
                      for name in ("ed1", "many", "short", "collapse", "renamed")}
        for root in self.roots.values():
            pages = build(1, LAYOUT, root)
        built = root  # the folder `pages` points into
        chapters = sorted(p for path, p in pages.items() if path.startswith("/chapter/"))
        self.changed = int(len(chapters) * 0.4)
        for page in chapters[: self.changed]:  # 40% of chapters change at once
            for variant in ("many", "renamed"):
                target = self.roots[variant] / page.relative_to(built)
                target.write_text(
                    target.read_text("utf-8").replace("</article>", EXTRA + "</article>"),
                    "utf-8")
        # "renamed": the same 40% changed, and an unchanged chapter retitled on the contents page
        self.renamed = next(path for path, p in pages.items() if p == chapters[-1])
        contents = self.roots["renamed"] / contents_path(LAYOUT).lstrip("/")
        html = contents.read_text("utf-8")
        link = re.search(rf'<a href="{re.escape(self.renamed)}">([^<]+)</a>', html)
        html = html.replace(link.group(0), link.group(0).replace(
            link.group(1), link.group(1) + " (revised title)"))
        # ... and a chapter never seen before, which the held run keeps as a held row
        row = re.search(r'<li class="chapter-row">.*?</li>', html).group(0)
        contents.write_text(html.replace(row, row + NEW_ROW), "utf-8")
        page = self.roots["renamed"] / "chapter" / "brand-new-procedure"
        page.write_bytes((self.roots["renamed"] / chapters[0].relative_to(built)).read_bytes())
        big = max(chapters, key=lambda p: p.stat().st_size)
        self.collapsed = "/" + str(big.relative_to(built))
        target = self.roots["collapse"] / big.relative_to(built)
        html = target.read_text("utf-8")
        start, end = html.index("<h2"), html.index("</article>")
        target.write_text(html[:start] + "<p>This chapter is being revised.</p>" + html[end:],
                          "utf-8")
        contents = self.roots["short"] / contents_path(LAYOUT).lstrip("/")
        html = contents.read_text("utf-8")
        cut = html.index('href="/chapter/', len(html) // 3)  # keep about a third of the rows
        contents.write_text(html[:cut] + 'href="/amendments">Amendments</a></body></html>',
                            "utf-8")
        self.dropped = len(_chapter_links(html) - _chapter_links(html[:cut]))
        self.variant = "ed1"

    def __call__(self, request: RecordedRequest) -> Reply:
        root = self.roots[self.variant]
        path = urlsplit(request.path).path
        if path == "/contents/contents" and self.variant not in ("short", "renamed"):
            root = self.roots["ed1"]
        return file_reply(root, request)


def _chapter_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/chapter/[^"#]+)"', html))


@pytest.fixture
def served(tmp_path: Path):
    site = Site(tmp_path / "site")
    with smtp_server() as box, serve_app(site) as (base_url, _log):
        config = write_config(tmp_path, base_url + contents_path(LAYOUT), smtp_port=box.port)
        mw = Manualwatch(config)
        assert mw("run", "--json").exit_code == 0
        assert mw("subscribe", "lead@example.org", "--all").exit_code == 0
        yield site, mw, box, tmp_path


def run(mw: Manualwatch) -> tuple[int, dict]:
    result = mw("run", "--json")
    return result.exit_code, json.loads(result.stdout)["runs"][0]


def test_too_many_changes_are_held_until_approved(served) -> None:
    site, mw, box, folder = served
    site.variant = "many"
    code, held = run(mw)
    assert code == 1 and held["status"] == "quarantined"
    assert [c["kind"] for c in held["changes"]] == ["updated"] * site.changed
    assert box.messages == [] and not (folder / "output").exists()
    code, again = run(mw)  # compares with the accepted state: the same changes again
    assert again["status"] == "quarantined"
    assert len(again["changes"]) == len(held["changes"])
    stale = mw("approve", str(held["run_id"]))
    assert stale.exit_code == 2 and "superseded" in stale.output
    assert mw("approve", str(again["run_id"])).exit_code == 0
    assert [m["To"] for m in box.messages] == ["lead@example.org"]
    db = open_database(folder / "manualwatch.db")  # one manual: nothing across manuals
    assert db.execute("SELECT count(*) FROM edits").fetchone()[0] == 0
    appendix = (folder / "output" / "sample" / "amendments.md").read_text("utf-8")
    assert appendix.count("(11 words added)") == len(again["changes"])
    code, after = run(mw)
    assert (code, after["status"], after["changes"]) == (0, "ok", [])
    assert len(box.messages) == 1


def test_a_shrunken_contents_page_is_held_and_can_be_rejected(served) -> None:
    site, mw, box, folder = served
    site.variant = "short"
    code, held = run(mw)
    assert held["status"] == "quarantined"
    kinds = [c["kind"] for c in held["changes"]]
    assert set(kinds) <= {"removed", "renumbered"} and kinds.count("removed") == site.dropped
    assert mw("reject", str(held["run_id"])).exit_code == 0
    again = mw("reject", str(held["run_id"]))
    assert again.exit_code == 2
    assert f"run {held['run_id']} is rejected, not quarantined" in again.output
    missing = mw("approve", "999")
    assert missing.exit_code == 2 and "no run 999" in missing.output
    site.variant = "ed1"
    code, after = run(mw)
    assert (code, after["status"], after["changes"]) == (0, "ok", [])
    db = open_database(folder / "manualwatch.db")
    assert db.execute("SELECT status FROM runs WHERE id=?", [held["run_id"]]).fetchone()[0] == \
        "rejected"
    assert box.messages == []
    history = json.loads(mw("changes", "--json").stdout)["changes"]
    assert history == []


def test_a_chapter_that_loses_most_of_its_words_is_held(served) -> None:
    site, mw, box, folder = served
    site.variant = "collapse"
    code, held = run(mw)
    assert (code, held["status"]) == (1, "quarantined")
    assert [c["url"].endswith(site.collapsed) for c in held["changes"]] == [True]
    old_text, new_text = _texts(folder, held["run_id"])
    assert (held["changes"][0]["words_added"], held["changes"][0]["words_removed"]) == \
        minimal_counts(old_text, new_text)
    assert box.messages == []


def _texts(folder: Path, run_id: int) -> tuple[str, str]:
    """The collapsed chapter's text before the run and as the run stored it."""
    db = open_database(folder / "manualwatch.db")
    new_text, chapter_id = db.execute("SELECT text, chapter_id FROM versions WHERE run_id=?",
                                      [run_id]).fetchone()
    old_text = db.execute("SELECT text FROM versions WHERE chapter_id=? AND run_id<?"
                          " ORDER BY id DESC", [chapter_id, run_id]).fetchone()[0]
    return old_text, new_text


def test_a_rejected_run_is_never_the_comparison_base(served) -> None:
    site, mw, box, folder = served
    site.variant = "collapse"
    _, held = run(mw)
    db = open_database(folder / "manualwatch.db")
    assert db.execute("SELECT count(*) FROM held_states").fetchone()[0] > 0
    assert mw("reject", str(held["run_id"])).exit_code == 0
    assert db.execute("SELECT count(*) FROM held_states").fetchone()[0] == 0
    code, again = run(mw)  # the same collapsed page: compared with the accepted version
    assert (code, again["status"]) == (1, "quarantined")
    assert [(c["kind"], c["url"]) for c in again["changes"]] == [
        (c["kind"], c["url"]) for c in held["changes"]]
    assert mw("reject", str(again["run_id"])).exit_code == 0
    site.variant = "ed1"
    code, after = run(mw)  # the accepted text again: nothing changed
    assert (code, after["status"], after["changes"]) == (0, "ok", [])
    assert box.messages == []


def test_rejected_versions_show_in_history_only_when_asked_for(served) -> None:
    site, mw, box, folder = served
    site.variant = "collapse"
    _, held = run(mw)
    url = held["changes"][0]["url"]
    assert mw("reject", str(held["run_id"])).exit_code == 0
    shown = json.loads(mw("history", url, "--json").stdout)["versions"]
    assert [(v["run_id"], v["rejected"]) for v in shown] == [(1, False)]
    everything = mw("history", url, "--include-rejected", "--json")
    versions = json.loads(everything.stdout)["versions"]
    assert [(v["run_id"], v["rejected"]) for v in versions] == [
        (1, False), (held["run_id"], True)]
    assert versions[1]["words_removed"] == held["changes"][0]["words_removed"]
    text = mw("history", url, "--include-rejected").stdout
    assert text.count("(rejected run)") == 1
    assert "(rejected run)" not in mw("history", url).stdout


def test_approving_applies_the_held_runs_view_of_each_chapter(served) -> None:
    site, mw, box, folder = served
    site.variant = "renamed"
    code, held = run(mw)
    assert held["status"] == "quarantined"
    renamed = [c for c in held["changes"] if c["kind"] == "renamed"]
    assert [(c["url"].endswith(site.renamed), c["title"].endswith(" (revised title)"))
            for c in renamed] == [(True, True)]
    assert [c["url"].endswith("/chapter/brand-new-procedure") for c in held["changes"]
            if c["kind"] == "new"] == [True]
    db = open_database(folder / "manualwatch.db")
    assert db.execute("SELECT url FROM chapters WHERE held_run IS NOT NULL").fetchall() == [
        (renamed[0]["url"].rsplit("/chapter/", 1)[0] + "/chapter/brand-new-procedure",)]
    assert mw("approve", str(held["run_id"])).exit_code == 0
    assert db.execute("SELECT count(*) FROM held_states").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM chapters WHERE held_run IS NOT NULL"
                      ).fetchone()[0] == 0
    assert db.execute("SELECT title FROM chapters WHERE url=?", [renamed[0]["url"]]
                      ).fetchone()[0] == renamed[0]["title"]
    code, after = run(mw)  # the approved titles and texts are the accepted state now
    assert (code, after["status"], after["changes"]) == (0, "ok", [])


def test_approving_with_email_off_publishes_the_appendix_only(served) -> None:
    site, mw, box, folder = served
    config = folder / "config.toml"
    config.write_text(config.read_text("utf-8").replace("enabled = true", "enabled = false"),
                      "utf-8")
    site.variant = "many"
    _, held = run(mw)
    assert held["status"] == "quarantined"
    approved = mw("approve", str(held["run_id"]))
    assert approved.exit_code == 0 and "email:" not in approved.output
    appendix = (folder / "output" / "sample" / "amendments.md").read_text("utf-8")
    assert appendix.count("(11 words added)") == site.changed
    assert box.messages == []


def test_approve_publishes_and_sends_at_the_time_its_clock_gives(served) -> None:
    site, mw, box, folder = served
    site.variant = "many"
    _, held = run(mw)
    config = load_config(folder / "config.toml")
    db = open_database(config.store_path)
    moment = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    approved, report = approve(db, config, held["run_id"], transport=smtp_transport(config),
                               clock=lambda: moment)
    assert (approved.id, approved.status, report) == (held["run_id"], "approved",
                                                      SendReport(sent=1))
    assert db.execute("SELECT created_at, sent_at, status FROM outbox WHERE run_id=?",
                      [held["run_id"]]).fetchall() == [
        ("2031-05-06T07:08:09Z", "2031-05-06T07:08:09Z", "sent")]
    assert [m["To"] for m in box.messages] == ["lead@example.org"]


def test_a_failed_approve_alerts_the_admin_at_the_time_its_clock_gives(served) -> None:
    site, mw, box, folder = served
    path = folder / "config.toml"
    path.write_text(path.read_text("utf-8").replace(
        'from = "manualwatch@example.org"',
        'from = "manualwatch@example.org"\nadmin = "admin@example.org"'), "utf-8")
    site.variant = "many"
    _, held = run(mw)
    (folder / "output").mkdir()
    (folder / "output" / "sample").write_text("a file where the appendix folder must go")
    config = load_config(path)
    db = open_database(config.store_path)
    # an earlier digest still queued goes with the alert, and is refused for good
    box.refuse["gone@example.org"] = "550 5.1.1 no such user"
    assert queue_message(db, run_id=1, subscriber_id=1, recipient="gone@example.org",
                         subject="s", message="To: gone@example.org\nSubject: s\n\nbody\n",
                         now="2026-11-25T02:00:00Z")
    moment = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    with pytest.raises(ApproveFailed, match=rf"^run {held['run_id']} stays quarantined: "
                                            "publishing failed: appendix: ") as caught:
        approve(db, config, held["run_id"], transport=smtp_transport(config),
                clock=lambda: moment)
    error = str(caught.value).split("publishing failed: ", 1)[1]
    assert db.execute("SELECT publish_ok, publish_error FROM runs WHERE id=?",
                      [held["run_id"]]).fetchall() == [(0, error)]
    assert db.execute("SELECT subscriber_id, recipient, status FROM outbox WHERE run_id=1"
                      " ORDER BY id").fetchall() == [
        (1, "gone@example.org", "failed"), (-1, "admin@example.org", "sent")]
    assert db.execute("SELECT recipient, created_at, sent_at, status FROM outbox"
                      " WHERE run_id=? AND subscriber_id=-3", [held["run_id"]]).fetchall() == [
        ("admin@example.org", "2031-05-06T07:08:09Z", "2031-05-06T07:08:09Z", "sent")]
    assert db.execute("SELECT status FROM runs WHERE id=?", [held["run_id"]]).fetchall() == [
        ("quarantined",)]


def test_approving_with_two_manuals_records_the_runs_edits_across_them(served) -> None:
    site, mw, box, folder = served
    path = folder / "config.toml"
    text = path.read_text("utf-8")
    url = re.search(r'contents_url = "([^"]+)"', text).group(1)
    path.write_text(text + f'\n[[manuals]]\nname = "copy"\ntitle = "Copy"\n'
                           f'contents_url = "{url}"\n', "utf-8")
    assert json.loads(mw("run", "--json").stdout)["runs"][1]["status"] == "ok"  # its baseline
    site.variant = "many"
    runs = json.loads(mw("run", "--json").stdout)["runs"]
    assert [r["status"] for r in runs] == ["quarantined", "quarantined"]
    db = open_database(folder / "manualwatch.db")
    assert db.execute("SELECT count(*) FROM edits").fetchone()[0] == 0
    assert mw("approve", str(runs[0]["run_id"])).exit_code == 0
    # one edit per changed chapter: the same paragraph added to each
    assert db.execute("SELECT manual, count(*) FROM edits GROUP BY manual").fetchall() == [
        ("sample", site.changed)]
