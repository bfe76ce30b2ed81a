"""Delivering built messages: over SMTP, or as .eml files in a directory (the offline demo)."""

from __future__ import annotations

import contextlib
import copy
import re
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import AbstractContextManager
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Protocol

from notifier.errors import SendError

SECURITY_MODES = ("none", "starttls", "ssl")
NO_SMTPUTF8 = "the mail server does not accept internationalised addresses"


class Delivery(Protocol):
    """An open batch: delivers messages one by one over one connection."""

    def connect(self, to: str = "") -> None: ...

    def send(self, msg: EmailMessage) -> None: ...


class Transport(Protocol):
    """Anything that can deliver messages, raising SendError when it cannot.

    `batch()` opens one connection for many messages; `send()` delivers a single one.
    """

    def send(self, msg: EmailMessage) -> None: ...

    def batch(self) -> AbstractContextManager[Delivery]: ...


class TemporaryFailure(SendError):
    """Not delivered, try again later: a 4xx reply, or the server could not be reached."""


class ConnectionFailure(TemporaryFailure):
    """The server could not be reached or refused the session: nothing was sent."""


class PermanentFailure(SendError):
    """The server refused this message for good (a 5xx reply): do not retry it."""


class UncertainDelivery(SendError):
    """The connection broke after the message was handed over: it may have been delivered."""


def recipients(msg: EmailMessage) -> list[str]:
    """The addresses in the To, Cc and Bcc headers of `msg`."""
    fields = [str(v) for name in ("To", "Cc", "Bcc") for v in msg.get_all(name, [])]
    return [addr for _, addr in getaddresses(fields) if addr]


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _replies(refused: dict) -> str:
    return "; ".join(f"{rcpt}: {_reply(*reply)}" for rcpt, reply in refused.items())


def _refusal(to: str, refused: dict) -> SendError:
    permanent = all(code >= 500 for code, _ in refused.values())
    return (PermanentFailure if permanent else TemporaryFailure)(to, _replies(refused))


def needs_smtputf8(msg: EmailMessage) -> bool:
    """True when an address of `msg` (sender or recipient) is not plain ASCII (RFC 6531)."""
    sender = parseaddr(str(msg["Sender"] or msg["From"] or ""))[1]
    return not all(address.isascii() for address in (sender, *recipients(msg)))


def _wire(msg: EmailMessage, utf8: bool = False) -> bytes:
    """The message as it goes over SMTP: CRLF line ends, no Bcc header, headers as written
    (never refolded: a refold could RFC 2047-encode what must stay plain, like
    List-Unsubscribe); with `utf8`, internationalised headers raw (RFC 6532)."""
    if "Bcc" in msg:
        msg = copy.copy(msg)
        del msg["Bcc"]
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n", utf8=utf8,
                                                refold_source="none"))


class SmtpTransport:
    """Sends messages over SMTP (plain, STARTTLS or implicit TLS), one session per batch."""

    def __init__(
        self,
        host: str,
        port: int,
        security: str = "none",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if security not in SECURITY_MODES:
            modes = ", ".join(SECURITY_MODES)
            raise ValueError(f"security must be one of {modes}, not {security!r}")
        self.host, self.port, self.security = host, port, security
        self.username, self._password, self.timeout = username, password, timeout
        self.ssl_context = ssl_context

    def __repr__(self) -> str:  # never shows the password
        return f"SmtpTransport({self.host!r}, {self.port}, security={self.security!r})"

    def send(self, msg: EmailMessage) -> None:
        """Hand `msg` to the server in a session of its own."""
        with self.batch() as session:
            session.send(msg)

    @contextlib.contextmanager
    def batch(self) -> Iterator[SmtpSession]:
        """One SMTP session for many messages; closed (QUIT) at the end of the block."""
        session = SmtpSession(self)
        try:
            yield session
        finally:
            session.close()

    def open(self) -> smtplib.SMTP:
        """A connected, greeted, secured and logged-in SMTP client."""
        context = self.ssl_context or ssl.create_default_context()
        if self.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self._password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp


class SmtpSession:
    """One SMTP connection delivering messages one transaction at a time.

    Errors say what is known: TemporaryFailure and PermanentFailure mean the message was not
    accepted; UncertainDelivery means the connection broke during DATA.
    """

    def __init__(self, transport: SmtpTransport) -> None:
        self.transport = transport
        self._smtp: smtplib.SMTP | None = None

    def connect(self, to: str = "") -> None:
        """Open the connection now if it is not open; ConnectionFailure when it cannot.

        A session the server refuses (even with 5xx, e.g. bad credentials) is a
        ConnectionFailure: it says nothing about any one message.
        """
        if self._smtp is not None:
            return
        where = f"{self.transport.host}:{self.transport.port}"
        try:
            self._smtp = self.transport.open()
        except smtplib.SMTPResponseException as exc:
            reply = _reply(exc.smtp_code, exc.smtp_error)
            raise ConnectionFailure(to or where, f"{reply} (from {where})") from exc
        except (smtplib.SMTPException, OSError) as exc:
            reason = f"{where}: {type(exc).__name__}: {exc}"
            raise ConnectionFailure(to or where, reason) from exc

    def send(self, msg: EmailMessage) -> None:
        """One SMTP transaction (MAIL, RCPT..., DATA) for `msg`."""
        to = ", ".join(recipients(msg)) or "(no recipient)"
        self.connect(to)
        assert self._smtp is not None
        try:
            self._transact(self._smtp, msg, to)
        except SendError:
            raise
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise TemporaryFailure(to, f"{type(exc).__name__}: {exc}") from exc

    def _transact(self, smtp: smtplib.SMTP, msg: EmailMessage, to: str) -> None:
        sender = parseaddr(str(msg["Sender"] or msg["From"] or ""))[1]
        utf8 = needs_smtputf8(msg)
        if utf8 and not smtp.has_extn("smtputf8"):
            raise PermanentFailure(to, NO_SMTPUTF8)
        code, reply = smtp.mail(sender, ["SMTPUTF8", "BODY=8BITMIME"] if utf8 else [])
        if code != 250:
            self._reset()
            raise _refusal(to, {sender: (code, reply)})
        rcpts = recipients(msg)
        refused = {}
        for rcpt in rcpts:
            code, reply = smtp.rcpt(rcpt)
            if code not in (250, 251):
                refused[rcpt] = (code, reply)
        if not rcpts or len(refused) == len(rcpts):
            self._reset()
            raise _refusal(to, refused or {to: (554, b"no valid recipient")})
        self._data(smtp, msg, to, utf8)
        if refused:  # some recipients have it: never retried, so nobody gets it twice
            raise PermanentFailure(", ".join(refused), _replies(refused))

    def _data(self, smtp: smtplib.SMTP, msg: EmailMessage, to: str, utf8: bool) -> None:
        try:
            code, reply = smtp.data(_wire(msg, utf8))
        except smtplib.SMTPDataError as exc:  # DATA itself refused: nothing handed over
            self._reset()
            raise _refusal(to, {to: (exc.smtp_code, exc.smtp_error)}) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise UncertainDelivery(to, f"connection lost during DATA: {exc}") from exc
        if code != 250:
            self._reset()
            raise _refusal(to, {to: (code, reply)})

    def _reset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self) -> None:
        """QUIT (or just drop) the connection."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


_UNSAFE = re.compile(r"[^A-Za-z0-9@._+-]+")


def eml_name(index: int, recipient: str) -> str:
    """'0001-someone@example.org.eml': a numbered, file-system-safe name for a message."""
    safe = _UNSAFE.sub("_", recipient).strip("._-")[:80] or "message"
    return f"{index:04d}-{safe}.eml"


class EmlDirectoryTransport:
    """Writes each message as a numbered .eml file in a directory, never overwriting one."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def send(self, msg: EmailMessage) -> None:
        """Write `msg` as the next numbered .eml file; SendError if it cannot be written."""
        to = ", ".join(recipients(msg)) or "(no recipient)"
        data = msg.as_bytes(policy=msg.policy.clone(utf8=needs_smtputf8(msg),
                                                    refold_source="none"))
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            index = self._next_index()
            while True:
                try:
                    with open(self.path / eml_name(index, to), "xb") as out:
                        out.write(data)
                    return
                except FileExistsError:
                    index += 1
        except OSError as exc:
            raise SendError(to, f"cannot write to {self.path}: {exc}") from exc

    @contextlib.contextmanager
    def batch(self) -> Iterator[EmlDirectoryTransport]:
        """Files need no connection: the batch is the transport itself."""
        yield self

    def connect(self, to: str = "") -> None:
        """Nothing to open: the directory is created on the first write."""

    def _next_index(self) -> int:
        numbers = [int(p.name[:4]) for p in self.path.glob("*.eml") if p.name[:4].isdigit()]
        return max(numbers, default=0) + 1

    def written(self) -> list[Path]:
        """The .eml files in the directory, in the order they were written."""
        return sorted(self.path.glob("[0-9]*.eml"))
