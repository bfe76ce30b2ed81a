"""A one-line progress bar on a terminal while a manual is crawled."""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    """Callable as the pipeline's progress hook: (done, total, url)."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self._drawn = -1

    def __call__(self, done: int, total: int, url: str) -> None:
        filled = self.width * done // max(total, 1)
        if filled == self._drawn and done < total:
            return
        self._drawn = -1 if done >= total else filled
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def terminal_progress(label: str) -> ProgressBar | None:
    """A bar on stderr when it is a terminal; None (no output) otherwise."""
    return ProgressBar(label) if sys.stderr.isatty() else None
