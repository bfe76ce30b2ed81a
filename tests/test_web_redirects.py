"""After sign-in the app goes only to a path on itself: `next` values that a browser would
read as another host, or that hold control characters, lead to `/`, never to 5xx."""

from __future__ import annotations

import pytest
import requests

from manualwatch.web.redirects import safe_next
from tests.webapp import serving
from tests.webattack import attacked_store, sign_in

EVIL = {
    "scheme-relative": "//evil.example",
    "tab": "/\t/evil.example/x",
    "absolute": "https://evil.example",
    "crlf": "/\r\nX:1",
    "percent-crlf": "/%0d%0aX:1",
    "backslash": "/\\evil.example",
    "triple-slash": "///evil.example",
    "scheme-no-slash": "http:evil.example",
    "javascript": "javascript:alert(1)",
    "newline-host": "/\n/evil.example",
    "nul": "/\x00/evil.example",
    "del": "/\x7f/evil.example",
    "space-host": " //evil.example",
    "c1": "/\x85/evil.example",
}
GOOD = {"root": "/", "change": "/changes/3", "query": "/changes?state=open&page=2",
        "anchor": "/changes/3#signoff", "encoded": "/search?q=%22a%20b%22"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    attacked = attacked_store(tmp_path_factory.mktemp("web-redirects"))
    with serving(attacked.config) as base:
        yield base


@pytest.mark.parametrize("target", EVIL.values(), ids=EVIL.keys())
def test_a_foreign_or_broken_next_goes_home(site, target: str) -> None:
    with requests.Session() as browser:
        form = browser.get(site + "/login", params={"next": target}, timeout=30)
        assert form.status_code == 200
        answer = sign_in(browser, site, next_path=target)
        assert answer.status_code == 302
        assert answer.headers["Location"] == "/"


@pytest.mark.parametrize("target", GOOD.values(), ids=GOOD.keys())
def test_a_path_on_this_site_is_kept(site, target: str) -> None:
    with requests.Session() as browser:
        answer = sign_in(browser, site, next_path=target)
        assert answer.status_code == 302 and answer.headers["Location"] == target


def test_the_percent_encoded_crlf_query_from_the_issue(site) -> None:
    """`next=/%0d%0aX:1` in a URL is CR LF once decoded: the answer is never 5xx."""
    with requests.Session() as browser:
        form = browser.get(site + "/login?next=/%0d%0aX:1", timeout=30)
        assert form.status_code == 200 and 'name="next" value=""' in form.text
        assert sign_in(browser, site, next_path="/\r\nX:1").headers["Location"] == "/"


@pytest.mark.parametrize("target", [*EVIL.values(), None, "", "changes"])
def test_safe_next_gives_the_default_for_anything_else(target) -> None:
    assert safe_next(target, "/home") == "/home"
