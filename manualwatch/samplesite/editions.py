"""The chain of sample editions: edition 1 from its data, each later one as its delta applied."""

from __future__ import annotations

import copy
import functools

from manualwatch.samplesite.contents import DataError
from manualwatch.samplesite.delta import apply_delta
from manualwatch.samplesite.edition import EDITIONS, Edition, first_edition


@functools.cache
def load_edition(number: int) -> Edition:
    """Edition `number` (1..3). Cached: callers must not mutate the result."""
    if number not in EDITIONS:
        raise DataError(f"no edition {number}; editions are {EDITIONS}")
    if number == 1:
        return first_edition()
    return apply_delta(copy.deepcopy(load_edition(number - 1)), number)
