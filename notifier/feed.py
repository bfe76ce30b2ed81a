"""The amendments appendix as an Atom feed (feedgen): one entry per change, newest first
(changes first seen together in chapter order).

Entry ids are `urn:uuid:` names derived from the manual, the moment the change was first seen,
its kind and the chapter's URL, so regenerating the feed (or rebuilding the database from the
same runs) gives every entry the same id. The feed's `updated` is its newest entry's, never
the time of writing, so an unchanged appendix gives a byte-identical feed.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from html import escape

from feedgen.feed import FeedGenerator

from differ import render_html as render_diff_html
from notifier.appendix_details import full_details
from notifier.kinds import KIND_LABELS, number_key
from notifier.links import amendments_url
from notifier.london import parse_utc
from notifier.models import AmendmentEntry, Amendments, DocumentEntry
from notifier.templating import safe_href

EPOCH = "1970-01-01T00:00:00Z"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "manualwatch:amendments")


def entry_id(manual: str, entry: AmendmentEntry) -> str:
    """A stable id: the same change always gets the same id."""
    moment = entry.seen_at or entry.date
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, f"{manual}\n{moment}\n{entry.kind}\n"
                                                    f"{entry.url}"))


def feed_id(manual: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(_NAMESPACE, f"feed\n{manual}"))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (the crawler already removes them
    from what it stores; this keeps a feed writable from older records)."""
    return _NOT_XML.sub("", text)


def _moment(entry: AmendmentEntry | DocumentEntry) -> datetime:
    if entry.seen_at:
        return parse_utc(entry.seen_at).astimezone(UTC)
    return datetime.fromisoformat(entry.date + "T00:00:00+00:00")


def _title(entry: AmendmentEntry) -> str:
    label = KIND_LABELS.get(entry.kind, entry.kind.capitalize())
    name = f"{entry.number} {entry.title}" if entry.number else entry.title
    return f"{label}: {name}"


def _content(entry: AmendmentEntry) -> str:
    body = f"<p>{escape(full_details(entry))}</p>"
    if entry.diff is not None:
        body += render_diff_html(entry.diff)
    return body


def _add(fg: FeedGenerator, manual: str, entry: AmendmentEntry) -> None:
    item = fg.add_entry(order="append")
    item.id(entry_id(manual, entry))
    item.title(_xml(_title(entry)))
    item.updated(_moment(entry))
    item.published(_moment(entry))
    href = safe_href(entry.url)
    if href:
        item.link(href=href, rel="alternate", type="text/html")
    item.summary(_xml(full_details(entry)))
    item.content(_xml(_content(entry)), type="html")
    item.category(term=entry.kind, label=KIND_LABELS.get(entry.kind, entry.kind))


def _add_document(fg: FeedGenerator, manual: str, entry: DocumentEntry) -> None:
    item = fg.add_entry(order="append")
    moment = entry.seen_at or entry.date
    item.id("urn:uuid:" + str(uuid.uuid5(_NAMESPACE, f"{manual}\n{moment}\ndocument-"
                                                    f"{entry.kind}\n{entry.url}")))
    label = {"new": "New document", "updated": "Document updated",
             "removed": "Document no longer linked"}.get(entry.kind, entry.kind)
    item.title(_xml(f"{label}: {entry.title}"))
    item.updated(_moment(entry))
    item.published(_moment(entry))
    href = safe_href(entry.url)
    if href:
        item.link(href=href, rel="alternate")
    where = ", ".join(entry.linked_from)
    summary = f"{entry.details} Linked from {where}." if where and entry.kind == "updated" \
        else entry.details
    item.summary(_xml(summary))
    body = f"<p>{escape(summary)}</p>"
    if entry.diff is not None:
        body += render_diff_html(entry.diff)
    item.content(_xml(body), type="html")
    item.category(term=f"document-{entry.kind}", label=label)


def render_atom(doc: Amendments, *, manual: str, manual_title: str, base_url: str = "") -> str:
    """The appendix's changes as an Atom 1.0 document (UTF-8 text)."""
    fg = FeedGenerator()
    fg.id(feed_id(manual))
    fg.title(_xml(f"Amendments: {manual_title}"))
    fg.author(name="manualwatch")
    fg.language("en-GB")
    fg.subtitle("Changes manualwatch found in the manual, newest first; changes first seen "
                "together are in the manual's chapter order.")
    if safe_href(base_url):
        fg.link(href=amendments_url(base_url), rel="alternate", type="text/html")
    in_chapter_order = sorted((e for update in doc.updates for e in update.entries),
                              key=lambda e: number_key(e.number, e.title))
    entries = sorted(in_chapter_order, key=_moment, reverse=True)  # stable sort
    for entry in entries:
        _add(fg, manual, entry)
    documents = [d for update in doc.updates for d in update.documents]
    for document in documents:
        _add_document(fg, manual, document)
    fg.updated(max((_moment(e) for e in [*entries, *documents]), default=parse_utc(EPOCH)))
    return fg.atom_str(pretty=True).decode("utf-8")
