"""A quarantined run adds nothing to the view across manuals until it is approved; approving
it records its edits and its manual's adoption as of that run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Manualwatch
from tests.councilwalk import CouncilWalk, walk_councils
from tests.smtpserver import smtp_server

NATIONAL = ("From January 2027 the strategy discussion must also include the designated health"
            " professional for the area.")
DELETED = "Carers should still take steps to return the child"


def summary(mw: Manualwatch) -> list[tuple[str, str, dict[str, str]]]:
    document = json.loads(mw("adoption", "--json").stdout)
    return [((e["inserted"] or e["deleted"])[:50], e["first_seen"]["manual"],
             {m["manual"]: m["state"] for m in e["manuals"]}) for e in document["edits"]]


def test_approving_a_held_run_records_its_edits(tmp_path: Path) -> None:
    def subscribe(walk: CouncilWalk, edition: int) -> None:
        if edition == 1:
            assert Manualwatch(walk.config_path)(
                "subscribe", "west@example.org", "--manual", "westvale", "--all",
                "--adoption").exit_code == 0

    with smtp_server() as box:
        walk = walk_councils(tmp_path, editions=(1, 2), smtp_port=box.port, after=subscribe,
                             extra="[guard]\nmax_changed_share = 0.01\n")
        held = walk.runs[("northshire", 2)]
        assert held.status == "quarantined"
        assert walk.runs[("westvale", 2)].status == "ok"
        mw = Manualwatch(walk.config_path)
        assert summary(mw) == [(DELETED, "westvale", {"northshire": "not_adopted",
                                                      "eastborough": "not_adopted",
                                                      "westvale": "adopted"})]
        assert [m["To"] for m in box.messages] == ["west@example.org"]  # westvale's own digest
        box.messages.clear()
        assert mw("approve", str(held.id)).exit_code == 0
        # its edits are recorded before its email goes: westvale's subscriber, who opted in,
        # hears that westvale's deletion has now reached northshire
        (notice,) = box.messages
        assert notice["Subject"] == ("westvale (sample) manual: a change has now reached"
                                     " northshire (sample) manual (16 Nov 2026)")
    # listed in run order; the deletion stays first seen in westvale, whose run was accepted
    # when northshire's was still held
    assert summary(mw) == [
        (NATIONAL[:50], "northshire", {"northshire": "adopted", "eastborough": "not_adopted",
                                       "westvale": "no_counterpart"}),
        (DELETED, "westvale", {"northshire": "adopted", "eastborough": "not_adopted",
                               "westvale": "adopted"})]
