"""Every page of the review app (reached by links from `/`, signed out and signed in) and every
HTML file the command line writes (appendix, `contents -o`, `diff --format html`, the digest)
in real headless Chromium at 375 px and 1280 px: no sideways scrolling, touch targets of at
least 44 px, dates that never break inside, no normalised-text marker shown to the reader.
Screenshots are kept in the test's tmp dir, and copied to $MANUALWATCH_SCREENSHOTS if set."""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from manualwatch.cli import cli
from tests.browser import chromium, watch_console
from tests.webapp import Reviewed, serving, walk_with_mail

WIDTHS = (375, 1280)
REVIEWER, PASSWORD = "Ada Reviewer", "correct horse battery"

# What the page measures: its width, controls smaller than a finger, dates split over lines,
# text lines that still carry the normalised text's markers, and chart labels too small to read.
MEASURE = """() => {
  const small = [];
  const visible = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const controls = 'button, select, textarea, input:not([type=hidden]):not([type=checkbox])'
    + ':not([type=radio]), header.top a, label.choice, .targets a, a.button';
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 44 || r.width < 44)
      small.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name || '')
        .trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  const broken = [...document.querySelectorAll('time, time > span')].filter(
    t => visible(t) && !t.querySelector('span') && t.getClientRects().length > 1)
    .map(t => t.innerText);
  const tiny = [...document.querySelectorAll('svg text')].filter(t => visible(t)
    && t.textContent.trim() && t.getBoundingClientRect().height < 12).map(t => t.textContent);
  const text = document.body.innerText.split('\\n');
  const markers = text.filter(line => /^\\s*(## |- |\\| )/.test(line));
  return {width: document.scrollingElement.scrollWidth, small, broken, markers, tiny};
}"""


@dataclass
class Findings:
    """Everything wrong across the pages visited, and the pages measured."""

    wrong: list[str] = field(default_factory=list)
    widths: dict[str, dict[int, int]] = field(default_factory=dict)
    shots: list[Path] = field(default_factory=list)


def shot_name(path: str) -> str:
    """A screenshot's name for a page: its kind of page ('/changes/12' -> 'change')."""
    bare = path.split("?")[0]
    names = [(r"^/$", "dashboard"), (r"^/changes$", "change-list"), (r"^/changes/\d+$", "change"),
             (r"^/chapters/\d+$", "chapter"), (r"^/chapters/\d+/text$", "chapter-text"),
             (r"^/chapters/\d+/compare$", "compare"), (r"^/runs/\d+$", "run"),
             (r"^/search$", "search"), (r"^/audit$", "audit"), (r"^/amendments$", "amendments"),
             (r"^/login$", "login")]
    if bare == "/changes" and "?" in path:
        return "change-list-filtered"
    return next((name for pattern, name in names if re.match(pattern, bare)),
                bare.strip("/").replace("/", "-") or "page")


def measure(page: Page, name: str, width: int, findings: Findings, shot_as: Path | None
            ) -> None:
    """Measure the page in hand at `width`, recording what is wrong and a screenshot
    (`shot_as` with the width added) unless `shot_as` is None."""
    page.set_viewport_size({"width": width, "height": 900})
    found = page.evaluate(MEASURE)
    findings.widths.setdefault(name, {})[width] = found["width"]
    if found["width"] > width:
        findings.wrong.append(f"{name} @{width}: {found['width']} px wide")
    for what in ("small", "broken", "markers", "tiny"):
        if found[what]:
            findings.wrong.append(f"{name} @{width}: {what}: {found[what][:4]}")
    if shot_as is not None:
        shot = shot_as.with_name(f"{shot_as.name}-{width}.png")
        page.screenshot(path=str(shot), full_page=width == 375 and "contents" not in name)
        findings.shots.append(shot)


def walk(page: Page, base: str, findings: Findings, folder: Path, tag: str) -> int:
    """Visit every page reachable by links from `/` (a `/login?next=` link counts as
    `/login`); returns how many pages were visited."""
    seen: set[str] = set()
    shot: set[str] = set()
    todo = ["/"]
    while todo:
        path = todo.pop(0)
        key = "/login" if path.startswith("/login") else path
        if key in seen:
            continue
        seen.add(key)
        answer = page.goto(base + path)
        assert answer is not None and answer.status == 200, path
        kind = shot_name(path)
        shot_as = None if kind in shot else folder / f"{tag}{kind}"
        shot.add(kind)
        for width in WIDTHS:
            measure(page, f"{tag}{path}", width, findings, shot_as)
        links = page.eval_on_selector_all(
            "a[href^='/']", "els => els.map(a => a.getAttribute('href').split('#')[0])")
        todo += [h for h in links if not h.startswith("/static/") and not h.endswith(".csv")
                 and not h.startswith("/ack/") and not h.startswith("/unsubscribe/")]
    return len(seen)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Reviewed:
    reviewed = walk_with_mail(tmp_path_factory.mktemp("layout"))
    added = CliRunner().invoke(cli, ["--config", str(reviewed.config_path), "reviewer", "add",
                                     REVIEWER, "--password-stdin"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    return reviewed


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as chrome:
        yield chrome


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def keep(findings: Findings) -> None:
    """Copy the screenshots to $MANUALWATCH_SCREENSHOTS when it names a folder."""
    if os.environ.get("MANUALWATCH_SCREENSHOTS"):
        target = Path(os.environ["MANUALWATCH_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        for shot in findings.shots:
            shutil.copy(shot, target / shot.name)


def report(findings: Findings) -> str:
    """The widths measured, one page a line, for the failure message and a reader of -s."""
    return "\n".join(f"{name}: " + ", ".join(f"{w}->{got}" for w, got in sorted(by.items()))
                     for name, by in findings.widths.items())


def _digest_links(reviewed: Reviewed) -> list[str]:
    """The acknowledgement and unsubscribe links of a digest: pages reached from email."""
    source = reviewed.db.execute("SELECT message FROM outbox WHERE run_id = ?",
                                 [reviewed.runs[3].id]).fetchone()[0]
    text = email.message_from_string(source, policy=email.policy.default).get_body(
        ("plain",)).get_content()
    return [re.search(r"https?://\S+?(/ack/\S+)", text).group(1),
            re.search(r"https?://\S+?(/unsubscribe/\S+)", text).group(1)]


def test_every_page_fits_a_phone_and_a_desktop_signed_out(reviewed, browser, shots) -> None:
    findings = Findings()
    with serving(reviewed.config) as base:
        page = browser.new_page()
        errors = watch_console(page)
        visited = walk(page, base, findings, shots, "")
        for path, name in zip(_digest_links(reviewed), ("ack", "unsubscribe"), strict=True):
            assert page.goto(base + path).status == 200
            for width in WIDTHS:
                measure(page, path.rsplit("/", 1)[0], width, findings, shots / name)
    keep(findings)
    print(report(findings))
    assert visited > 50
    assert errors == []
    assert findings.wrong == [], "\n".join(findings.wrong)
    assert {s.name for s in findings.shots} >= {
        f"{n}-{w}.png" for n in ("dashboard", "change-list", "change", "chapter", "search",
                                 "audit", "amendments", "chapter-text", "compare", "run",
                                 "login", "ack", "unsubscribe") for w in WIDTHS}


def test_every_page_fits_a_phone_and_a_desktop_signed_in(reviewed, browser, shots) -> None:
    findings = Findings()
    with serving(reviewed.config) as base:
        page = browser.new_page()
        errors = watch_console(page)
        page.goto(base + "/login")
        page.fill("input[name=name]", REVIEWER)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.stack button")
        assert REVIEWER in page.locator("header.top").inner_text()
        visited = walk(page, base, findings, shots, "in-")
        assert REVIEWER in page.locator("header.top").inner_text()
    keep(findings)
    print(report(findings))
    assert visited > 50
    assert errors == []
    assert findings.wrong == [], "\n".join(findings.wrong)


def cli_files(reviewed: Reviewed, folder: Path) -> dict[str, Path]:
    """The HTML files the command line writes over the walked database, and the digest."""
    def mw(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--config", str(reviewed.config_path), *args])
        assert result.exit_code == 0, result.output
        return result.output

    folder.mkdir(exist_ok=True)
    files = {name: folder / f"{name}.html" for name in ("amendments", "contents", "diff",
                                                        "digest")}
    mw("amendments", "--format", "html", "-o", str(files["amendments"]))
    mw("contents", "-o", str(files["contents"]))
    updated = next(c for c in reviewed.runs[2].changes if c.title == "Section 47 Enquiries")
    files["diff"].write_text(mw("diff", updated.number, "--format", "html"), "utf-8")
    source = reviewed.db.execute("SELECT message FROM outbox WHERE run_id = ?",
                                 [reviewed.runs[2].id]).fetchone()[0]
    message = email.message_from_string(source, policy=email.policy.default)
    files["digest"].write_text(message.get_body(("html",)).get_content(), "utf-8")
    return files


def test_every_file_the_command_line_writes_fits(reviewed, browser, shots) -> None:
    findings = Findings()
    files = cli_files(reviewed, shots.parent / "cli-files")
    page = browser.new_page()
    errors = watch_console(page)
    for name, path in files.items():
        page.goto(path.as_uri())
        for width in WIDTHS:
            measure(page, name, width, findings, shots / name)
    keep(findings)
    print(report(findings))
    assert errors == []
    assert findings.wrong == [], "\n".join(findings.wrong)
    assert len(findings.shots) == 2 * len(files)
