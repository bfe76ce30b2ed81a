"""The dashboard: last runs per manual, changes awaiting review, counts by section, and a
chart of changes per month."""

from __future__ import annotations

from flask import Blueprint, render_template

from manualwatch.web.chart import HEIGHT, WIDTH, month_bars
from manualwatch.web.database import get_db
from store.review_list import counts_by_month, counts_by_section, last_runs, open_count

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/")
def dashboard() -> str:
    db = get_db()
    return render_template(
        "dashboard.html", runs=last_runs(db, per_manual=3), open_count=open_count(db),
        sections=counts_by_section(db), bars=month_bars(counts_by_month(db)),
        chart_width=WIDTH, chart_height=HEIGHT)
