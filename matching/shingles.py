"""Word shingles of a chapter's text, their bottom-k MinHash sketch, and exact Jaccard.

A shingle is 5 consecutive words (structural markers left out, case folded), hashed to 32 bits
from the words' CRC-32s: stable across processes, so shingles can be stored. The sketch is
the SKETCH_SIZE smallest shingle hashes (one-permutation bottom-k MinHash): two chapters whose
shingle sets overlap share a proportional part of their sketches.
"""

from __future__ import annotations

import heapq
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator

from differ.words import is_marker

SHINGLE_WORDS = 5
SKETCH_SIZE = 64
_MASK = 0xFFFFFFFF
# Shingle hashes are the hash of a tuple of CRC-32 word hashes: ints and tuples of ints hash
# the same in every process, but the tuple hash may change between Python versions, so stored
# shingles carry this scheme and are made again when it differs.
SCHEME = f"w{SHINGLE_WORDS}-k{SKETCH_SIZE}-py{sys.version_info[0]}.{sys.version_info[1]}"


_MARKER = -1
_MAX_WORDS = 200_000  # distinct tokens remembered before the table starts afresh


class _WordIds(dict[str, int]):
    """Token -> the CRC-32 of its case-folded form (_MARKER for a structural marker),
    worked out once per distinct token."""

    def __missing__(self, token: str) -> int:
        if len(self) >= _MAX_WORDS:
            self.clear()
        value = self[token] = _MARKER if is_marker(token) else zlib.crc32(
            token.casefold().encode())
        return value


_WORD_IDS = _WordIds()


def _hashes(text: str, size: int) -> Iterator[int]:
    """The 32-bit hash of every shingle of the text, in text order (repeats included)."""
    ids = list(map(_WORD_IDS.__getitem__, text.split()))
    if _MARKER in ids:
        ids = [i for i in ids if i != _MARKER]
    if not ids:
        return iter(())
    if len(ids) <= size:
        return iter((hash(tuple(ids)) & _MASK,))
    windows = zip(*(ids[k:] for k in range(size)), strict=False)
    return map(_MASK.__and__, map(hash, windows))


def shingle_set(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """The hashed word shingles of a text (a short text is one shingle of all its words)."""
    return frozenset(_hashes(text, size))


def packed_shingles(text: str, size: int = SHINGLE_WORDS) -> bytes:
    """pack(shingle_set(text)), without the frozenset in between."""
    return array("I", sorted(set(_hashes(text, size)))).tobytes()


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


def packed_sketch(blob: bytes, size: int = SKETCH_SIZE) -> list[int]:
    """The sketch of packed (sorted) hashes: their first `size`."""
    values = array("I")
    values.frombytes(blob[:size * values.itemsize])
    return values.tolist()
