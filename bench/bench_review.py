"""Bench: the review application's pages on a large database.

The bench writes 40 manuals x 250 chapters x 10 versions (100,000 versions, 90,000 change
records) with texts made from the sample manual's chapters (each version a few words away
from the one before), in bulk, into the project's real schema (FTS index included; it is
rebuilt once after the bulk insert instead of row by row, which gives the same index). Then
it serves the app on 127.0.0.1 and times 50 requests of each page over HTTP, and checks that
a sentence pasted from a chapter (without quotes) lists a chapter holding that exact phrase
first.
Run: python bench/bench_review.py [--manuals N] [--chapters N] [--versions N] [--requests N]
[--quick]
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

import lxml.html
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from manualwatch.config import load_config  # noqa: E402
from manualwatch.samplesite.chapter_source import normalised_text, parse_chapter  # noqa: E402
from store import open_database  # noqa: E402
from tests.webapp import serving  # noqa: E402

SEED = 20261122
CHAPTERS_DIR = Path(__file__).resolve().parent.parent / "manualwatch/samplesite/data/chapters"
SWAPS = [("must", "should"), ("within", "no later than"), ("manager", "team manager"),
         ("child", "young person"), ("10", "15"), ("record", "write down")]
CONFIG = ('[store]\npath = "bench.db"\n[email]\nenabled = false\n'
          '[[manuals]]\nname = "m00"\ntitle = "Bench"\ncontents_url = "http://127.0.0.1:9/c"\n')


def _bases() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CHAPTERS_DIR.glob("*.txt")):
        chapter = parse_chapter(path.read_text("utf-8"), path.name)
        out.append((chapter.title, normalised_text(chapter)))
    return out


def _edit(text: str, rng: random.Random, k: int) -> str:
    """The next version: one swapped phrase and one sentence added to a paragraph."""
    lines = text.split("\n")
    old, new = rng.choice(SWAPS)
    i = rng.randrange(len(lines))
    lines[i] = lines[i].replace(f" {old} ", f" {new} ", 1)
    j = rng.randrange(len(lines))
    if not lines[j].startswith("#"):
        lines[j] += f" Revision {k} adds this sentence about step {rng.randint(1, 99)}."
    return "\n".join(lines)


def build(path: Path, manuals: int, chapters: int, versions: int) -> float:
    """Write the database in bulk; returns the seconds it took."""
    start = time.perf_counter()
    db = open_database(path)
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE name='versions_ai'").fetchone()[0]
    rng, bases = random.Random(SEED), _bases()
    conn = db.conn
    conn.execute("DROP TRIGGER versions_ai")
    with conn:
        for m in range(manuals):
            _manual(conn, f"m{m:02d}", chapters, versions, rng, bases)
        conn.execute("INSERT INTO versions_fts(versions_fts) VALUES('rebuild')")
        conn.execute(trigger)
    conn.execute("ANALYZE")
    db.close()
    return time.perf_counter() - start


def _manual(conn, name: str, chapters: int, versions: int, rng: random.Random,
            bases: list[tuple[str, str]]) -> None:
    run_ids = []
    for k in range(versions):
        when = f"{2016 + k}-0{1 + k % 9}-15T02:00:00Z"
        cur = conn.execute("INSERT INTO runs (manual, status, baseline, started_at, finished_at,"
                           " chapters, email) VALUES (?, 'ok', ?, ?, ?, ?, 'queued')",
                           [name, int(k == 0), when, when, chapters])
        run_ids.append((cur.lastrowid, when))
    for c in range(chapters):
        title, text = bases[(c * 7 + len(name)) % len(bases)]
        number = f"{1 + c // 40}.{1 + c % 40}"
        section = f"{1 + c // 40}. Section {1 + c // 40}"
        url = f"http://127.0.0.1:9/{name}/chapter/{c}"
        chapter_id = conn.execute(
            "INSERT INTO chapters (manual, url, number, numbers, title, section, first_run,"
            " last_run) VALUES (?,?,?,?,?,?,?,?)",
            [name, url, number, f'["{number}"]', f"{title} ({c})", section, run_ids[0][0],
             run_ids[-1][0]]).lastrowid
        previous = None
        for k, (run_id, when) in enumerate(run_ids):
            text = _edit(text, rng, k) if k else text
            version_id = conn.execute(
                "INSERT INTO versions (chapter_id, run_id, seen_at, text_hash, text)"
                " VALUES (?,?,?,?,?)", [chapter_id, run_id, when, f"h{k}", text]).lastrowid
            if previous is not None:
                conn.execute(
                    "INSERT INTO changes (run_id, chapter_id, kind, number, numbers, title, url,"
                    " section, words_added, words_removed, sections, from_version_id,"
                    " to_version_id, seen_at) VALUES (?,?,'updated',?,?,?,?,?,9,1,'[]',?,?,?)",
                    [run_id, chapter_id, number, f'["{number}"]', f"{title} ({c})", url,
                     section, previous, version_id, when])
            previous = version_id


def _time(session: requests.Session, url: str, count: int) -> tuple[float, float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        answer = session.get(url, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def _pasted_sentence(db, text: str) -> tuple[str, int]:
    """A sentence of the chapter as someone would paste it (7 to 12 words, no heading), the
    one fewest chapters hold, and how many chapters hold it."""
    candidates = {sentence for line in text.split("\n") if not line.startswith("#")
                  for sentence in re.split(r"(?<=\.)\s+", line)
                  if 7 <= len(sentence.split()) <= 12}
    if not candidates:
        raise SystemExit("no sentence of 7 to 12 words in the chosen chapter")
    counted = []
    for sentence in sorted(candidates):
        phrase = '"' + " ".join(re.findall(r"\w+", sentence)) + '"'
        holders = db.execute("SELECT count(DISTINCT v.chapter_id) FROM versions_fts f JOIN"
                             " versions v ON v.id = f.rowid WHERE versions_fts MATCH ?",
                             [phrase]).fetchone()[0]
        counted.append((holders, sentence))
    holders, sentence = min(counted)
    return sentence, holders


def _first_hit(session: requests.Session, base: str, sentence: str, chapter: int) -> str:
    """Whether the first hit holds the sentence as an exact phrase, and where the chapter it
    was copied from ranks among the hits."""
    page = lxml.html.fromstring(session.get(base + "/search", params={"q": sentence},
                                            timeout=60).text)
    hits = page.xpath("//li[@class='hit']")
    badges = [h.xpath("string(span[contains(@class, 'badge')])") for h in hits]
    links = [h.xpath("string(a/@href)") for h in hits]
    where = links.index(f"/chapters/{chapter}") + 1 if f"/chapters/{chapter}" in links else None
    return (f"first hit: {badges[0] or 'no badge'}; hits with the exact phrase:"
            f" {badges.count('exact phrase')} of {len(hits)}; the source chapter ranks"
            f" {where or 'below ' + str(len(hits))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--manuals", type=int, default=40)
    parser.add_argument("--chapters", type=int, default=250)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--quick", action="store_true",
                        help="4 manuals x 50 chapters x 3 versions, 10 requests (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.manuals, args.chapters, args.versions, args.requests = 4, 50, 3, 10
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "config.toml").write_text(CONFIG, "utf-8")
        config = load_config(Path(folder) / "config.toml")
        seconds = build(config.store_path, args.manuals, args.chapters, args.versions)
        size = config.store_path.stat().st_size / 1e6
        print(f"database: {args.manuals} manuals x {args.chapters} chapters x {args.versions}"
              f" versions, {size:.0f} MB, written in {seconds:.1f} s")
        chapter = args.chapters * (args.manuals // 2) + 17
        db = open_database(config.store_path)
        first, last = db.execute("SELECT min(id), max(id) FROM versions WHERE chapter_id=?",
                                 [chapter]).fetchone()
        change = db.execute("SELECT max(id) FROM changes WHERE chapter_id=?",
                            [chapter]).fetchone()[0]
        sentence, holders = _pasted_sentence(db, db.execute(
            "SELECT text FROM versions WHERE id=?", [last]).fetchone()[0])
        db.close()
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        pages = [
            ("change list (all, newest first)", "/changes", 100),
            ("change list (one manual, awaiting review)", "/changes?manual=m07&state=awaiting",
             100),
            ("change page (inline + side-by-side diff)", f"/changes/{change}", 100),
            ("chapter history", f"/chapters/{chapter}", 100),
            ("compare first and last version", f"/chapters/{chapter}/compare?from={first}"
             f"&to={last}", 100),
            ("search a phrase", '/search?q="no+later+than"+placement', 200),
            ("search a rare word", "/search?q=Revision+step+42", 200),
            ("search a common word (in every chapter)", "/search?q=child", 200),
            ("search a common word in one manual", "/search?q=child&manual=m07", 200),
            ("search a pasted sentence (no quotes)", f"/search?q={quote_plus(sentence)}", 200),
            ("dashboard (no target)", "/", 1000),
        ]
        with serving(config) as base, requests.Session() as session:
            print("\n| page | median ms | p90 ms | target ms |\n|---|---|---|---|")
            for label, path, target in pages:
                session.get(base + path, timeout=60)  # warm
                median, p90 = _time(session, base + path, args.requests)
                mark = "" if median <= target else "  ← over"
                print(f"| {label} | {median:.1f} | {p90:.1f} | ≤ {target}{mark} |")
            print(f"\npasted sentence: {sentence!r} ({holders} chapters hold it)")
            print(_first_hit(session, base, sentence, chapter))


if __name__ == "__main__":
    main()
