"""Bad numbers and dates, anywhere a URL carries them: every route the app has (read from its
URL map), with out-of-range and malformed values in its path and in every query argument the
app reads, signed out and signed in, answers 200, 302, 400 or 404, never 5xx.

Every bad value is tried in every query argument of every route with its path well formed, and
every bad path value alone and then beside each argument holding a bad number and a bad date
(the values taken in turn, so each appears); only the full product of bad paths and bad queries
is left out (518 requests for a route with one path argument instead of 2,728)."""

from __future__ import annotations

import itertools

import pytest
import requests
from werkzeug.routing import Rule

from manualwatch.web import create_app
from tests.webapp import serving
from tests.webattack import WAITING, Attacked, attacked_store, sign_in

NUMBERS = ["99999999999999999999", "9223372036854775808", "9223372036854775807", "0", "-1",
           "1.5", "1e309", "x", "%00", "١٢"]
DATES = ["9999-12-31", "0001-01-01", "0000-00-00", "2026-02-30", "99999-01-01", "2026-13-01",
         "nan", "2026-01-01T25:00", ""]
KEYS = ["page", "since", "until", "from", "to", "on", "version", "manual", "q", "next",
        "section", "kind", "state"]
ALLOWED = {200, 302, 400, 401, 404}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    attacked = attacked_store(tmp_path_factory.mktemp("web-bad-input"))
    with serving(attacked.config) as base:
        yield attacked, base


def get_rules(attacked: Attacked) -> list[Rule]:
    app = create_app(attacked.config)
    return [r for r in app.url_map.iter_rules() if "GET" in (r.methods or ())
            and r.endpoint != "static"]


def good_value(rule: Rule, name: str, attacked: Attacked) -> str:
    if rule.rule.startswith("/ack/"):
        return attacked.tokens[WAITING]
    if rule.rule.startswith("/unsubscribe/"):
        return attacked.unsubscribe[WAITING]
    return str(attacked.change_id)


def paths(rule: Rule, attacked: Attacked) -> list[str]:
    """The rule with good values, then with each bad number in each path argument."""
    good = {n: good_value(rule, n, attacked) for n in rule.arguments}
    out = [_fill(rule.rule, good)]
    for name in sorted(rule.arguments):
        out += [_fill(rule.rule, {**good, name: value}) for value in NUMBERS]
    return out


def queries(good_path: bool) -> list[dict[str, str]]:
    """No query, then: on the good path every bad value in every argument; on a bad path every
    argument with one bad number and one bad date, the values taken in turn."""
    if good_path:
        pairs = list(itertools.product(KEYS, NUMBERS + DATES))
    else:
        pairs = [pair for i, key in enumerate(KEYS)
                 for pair in ((key, NUMBERS[i % len(NUMBERS)]), (key, DATES[i % len(DATES)]))]
    return [{}] + [{key: value} for key, value in pairs]


def _fill(template: str, values: dict[str, str]) -> str:
    path = template
    for name, value in values.items():
        for prefix in (f"<int:{name}>", f"<{name}>", f"<path:{name}>"):
            path = path.replace(prefix, value)
    return path


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_every_route_survives_bad_numbers_and_dates(site, signed_in: bool) -> None:
    attacked, base = site
    failures = []
    with requests.Session() as browser:
        if signed_in:
            assert sign_in(browser, base).status_code == 302
        for rule in get_rules(attacked):
            for n, path in enumerate(paths(rule, attacked)):
                for params in queries(good_path=n == 0):
                    answer = browser.get(base + path, params=params, allow_redirects=False,
                                         timeout=30)
                    if answer.status_code not in ALLOWED:
                        failures.append((path, params, answer.status_code))
    assert failures == []


@pytest.mark.parametrize("url", [
    "/changes?page=99999999999999999999", "/changes/99999999999999999999",
    "/chapters/99999999999999999999", "/runs/99999999999999999999",
    "/chapters/99999999999999999999/compare", "/chapters/1/text?version=99999999999999999999",
], ids=["page", "change", "chapter", "run", "compare", "text-version"])
def test_the_urls_from_the_issue(site, url: str) -> None:
    _, base = site
    answer = requests.get(base + url, timeout=30)
    assert answer.status_code == (200 if "page=" in url else 404), answer.status_code


def test_the_trail_until_the_last_day_there_is(site) -> None:
    _, base = site
    with requests.Session() as browser:
        assert sign_in(browser, base).status_code == 302
        answer = browser.get(base + "/reviews.csv?until=9999-12-31", timeout=30)
        assert answer.status_code == 200 and answer.text.count("\n") == 2  # header + 1 row
        assert browser.get(base + "/reviews.csv?until=junk", timeout=30).status_code == 400
