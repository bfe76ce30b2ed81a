"""The view across the three sample councils after their editions 1-3: `adoption --json` equals
the handwritten truth, `counterparts` finds the renumbered chapter and none where a council
lacks it, `compare` shows the national edit between a council that took it and one that did not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manualwatch.samplesite import load_council_truth
from tests.conftest import Manualwatch
from tests.councilwalk import CouncilWalk

NATIONAL = ("From January 2027 the strategy discussion must also include the designated health"
            " professional for the area.")


@pytest.fixture(scope="module")
def walk(councils: CouncilWalk) -> CouncilWalk:
    return councils


@pytest.fixture(scope="module")
def mw(walk: CouncilWalk) -> Manualwatch:
    return Manualwatch(walk.config_path)


def expected_edits(walk: CouncilWalk) -> list[dict]:
    """The truth file's edits with run ids filled in from the walk."""
    edits = []
    for edit in load_council_truth()["edits"]:
        first = edit["first_seen"]
        run = walk.runs[(first["manual"], first["edition"])]
        edits.append({"inserted": edit["inserted"], "deleted": edit["deleted"],
                      "first_seen": {"manual": first["manual"], "number": first["number"],
                                     "date": first["date"], "run_id": run.id},
                      "manuals": edit["manuals"]})
    return edits


def contract_view(document: dict) -> list[dict]:
    """What the contract and the truth state of each edit (no ids, sections or run ids)."""
    return [{"inserted": e["inserted"], "deleted": e["deleted"], "first_seen": e["first_seen"],
             "manuals": [{k: v for k, v in m.items() if k != "run_id"} for m in e["manuals"]]}
            for e in document["edits"]]


def test_adoption_json_equals_the_truth(walk: CouncilWalk, mw: Manualwatch) -> None:
    result = mw("adoption", "--json")
    assert result.exit_code == 0, result.output
    assert contract_view(json.loads(result.stdout)) == expected_edits(walk)


def test_adoption_filters_by_first_sighting_and_manual(walk: CouncilWalk,
                                                       mw: Manualwatch) -> None:
    later = json.loads(mw("adoption", "--since", "2026-11-20", "--json").stdout)
    assert [e["first_seen"]["manual"] for e in later["edits"]] == ["eastborough", "westvale"]
    mine = json.loads(mw("adoption", "--manual", "northshire", "--json").stdout)
    assert [e["inserted"] or e["deleted"] for e in contract_view(mine)] == [
        e["inserted"] or e["deleted"] for e in expected_edits(walk)[:2]]
    bad = mw("adoption", "--since", "soon")
    assert bad.exit_code == 2 and "--since" in bad.output


def test_adoption_text_lists_each_manual_state(mw: Manualwatch) -> None:
    out = mw("adoption").stdout
    assert "westvale         -        no_counterpart" in out
    assert "eastborough      1.3.4    adopted 2026-11-30" in out


def test_counterparts_find_the_renumbered_chapter_and_none_where_missing(
        walk: CouncilWalk, mw: Manualwatch) -> None:
    for case in load_council_truth()["counterparts"]:
        result = mw("counterparts", case["chapter"], "--manual", case["manual"], "--json")
        document = json.loads(result.stdout)
        assert document["chapter"]["manual"] == case["manual"]
        assert document["chapter"]["title"] == case["title"]
        found = {c["manual"]: c["number"] for c in document["counterparts"]}
        assert found == case["counterparts"], case
        assert all(0.5 <= c["similarity"] <= 1 for c in document["counterparts"])
    text = mw("counterparts", "1.3.3", "--manual", "northshire").stdout
    assert "eastborough: 1.3.4 Section 47 Enquiries" in text
    assert "westvale: no counterpart" in text


def test_a_number_in_several_manuals_needs_manual(mw: Manualwatch) -> None:
    result = mw("counterparts", "1.3.3")
    assert result.exit_code == 2
    assert "several manuals (eastborough, northshire): name one with --manual" in result.output
    assert mw("counterparts", "9.9.9", "--manual", "westvale").exit_code == 2


def test_compare_shows_the_national_edit_between_a_council_that_took_it_and_one_that_did_not(
        mw: Manualwatch) -> None:
    before = mw("compare", "1.3.3", "--manual", "northshire", "--with", "eastborough",
                "--on", "2026-11-20")
    assert before.exit_code == 0, before.output
    assert f"[-{NATIONAL}-]" in before.stdout
    assert "northshire 1.3.3 Section 47 Enquiries -> eastborough 1.3.4" in before.stdout
    now = mw("compare", "1.3.3", "--manual", "northshire", "--with", "eastborough")
    assert NATIONAL not in now.stdout
    document = json.loads(mw("compare", "1.3.3", "--manual", "northshire", "--with",
                             "eastborough", "--on", "2026-11-20", "--format", "json").stdout)
    assert (document["from"]["number"], document["to"]["number"]) == ("1.3.3", "1.3.4")
    assert "2.2 Who Takes Part" in document["sections"]
    html = mw("compare", "1.3.3", "--manual", "northshire", "--with", "eastborough",
              "--on", "2026-11-20", "--format", "html").stdout
    assert f'<del style="background:#fde2e2;color:#8a1010">{NATIONAL}</del>' in html


def test_compare_without_a_counterpart_is_a_clear_error(mw: Manualwatch) -> None:
    result = mw("compare", "1.3.3", "--manual", "northshire", "--with", "westvale")
    assert result.exit_code == 2
    assert "Section 47 Enquiries has no counterpart in westvale" in result.output
    early = mw("compare", "1.3.3", "--manual", "northshire", "--with", "eastborough",
               "--on", "2026-10-01")
    assert early.exit_code == 2 and "no version of this chapter existed" in early.output


def test_each_edit_is_recorded_once(walk: CouncilWalk) -> None:
    rows = walk.db.execute("SELECT manual, inserted, deleted FROM edits ORDER BY id").fetchall()
    assert len(rows) == len(load_council_truth()["edits"])
    assert len({(r[1], r[2]) for r in rows}) == len(rows)


def test_sample_site_council_option_is_offered(mw: Manualwatch, tmp_path: Path) -> None:
    result = mw("sample-site", "--council", "nowhere")
    assert result.exit_code == 2
    assert "northshire" in result.output and "eastborough" in result.output
