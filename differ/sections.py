"""Headings of the normalised text and the section each line belongs to.

A heading line is ``"#" * level + " " + text``. Every line belongs to the innermost heading
at or above it (a heading line to itself); lines before the first heading belong to the
chapter's title. A section's path is the stack of enclosing headings by level, outermost
first.
"""

from __future__ import annotations

from collections.abc import Sequence

SectionPath = tuple[str, ...]


def parse_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a heading line, or None for any other line."""
    marker, _, text = line.partition(" ")
    if marker and marker.count("#") == len(marker) and text.strip():
        return len(marker), text.strip()
    return None


def section_paths(lines: Sequence[str], title: str) -> list[SectionPath]:
    """For each line, the path of the section it belongs to, outermost heading first."""
    stack: list[tuple[int, str]] = []
    paths: list[SectionPath] = []
    for line in lines:
        heading = parse_heading(line)
        if heading is not None:
            while stack and stack[-1][0] >= heading[0]:
                stack.pop()
            stack.append(heading)
        paths.append(tuple(text for _, text in stack) or (title,))
    return paths
