"""robots.txt: fetched once per host per run (per Fetcher), read with protego."""

from __future__ import annotations

import weakref
from urllib.parse import urlsplit

from protego import Protego

from crawler.errors import FetchError
from crawler.fetcher import Fetcher, host_of

MAX_CRAWL_DELAY_SECONDS = 60.0


class Robots:
    """The robots.txt rules of every host a run touches, for the run's User-Agent.

    A missing robots.txt (any 4xx) allows everything. So does one that cannot be had
    (5xx, timeout): the chapter fetches that follow then fail and are reported as
    errors, rather than an outage hiding as pages "skipped by robots.txt".
    A Crawl-delay raises the fetcher's per-host delay (capped at 60 s).
    """

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._rules: dict[str, Protego | None] = {}

    @property
    def user_agent(self) -> str:
        return self.fetcher.settings.user_agent

    def rules(self, url: str) -> Protego | None:
        """The parsed robots.txt for the URL's site (None: no rules)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._rules:
            self._rules[site] = self._load(site)
        return self._rules[site]

    def _load(self, site: str) -> Protego | None:
        try:
            response = self.fetcher.get(site + "/robots.txt")
        except FetchError:
            return None
        if response.status != 200:
            return None
        rules = Protego.parse(response.body.decode("utf-8", errors="replace"))
        delay = rules.crawl_delay(self.user_agent)
        if delay:
            seconds = min(float(delay), MAX_CRAWL_DELAY_SECONDS)
            self.fetcher.clock.raise_delay(host_of(site), seconds)
        return rules

    def allowed(self, url: str) -> bool:
        """May our User-Agent fetch `url`?"""
        rules = self.rules(url)
        return rules is None or rules.can_fetch(url, self.user_agent)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of us on the URL's host, if any."""
        rules = self.rules(url)
        delay = rules.crawl_delay(self.user_agent) if rules else None
        return float(delay) if delay else None


_BY_FETCHER: weakref.WeakKeyDictionary[Fetcher, Robots] = weakref.WeakKeyDictionary()


def robots_for(fetcher: Fetcher) -> Robots:
    """The one Robots of a fetcher (a run), so robots.txt is read once per host per run."""
    if fetcher not in _BY_FETCHER:
        _BY_FETCHER[fetcher] = Robots(fetcher)
    return _BY_FETCHER[fetcher]
