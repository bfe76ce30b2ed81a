"""Delivering built messages: over SMTP, or as .eml files in a directory (the offline demo)."""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import Protocol

from notifier.errors import SendError

SECURITY_MODES = ("none", "starttls", "ssl")


class Transport(Protocol):
    """Anything that can deliver one message, raising SendError when it cannot."""

    def send(self, msg: EmailMessage) -> None: ...


def recipients(msg: EmailMessage) -> list[str]:
    """The addresses in the To, Cc and Bcc headers of `msg`."""
    fields = [str(v) for name in ("To", "Cc", "Bcc") for v in msg.get_all(name, [])]
    return [addr for _, addr in getaddresses(fields) if addr]


class SmtpTransport:
    """Sends each message in its own SMTP session (plain, STARTTLS or implicit TLS)."""

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
        """Hand `msg` to the server; SendError names the recipient and the server's reply."""
        to = ", ".join(recipients(msg)) or "(no recipient)"
        try:
            with self._connect() as smtp:
                refused = smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendError(to, _replies(exc.recipients)) from exc
        except smtplib.SMTPResponseException as exc:
            raise SendError(to, _reply(exc.smtp_code, exc.smtp_error)) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise SendError(to, f"{type(exc).__name__}: {exc}") from exc
        if refused:
            raise SendError(", ".join(refused), _replies(refused))

    def _connect(self) -> smtplib.SMTP:
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


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _replies(refused: dict) -> str:
    return "; ".join(f"{rcpt}: {_reply(*reply)}" for rcpt, reply in refused.items())


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
        data = msg.as_bytes()
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

    def _next_index(self) -> int:
        numbers = [int(p.name[:4]) for p in self.path.glob("*.eml") if p.name[:4].isdigit()]
        return max(numbers, default=0) + 1

    def written(self) -> list[Path]:
        """The .eml files in the directory, in the order they were written."""
        return sorted(self.path.glob("[0-9]*.eml"))
