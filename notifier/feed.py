"""The amendments appendix as an Atom feed (feedgen): one entry per change, newest first.

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
from notifier.kinds import KIND_LABELS
from notifier.links import amendments_url
from notifier.london import parse_utc
from notifier.models import AmendmentEntry, Amendments
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


def _moment(entry: AmendmentEntry) -> datetime:
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


def render_atom(doc: Amendments, *, manual: str, manual_title: str, base_url: str = "") -> str:
    """The appendix's changes as an Atom 1.0 document (UTF-8 text)."""
    fg = FeedGenerator()
    fg.id(feed_id(manual))
    fg.title(_xml(f"Amendments: {manual_title}"))
    fg.author(name="manualwatch")
    fg.language("en-GB")
    fg.subtitle("Changes manualwatch found in the manual, newest first.")
    if safe_href(base_url):
        fg.link(href=amendments_url(base_url), rel="alternate", type="text/html")
    entries = [e for update in doc.updates for e in update.entries]
    for entry in entries:
        _add(fg, manual, entry)
    fg.updated(max((_moment(e) for e in entries), default=parse_utc(EPOCH)))
    return fg.atom_str(pretty=True).decode("utf-8")
