"""Words of the normalised chapter text.

Words are the whitespace-separated tokens of the text, except the structural markers the
crawler writes: a token made only of '#' characters (heading level), a lone "-" (list item)
and a lone "|" (table cell separator).
"""

from __future__ import annotations

import re

_HASHES = re.compile(r"#+")
_SINGLE_MARKERS = frozenset({"-", "|"})


def is_marker(token: str) -> bool:
    """True for a structural marker token, which is not a word."""
    if token in _SINGLE_MARKERS:
        return True
    return token[0] == "#" and _HASHES.fullmatch(token) is not None


def tokens(line: str) -> list[str]:
    """All whitespace-separated tokens of a line, markers included."""
    return line.split()


def words(text: str) -> list[str]:
    """The words of a text (or line): its tokens without structural markers."""
    return [token for token in text.split()
            if token not in _SINGLE_MARKERS and (token[0] != "#" or token.strip("#"))]


def count_words(text: str) -> int:
    """How many words a text holds by the shared counting rule."""
    return len(words(text))


def normalise_lines(text: str) -> list[str]:
    """The text's non-empty lines, whitespace inside each collapsed to single spaces."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line]
