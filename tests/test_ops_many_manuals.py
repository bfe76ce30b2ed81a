"""Several [[manuals]] run one after another in one cycle: one failing never stops the others,
`status` shows them all, and the per-host delay holds across manuals on one host."""

from __future__ import annotations

import json
from pathlib import Path

from manualwatch.samplesite import SampleSite
from tests.cliprocess import ops_config, refused_url
from tests.conftest import Manualwatch
from tests.httpserver import RecordedRequest, Reply, arrival_span, polite_span, serve_app


def test_three_manuals_two_ok_one_refused(tmp_path: Path) -> None:
    with SampleSite("classic").start() as classic, SampleSite("current").start() as current:
        manuals = [("classic", classic.contents_url), ("gone", refused_url()),
                   ("current", current.contents_url)]
        mw = Manualwatch(ops_config(tmp_path, manuals))
        result = mw("run", "--json")
        status = json.loads(mw("status", "--json").stdout)
    assert result.exit_code == 1
    runs = json.loads(result.stdout)["runs"]
    assert [(r["manual"], r["status"]) for r in runs] == [
        ("classic", "ok"), ("gone", "failed"), ("current", "ok")]
    assert "connection refused" in runs[1]["errors"][0]["error"]
    assert runs[0]["chapters"] == runs[2]["chapters"] > 100
    shown = {m["manual"]: m for m in status["manuals"]}
    assert list(shown) == ["classic", "gone", "current"]
    assert {name: m["last_status"] for name, m in shown.items()} == {
        "classic": "ok", "gone": "failed", "current": "ok"}
    assert [r["run_id"] for r in shown["gone"]["runs"]] == [runs[1]["run_id"]]
    assert all(m["next_run"] == status["next_run"] for m in shown.values())


def test_the_host_delay_spans_manuals_on_one_host(tmp_path: Path) -> None:
    def unavailable(_request: RecordedRequest) -> Reply:
        return Reply(503, b"<h1>Service unavailable</h1>", {"Content-Type": "text/html"})

    delay = 0.4
    with serve_app(unavailable) as (base_url, log):
        manuals = [(f"m{n}", f"{base_url}/m{n}/contents/contents") for n in range(3)]
        result = Manualwatch(ops_config(tmp_path, manuals, delay=delay))("run", "--json")
        requests = log.all()
    assert result.exit_code == 2  # nothing could run at all
    assert len({p.split("/")[1] for p in log.paths() if p.startswith("/m")}) == 3
    assert len(requests) >= 4
    assert arrival_span(requests) >= polite_span(delay, len(requests))
