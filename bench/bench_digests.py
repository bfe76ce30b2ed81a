"""Bench: queue the digests of one run of 40 changed chapters for 10,000 subscribers.

A store in a temporary folder holds 40 chapters of the sample manual, each with two
versions (a few sentences edited, a paragraph added, one removed), a run with 40 change
records (32 updated, 4 new, 2 renamed, 2 renumbered), and 10,000 subscribers with varied
subscriptions: every chapter, one to five chapters, a glob like 5.1.*, a section number, a
section title. The timed step is `queue_digests`: diffs, changed sentences, text and HTML
rendering, MIME messages and outbox rows, everything but delivery.
Run: python bench/bench_digests.py [subscribers] [--quick]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from manualwatch.config import parse_config  # noqa: E402
from manualwatch.publish.mailing import queue_digests  # noqa: E402
from store import open_database, outbox  # noqa: E402
from store.changes import add_change  # noqa: E402
from store.chapters import create_chapter  # noqa: E402
from store.models import Change, PreviousRef  # noqa: E402
from store.runs import finish_run, start_run  # noqa: E402
from store.versions import add_version  # noqa: E402

SEED = 20261122
CHAPTERS = Path(__file__).resolve().parent.parent / "manualwatch/samplesite/data/chapters"
SECTIONS = ["1. All Children", "2. Case Management", "4. Children in Particular Circumstances",
            "5. Looked After Children", "6. Fostering"]
KINDS = ["updated"] * 32 + ["new"] * 4 + ["renamed"] * 2 + ["renumbered"] * 2
NOW = "2026-11-22T02:00:00Z"


def _text(path: Path) -> str:
    body = path.read_text("utf-8").split("\n---\n", 1)[-1]
    return "\n".join(line for line in body.splitlines() if line.strip())


def _edited(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    for _ in range(3):
        i = rng.randrange(len(lines))
        words = lines[i].split()
        if len(words) > 4:
            words[rng.randrange(1, len(words))] = rng.choice(["must", "10", "promptly", "not"])
            lines[i] = " ".join(words)
    lines.insert(rng.randrange(len(lines)), "A new paragraph sets a timescale of 5 working days.")
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def _numbers(i: int) -> str:
    section = [1, 2, 4, 5, 6][i % 5]
    return f"{section}.{1 + i % 3}.{1 + i // 15}"


def build_store(folder: Path, subscribers: int):
    db = open_database(folder / "bench.db")
    rng = random.Random(SEED)
    base = start_run(db, "bench", NOW)
    finish_run(db, base, status="ok", finished_at=NOW, baseline=True, chapters=40, fetched=40,
               not_modified=0, errors=[], skipped=[])
    run = start_run(db, "bench", NOW)
    files = sorted(CHAPTERS.glob("*.txt"))[:40]
    chapter_ids = []
    for i, path in enumerate(files):
        number, title = _numbers(i), path.stem.replace("-", " ").capitalize()
        url = f"https://manual.example.org/chapter/{path.stem}"
        cid = create_chapter(db, "bench", url=url, number=number, numbers=[number], title=title,
                             section=SECTIONS[i % 5], flag=None, run_id=base)
        chapter_ids.append(cid)
        old = _text(path)
        v1 = add_version(db, chapter_id=cid, run_id=base, seen_at=NOW, text=old)
        kind = KINDS[i]
        v2 = add_version(db, chapter_id=cid, run_id=run, seen_at=NOW,
                         text=_edited(old, rng)) if kind == "updated" else None
        add_change(db, Change(kind=kind, chapter_id=cid, number=number, title=title, url=url,
                              numbers=(number,), section=SECTIONS[i % 5],
                              previous=None if kind == "new" else PreviousRef(number, title, url),
                              words_added=7, words_removed=3, sections=("1. Intro",),
                              run_id=run, seen_at=NOW, from_version_id=v1 if v2 else None,
                              to_version_id=v2))
    finish_run(db, run, status="ok", finished_at=NOW, baseline=False, chapters=40, fetched=40,
               not_modified=0, errors=[], skipped=[])
    _subscribers(db, subscribers, chapter_ids, rng)
    return db


def _follows(n: int, chapter_ids: list[int], rng: random.Random) -> list[tuple]:
    pick = n % 20
    if pick == 0:
        return [("all", "", None)]
    if pick < 9:
        return [("chapter", str(c), c) for c in rng.sample(chapter_ids, rng.randint(1, 5))]
    if pick < 13:
        return [("chapter", f"{rng.choice([1, 2, 4, 5, 6])}.{rng.randint(1, 3)}.*", None)]
    if pick < 17:
        return [("section", str(rng.choice([1, 2, 4, 5, 6])), None)]
    return [("section", rng.choice(SECTIONS).split(". ", 1)[1], None)]


def _subscribers(db, count: int, chapter_ids: list[int], rng: random.Random) -> None:
    with db.conn:
        for n in range(count):
            cursor = db.execute("INSERT INTO subscribers (email, manual, token, created_at)"
                                " VALUES (?,?,?,?)", [f"p{n}@example.org", "bench", f"t{n}", NOW])
            for kind, selector, cid in _follows(n, chapter_ids, rng):
                db.execute("INSERT OR IGNORE INTO subscriptions (subscriber_id, kind, selector,"
                           " chapter_id) VALUES (?,?,?,?)",
                           [cursor.lastrowid, kind, selector, cid])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("subscribers", type=int, nargs="?", default=10_000)
    parser.add_argument("--quick", action="store_true", help="1,000 subscribers (make bench)")
    args = parser.parse_args()
    subscribers = 1_000 if args.quick else args.subscribers
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = parse_config({"manuals": [{"name": "bench", "title": "Bench Procedure Manual",
                                            "contents_url": "https://manual.example.org/"}],
                               "web": {"base_url": "https://mw.example.org"}},
                              folder / "config.toml")
        db = build_store(folder, subscribers)
        started = time.perf_counter()
        queued = queue_digests(db, config, config.manuals[0])
        seconds = time.perf_counter() - started
        sizes = [len(i.message) for i in outbox.all_items(db)]
    print("| subscribers | changed chapters | digests queued | seconds | per digest | "
          "mean message |")
    print("|---|---|---|---|---|---|")
    print(f"| {subscribers:,} | {len(KINDS)} | {queued:,} | {seconds:.1f} | "
          f"{1000 * seconds / max(queued, 1):.2f} ms | {sum(sizes) // max(len(sizes), 1):,} B |")
    if subscribers == 10_000:
        print(f"target: <= 20 s for 10,000 subscribers: {'met' if seconds <= 20 else 'NOT met'}")
    else:
        print("target (<= 20 s) applies to 10,000 subscribers: run without --quick")


if __name__ == "__main__":
    main()
