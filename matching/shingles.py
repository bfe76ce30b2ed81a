"""Word shingles of a chapter's text, their bottom-k MinHash sketch, and exact Jaccard.

A shingle is 5 consecutive words (structural markers left out, case folded) hashed with
CRC-32: stable across processes and Python versions, so sketches can be stored. The sketch is
the SKETCH_SIZE smallest shingle hashes (one-permutation bottom-k MinHash): two chapters whose
shingle sets overlap share a proportional part of their sketches.
"""

from __future__ import annotations

import heapq
import zlib
from array import array
from collections.abc import Iterable

from differ import words

SHINGLE_WORDS = 5
SKETCH_SIZE = 64


def shingle_set(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """The hashed word shingles of a text (a short text is one shingle of all its words)."""
    tokens = [w.casefold() for w in words(text)]
    if not tokens:
        return frozenset()
    if len(tokens) <= size:
        return frozenset({zlib.crc32(" ".join(tokens).encode())})
    crc = zlib.crc32
    return frozenset(crc(" ".join(tokens[i:i + size]).encode())
                     for i in range(len(tokens) - size + 1))


def sketch(shingles: Iterable[int], size: int = SKETCH_SIZE) -> tuple[int, ...]:
    """The bottom-k MinHash sketch: the `size` smallest hashes, ascending."""
    return tuple(heapq.nsmallest(size, shingles))


def jaccard(a: frozenset[int] | set[int], b: frozenset[int] | set[int]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 when both are empty)."""
    if not a and not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def pack(values: Iterable[int]) -> bytes:
    """Hashes as bytes for storage (unsigned 32-bit, sorted)."""
    return array("I", sorted(values)).tobytes()


def unpack(blob: bytes) -> frozenset[int]:
    values = array("I")
    values.frombytes(blob)
    return frozenset(values)
