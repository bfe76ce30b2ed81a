"""The trusted proxy header, attacked over HTTP: it signs a reviewer in only when the request
comes from an address in `[web] trusted_proxies` and names a reviewer (anyone else: 403);
from elsewhere it is ignored. `serve` on a non-loopback address with the header configured
warns at start."""

from __future__ import annotations

from dataclasses import replace

import pytest
import requests
from click.testing import CliRunner

from manualwatch.cli import cli
from manualwatch.cli.web import proxy_warning
from tests.webapp import serving
from tests.webattack import REVIEWER, attacked_store, csrf

HEADER = "X-Remote-User"


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    return attacked_store(tmp_path_factory.mktemp("web-proxy"),
                          f'\n[web]\ntrusted_user_header = "{HEADER}"\n')


def signoff(base: str, change_id: int, name: str) -> requests.Response:
    with requests.Session() as browser:
        token = csrf(browser, f"{base}/login")
        return browser.post(f"{base}/changes/{change_id}/signoff",
                            data={"decision": "no_action", "csrf_token": token},
                            headers={HEADER: name}, allow_redirects=False, timeout=30)


def count(attacked) -> int:
    return attacked.db.execute("SELECT count(*) FROM signoffs").fetchone()[0]


def test_the_header_signs_in_a_reviewer_from_a_trusted_proxy(attacked) -> None:
    with serving(attacked.config) as base:  # default: loopback is the proxy
        page = requests.get(base + "/", headers={HEADER: REVIEWER.lower()}, timeout=30)
        assert f"Signed in as {REVIEWER}<" in page.text
        before = count(attacked)
        assert signoff(base, attacked.change_id, REVIEWER).status_code == 302
        assert count(attacked) == before + 1
        assert attacked.db.execute("SELECT reviewer FROM signoffs ORDER BY id DESC"
                                   ).fetchone()[0] == REVIEWER


@pytest.mark.parametrize("name", ['="HYPERLINK(""http://evil.example"")"', "mallory", ""],
                         ids=["formula", "unknown", "blank"])
def test_a_name_that_is_no_reviewer_is_refused(attacked, name: str) -> None:
    with serving(attacked.config) as base:
        before = count(attacked)
        assert requests.get(base + "/", headers={HEADER: name}, timeout=30).status_code == 403
        assert signoff(base, attacked.change_id, name).status_code == 403
        assert count(attacked) == before


def test_the_header_is_ignored_from_anyone_else(attacked) -> None:
    elsewhere = replace(attacked.config, web_trusted_proxies=("10.0.0.0/8", "192.0.2.7"))
    with serving(elsewhere) as base:
        page = requests.get(base + "/", headers={HEADER: REVIEWER}, timeout=30)
        assert page.status_code == 200 and "Signed in as" not in page.text
        before = count(attacked)
        assert signoff(base, attacked.change_id, REVIEWER).status_code == 401
        assert signoff(base, attacked.change_id, "mallory").status_code == 401
        assert count(attacked) == before


def test_serve_warns_when_listening_beyond_this_machine_with_the_header(attacked) -> None:
    assert proxy_warning(attacked.config, "127.0.0.1") is None
    assert proxy_warning(attacked.config, "::1") is None
    assert proxy_warning(attacked.config, "localhost") is None
    assert proxy_warning(replace(attacked.config, web_trusted_user_header=""), "0.0.0.0") \
        is None
    for host in ("0.0.0.0", "10.1.2.3", "::", "review.example.org"):
        assert "trusted_user_header" in proxy_warning(attacked.config, host), host
    # 192.0.2.1 (a documentation address) is not this machine's: the warning comes first,
    # then a one-line error instead of a traceback
    result = CliRunner().invoke(cli, ["--config", str(attacked.config.path), "serve",
                                      "--host", "192.0.2.1", "--port", "8000"])
    assert result.exit_code == 2
    assert "warning: listening on 192.0.2.1 with [web] trusted_user_header set" in \
        result.output
    assert "cannot listen on 192.0.2.1:8000" in result.output
