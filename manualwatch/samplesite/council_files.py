"""Every edition of one sample council in one layout, built once into a temporary directory."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import tempfile
from pathlib import Path

from manualwatch.samplesite.build import build, check_layout
from manualwatch.samplesite.councils import (
    COUNCIL_EDITIONS,
    check_council,
    load_council_edition,
)
from manualwatch.samplesite.site_files import PUBLISH_HOUR, ServedFile, content_type


def _published_at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, PUBLISH_HOUR, tzinfo=dt.UTC)


class CouncilFiles:
    """All editions of a council in a layout; Last-Modified as the sample manual's files."""

    def __init__(self, council: str, layout: str) -> None:
        self.council = check_council(council)
        self.layout = check_layout(layout)
        self._tmp = tempfile.TemporaryDirectory(prefix=f"samplesite-{council}-{layout}-")
        root = Path(self._tmp.name)
        self.editions: dict[int, dict[str, ServedFile]] = {}
        since: dict[str, tuple[str, dt.date]] = {}  # url path -> (etag, day its bytes date from)
        for number in COUNCIL_EDITIONS:
            edition = load_council_edition(council, number)
            served: dict[str, ServedFile] = {}
            for url_path, path in build(edition, layout, root / f"edition-{number}").items():
                data = path.read_bytes()
                etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
                before = since.get(url_path)
                day = before[1] if before and before[0] == etag else edition.published
                since[url_path] = (etag, day)
                served[url_path] = ServedFile(path, etag, _published_at(day),
                                              content_type(url_path, data), len(data))
            self.editions[number] = served


@functools.cache
def council_files(council: str, layout: str) -> CouncilFiles:
    """The process-wide build of a council in a layout (built on first use)."""
    return CouncilFiles(council, layout)
