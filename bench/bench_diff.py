"""Bench: diff_chapter on 60 KB chapters against a word-level minimal reference and difflib.

Synthetic 60 KB chapters (105 paragraphs, headings and bullets among them, a Zipf-like
vocabulary) are edited with 1 word, 5%, 30% and 100% of their words replaced in place, and
with their paragraphs reordered. For each case the table gives the median time of
``diff_chapter`` and of difflib (SequenceMatcher on lines, then on the words of each replaced
run: the baseline), and each one's edit size (words added + removed) against the exact
minimum, an LCS on words computed here independently of the differ; "time vs difflib" is
diff_chapter's median time divided by difflib's (above 1x: slower than difflib).
Run: python bench/bench_diff.py [--chapters N] [--repeat N] [--quick]
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from differ import count_words, diff_chapter  # noqa: E402
from differ.words import words  # noqa: E402

SEED = 20261122
PARAGRAPHS = 105
TARGET_BYTES = 60_000
SHARES = {"1 word": 0.0, "5%": 0.05, "30%": 0.30, "100%": 1.0}


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = "ca re pla ment chil dren ser vice as sess plan fa mi ly so cial wor ker".split()
    return sorted({"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(3000)})


def _sentence(rng: random.Random, vocab: list[str], weights: list[float]) -> str:
    return " ".join(rng.choices(vocab, weights=weights, k=rng.randint(8, 22))).capitalize() + "."


def make_chapter(rng: random.Random) -> tuple[str, list[str]]:
    """A normalised chapter text of about 60 KB with 105 paragraphs, and its vocabulary."""
    vocab = _vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    lines: list[str] = []
    for number in range(PARAGRAPHS):
        if number % 8 == 0:
            lines.append(f"## {number // 8 + 1}. {_sentence(rng, vocab, weights)[:40]}")
        paragraph = ""
        while len(paragraph) < TARGET_BYTES // PARAGRAPHS - 60:
            paragraph = (paragraph + " " + _sentence(rng, vocab, weights)).strip()
        lines.append(("- " if number % 7 == 3 else "") + paragraph)
    return "\n".join(lines), vocab


def rewrite(text: str, share: float, rng: random.Random, vocab: list[str]) -> str:
    """Replace ``share`` of the words (at least one) with other vocabulary words, in place."""
    lines = [line.split(" ") for line in text.split("\n")]
    places = [(i, j) for i, line in enumerate(lines) for j, t in enumerate(line) if words(t)]
    for i, j in rng.sample(places, max(1, int(len(places) * share))):
        lines[i][j] = rng.choice([word for word in rng.sample(vocab, 2) if word != lines[i][j]])
    return "\n".join(" ".join(line) for line in lines)


def reorder(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


def reference(old: str, new: str) -> int:
    """The minimal word edit (added + removed): LCS length by bit-parallel rows."""
    a, b = words(old), words(new)
    masks: dict[str, int] = {}
    for j, word in enumerate(b):
        masks[word] = masks.get(word, 0) | (1 << j)
    full = (1 << len(b)) - 1
    row = full
    for word in a:
        matched = row & masks.get(word, 0)
        row = ((row + matched) | (row - matched)) & full
    common = len(b) - row.bit_count()
    return len(a) + len(b) - 2 * common


def ours(old: str, new: str) -> int:
    diff = diff_chapter(old, new, "Synthetic chapter")
    return diff.words_added + diff.words_removed


def with_difflib(old: str, new: str) -> int:
    """SequenceMatcher on lines, then on the words of each replaced run of lines."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    edit = 0
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            a, b = words(" ".join(old_lines[i1:i2])), words(" ".join(new_lines[j1:j2]))
            inner = difflib.SequenceMatcher(None, a, b, autojunk=False)
            kept = sum(block.size for block in inner.get_matching_blocks())
            edit += len(a) + len(b) - 2 * kept
    return edit


def timed(method: Callable[[str, str], int], old: str, new: str, repeat: int
          ) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = method(old, new)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, size


def cases(chapters: int) -> list[tuple[str, str, str]]:
    out = []
    for k in range(chapters):
        rng = random.Random(SEED + k)
        old, vocab = make_chapter(rng)
        out.extend((name, old, rewrite(old, share, rng, vocab)) for name, share in SHARES.items())
        out.append(("reordered", old, reorder(old, rng)))
    return out


def _percent(size: int, minimum: int) -> str:
    return "0.00%" if size == minimum else f"{100 * (size - minimum) / max(minimum, 1):+.2f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=3, help="chapters per case")
    parser.add_argument("--repeat", type=int, default=7, help="timings per chapter")
    parser.add_argument("--quick", action="store_true", help="1 chapter, 3 timings (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.chapters, args.repeat = 1, 3
    rows: dict[str, list[tuple[float, int, float, int, int]]] = {}
    for name, old, new in cases(args.chapters):
        ms, size = timed(ours, old, new, args.repeat)
        lib_ms, lib_size = timed(with_difflib, old, new, max(1, args.repeat // 2))
        rows.setdefault(name, []).append((ms, size, lib_ms, lib_size, reference(old, new)))
    sample = make_chapter(random.Random(SEED))[0]
    print(f"chapters: {args.chapters} per case, ~{len(sample.encode()):,} bytes, "
          f"{count_words(sample):,} words each; median of {args.repeat} runs per chapter")
    print("| case | diff_chapter ms (median) | edit size | minimal (LCS) | vs minimal "
          "| difflib ms | time vs difflib | difflib edit size | difflib vs minimal |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, results in rows.items():
        ms = statistics.median(r[0] for r in results)
        lib_ms = statistics.median(r[2] for r in results)
        size, lib_size, minimum = (sum(r[k] for r in results) for k in (1, 3, 4))
        print(f"| {name} | {ms:,.1f} | {size:,} | {minimum:,} | {_percent(size, minimum)} "
              f"| {lib_ms:,.1f} | {ms / lib_ms:.1f}x | {lib_size:,} "
              f"| {_percent(lib_size, minimum)} |")


if __name__ == "__main__":
    main()
