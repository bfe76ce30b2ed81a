"""A quarantined run leaves linked documents alone: no document is fetched, stored or recorded
until a run is accepted."""

from __future__ import annotations

import json
from pathlib import Path

from manualwatch.samplesite import contents_path
from tests.conftest import Manualwatch, write_config
from tests.httpserver import serve_app
from tests.test_quarantine import LAYOUT, Site


def test_a_held_run_fetches_no_document(tmp_path: Path) -> None:
    site = Site(tmp_path / "site")
    with serve_app(site) as (base_url, log):
        mw = Manualwatch(write_config(tmp_path, base_url + contents_path(LAYOUT)))
        assert mw("run", "--json").exit_code == 0
        assert any(r.path.startswith("/media/") for r in log.all())  # the baseline read them
        log.clear()
        site.variant = "many"
        held = json.loads(mw("run", "--json").stdout)["runs"][0]
        assert held["status"] == "quarantined" and held["documents"] == []
        assert not [r for r in log.all() if r.path.startswith("/media/")]
