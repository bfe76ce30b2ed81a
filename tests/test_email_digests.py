"""Acceptance: one digest per subscriber per run over real SMTP, only their chapters, and a
rerun sends nothing more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from manualwatch.samplesite import SampleSite
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import smtp_server

FOLLOWERS = {
    "all@example.org": ["--all"],
    "group15@example.org": ["--section", "1.5"],
    "s47@example.org": ["--chapter", "1.3.3"],
    "fostering@example.org": ["--section", "6"],
}


@pytest.fixture(scope="module")
def delivered(tmp_path_factory) -> dict:
    folder: Path = tmp_path_factory.mktemp("email")
    result = {}
    with smtp_server() as box, SampleSite(layout="current", edition=1).start() as site:
        mw = Manualwatch(write_config(folder, site.contents_url, smtp_port=box.port))
        assert mw("run", "--json").exit_code == 0
        for address, follows in FOLLOWERS.items():
            assert mw("subscribe", address, *follows).exit_code == 0
        result["after_baseline"] = len(box.messages)
        site.set_edition(2)
        result["run2"] = mw.run_json()
        result["after_step"] = list(box.messages)
        rerun = mw.run_json()
        result["rerun"] = rerun
        send = mw("send")
        result["send_output"] = send.output
        result["after_rerun"] = len(box.messages)
    return result


def test_baseline_sends_nothing(delivered: dict) -> None:
    assert delivered["after_baseline"] == 0


def test_each_subscriber_gets_exactly_one_digest(delivered: dict) -> None:
    recipients = sorted(m["To"] for m in delivered["after_step"])
    # fostering@ follows section 6, which edition 2 does not touch: no digest at all
    assert recipients == sorted(["all@example.org", "group15@example.org", "s47@example.org"])


def test_each_digest_lists_only_the_followed_chapters(delivered: dict) -> None:
    by_to = {m["To"]: m for m in delivered["after_step"]}
    changes = delivered["run2"]["runs"][0]["changes"]
    group15 = [c for c in changes if any(n.startswith("1.5.") for n in c["numbers"])]
    assert group15, "edition 2 plants changes in group 1.5"
    for address, wanted in (
        ("all@example.org", changes),
        ("group15@example.org", group15),
        ("s47@example.org", [c for c in changes if c["number"] == "1.3.3"]),
    ):
        message = by_to[address]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        for change in changes:
            shown = change in wanted
            assert (change["title"] in text) is shown, (address, change["title"])
            assert (change["title"].replace("'", "&#39;") in html
                    or change["title"] in html) is shown


def test_a_rerun_sends_nothing_more(delivered: dict) -> None:
    assert delivered["rerun"]["runs"][0]["changes"] == []
    assert delivered["after_rerun"] == len(delivered["after_step"])
    assert delivered["send_output"].startswith("0 sent")


def test_each_digest_carries_its_own_acknowledgement_link(delivered: dict) -> None:
    tokens = set()
    for message in delivered["after_step"]:
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        token = re.search(r"I have read these changes: \S+/ack/(\S+)", text).group(1)
        assert f"/ack/{token}" in html and len(token) >= 32
        tokens.add(token)
    assert len(tokens) == len(delivered["after_step"])
