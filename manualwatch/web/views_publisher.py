"""The amendments appendix, the publisher audit and the page of one run."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from manualwatch.config import Config, ConfigError, ManualConfig
from manualwatch.publish.appendix import amendments, manual_audit
from manualwatch.web.database import get_db
from store.errors import NotFound
from store.runs import get_run

blueprint = Blueprint("publisher", __name__)


def _manual() -> tuple[ManualConfig, Config]:
    """The manual asked for with ?manual=, else the first configured."""
    config: Config = current_app.config["MW_CONFIG"]
    name = request.args.get("manual", "")
    try:
        return (config.manual(name) if name else config.manuals[0]), config
    except (ConfigError, IndexError):
        abort(404, description="No such manual is configured.")


@blueprint.get("/amendments")
def amendments_page() -> str:
    manual, config = _manual()
    doc = amendments(get_db(), manual.name, request.args.get("since") or None)
    return render_template("amendments.html", manual=manual, manuals=config.manuals, doc=doc)


@blueprint.get("/audit")
def audit_page() -> str:
    manual, config = _manual()
    findings = manual_audit(get_db(), config, manual)
    return render_template("audit.html", manual=manual, manuals=config.manuals,
                           findings=findings[::-1])


@blueprint.get("/runs/<int:run_id>")
def run_page(run_id: int) -> str:
    try:
        run = get_run(get_db(), run_id)
    except NotFound:
        abort(404, description=f"There is no run {run_id}.")
    return render_template("run.html", run=run)
