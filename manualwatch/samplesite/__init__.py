"""The bundled sample manual: a replica of the Norfolk tri.x manual in two layouts and 3 editions.

Public API:
    SampleSite(layout="current", edition=1)   a real HTTP server (see server.py)
    EDITIONS                                  (1, 2, 3)
    load_truth(edition)                       the handwritten truth of the step edition-1 -> edition
    amendments_list(edition)                  the amendments that edition's publisher listed
    build_edition(edition, layout, out_dir)   render an edition to real files (build.build)
    SampleSite(council=NAME)                  one of COUNCILS: the manual localised by a council
    load_council_edition(council, n)          council edition n; load_council_truth() adoption
"""

from __future__ import annotations

import json
from typing import Any

from manualwatch.samplesite.amendments import AmendmentEntry, load_amendments
from manualwatch.samplesite.build import (
    LAYOUTS,
    contents_path,
    document_path,
    page_path,
    resources_path,
)
from manualwatch.samplesite.build import build as build_edition
from manualwatch.samplesite.contents import DataError, SampleSiteError
from manualwatch.samplesite.councils import (
    COUNCIL_EDITIONS,
    COUNCILS,
    load_council_edition,
    load_council_truth,
)
from manualwatch.samplesite.edition import EDITIONS, edition_dir
from manualwatch.samplesite.editions import load_edition
from manualwatch.samplesite.server import SampleSite, serve_forever

__all__ = [
    "COUNCILS",
    "COUNCIL_EDITIONS",
    "EDITIONS",
    "LAYOUTS",
    "AmendmentEntry",
    "DataError",
    "SampleSite",
    "SampleSiteError",
    "amendments_list",
    "build_edition",
    "contents_path",
    "load_council_edition",
    "load_council_truth",
    "document_path",
    "load_edition",
    "load_truth",
    "page_path",
    "resources_path",
    "serve_forever",
]


def load_truth(edition: int) -> dict[str, Any]:
    """The truth file of the step edition-1 -> edition (edition 2 or 3)."""
    if edition not in EDITIONS[1:]:
        raise DataError(f"truth exists for editions {EDITIONS[1:]}, not {edition!r}")
    with (edition_dir(edition) / "truth.json").open(encoding="utf-8") as handle:
        truth: dict[str, Any] = json.load(handle)
    return truth


def amendments_list(edition: int) -> list[AmendmentEntry]:
    """The entries edition N's AMENDMENTS.md lists (edition 1: the history before the baseline)."""
    if edition not in EDITIONS:
        raise DataError(f"no edition {edition!r}")
    return list(load_amendments(edition_dir(edition) / "AMENDMENTS.md").entries)
