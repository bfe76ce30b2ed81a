"""One email digest of a run's changes for one subscriber, and the MIME message that carries it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from notifier.details import details_for
from notifier.kinds import KIND_LABELS, KIND_ORDER, number_key
from notifier.links import amendments_url, change_url, run_url
from notifier.london import long_date, long_time, to_london
from notifier.models import Digest
from notifier.templating import render, safe_href
from store.models import Change, Run


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


def build_digest(
    to: str,
    manual: str,
    manual_title: str,
    run: Run,
    changes: list[Change],
    base_url: str,
    unsubscribe_url: str | None,
) -> Digest:
    """The digest telling `to` about `changes` (and only those), seen by `run`."""
    if not changes:
        raise ValueError("a digest needs at least one change")
    title = " ".join(manual_title.split())
    count = f"{len(changes)} chapter{'' if len(changes) == 1 else 's'} changed"
    context = {
        "manual_title": title,
        "count": count,
        "checked": long_time(run.started_at),
        "groups": _groups(changes, run, base_url),
        "amendments_url": amendments_url(base_url),
        "run_url": run_url(base_url, run.id),
        "unsubscribe_url": unsubscribe_url,
    }
    return Digest(
        to=to,
        subject=f"{title}: {count} ({long_date(to_london(run.started_at))})",
        text=render("digest.txt", **context),
        html=render("digest.html", **context),
        manual=manual,
        run_id=run.id,
        unsubscribe_url=unsubscribe_url,
    )


def _groups(changes: list[Change], run: Run, base_url: str) -> list[tuple[str, list[DigestItem]]]:
    known = [k for k in KIND_ORDER if any(c.kind == k for c in changes)]
    others = sorted({c.kind for c in changes} - set(KIND_ORDER))
    groups = []
    for kind in known + others:
        chosen = sorted(
            (c for c in changes if c.kind == kind), key=lambda c: number_key(c.number, c.title)
        )
        heading = f"{KIND_LABELS.get(kind, kind.capitalize())} chapters"
        groups.append((heading, [_item(c, run, base_url) for c in chosen]))
    return groups


def _item(change: Change, run: Run, base_url: str) -> DigestItem:
    run_day = to_london(run.started_at).date()
    seen = change.seen_at and to_london(change.seen_at).date() != run_day
    return DigestItem(
        kind=change.kind,
        label=KIND_LABELS.get(change.kind, change.kind.capitalize()),
        number=change.number,
        title=" ".join(change.title.split()) or "(untitled)",
        href=safe_href(change.url),
        url=" ".join(change.url.split()),
        details=details_for(change),
        sections=_sections(change),
        diff_url=change_url(base_url, change.id) if change.id else None,
        first_seen=long_time(change.seen_at) if seen else None,
    )


def _sections(change: Change) -> tuple[str, ...]:
    paths = change.section_paths
    if len(paths) != len(change.sections) or not all(paths):
        paths = tuple((s,) for s in change.sections)
    return tuple(" › ".join(" ".join(h.split()) for h in path) for path in paths)


def to_message(digest: Digest, sender: str, now: datetime | None = None) -> EmailMessage:
    """A multipart/alternative (text, then HTML) message ready for any Transport."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = digest.to
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(now or datetime.now(UTC))
    msg["Message-ID"] = message_id(digest, sender)
    msg["Auto-Submitted"] = "auto-generated"
    if digest.unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{digest.unsubscribe_url.strip()}>"
    msg.set_content(digest.text)
    msg.add_alternative(digest.html, subtype="html")
    return msg


def message_id(digest: Digest, sender: str) -> str:
    """A Message-ID stable for one digest (manual, run, recipient): a resend can be recognised."""
    domain = re.sub(r"[^A-Za-z0-9.-]", "", parseaddr(sender)[1].rpartition("@")[2])
    domain = domain or "manualwatch.invalid"
    manual = re.sub(r"[^A-Za-z0-9-]", "-", digest.manual) or "manual"
    who = hashlib.sha256(digest.to.strip().lower().encode()).hexdigest()[:16]
    return f"<manualwatch.{manual}.run{digest.run_id}.{who}@{domain}>"
