"""Stopping cleanly on SIGTERM/SIGINT: finish the page in hand, then stop.

The pipeline stores each page in its own transaction, so stopping between pages never leaves
half a page behind. A first signal asks for that stop; a second one acts at once (the
default handlers come back), which is still safe: SQLite rolls back an unfinished
transaction.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Shutdown:
    """A stop request shared by the signal handler, the cycle and the scheduler."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: str | None = None

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def request(self, reason: str) -> None:
        if not self._event.is_set():
            self.reason = reason
            self._event.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)

    @contextlib.contextmanager
    def handling(self, then: Callable[[], None] | None = None) -> Iterator[Shutdown]:
        """While inside, SIGTERM and SIGINT request a stop (then call `then`); afterwards the
        previous handlers are back. Outside the main thread signals cannot be handled, and
        this does nothing.

        `then` runs in a new thread, so it may block or take locks the interrupted main
        thread holds.
        """
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {sig: signal.getsignal(sig) for sig in SIGNALS}

        def handle(signum: int, _frame: object) -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)  # a second signal acts at once
            self.request(signal.Signals(signum).name)
            if then is not None:
                threading.Thread(target=then, name="shutdown", daemon=True).start()

        for sig in SIGNALS:
            signal.signal(sig, handle)
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
