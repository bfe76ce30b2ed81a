"""Crawl bench: on the sample manual served with ETags, how many bytes an unchanged rerun
downloads compared with a full crawl, and how close each run's wall time comes to its
politeness floor (requests to the busiest host x delay; concurrency never shortens it).

    .venv/bin/python bench/bench_crawl.py [--delay 0.2] [--layout current] [--quick]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from manualwatch.config import load_config
from manualwatch.cycle.nightly import run_cycle
from manualwatch.samplesite import SampleSite
from store import open_database

CONFIG = """\
[crawl]
delay_seconds = {delay}
concurrency = {concurrency}
[email]
enabled = false
[[manuals]]
name = "bench"
title = "Sample"
contents_url = "{url}"
"""


def measure(layout: str, delay: float, concurrency: int) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory() as folder, SampleSite(layout=layout).start() as site:
        path = Path(folder) / "config.toml"
        path.write_text(CONFIG.format(delay=delay, concurrency=concurrency,
                                      url=site.contents_url))
        config = load_config(path)
        db = open_database(config.store_path)
        for label in ("full crawl", "unchanged rerun"):
            before = len(site.requests)
            started = time.monotonic()
            (run,), _ = run_cycle(db, config, config.manuals, transport=None)
            seconds = time.monotonic() - started
            requests = len(site.requests) - before
            floor = max(requests - 1, 0) * delay
            rows.append((label, concurrency, requests, run.fetched, run.not_modified, run.bytes,
                         seconds, floor))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--layout", default="current", choices=["classic", "current"])
    parser.add_argument("--quick", action="store_true", help="delay 0.02 s (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.delay = 0.02
    print(f"sample manual ({args.layout}), delay {args.delay} s\n")
    header = ("run", "conc.", "requests", "200s", "304s", "body bytes", "wall s", "floor s",
              "wall/floor")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    results = []
    for concurrency in (1, 4):
        for label, conc, reqs, fetched, nm, nbytes, secs, floor in measure(
                args.layout, args.delay, concurrency):
            results.append(nbytes)
            ratio = f"{secs / floor:.3f}" if floor else "-"
            print(f"| {label} | {conc} | {reqs} | {fetched} | {nm} | {nbytes:,} | {secs:.2f} |"
                  f" {floor:.2f} | {ratio} |")
    print(f"\nunchanged rerun downloads {100 * results[1] / results[0]:.2f}% of a full crawl's "
          "body bytes (304s carry no body)")


if __name__ == "__main__":
    main()
