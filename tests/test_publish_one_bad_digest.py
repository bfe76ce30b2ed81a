"""One bad digest fails alone: four subscribers, one with an internationalised address and
one mailbox given in two cases. Over a real server without SMTPUTF8 every ordinary subscriber
gets exactly one digest, the internationalised row fails with its reason, `run` exits 1 and
`status` says who, why and what to do; a server offering SMTPUTF8 delivers it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from manualwatch.samplesite import SampleSite
from notifier.transport import NO_SMTPUTF8
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import smtp_server

ADMIN = "admin@example.org"
ZOE = "zoë@example.org"
SUBSCRIBERS = ("all@example.org", ZOE, "JANE@x.org", "jane@x.org")


def _config(folder: Path, contents_url: str, port: int) -> Path:
    path = write_config(folder, contents_url, smtp_port=port)
    text = path.read_text("utf-8").replace('from = "manualwatch@example.org"',
                                           f'from = "manualwatch@example.org"\nadmin = "{ADMIN}"')
    path.write_text(text, "utf-8")
    return path


def _deliver(folder: Path, smtputf8: bool) -> dict:
    result: dict = {}
    with smtp_server(enable_SMTPUTF8=smtputf8) as box, \
            SampleSite(layout="current", edition=1).start() as site:
        mw = Manualwatch(_config(folder, site.contents_url, box.port))
        assert mw("run", "--json").exit_code == 0
        for address in SUBSCRIBERS:
            subscribed = mw("subscribe", address, "--all")
            assert subscribed.exit_code == 0, subscribed.output
        result["subscribers"] = json.loads(mw("subscribers", "--json").stdout)["subscribers"]
        site.set_edition(2)
        run = mw("run", "--json")
        result["code"] = run.exit_code
        result["run"] = json.loads(run.stdout)["runs"][0]
        result["messages"] = list(box.messages)
        result["status"] = json.loads(mw("status", "--json").stdout)
        result["status_text"] = mw("status").stdout
    return result


@pytest.fixture(scope="module")
def without_smtputf8(tmp_path_factory) -> dict:
    return _deliver(tmp_path_factory.mktemp("plain"), smtputf8=False)


@pytest.fixture(scope="module")
def with_smtputf8(tmp_path_factory) -> dict:
    return _deliver(tmp_path_factory.mktemp("utf8"), smtputf8=True)


def _digests(messages: list) -> list[str]:
    return sorted(str(m["To"]) for m in messages if "digest" not in str(m["Subject"])
                  and str(m["To"]) != ADMIN)


def test_one_mailbox_in_two_cases_is_one_subscriber(without_smtputf8: dict) -> None:
    assert sorted(s["email"] for s in without_smtputf8["subscribers"]) == [
        "all@example.org", "jane@x.org", ZOE]


def test_every_ordinary_subscriber_gets_exactly_one_digest(without_smtputf8: dict) -> None:
    assert _digests(without_smtputf8["messages"]) == ["all@example.org", "jane@x.org"]


def test_the_internationalised_row_fails_with_its_reason(without_smtputf8: dict) -> None:
    manual = without_smtputf8["status"]["manuals"][0]
    assert manual["pending_email"] == {"failed": 1}
    [problem] = manual["email_problems"]
    assert (problem["recipient"], problem["status"]) == (ZOE, "failed")
    assert NO_SMTPUTF8 in problem["error"]
    assert "SMTPUTF8" in problem["what_to_do"]


def test_run_exits_1_and_says_publishing_was_not_complete(without_smtputf8: dict,
                                                          schema: dict) -> None:
    assert without_smtputf8["code"] == 1
    publish = without_smtputf8["run"]["publish"]
    assert publish["ok"] is False and ZOE in publish["error"]
    jsonschema.validate({"runs": [without_smtputf8["run"]]},
                        {**schema, "$ref": "#/$defs/runOutput"})


def test_status_text_names_address_reason_and_what_to_do(without_smtputf8: dict) -> None:
    text = without_smtputf8["status_text"]
    assert f"failed: run {without_smtputf8['run']['run_id']} to {ZOE}: {NO_SMTPUTF8}" in text
    assert "what to do: use a mail server that offers SMTPUTF8" in text


def test_the_admin_is_told_at_once(without_smtputf8: dict) -> None:
    alerts = [m for m in without_smtputf8["messages"] if str(m["To"]) == ADMIN]
    assert [str(m["Subject"]) for m in alerts] == [
        f"[manualwatch] sample: run {without_smtputf8['run']['run_id']} digests failed"]
    body = alerts[0].get_content()
    assert ZOE in body and NO_SMTPUTF8 in body


def test_a_server_with_smtputf8_delivers_to_the_internationalised_address(
        with_smtputf8: dict) -> None:
    assert with_smtputf8["code"] == 0
    assert _digests(with_smtputf8["messages"]) == ["all@example.org", "jane@x.org", ZOE]
    assert with_smtputf8["run"]["publish"] == {"ok": True, "error": None}
    assert with_smtputf8["status"]["manuals"][0]["email_problems"] == []
