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
