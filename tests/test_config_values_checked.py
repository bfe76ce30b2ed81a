"""Every config value is checked for what it will do, not only for its type: numbers finite
and in range, ports 1-65535, no control characters in strings, addresses valid, the log
file's directory present. Each is refused with one line naming the key, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Manualwatch

MANUAL = """
[[manuals]]
name = "sample"
title = "Sample"
contents_url = "http://127.0.0.1:9/contents/contents"
"""

BAD = [
    ("delay nan", "[crawl]\ndelay_seconds = nan", "[crawl] delay_seconds must be a finite number"),
    ("delay inf", "[crawl]\ndelay_seconds = inf", "[crawl] delay_seconds must be a finite number"),
    ("delay huge", "[crawl]\ndelay_seconds = 1e300", "[crawl] delay_seconds must be <= 3600"),
    ("timeout nan", "[crawl]\ntimeout_seconds = nan",
     "[crawl] timeout_seconds must be a finite number"),
    ("guard nan", "[guard]\nmax_changed_share = nan",
     "[guard] max_changed_share must be a finite number"),
    ("user_agent newline", '[crawl]\nuser_agent = "a\\nb"',
     "[crawl] user_agent must not contain control characters"),
    ("from CRLF", '[email]\nfrom = "a@example.org\\r\\nBcc: x@example.org"',
     "[email] from must not contain control characters"),
    ("admin CRLF", '[email]\nadmin = "a@example.org\\r\\n"',
     "[email] admin must not contain control characters"),
    ("admin x", '[email]\nadmin = "x"', "[email] admin must be an email address, got 'x'"),
    ("from not an email", '[email]\nfrom = "not-an-email"',
     "[email] from must be an email address, got 'not-an-email'"),
    ("unsubscribe_to bad", '[email]\nunsubscribe_to = "nobody"',
     "[email] unsubscribe_to must be an email address"),
    ("smtp_port 99999", "[email]\nsmtp_port = 99999", "[email] smtp_port must be <= 65535"),
    ("smtp_host escape", '[email]\nsmtp_host = "mail\\u001b[2J"',
     "[email] smtp_host must not contain control characters"),
    ("log dir missing", '[log]\nfile = "nowhere/at/all/mw.log"', "[log] file: directory"),
    ("title bidi", MANUAL.replace('"Sample"', '"Sample\\u202e"'),
     "title must not contain control characters"),
]


@pytest.mark.parametrize(("text", "message"), [(t, m) for _, t, m in BAD],
                         ids=[name for name, _, _ in BAD])
def test_a_value_that_would_break_things_is_refused(tmp_path: Path, text: str,
                                                    message: str) -> None:
    manual = "" if "[[manuals]]" in text else MANUAL
    config = tmp_path / "config.toml"
    config.write_text(text + "\n" + manual, "utf-8")
    result = Manualwatch(config)("status")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {config}: "), lines
    assert message in lines[0]
    assert not (tmp_path / "nowhere").exists()


def test_good_values_pass_and_addresses_are_trimmed(tmp_path: Path) -> None:
    from manualwatch.config import load_config

    (tmp_path / "logs").mkdir()
    config = tmp_path / "config.toml"
    config.write_text('[crawl]\ndelay_seconds = 0.5\n[email]\nsmtp_port = 65535\n'
                      'from = " mw@Example.ORG "\nadmin = "ops@example.org"\n'
                      'unsubscribe_to = "leave@example.org"\n[log]\nfile = "logs/mw.log"\n'
                      + MANUAL, "utf-8")
    loaded = load_config(config)
    assert (loaded.delay_seconds, loaded.smtp_port) == (0.5, 65535)
    assert (loaded.email_from, loaded.email_admin, loaded.email_unsubscribe_to) == (
        "mw@example.org", "ops@example.org", "leave@example.org")
