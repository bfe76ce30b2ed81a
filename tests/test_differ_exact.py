"""Exact counts on a chapter as large as the real manual's largest (about 7,000 words, 60 KB):
the differ's counts equal an independent minimal word diff (diff-match-patch's Myers diff
over words, no time limit, no cleanup), and the result says it is exact (no coarsening)."""

from __future__ import annotations

import random

import pytest
from diff_match_patch import diff_match_patch

from differ import diff_chapter
from tests.reference import words

VOCABULARY = [f"term{n:03d}" for n in range(900)] + ["the", "child", "social", "worker", "must",
                                              "plan", "review", "and", "of", "to"]


def chapter(seed: int, paragraphs: int = 160) -> list[str]:
    """Lines of a long chapter: numbered headings and paragraphs of 30-60 words."""
    rng = random.Random(seed)
    lines = []
    for n in range(paragraphs):
        if n % 12 == 0:
            lines.append(f"## {n // 12 + 1}. Section {rng.choice(VOCABULARY)}")
        lines.append(" ".join(rng.choices(VOCABULARY, k=rng.randint(30, 60))))
    return lines


def edited(lines: list[str], seed: int) -> list[str]:
    """Scattered word edits, a paragraph moved, one inserted, one deleted, one split."""
    rng = random.Random(seed)
    out = list(lines)
    for _ in range(40):
        k = rng.randrange(len(out))
        tokens = out[k].split()
        at = rng.randrange(1, len(tokens))
        action = rng.choice(("replace", "insert", "delete"))
        if action == "replace":
            tokens[at] = rng.choice(VOCABULARY)
        elif action == "insert":
            tokens[at:at] = rng.choices(VOCABULARY, k=rng.randint(1, 6))
        elif len(tokens) > 3:
            del tokens[at:at + rng.randint(1, 3)]
        out[k] = " ".join(tokens)
    out.insert(70, out.pop(20))  # a paragraph moved down the chapter
    out.insert(100, " ".join(rng.choices(VOCABULARY, k=45)))
    del out[130]
    half = out[50].split()
    out[50:51] = [" ".join(half[:20]), " ".join(half[20:])]  # a paragraph split in two
    return out


def reference_counts(old: str, new: str) -> tuple[int, int]:
    """(added, removed) of the minimal word diff, each word mapped to one character."""
    codes: dict[str, str] = {}
    encode = lambda text: "".join(codes.setdefault(w, chr(0x100 + len(codes)))  # noqa: E731
                                  for w in words(text))
    a, b = encode(old), encode(new)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no time limit: Myers' bisection to the end, minimal
    ops = dmp.diff_main(a, b, False)
    added = sum(len(text) for op, text in ops if op == dmp.DIFF_INSERT)
    removed = sum(len(text) for op, text in ops if op == dmp.DIFF_DELETE)
    return added, removed


@pytest.mark.parametrize("seed", [1, 2], ids=["chapter-1", "chapter-2"])
def test_counts_on_a_7000_word_chapter_are_the_minimal_word_diff(seed: int) -> None:
    old_lines = chapter(seed)
    old, new = "\n".join(old_lines), "\n".join(edited(old_lines, seed + 100))
    assert 7000 <= len(words(old)) <= 7600
    assert len(old.encode("utf-8")) > 50_000
    result = diff_chapter(old, new, "A long chapter")
    assert result.exact is True
    assert (result.words_added, result.words_removed) == reference_counts(old, new)


def test_the_reference_counts_a_known_edit() -> None:
    assert reference_counts("a b c d e", "a x c e f") == (2, 2)
