"""The review web application (`manualwatch serve`): history, compare, search, sign-off and
staff acknowledgement over the same SQLite database the pipeline writes.

``create_app(config)`` builds the Flask app; every page is server-rendered HTML readable
without JavaScript, styled by one CSS file, under a Content-Security-Policy with no inline
script or style.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from manualwatch.clock import Clock, utc_now
from manualwatch.config import Config
from manualwatch.web import (
    auth,
    database,
    formatting,
    security,
    views_across,
    views_changes,
    views_chapters,
    views_dashboard,
    views_documents,
    views_people,
    views_publisher,
    views_search,
    views_signoff,
)

__all__ = ["create_app"]


def create_app(config: Config, db_path: Path | None = None, *, clock: Clock = utc_now) -> Flask:
    """The application over `db_path` (default: the config's store), migrated on start."""
    app = Flask(__name__)
    path = Path(db_path) if db_path else config.store_path
    app.config.update(MW_CONFIG=config, MW_DB_PATH=path, MW_CLOCK=clock)
    database.init_app(app)
    security.init_app(app, config, path)
    auth.init_app(app)
    formatting.init_app(app)
    for module in (views_dashboard, views_changes, views_signoff, views_chapters, views_search,
                   views_publisher, views_people, views_across, views_documents):
        app.register_blueprint(module.blueprint)
    app.register_error_handler(HTTPException, _error_page)
    return app


def _error_page(exc: HTTPException) -> tuple[str, int]:
    return render_template("message.html", title=f"{exc.code} {exc.name}",
                           message=exc.description), exc.code or 500
