"""Scale bench: five simulated years of nightly runs through the real pipeline and store.

    .venv/bin/python bench/scale.py [--manuals 3] [--chapters 250] [--quiet-nights 2]

The target is 150 manuals x 250 chapters run every night for five years (1,826 nights), each
manual updated every six months (~10% of its chapters) with a few chapters changed between
updates. That is ~68 million page requests, far beyond 10 minutes on 2 cores, so the bench
runs a stated fraction and extrapolates:
- manuals: `--manuals` of the 150 (same size, same schedule: the store has no cross-manual
  work on the nightly path, so time and size per manual scale linearly);
- nights: every night on which something changes (10 six-monthly updates, and 3 chapters
  changed a quarter after each), each followed by `--quiet-nights` unchanged nights, instead
  of the ~60 unchanged nights that really separate them. Database growth is measured per
  run and per distinct version, so the skipped nights are added back at the measured cost
  of an unchanged night.

Pages are served by a local threading server in a separate process (so the bench's CPU
figures are the pipeline's own), with ETags and 304s like tri.x; chapter texts are the sample
manual's chapters, each revision a phrase swapped and a sentence added. Runs go through
`run_cycle` (crawl, store, diff, guards, appendix) with a simulated clock, no email, no
delay between requests, 4 at once. At the end: history, compare (`diff` from the first to the
latest version), changes and search, timed in-process (median of 20 each, no interpreter
start-up).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from click.testing import CliRunner  # noqa: E402

from manualwatch.cli import cli  # noqa: E402
from manualwatch.config import load_config  # noqa: E402
from manualwatch.cycle.nightly import run_cycle  # noqa: E402
from manualwatch.samplesite.chapter_source import normalised_text, parse_chapter  # noqa: E402
from store import open_database  # noqa: E402
from store.search import search  # noqa: E402

SEED = 20261202
YEARS_NIGHTS = 1826
TARGET_MANUALS = 150
UPDATE_EVERY = 182  # nights between six-monthly updates
UPDATE_SHARE = 0.10
BETWEEN = 3  # chapters changed a quarter after each update
START = datetime(2027, 1, 1, 2, 0, tzinfo=UTC)
CHAPTERS_DIR = Path(__file__).resolve().parent.parent / "manualwatch/samplesite/data/chapters"
SWAPS = [("must", "should"), ("within", "no later than"), ("manager", "team manager"),
         ("child", "young person"), ("record", "write down"), ("social worker", "practitioner")]


@cache
def bases() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CHAPTERS_DIR.glob("*.txt")):
        chapter = parse_chapter(path.read_text("utf-8"), path.name)
        out.append((chapter.title, normalised_text(chapter)))
    return out


def schedule(manuals: int, chapters: int) -> dict[int, list[tuple[int, int]]]:
    """night -> the (manual, chapter) pairs whose text changes that night."""
    rng = random.Random(SEED)
    events: dict[int, list[tuple[int, int]]] = {}
    for update in range(1, YEARS_NIGHTS // UPDATE_EVERY + 1):
        night = update * UPDATE_EVERY
        for m in range(manuals):
            events.setdefault(night, []).extend(
                (m, c) for c in rng.sample(range(chapters), round(chapters * UPDATE_SHARE)))
            between = night + UPDATE_EVERY // 2
            if between < YEARS_NIGHTS:
                events.setdefault(between, []).extend(
                    (m, c) for c in rng.sample(range(chapters), BETWEEN))
    return events


def revisions_at(events: dict[int, list[tuple[int, int]]], night: int) -> dict[tuple, int]:
    counts: dict[tuple, int] = {}
    for when, pairs in events.items():
        if when <= night:
            for pair in pairs:
                counts[pair] = counts.get(pair, 0) + 1
    return counts


@cache
def chapter_text(m: int, c: int, revision: int) -> str:
    if revision == 0:
        return bases()[(m * 7 + c) % len(bases())][1]
    rng = random.Random(f"{m}-{c}-{revision}")
    lines = chapter_text(m, c, revision - 1).split("\n")
    old, new = rng.choice(SWAPS)
    i = rng.randrange(len(lines))
    lines[i] = lines[i].replace(f" {old} ", f" {new} ", 1)
    prose = [k for k, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    j = rng.choice(prose)  # every revision changes the text: a sentence added to a paragraph
    lines[j] += f" Revision {revision} adds this sentence about step {rng.randint(1, 99)}."
    return "\n".join(lines)


def chapter_page(m: int, c: int, revision: int) -> bytes:
    title = f"{bases()[(m * 7 + c) % len(bases())][0]} ({c + 1})"
    body = []
    for line in chapter_text(m, c, revision).split("\n"):
        if not line.strip():
            continue
        if line.startswith("#"):
            body.append(f"<h2>{html.escape(line.lstrip('# '))}</h2>")
        else:
            body.append(f"<p>{html.escape(line)}</p>")
    return (f"<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><title>"
            f"{html.escape(title)}</title></head><body><header><a href='/m{m}/contents'>"
            "Contents</a></header><main><article class='chapter'>"
            f"<h1>{html.escape(title)}</h1>{''.join(body)}</article></main>"
            "<footer>Footer</footer></body></html>").encode()


def contents_page(m: int, chapters: int) -> bytes:
    rows = []
    per_section = 25
    for s in range(chapters // per_section + (chapters % per_section > 0)):
        rows.append(f"<section><h2>{s + 1}. Section {s + 1}</h2><ul>")
        for c in range(s * per_section, min(chapters, (s + 1) * per_section)):
            title = f"{bases()[(m * 7 + c) % len(bases())][0]} ({c + 1})"
            rows.append(f"<li><span class='number'>{s + 1}.{c - s * per_section + 1}</span> "
                        f"<a href='/m{m}/chapter/c{c}'>{html.escape(title)}</a></li>")
        rows.append("</ul></section>")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Contents</title></head>"
            f"<body><main><h1>Contents</h1>{''.join(rows)}</main></body></html>").encode()


def serve(port_out, night, manuals: int, chapters: int) -> None:  # runs in a child process
    events = schedule(manuals, chapters)
    state = {"night": -1, "revisions": {}}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if state["night"] != night.value:
                state["night"], state["revisions"] = night.value, revisions_at(events,
                                                                               night.value)
            body = self._body(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            status = 304 if self.headers.get("If-None-Match") == etag else 200
            self.send_response(status)
            self.send_header("ETag", etag)
            self.send_header("Content-Type", "text/html; charset=utf-8"
                             if not self.path.endswith(".txt") else "text/plain")
            self.send_header("Content-Length", str(len(body) if status == 200 else 0))
            self.end_headers()
            if status == 200:
                self.wfile.write(body)

        def _body(self, path: str) -> bytes | None:
            parts = path.strip("/").split("/")
            if path == "/robots.txt":
                return b"User-agent: *\nAllow: /\n"
            if len(parts) == 2 and parts[1] == "contents":
                return contents_page(int(parts[0][1:]), chapters)
            if len(parts) == 3 and parts[1] == "chapter":
                m, c = int(parts[0][1:]), int(parts[2][1:])
                return chapter_page(m, c, state["revisions"].get((m, c), 0))
            return None

    class Server(ThreadingHTTPServer):
        request_queue_size = 256
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    port_out.value = server.server_address[1]
    server.serve_forever()


CONFIG = """\
[store]
path = "{folder}/scale.db"
[crawl]
delay_seconds = 0
concurrency = 4
[email]
enabled = false
[output]
dir = "{folder}/output"
[log]
level = "error"
"""
MANUAL = '[[manuals]]\nname = "m{m}"\ntitle = "Manual {m}"\ncontents_url = "{base}/m{m}/contents"\n'


def nights_to_run(events: dict[int, list], quiet: int) -> list[tuple[int, bool]]:
    """(night, changes expected) in order: the baseline, each event and its quiet nights."""
    plan = [(0, False)] + [(q, False) for q in range(1, quiet + 1)]
    for night in sorted(events):
        plan.append((night, True))
        plan += [(night + q, False) for q in range(1, quiet + 1) if night + q < YEARS_NIGHTS]
    return plan


def db_bytes(db, path: Path) -> int:
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def simulate(folder: Path, manuals: int, chapters: int, quiet: int) -> dict:
    events = schedule(manuals, chapters)
    ctx = multiprocessing.get_context("fork")
    port, night = ctx.Value("i", 0), ctx.Value("i", 0)
    server = ctx.Process(target=serve, args=(port, night, manuals, chapters), daemon=True)
    server.start()
    while not port.value:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port.value}"
    config_path = folder / "config.toml"
    config_path.write_text(CONFIG.format(folder=folder) + "".join(
        MANUAL.format(m=m, base=base) for m in range(manuals)))
    config = load_config(config_path)
    db = open_database(config.store_path)
    samples: list[dict] = []
    try:
        for n, changing in nights_to_run(events, quiet):
            night.value = n
            clock = _clock(START + timedelta(days=n))
            wall, cpu = time.perf_counter(), time.process_time()
            runs, _ = run_cycle(db, config, config.manuals, transport=None, clock=clock)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            versions = db.execute("SELECT count(*) FROM versions").fetchone()[0]
            samples.append({"night": n, "changing": changing, "wall": wall, "cpu": cpu,
                            "versions": versions, "runs": len(samples) + 1,
                            "bytes": db_bytes(db, config.store_path),
                            "statuses": sorted({r.status for r in runs}),
                            "changes": sum(len(r.changes) for r in runs)})
            print(f"night {n:>4}: {wall:5.2f} s, {samples[-1]['changes']:>3} changes, "
                  f"{versions:>6} versions, {samples[-1]['bytes'] / 1e6:7.1f} MB, "
                  f"{'/'.join(samples[-1]['statuses'])}", file=sys.stderr, flush=True)
    finally:
        server.terminate()
    return {"samples": samples, "db": db, "config": config_path, "events": events}


def _clock(moment: datetime):
    ticks = iter(range(10**9))
    return lambda: moment + timedelta(seconds=next(ticks))


def latencies(db, config: Path, manuals: int, chapters: int) -> dict[str, list[float]]:
    rng = random.Random(SEED)
    runner = CliRunner()
    out: dict[str, list[float]] = {"history": [], "compare": [], "changes": [],
                                   "changes (all 5 years)": [], "search": []}
    since = (START + timedelta(days=YEARS_NIGHTS - UPDATE_EVERY)).strftime("%Y-%m-%d")
    changed = [r[0] for r in db.execute(
        "SELECT url FROM chapters c WHERE (SELECT count(*) FROM versions v"
        " WHERE v.chapter_id = c.id) > 2")]
    words = ["safeguarding", "placement plan", "strategy discussion", "consent",
             "looked after", "review", "fostering", "court", "assessment", "missing"]
    for _ in range(20):
        url = rng.choice(changed)
        m = url.split("/")[3]
        first = db.execute("SELECT min(v.id) FROM versions v JOIN chapters c ON c.id ="
                           " v.chapter_id WHERE c.url=?", [url]).fetchone()[0]
        for name, args in (("history", ["history", url, "--manual", m, "--json"]),
                           ("compare", ["diff", url, "--manual", m, "--from", str(first),
                                        "--format", "json"]),
                           ("changes", ["changes", "--manual", m, "--since", since, "--json"])):
            out[name].append(_timed(runner, config, args))
        started = time.perf_counter()
        search(db, rng.choice(words))
        out["search"].append(time.perf_counter() - started)
    for _ in range(3):  # slow: every change of five years, with edit grouping
        out["changes (all 5 years)"].append(_timed(runner, config, ["changes", "--json"]))
    return out


def _timed(runner: CliRunner, config: Path, args: list[str]) -> float:
    started = time.perf_counter()
    result = runner.invoke(cli, ["--config", str(config), *args])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise RuntimeError(f"{args}: {result.output[-300:]}")
    return elapsed


def fit(samples: list[dict]) -> tuple[float, float]:
    """(bytes per unchanged night, bytes per new version) from the measured growth."""
    quiet, busy = [], []
    for before, after in zip(samples, samples[1:], strict=False):
        grown = after["bytes"] - before["bytes"]
        new = after["versions"] - before["versions"]
        (busy if new else quiet).append((grown, new))
    per_night = statistics.mean(g for g, _ in quiet) if quiet else 0.0  # pages fill up
    per_version = sum(g - per_night for g, _ in busy) / max(1, sum(n for _, n in busy))
    return per_night, per_version


def report(result: dict, lat: dict, manuals: int, chapters: int, quiet: int) -> None:
    samples = result["samples"]
    nights_run = len(samples)
    per_night, per_version = fit(samples)
    base = samples[0]
    last = samples[-1]
    versions_full = last["versions"] / manuals * TARGET_MANUALS
    runs_full = YEARS_NIGHTS * TARGET_MANUALS
    size_full = (base["bytes"] / manuals * TARGET_MANUALS
                 + (versions_full - base["versions"] / manuals * TARGET_MANUALS) * per_version
                 + (runs_full - TARGET_MANUALS) * per_night / manuals)
    unchanged = [s for s in samples[1:] if not s["changing"] and s["changes"] == 0]
    wall = statistics.median(s["wall"] for s in unchanged) / manuals
    cpu = statistics.median(s["cpu"] for s in unchanged) / manuals
    print(f"\nscaled run: {manuals} of {TARGET_MANUALS} manuals x {chapters} chapters, "
          f"{nights_run} of {YEARS_NIGHTS} nights ({quiet} quiet nights after each of "
          f"{len(result['events'])} change nights); scale factor "
          f"{TARGET_MANUALS * YEARS_NIGHTS / (manuals * nights_run):,.0f}x in manual-nights\n")
    print("| database | measured | per manual | extrapolated to 150 manuals, 5 years |")
    print("|---|---|---|---|")
    print(f"| distinct versions | {last['versions']:,} | {last['versions'] / manuals:,.0f} | "
          f"{versions_full:,.0f} |")
    print(f"| runs | {last['runs'] * manuals:,} | {last['runs']:,} | {runs_full:,} |")
    print(f"| size | {last['bytes'] / 1e6:,.1f} MB | {last['bytes'] / manuals / 1e6:,.1f} MB | "
          f"{size_full / 1e9:,.2f} GB |")
    print(f"| bytes per distinct version (growth on change nights) | {per_version:,.0f} | | |")
    print(f"| bytes per unchanged night, all manuals | {per_night:,.0f} | "
          f"{per_night / manuals:,.0f} | {per_night / manuals * runs_full / 1e6:,.1f} MB "
          "over all runs |")
    print(f"\nunchanged nightly run: {wall:.3f} s wall, {cpu:.3f} s CPU per manual "
          f"({chapters} chapters, 304s); 150 manuals one after another: "
          f"{wall * TARGET_MANUALS:.0f} s without politeness delay")
    print("\n| query at the end | median ms | p90 ms | target |")
    print("|---|---|---|---|")
    for name, values in lat.items():
        ordered = sorted(values)
        target = "200" if name == "search" else "100" if "all" not in name else "-"
        print(f"| {name} | {statistics.median(ordered) * 1000:.1f} | "
              f"{ordered[int(len(ordered) * 0.9) - 1] * 1000:.1f} | {target} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manuals", type=int, default=3)
    parser.add_argument("--chapters", type=int, default=250)
    parser.add_argument("--quiet-nights", type=int, default=2)
    parser.add_argument("--keep", metavar="DIR", help="build the database in DIR and keep it")
    parser.add_argument("--quick", action="store_true",
                        help="1 manual of 50 chapters, 1 quiet night (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.manuals, args.chapters, args.quiet_nights = 1, 50, 1
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start",
          flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="scale-") as name:
        folder = Path(args.keep or name)
        folder.mkdir(parents=True, exist_ok=True)
        result = simulate(folder, args.manuals, args.chapters, args.quiet_nights)
        lat = latencies(result["db"], result["config"], args.manuals, args.chapters)
        report(result, lat, args.manuals, args.chapters, args.quiet_nights)
    print(f"\nbench took {time.perf_counter() - started:.0f} s; load average "
          f"{os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
