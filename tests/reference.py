"""Independent references the tests check the differ against."""

from __future__ import annotations


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of a longest common subsequence, by the textbook dynamic programme."""
    row = [0] * (len(b) + 1)
    for x in a:
        previous = 0
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], previous + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def words(text: str) -> list[str]:
    """The README's counting rule: whitespace-separated tokens, except the crawler's
    structural markers (a run of '#', a lone '-' or '|')."""
    return [t for t in text.split() if t not in ("-", "|") and set(t) != {"#"}]


def minimal_counts(old: str, new: str) -> tuple[int, int]:
    """(words added, words removed) of the minimal word diff, by the textbook programme."""
    a, b = words(old), words(new)
    common = lcs_length(a, b)
    return len(b) - common, len(a) - common
