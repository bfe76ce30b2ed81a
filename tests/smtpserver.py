"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives.

It can also misbehave on purpose, as real servers do: refuse some recipients (`refuse`,
e.g. {"x@example.org": "550 5.1.1 no such user"}), answer DATA with queued replies
(`data_replies`, e.g. ["451 4.3.0 try again later"]), or hold a message at DATA until the
test says go (`hold`), so a test can kill the client between the server's acceptance and
the client's commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Hold:
    """Pause DATA: `arrived` is set when a message is in; the reply waits for `release`."""

    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)  # each accepted message as it arrived
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> reply to RCPT
    data_replies: list[str] = field(default_factory=list)  # replies to DATA, used up in order
    hold: Hold | None = None
    sessions: list[object] = field(default_factory=list)  # one entry per SMTP connection
    attempts: int = 0  # DATA commands received, accepted or not

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]


class _Keeper:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        session.host_name = hostname
        if not any(s is session for s in self.box.sessions):
            self.box.sessions.append(session)
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.box.refuse:
            return self.box.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        self.box.attempts += 1
        if self.box.data_replies:
            return self.box.data_replies.pop(0)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.box.messages.append(message)
        self.box.raw.append(envelope.original_content or envelope.content)
        hold = self.box.hold
        if hold is not None:
            hold.arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, hold.release.wait, 30)
        return "250 OK"


@contextlib.contextmanager
def smtp_server(port: int | None = None, **controller_args: object) -> Iterator[Mailbox]:
    """A server on `port` (a free one if None) for the block; `controller_args` go to
    aiosmtpd's Controller (e.g. authenticator=..., auth_require_tls=False)."""
    box = Mailbox(port=port or free_port())
    controller = Controller(_Keeper(box), hostname="127.0.0.1", port=box.port,
                            **controller_args)
    controller.start()
    try:
        yield box
    finally:
        if box.hold is not None:
            box.hold.release.set()
        controller.stop()
