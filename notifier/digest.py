"""One email digest of a run's changes for one subscriber, and the MIME message that carries it.

Everything the digests of one run share is built once (`DigestParts`): each change's item,
its changed sentences and its text and HTML fragments. A digest then only joins the
fragments of the subscriber's changes, so thousands of digests render in seconds.
"""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from markupsafe import Markup

from differ.models import ChapterDiff
from notifier.details import details_for
from notifier.documents import document_sentence
from notifier.excerpts import Excerpt, excerpt, excerpt_text
from notifier.kinds import KIND_LABELS, KIND_ORDER, number_key
from notifier.links import amendments_url, change_url, run_url
from notifier.london import long_time, to_london
from notifier.models import Digest, Reached
from notifier.reached import reached_phrase
from notifier.reached import rendered as rendered_reached
from notifier.templating import render, safe_href
from store.models import Change, DocumentChange, Run

MAX_ITEMS = 25  # chapters shown in one digest; the rest are one link away
REACHED_HEADING = "Taken up by other manuals"
SUBJECT_ORDER = ("updated", "new", "removed", "renamed", "moved", "renumbered")
_BADGES = {"new": "#00703c", "updated": "#1d70b8", "removed": "#d4351c", "renamed": "#4c2c92",
           "moved": "#4c2c92", "renumbered": "#505a5f"}


@dataclass(frozen=True)
class DigestItem:
    """One change as the digest templates show it."""

    kind: str
    label: str  # 'Updated'
    number: str | None
    title: str
    href: str | None  # the chapter's page, when it is a safe link
    url: str
    details: str
    sections: tuple[str, ...]  # each as its path, outermost first, joined by ' › '
    diff_url: str | None
    first_seen: str | None  # set only when first seen on another day than the run's
    excerpt: Excerpt | None = None  # the changed sentences, when the texts were given
    excerpt_lines: tuple[str, ...] = ()  # the same in plain text


@dataclass(frozen=True)
class RenderedItem:
    item: DigestItem
    text: str
    html: Markup


class DigestParts:
    """What all digests of one run share: each change rendered once, text and HTML."""

    def __init__(self, run: Run, base_url: str,
                 diffs: Mapping[int, ChapterDiff] | None = None,
                 document_diffs: Mapping[int, ChapterDiff] | None = None) -> None:
        self.run, self.base_url, self.diffs = run, base_url, dict(diffs or {})
        self.document_diffs = dict(document_diffs or {})
        self._items: dict[tuple, RenderedItem] = {}

    def rendered_document(self, change: DocumentChange) -> RenderedItem:
        """A linked document's record as a digest item: what it is, the chapters linking it,
        and its changed sentences."""
        key = ("document", change.id, change.url)
        if key not in self._items:
            item = _document_item(change, self.document_diffs.get(change.id))
            html = render("digest_item.html", item=item, badge=_BADGES.get(item.kind, "#505a5f"))
            self._items[key] = RenderedItem(item, render("digest_item.txt", item=item),
                                            Markup(html))
        return self._items[key]

    def rendered(self, change: Change) -> RenderedItem:
        key = (change.id, change.chapter_id, change.kind, change.title, change.url)
        if key not in self._items:
            item = _item(change, self.run, self.base_url, self.diffs.get(change.id))
            html = render("digest_item.html", item=item, badge=_BADGES.get(item.kind, "#505a5f"))
            self._items[key] = RenderedItem(item, render("digest_item.txt", item=item),
                                            Markup(html))
        return self._items[key]


def build_digest(
    to: str,
    manual: str,
    manual_title: str,
    run: Run,
    changes: list[Change],
    base_url: str,
    unsubscribe_url: str | None,
    *,
    ack_url: str | None = None,
    parts: DigestParts | None = None,
    diffs: Mapping[int, ChapterDiff] | None = None,
    max_items: int = MAX_ITEMS,
    documents: list[DocumentChange] | None = None,
    reached: list[Reached] | None = None,
) -> Digest:
    """The digest telling `to` about `changes` (and only those), seen by `run`.

    `ack_url` is the subscriber's personal "I have read these changes" link.
    `diffs` (by change id) adds each updated chapter's changed sentences; `parts` shares the
    rendering between the digests of one run. Past `max_items` chapters the digest is cut
    and links to the rest. `documents`: the linked documents' records of chapters the
    subscriber follows, shown after the chapters under "Forms and documents". `reached`:
    changes of chapters the subscriber follows that this run found taken up by its manual
    (for a subscriber of another manual who asked to hear of it), shown last.
    """
    documents = list(documents or ())
    reached = list(reached or ())
    if not changes and not documents and not reached:
        raise ValueError("a digest needs at least one change")
    parts = parts or DigestParts(run, base_url, diffs)
    title = " ".join(manual_title.split())
    subject = digest_subject(title, changes, run.started_at, documents, reached)
    groups, shown = _groups(changes, parts, max_items)
    if documents:
        groups.append(("Forms and documents", len(documents),
                       [parts.rendered_document(d) for d in documents]))
    text_extra: list[tuple[str, int, list[str]]] = []
    html_extra: list[tuple[str, int, list[Markup]]] = []
    if reached:
        texts, htmls = rendered_reached(reached)
        text_extra.append((REACHED_HEADING, len(reached), texts))
        html_extra.append((REACHED_HEADING, len(reached), htmls))
    context = {
        "subject": subject,
        "manual_title": title,
        "headline": _capital(_full_headline(changes, documents, reached)),
        "reached": bool(reached),
        "checked": long_time(run.started_at),
        "amendments_url": amendments_url(base_url),
        "run_url": run_url(base_url, run.id),
        "unsubscribe_url": unsubscribe_url,
        "ack_url": ack_url,
        "shown": shown,
        "hidden": len(changes) - shown,
    }
    text_groups = [(h, n, [r.text for r in items]) for h, n, items in groups] + text_extra
    html_groups = [(h, n, [r.html for r in items]) for h, n, items in groups] + html_extra
    return Digest(
        to=to,
        subject=subject,
        text=render("digest.txt", groups=text_groups, **context),
        html=render("digest.html", groups=html_groups, **context),
        manual=manual,
        run_id=run.id,
        unsubscribe_url=unsubscribe_url,
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_title(manual_title: str) -> str:
    """"Norfolk Children's Services manual" for "Norfolk Children's Services Procedure Manual"."""
    title = " ".join(manual_title.split())
    stem = re.sub(r"\s*\b(procedures?\s+)?manual\b", "", title, count=1, flags=re.I).strip()
    return f"{stem} manual" if stem else title


def _counted(changes: list[Change]) -> list[tuple[str, int]]:
    kinds = [k for k in SUBJECT_ORDER if any(c.kind == k for c in changes)]
    kinds += sorted({c.kind for c in changes} - set(SUBJECT_ORDER))
    return [(k, sum(1 for c in changes if c.kind == k)) for k in kinds]


def _headline(changes: list[Change]) -> str:
    """'3 chapters updated, 1 new, 2 renumbered'; '1 new chapter' when nothing else."""
    phrases = []
    for i, (kind, n) in enumerate(_counted(changes)):
        noun = "chapter" if n == 1 else "chapters"
        if i:
            phrases.append(f"{n} {kind}")
        elif kind == "new":
            phrases.append(f"{n} new {noun}")
        else:
            phrases.append(f"{n} {noun} {kind}")
    return ", ".join(phrases)


def _documents_phrase(documents: list[DocumentChange]) -> str:
    n = len(documents)
    return f"{n} linked document{'' if n == 1 else 's'} changed" if n else ""


def _full_headline(changes: list[Change], documents: list[DocumentChange],
                   reached: list[Reached] | None = None) -> str:
    phrases = (_headline(changes), _documents_phrase(documents), reached_phrase(reached or []))
    return ", ".join(p for p in phrases if p)


def digest_subject(manual_title: str, changes: list[Change], started_at: str,
                   documents: list[DocumentChange] | None = None,
                   reached: list[Reached] | None = None) -> str:
    """"Norfolk Children's Services manual: 3 chapters updated, 1 new (22 Nov 2026)"."""
    day = to_london(started_at)
    headline = _full_headline(changes, list(documents or ()), reached)
    return f"{short_title(manual_title)}: {headline} ({day.day} {day:%b %Y})"


def _groups(changes: list[Change], parts: DigestParts, max_items: int
            ) -> tuple[list[tuple[str, int, list[RenderedItem]]], int]:
    known = [k for k in KIND_ORDER if any(c.kind == k for c in changes)]
    others = sorted({c.kind for c in changes} - set(KIND_ORDER))
    groups, shown = [], 0
    for kind in known + others:
        chosen = sorted(
            (c for c in changes if c.kind == kind), key=lambda c: number_key(c.number, c.title)
        )
        room = chosen[:max(0, max_items - shown)]
        shown += len(room)
        if room:
            heading = f"{KIND_LABELS.get(kind, kind.capitalize())} chapters"
            groups.append((heading, len(chosen), [parts.rendered(c) for c in room]))
    return groups, shown


def _item(change: Change, run: Run, base_url: str, diff: ChapterDiff | None) -> DigestItem:
    run_day = to_london(run.started_at).date()
    seen = change.seen_at and to_london(change.seen_at).date() != run_day
    shown = excerpt(diff) if diff is not None and diff.changed else None
    lines = tuple(
        (f"[{p.heading}] " if p.heading else "") + excerpt_text(p) for p in shown.passages
    ) if shown else ()
    return DigestItem(
        kind=change.kind,
        label=KIND_LABELS.get(change.kind, change.kind.capitalize()),
        number=change.number,
        title=" ".join(change.title.split()) or "(untitled)",
        href=safe_href(change.url),
        url=" ".join(change.url.split()),
        details=details_for(change, diff),
        sections=_sections(change),
        diff_url=change_url(base_url, change.id) if change.id else None,
        first_seen=long_time(change.seen_at) if seen else None,
        excerpt=shown,
        excerpt_lines=lines,
    )


def _document_item(change: DocumentChange, diff: ChapterDiff | None) -> DigestItem:
    shown = excerpt(diff) if diff is not None and diff.changed else None
    lines = tuple(
        (f"[{p.heading}] " if p.heading else "") + excerpt_text(p) for p in shown.passages
    ) if shown else ()
    label = {"new": "New document", "updated": "Document changed",
             "removed": "Document unlinked"}.get(change.kind, change.kind)
    return DigestItem(
        kind=change.kind, label=label, number=None,
        title=" ".join(change.title.split()) or "(untitled)", href=safe_href(change.url),
        url=" ".join(change.url.split()), details=document_sentence(change), sections=(),
        diff_url=None, first_seen=None, excerpt=shown, excerpt_lines=lines)


def _sections(change: Change) -> tuple[str, ...]:
    paths = change.section_paths
    if len(paths) != len(change.sections) or not all(paths):
        paths = tuple((s,) for s in change.sections)
    return tuple(" › ".join(" ".join(h.split()) for h in path) for path in paths)


def to_message(digest: Digest, sender: str, now: datetime | None = None, *,
               unsubscribe_mailto: str | None = None,
               list_name: str | None = None) -> EmailMessage:
    """A multipart/alternative (text, then HTML) message ready for any Transport.

    List-Unsubscribe carries the https link and `unsubscribe_mailto`; an https link also
    gets List-Unsubscribe-Post (RFC 8058 one-click: a POST to the link unsubscribes).
    """
    source = message_source(digest, sender, now, unsubscribe_mailto=unsubscribe_mailto,
                            list_name=list_name)
    return email.message_from_string(source, policy=email.policy.default)  # type: ignore


def message_source(digest: Digest, sender: str, now: datetime | None = None, *,
                   unsubscribe_mailto: str | None = None, list_name: str | None = None) -> str:
    """The same message as RFC 5322 text, as the outbox stores it.

    Written directly (headers RFC 2047-encoded and folded where needed, base64 bodies in C)
    rather than through email.generator: several times faster, which matters for 10,000
    digests a run. Any email parser reads it back; the tests do.
    """
    headers = {"From": sender, "To": digest.to, "Subject": digest.subject,
               "Date": format_datetime(now or datetime.now(UTC)),
               "Message-ID": message_id(digest, sender),
               "List-Id": list_id(digest.manual, sender, list_name),
               "Auto-Submitted": "auto-generated"}
    headers.update(_unsubscribe_headers(digest.unsubscribe_url, unsubscribe_mailto))
    boundary = f"=_manualwatch_{secrets.token_hex(12)}"
    lines = [f"{name}: {_header_value(name, value)}" for name, value in headers.items()]
    lines += ["MIME-Version: 1.0",
              f'Content-Type: multipart/alternative; boundary="{boundary}"', ""]
    for subtype, body in (("plain", digest.text), ("html", digest.html)):
        lines += [f"--{boundary}", f'Content-Type: text/{subtype}; charset="utf-8"',
                  "Content-Transfer-Encoding: base64", "",
                  base64.encodebytes(body.encode("utf-8")).decode("ascii").rstrip("\n")]
    lines += [f"--{boundary}--", ""]
    return "\n".join(lines)


def _header_value(name: str, value: str) -> str:
    """`value` as it may stand in a header: RFC 2047 for non-ASCII, folded when long."""
    value = " ".join(value.split())
    if name == "List-Unsubscribe":  # RFC 2369: <URL>s, never encoded words; fold at commas
        return value if len(name) + len(value) < 76 else value.replace(", ", ",\n ")
    if value.isascii() and len(name) + len(value) < 76:
        return value
    if name in ("From", "To"):  # only the display name may be encoded, never the address
        display, address = parseaddr(value)
        if not address.isascii():  # an internationalised address stands raw (RFC 6532)
            return address
        return formataddr((display, address), charset="utf-8")
    if value.isascii() and name not in ("Subject",):
        return Header(value, header_name=name).encode()
    return Header(value, "utf-8", header_name=name).encode()


def _unsubscribe_headers(url: str | None, mailto: str | None) -> dict[str, str]:
    links = [f"<{u.strip()}>" for u in (url, mailto) if u and u.strip()]
    headers = {"List-Unsubscribe": ", ".join(links)} if links else {}
    if url and url.strip().lower().startswith("https://"):
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _domain(sender: str) -> str:
    domain = re.sub(r"[^A-Za-z0-9.-]", "", parseaddr(sender)[1].rpartition("@")[2])
    return domain or "manualwatch.invalid"


def list_id(manual: str, sender: str, name: str | None = None) -> str:
    """RFC 2919 List-Id: '"Norfolk CS manual changes" <norfolk-cs.manualwatch.example.org>'."""
    label = re.sub(r"[^A-Za-z0-9-]", "-", manual).strip("-") or "manual"
    ident = f"<{label}.manualwatch.{_domain(sender)}>"
    if not name:
        return ident
    phrase = re.sub(r'["\\\r\n]', "", " ".join(name.split()))
    return f'"{phrase}" {ident}'


def message_id(digest: Digest, sender: str) -> str:
    """A Message-ID stable for one digest (manual, run, recipient): a resend can be recognised."""
    domain = _domain(sender)
    manual = re.sub(r"[^A-Za-z0-9-]", "-", digest.manual) or "manual"
    who = hashlib.sha256(digest.to.strip().lower().encode()).hexdigest()[:16]
    return f"<manualwatch.{manual}.run{digest.run_id}.{who}@{domain}>"
