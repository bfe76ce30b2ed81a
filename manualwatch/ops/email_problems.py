"""Digests that failed or whose delivery is uncertain: what happened and what to do.

`status` and the admin alert say the same thing, from the outbox row itself.
"""

from __future__ import annotations

from notifier.transport import NO_SMTPUTF8
from store.models import OutboxItem

RETRY_UNCERTAIN = "manualwatch send --retry-uncertain"


def happened(item: OutboxItem) -> str:
    """One line: whose digest of which run, and what became of it."""
    if item.status == "uncertain":
        why = item.error or "a crash while sending"
        return f"digest of run {item.run_id} to {item.recipient}: delivery uncertain ({why})"
    return f"digest of run {item.run_id} to {item.recipient}: not sent: {item.error or 'failed'}"


def advice(item: OutboxItem) -> str:
    """What to do about it, with the exact command where there is one."""
    if item.status == "uncertain":
        return (f"it may or may not have arrived; ask the recipient, or resend with "
                f"`{RETRY_UNCERTAIN}` (they may get it twice)")
    if item.error and NO_SMTPUTF8 in item.error:
        return ("use a mail server that offers SMTPUTF8, or subscribe an ASCII address "
                f"for this person (`manualwatch unsubscribe {item.recipient}` first); "
                "failed digests are not resent")
    if not item.message:
        return ("the digest could not be built (a bug or bad data: see the log); it is not "
                "resent; later runs build their own digests")
    return ("the mail server refused it for good; check the address with "
            "`manualwatch subscribers`; failed digests are not resent")


def as_json(item: OutboxItem) -> dict:
    return {"id": item.id, "run_id": item.run_id, "recipient": item.recipient,
            "status": item.status, "error": item.error, "what_to_do": advice(item)}
