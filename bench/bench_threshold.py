"""Bench: how far the default counterpart threshold sits from real and unrelated pairs.

Walks the three sample councils through their editions (served on 127.0.0.1), then scores
every pair of chapters from different manuals with the exact Jaccard of their shingles:
pairs that are copies of one procedure (same page path) against all other pairs, whose
similarity comes only from shared boilerplate and common phrasing.
Run: python bench/bench_threshold.py (the sample is small: `--quick`, for `make bench`, is the
same run)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching import jaccard, unpack  # noqa: E402
from tests.councilwalk import walk_councils  # noqa: E402


def main() -> None:
    if sys.argv[1:] not in ([], ["--quick"]):
        sys.exit("usage: bench_threshold.py [--quick]")
    walk = walk_councils(Path(tempfile.mkdtemp(prefix="bench-threshold-")))
    rows = walk.db.execute("SELECT s.manual, s.shingles, c.url FROM sketches s JOIN chapters c"
                           " ON c.id = s.chapter_id").fetchall()
    items = [(manual, unpack(blob), url.rsplit("/", 1)[1]) for manual, blob, url in rows]
    same: list[float] = []
    other: list[float] = []
    for i, (manual, shingles, page) in enumerate(items):
        for manual2, shingles2, page2 in items[i + 1:]:
            if manual != manual2:
                (same if page == page2 else other).append(jaccard(shingles, shingles2))
    same.sort()
    other.sort()
    threshold = walk.config.matching_threshold
    print(f"threshold {threshold}: {sum(s < threshold for s in same)} copies below it, "
          f"{sum(s >= threshold for s in other)} unrelated pairs at or above it\n")
    print("| pairs | count | min | median | p99 | max |\n|---|---|---|---|---|---|")
    for label, values in (("copies of one procedure", same), ("unrelated chapters", other)):
        print(f"| {label} | {len(values)} | {values[0]:.4f} | {statistics.median(values):.4f}"
              f" | {values[int(len(values) * 0.99)]:.4f} | {values[-1]:.4f} |")
    tenths = Counter(min(int(v * 10), 9) for v in other)
    spread = ", ".join(f"[{k / 10:.1f}, {(k + 1) / 10:.1f}): {n}"
                       for k, n in sorted(tenths.items()))
    print(f"\nunrelated pairs by similarity tenth: {spread}")


if __name__ == "__main__":
    main()
