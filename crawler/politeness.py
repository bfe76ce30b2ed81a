"""Per-host politeness: a monotonic clock per host spacing the starts of requests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostClock:
    """Reserves request slots so two requests to one host start at least `delay` apart.

    Slots are reserved under a lock, so concurrent callers queue up rather than
    shortening the gap. A host's delay can be raised (never lowered below the default),
    e.g. by a robots.txt Crawl-delay.
    """

    def __init__(self, delay: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self._default = max(0.0, delay)
        self._delays: dict[str, float] = {}
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._sleep = sleep

    def delay_for(self, host: str) -> float:
        """The gap kept between request starts on `host`."""
        return self._delays.get(host, self._default)

    def raise_delay(self, host: str, seconds: float) -> None:
        """Keep at least `seconds` between requests to `host` from now on."""
        with self._lock:
            self._delays[host] = max(self._default, seconds, self._delays.get(host, 0.0))

    def wait(self, host: str) -> None:
        """Block until a request to `host` may start, and claim that moment."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.delay_for(host)
        if start > now:
            self._sleep(start - now)
