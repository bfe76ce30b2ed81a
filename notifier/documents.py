"""Linked documents as people read them: the appendix's "Forms and documents" rows and the
sentence a digest says about a changed form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from differ import diff_chapter
from notifier.london import london_day
from notifier.models import ChangeSources, DocumentEntry
from store.models import DocumentChange

TYPE_NAMES = {"pdf": "PDF", "docx": "Word", "doc": "Word", "odt": "ODT", "xlsx": "Excel",
              "rtf": "RTF"}


LIBRARY = {"resources": "the documents library"}  # linked_from of the library's documents


def _chapters(numbers: Iterable[str]) -> str:
    listed = [LIBRARY.get(n, n) for n in numbers]
    if not listed:
        return "no chapter"
    return ", ".join(listed[:-1]) + (" and " if len(listed) > 1 else "") + listed[-1]


def _words(added: int, removed: int) -> str:
    return f"(+{added} / \u2212{removed} words)"


def document_details(change: DocumentChange) -> str:
    """One or two sentences saying what happened to a document."""
    where = _chapters(change.linked_from)
    if change.kind == "new":
        return f"Newly linked from {where}."
    if change.kind == "removed":
        return f"No chapter links it any more (last linked from {where})."
    if not change.has_text:
        return "Changed (no text to compare): the file is new but its text cannot be read."
    return f"Its text changed {_words(change.words_added, change.words_removed)}."


def document_sentence(change: DocumentChange) -> str:
    """"The Multi-Agency Referral Form linked from 1.3.3 changed: its text changed (+9 / -1)"."""
    name = f"The {change.title}" if not change.title.lower().startswith("the ") else \
        change.title
    details = document_details(change)
    if change.kind == "updated":
        return f"{name} linked from {_chapters(change.linked_from)} changed: " \
            + details[0].lower() + details[1:]
    return f"{name}: " + details[0].lower() + details[1:]


def document_entry(change: DocumentChange, source: ChangeSources | None = None
                   ) -> DocumentEntry:
    diff = None
    if change.kind == "updated" and change.has_text and source is not None \
            and source.old_text is not None and source.new_text is not None:
        diff = diff_chapter(source.old_text, source.new_text, change.title)
    return DocumentEntry(
        kind=change.kind, title=" ".join(change.title.split()), url=change.url,
        type=change.type, linked_from=change.linked_from, details=document_details(change),
        date=london_day(change.seen_at), seen_at=change.seen_at, change_id=change.id,
        diff=diff)


def document_entries(changes: Iterable[DocumentChange],
                     sources: Mapping[int, ChangeSources] | None = None
                     ) -> dict[str, list[DocumentEntry]]:
    """Document rows by the Europe/London day they were first seen."""
    days: dict[str, list[DocumentEntry]] = {}
    for change in changes:
        entry = document_entry(change, (sources or {}).get(change.id))
        days.setdefault(entry.date, []).append(entry)
    return days
