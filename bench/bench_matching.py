"""Bench: counterparts and adoption across many manuals.

Writes M manuals x C chapters (default 30 x 250) into the project's real schema: C procedures
made from the sample manual's words (each with the same boilerplate headings), every manual's
copy with its own local paragraph, and one manual in ten lacking ten chapters. Then times
  1. counterparts from scratch (every chapter sketched and matched),
  2. an incremental night: 20 chapters of one manual changed,
  3. 17 national edits spreading over the manuals run by run (recorded after each run),
  4. `adoption --json` in-process and the Adoption page over HTTP (median of N requests),
and checks every counterpart found is the same procedure and none is missing.
Run: python bench/bench_matching.py [--manuals N] [--chapters N] [--requests N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from manualwatch.cli import cli  # noqa: E402
from manualwatch.config import load_config  # noqa: E402
from manualwatch.cycle.adoption import record_adoption  # noqa: E402
from manualwatch.cycle.counterparts import refresh_counterparts  # noqa: E402
from store import open_database  # noqa: E402
from store.chapters import create_chapter  # noqa: E402
from store.models import Change, Run  # noqa: E402
from store.runs import finish_run, start_run  # noqa: E402
from store.versions import add_version  # noqa: E402
from tests.webapp import serving  # noqa: E402

SEED = 20261202
CHAPTERS_DIR = Path(__file__).resolve().parent.parent / "manualwatch/samplesite/data/chapters"
BOILERPLATE = ("## Scope of this chapter\nThis chapter applies to all staff in Children's "
               "Services.\n## Amendment\nThis chapter was reviewed locally and updated.\n")
NATIONAL = "From 2027 every {n} review must also record the child's own view in writing."


def vocabulary() -> list[str]:
    words = []
    for path in sorted(CHAPTERS_DIR.glob("*.txt")):
        words += path.read_text("utf-8").split()
    return [w for w in words if not w.startswith(("#", "|", "-"))]


def procedure(rng: random.Random, vocab: list[str], n: int) -> str:
    paragraphs = [f"## {k}. Part {k} of procedure {n}\n" + " ".join(rng.choices(vocab, k=90))
                  for k in range(1, 8)]
    return BOILERPLATE + "\n".join(paragraphs)


def local(text: str, rng: random.Random, vocab: list[str], manual: int) -> str:
    lines = text.split("\n")
    lines.insert(rng.randrange(4, len(lines)),
                 f"In council {manual} " + " ".join(rng.choices(vocab, k=35)))
    return "\n".join(lines)


def store_run(db, manual: str, day: str, texts: dict[str, str], ids: dict) -> tuple[int, dict]:
    run_id = start_run(db, manual, f"{day}T02:00:00Z")
    versions = {}
    for url, text in texts.items():
        if (manual, url) not in ids:
            ids[(manual, url)] = create_chapter(db, manual, url=url, number=url.split("/")[-1],
                                                numbers=[url.split("/")[-1]], title=url,
                                                section="1. Procedures", flag=None,
                                                run_id=run_id)
        versions[url] = add_version(db, chapter_id=ids[(manual, url)], run_id=run_id,
                                    seen_at=f"{day}T02:00:00Z", text=text)
    finish_run(db, run_id, status="ok", finished_at=f"{day}T02:05:00Z", baseline=False,
               chapters=len(texts), fetched=len(texts), not_modified=0, errors=[], skipped=[])
    return run_id, versions


def run_of(manual: str, run_id: int, day: str, changes: list[Change]) -> Run:
    return Run(run_id, manual, "ok", False, f"{day}T02:00:00Z", f"{day}T02:05:00Z",
               changes=tuple(changes))


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the shingling pool)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def timed_cpu(fn):
    """(result, wall seconds, CPU seconds): on a shared machine the CPU time is the steadier."""
    cpu = cpu_seconds()
    result, wall = timed(fn)
    return result, wall, cpu_seconds() - cpu


def main() -> None:  # noqa: PLR0915 - a bench script reads top to bottom
    parser = argparse.ArgumentParser()
    parser.add_argument("--manuals", type=int, default=30)
    parser.add_argument("--chapters", type=int, default=250)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--quick", action="store_true",
                        help="4 manuals x 40 chapters, 5 requests (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.manuals, args.chapters, args.requests = 4, 40, 5
    rng = random.Random(SEED)
    vocab = vocabulary()
    names = [f"m{k:02d}" for k in range(args.manuals)]
    bases = [procedure(rng, vocab, n) for n in range(args.chapters)]
    folder = Path(tempfile.mkdtemp(prefix="bench-matching-"))
    config_path = folder / "config.toml"
    config_path.write_text('[store]\npath = "bench.db"\n[email]\nenabled = false\n' + "".join(
        f'[[manuals]]\nname = "{n}"\ntitle = "{n}"\ncontents_url = "http://127.0.0.1:9/{n}"\n'
        for n in names), encoding="utf-8")
    config = load_config(config_path)
    db = open_database(config.store_path)
    ids: dict = {}
    texts: dict = {}
    start = time.perf_counter()
    for k, name in enumerate(names):
        missing = set(range(10)) if k % 10 == 9 else set()
        texts[name] = {f"http://127.0.0.1:9/{name}/1.{n}": local(bases[n], rng, vocab, k)
                       for n in range(args.chapters) if n not in missing}
        store_run(db, name, "2026-11-02", texts[name], ids)
    print(f"database: {args.manuals} manuals x {args.chapters} chapters written in "
          f"{time.perf_counter() - start:.1f} s")

    scratch, scratch_s, scratch_cpu = timed_cpu(lambda: refresh_counterparts(db, names, 0.5))
    pairs = db.execute("SELECT c.url, o.url, k.similarity FROM counterparts k JOIN chapters c"
                       " ON c.id = k.chapter_id JOIN chapters o ON o.id = k.other_id").fetchall()
    wrong = sum(1 for a, b, _ in pairs if a.rsplit("/", 1)[1] != b.rsplit("/", 1)[1])
    expected = sum(len(texts[a].keys() & {u.replace(f"/{b}/", f"/{a}/") for u in texts[b]})
                   for a in names for b in names if a != b)
    similar = [s for _, _, s in pairs]

    first = names[0]
    changed = dict(list(texts[first].items())[:20])
    changed = {url: text + f"\nA night's change {i} adds a sentence to this procedure."
               for i, (url, text) in enumerate(changed.items())}
    store_run(db, first, "2026-11-03", changed, ids)
    night, night_s, night_cpu = timed_cpu(lambda: refresh_counterparts(db, names, 0.5))

    spread_s, runs = 0.0, 0
    current = {name: dict(texts[name]) for name in names}
    current[first].update(changed)
    for night_no in range(8):
        day = f"2026-11-{4 + night_no:02d}"
        for k, name in enumerate(names):
            taken = [e for e in range(17) if (k + e) % 8 == night_no and (k + e) % 7 != 3
                     and (k != 0 or night_no == 0)]
            urls = [u for u in list(current[name])[:17] for e in taken
                    if u.endswith(f"/1.{e}")]
            if not urls:
                continue
            new = {u: current[name][u].replace("## 3. Part 3", NATIONAL.format(n=u[-2:]) +
                                               "\n## 3. Part 3", 1) for u in urls}
            run_id, versions = store_run(db, name, day, new, ids)
            olds = {u: db.execute("SELECT id FROM versions WHERE chapter_id=? AND id<? ORDER BY"
                                  " id DESC LIMIT 1", [ids[(name, u)], versions[u]]
                                  ).fetchone()[0] for u in urls}
            changes = [Change("updated", ids[(name, u)], u.split("/")[-1], u, u,
                              section="1. Procedures", run_id=run_id,
                              seen_at=f"{day}T02:00:00Z", id=0, from_version_id=olds[u],
                              to_version_id=versions[u]) for u in urls]
            current[name].update(new)
            _, took = timed(lambda name=name, run_id=run_id, day=day, changes=changes: (
                refresh_counterparts(db, names, 0.5),
                record_adoption(db, run_of(name, run_id, day, changes), names)))
            spread_s += took
            runs += 1
    edits = db.execute("SELECT COUNT(*) FROM edits").fetchone()[0]

    runner = CliRunner()
    command_ms = []
    for _ in range(args.requests):
        result, took = timed(lambda: runner.invoke(cli, ["--config", str(config_path),
                                                         "adoption", "--json"]))
        command_ms.append(took * 1000)
    document = json.loads(result.stdout)
    page_ms = []
    with serving(config) as base, requests.Session() as http:
        http.get(base + "/adoption", timeout=30)
        for _ in range(args.requests):
            answer, took = timed(lambda: http.get(base + "/adoption", timeout=30))
            assert answer.status_code == 200
            page_ms.append(took * 1000)

    print(f"counterpart pairs found {len(pairs)} of {expected} expected, {wrong} wrong;"
          f" similarity min {min(similar):.3f}, median {statistics.median(similar):.3f}")
    print(f"edits recorded {edits} over {runs} runs; adoption --json lists "
          f"{len(document['edits'])} edits x {len(names)} manuals")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("\n| step | wall | CPU | target |\n|---|---|---|---|")
    print(f"| counterparts from scratch ({scratch.sketched} chapters) | {scratch_s:.1f} s"
          f" | {scratch_cpu:.1f} s | ≤ 60 s |")
    print(f"| incremental night (20 changed; {night.rematched} re-matched) | {night_s:.2f} s"
          f" | {night_cpu:.2f} s | ≤ 2 s |")
    print(f"| refresh + record adoption per run (mean of {runs}) | "
          f"{spread_s / max(runs, 1) * 1000:.0f} ms | | — |")
    print(f"| `adoption --json` (median of {args.requests}) | "
          f"{statistics.median(command_ms):.0f} ms | | ≤ 200 ms |")
    print(f"| Adoption page over HTTP (median of {args.requests}) | "
          f"{statistics.median(page_ms):.0f} ms | | ≤ 200 ms |")


if __name__ == "__main__":
    main()
