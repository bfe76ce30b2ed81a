"""The sign-off audit trail as CSV (for `/reviews.csv` and `manualwatch reviews --csv`)."""

from __future__ import annotations

import csv
import io

from store.reviews import TRAIL_COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def trail_csv(rows: list[dict]) -> str:
    """One row per sign-off, with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TRAIL_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row[k]) for k in TRAIL_COLUMNS})
    return out.getvalue()


def _cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
