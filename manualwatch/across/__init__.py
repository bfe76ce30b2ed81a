"""The view across manuals as people read it: counterparts, compare, and the adoption report."""

from manualwatch.across.compare import CompareError, Comparison, compare_chapters
from manualwatch.across.report import (
    ManualLag,
    adoption_document,
    change_adoption,
    counterparts_document,
    edit_adoption,
    manual_lags,
)

__all__ = [
    "CompareError",
    "Comparison",
    "ManualLag",
    "adoption_document",
    "change_adoption",
    "compare_chapters",
    "counterparts_document",
    "edit_adoption",
    "manual_lags",
]
