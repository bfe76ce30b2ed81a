"""The differ's exceptions: one base, subclasses that say what could not be compared."""

from __future__ import annotations


class DiffError(Exception):
    """Base of every error the differ raises."""


class TooManyTokensError(DiffError):
    """Two texts hold more distinct tokens than can be mapped to characters for diffing."""

    def __init__(self, distinct: int, limit: int) -> None:
        super().__init__(f"{distinct} distinct tokens to diff; the limit is {limit}")
        self.distinct = distinct
        self.limit = limit
