"""The notifier's exceptions: one base, subclasses carrying what went wrong and for whom."""

from __future__ import annotations


class NotifierError(Exception):
    """Base of every error the notifier raises."""


class SendError(NotifierError):
    """A message could not be handed to the mail server (or written) for one recipient."""

    def __init__(self, recipient: str, reason: str) -> None:
        super().__init__(f"could not send to {recipient}: {reason}")
        self.recipient = recipient
        self.reason = reason


class UnknownKindError(NotifierError):
    """A change record carries a kind the notifier does not know how to describe."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown change kind: {kind!r}")
        self.kind = kind
