"""What every rendering of the appendix says the same way: the Details with the quoted
Amendment note, which entries carry a diff, and the names of the audit's findings."""

from __future__ import annotations

from notifier.models import AmendmentEntry, Amendments

AUDIT_LABELS = {
    "silent_change": "Changed without a marker or an amendments entry",
    "marker_without_change": "Marked or listed, but the text did not change",
    "date_mismatch": "The publisher's date disagrees with when the change appeared",
    "broken_link": "A link in the chapter answers 404 or 410",
}
AUDIT_SHORT = {"silent_change": "Silent change", "marker_without_change": "Marker without change",
               "date_mismatch": "Date mismatch", "broken_link": "Broken link"}


def full_details(entry: AmendmentEntry) -> str:
    """The Details sentence(s) with the chapter's new Amendment note quoted, if it has one."""
    if not entry.note:
        return entry.details
    verb = "reads" if entry.kind == "new" else "now reads"
    return f"{entry.details} Its Amendment note {verb}: \u201c{entry.note}\u201d"


def diffed_entries(doc: Amendments) -> list[AmendmentEntry]:
    """Entries that carry our diff, in the order the appendix lists them."""
    return [e for y in doc.years for m in y.months for t in m.tables for e in t.entries
            if e.diff is not None]
