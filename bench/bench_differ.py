"""Bench: diff_chapter against plain diff-match-patch and difflib on a synthetic chapter.

A 60 KB chapter of 105 paragraphs (headings and bullets among them) is edited five ways and
each method's time and word counts are printed as a table. "minimal" is the whole-text
word-level diff without a time limit: the exact minimum, run only where it is affordable
(it is quadratic). Run: python bench/bench_differ.py
"""

from __future__ import annotations

import difflib
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from diff_match_patch import diff_match_patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from differ import count_words, diff_chapter  # noqa: E402
from differ.sequence import DELETE, INSERT, diff_tokens  # noqa: E402
from differ.words import words  # noqa: E402

SEED = 20261122
PARAGRAPHS = 105
TARGET_BYTES = 60_000

Counts = tuple[int, int]


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = "ca re pla ment chil dren ser vice as sess plan fa mi ly so cial wor ker".split()
    vocab = {"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(3000)}
    return sorted(vocab)


def _sentence(rng: random.Random, vocab: list[str], weights: list[float]) -> str:
    body = rng.choices(vocab, weights=weights, k=rng.randint(8, 22))
    return " ".join(body).capitalize() + "."


def make_chapter(rng: random.Random) -> tuple[str, list[str], list[float]]:
    """A normalised chapter text of about 60 KB with 105 paragraphs, and its vocabulary."""
    vocab = _vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    per_paragraph = TARGET_BYTES // PARAGRAPHS
    lines: list[str] = []
    for number in range(PARAGRAPHS):
        if number % 8 == 0:
            lines.append(f"## {number // 8 + 1}. {_sentence(rng, vocab, weights)[:40]}")
        paragraph = ""
        while len(paragraph) < per_paragraph - 60:
            paragraph = (paragraph + " " + _sentence(rng, vocab, weights)).strip()
        lines.append(("- " if number % 7 == 3 else "") + paragraph)
    return "\n".join(lines), vocab, weights


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


def ours(old: str, new: str) -> Counts:
    diff = diff_chapter(old, new, "Synthetic chapter")
    return diff.words_added, diff.words_removed


def _fragment_words(diffs: list[tuple[int, str]]) -> Counts:
    added = sum(count_words(text) for op, text in diffs if op == INSERT)
    removed = sum(count_words(text) for op, text in diffs if op == DELETE)
    return added, removed


def dmp_defaults(old: str, new: str) -> Counts:
    """Character diff, default 1 s limit, semantic cleanup; words of the changed fragments."""
    engine = diff_match_patch()
    diffs = engine.diff_main(old, new)
    engine.diff_cleanupSemantic(diffs)
    return _fragment_words(diffs)


def with_difflib(old: str, new: str) -> Counts:
    """SequenceMatcher on lines, then on the words of each replaced run of lines."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    added = removed = 0
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        a, b = words(" ".join(old_lines[i1:i2])), words(" ".join(new_lines[j1:j2]))
        inner = difflib.SequenceMatcher(None, a, b, autojunk=False)
        kept = sum(block.size for block in inner.get_matching_blocks())
        added, removed = added + len(b) - kept, removed + len(a) - kept
    return added, removed


def minimal(old: str, new: str) -> Counts:
    """The exact minimum: one word diff over the whole text, no time limit."""
    ops = diff_tokens(words(old), words(new))
    return sum(n for op, n in ops if op == INSERT), sum(n for op, n in ops if op == DELETE)


def _timed(method: Callable[[str, str], Counts], old: str, new: str) -> tuple[float, Counts]:
    best, counts = float("inf"), (0, 0)
    for _ in range(3):
        start = time.perf_counter()
        counts = method(old, new)
        best = min(best, time.perf_counter() - start)
        if best > 0.2:
            break
    return best * 1000, counts


def cases(rng: random.Random) -> tuple[str, dict[str, str]]:
    old, vocab, _ = make_chapter(rng)
    return old, {
        "1 word": rewrite(old, 0, rng, vocab),
        "5% rewritten": rewrite(old, 0.05, rng, vocab),
        "30% rewritten": rewrite(old, 0.30, rng, vocab),
        "paragraphs reordered": reorder(old, rng),
        "all different": make_chapter(random.Random(SEED + 1))[0],
    }


METHODS: dict[str, Callable[[str, str], Counts]] = {
    "diff_chapter": ours,
    "dmp defaults + semantic": dmp_defaults,
    "difflib lines+words": with_difflib,
    "minimal (whole-text words)": minimal,
}
AFFORDABLE_MINIMAL = {"1 word", "5% rewritten", "30% rewritten", "paragraphs reordered"}


def main() -> None:
    old, edited = cases(random.Random(SEED))
    print(
        f"chapter: {len(old.encode()):,} bytes, {old.count(chr(10)) + 1} lines, "
        f"{count_words(old):,} words"
    )
    print("| method | case | ms | words added / removed |")
    print("|---|---|---|---|")
    for case, new in edited.items():
        for name, method in METHODS.items():
            if method is minimal and case not in AFFORDABLE_MINIMAL:
                print(f"| {name} | {case} | skipped (quadratic) | |")
                continue
            ms, (added, removed) = _timed(method, old, new)
            print(f"| {name} | {case} | {ms:,.1f} | {added:,} / {removed:,} |")
    approximate = [c for c, new in edited.items() if not diff_chapter(old, new, "x").exact]
    print(f"\ndiff_chapter split big blocks by line pairs (exact=False) in: {approximate}")


if __name__ == "__main__":
    main()
