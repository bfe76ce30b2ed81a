"""Every edition of one layout built once into a temporary directory, with HTTP validators.

Last-Modified of a file is the publication date of the edition in which its bytes last changed;
its ETag is a quoted prefix of the sha256 of its bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from manualwatch.samplesite.build import build, check_layout
from manualwatch.samplesite.edition import EDITIONS
from manualwatch.samplesite.editions import load_edition

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".ico": "image/svg+xml; charset=utf-8",  # the favicon is the council's SVG logo
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
PUBLISH_HOUR = 6  # editions go live at 06:00 UTC on their publication day


@dataclass(frozen=True)
class ServedFile:
    path: Path
    etag: str
    last_modified: dt.datetime
    content_type: str
    size: int


MAGIC_TYPES = {b"%PDF": ".pdf"}  # a document served without an extension: by its first bytes


def content_type(url_path: str, data: bytes = b"") -> str:
    suffix = Path(url_path).suffix
    if not suffix:
        suffix = next((s for magic, s in MAGIC_TYPES.items() if data.startswith(magic)), "")
    return CONTENT_TYPES.get(
        suffix, "text/html; charset=utf-8" if not suffix else "application/octet-stream"
    )


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


def _published_at(edition: int) -> dt.datetime:
    day = load_edition(edition).published
    return dt.datetime(day.year, day.month, day.day, PUBLISH_HOUR, tzinfo=dt.UTC)


class LayoutFiles:
    """All editions of a layout, built into one temporary directory kept for the process."""

    def __init__(self, layout: str) -> None:
        self.layout = check_layout(layout)
        self._tmp = tempfile.TemporaryDirectory(prefix=f"samplesite-{layout}-")
        self.root = Path(self._tmp.name)
        self.editions: dict[int, dict[str, ServedFile]] = {}
        hashes: dict[str, tuple[str, int]] = {}  # url path -> (etag, edition its bytes date from)
        for number in EDITIONS:
            written = build(number, layout, self.root / f"edition-{number}")
            served: dict[str, ServedFile] = {}
            for url_path, path in written.items():
                data = path.read_bytes()
                etag = _etag(data)
                since = hashes.get(url_path)
                first = since[1] if since is not None and since[0] == etag else number
                hashes[url_path] = (etag, first)
                served[url_path] = ServedFile(
                    path, etag, _published_at(first), content_type(url_path, data), len(data)
                )
            for gone in set(hashes) - set(written):
                del hashes[gone]
            self.editions[number] = served


@functools.cache
def layout_files(layout: str) -> LayoutFiles:
    """The process-wide build of a layout (built on first use, removed at interpreter exit)."""
    return LayoutFiles(layout)
