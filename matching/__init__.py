"""Matching chapters across manuals: pure functions from chapter texts to counterparts and edits.

Counterparts are found from the text: word 5-shingles hashed to 32 bits, a bottom-k MinHash
sketch per chapter as the candidate index, and the exact Jaccard similarity of the shingle sets
as the score. Edits are the contiguous passages of the minimal word diff; adoption asks whether
another manual's versions carry an edit's new text in context.
"""

from __future__ import annotations

from matching.adoption import AdoptionState, carries, state_of
from matching.bitsets import BitsetJaccard
from matching.counterparts import Candidate, best_per_manual, shared_counts
from matching.edits import Passage, passages, same_passage
from matching.shingles import (
    SCHEME,
    SKETCH_SIZE,
    jaccard,
    pack,
    packed_shingles,
    packed_sketch,
    shingle_set,
    sketch,
    unpack,
)

__all__ = [
    "SCHEME",
    "SKETCH_SIZE",
    "AdoptionState",
    "BitsetJaccard",
    "Candidate",
    "Passage",
    "best_per_manual",
    "carries",
    "jaccard",
    "pack",
    "packed_shingles",
    "packed_sketch",
    "passages",
    "same_passage",
    "shared_counts",
    "shingle_set",
    "sketch",
    "state_of",
    "unpack",
]
