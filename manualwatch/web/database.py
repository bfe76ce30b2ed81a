"""One SQLite connection per request, and the "current as of" figures every page shows."""

from __future__ import annotations

import sqlite_utils
from flask import Flask, current_app, g

from store import open_database
from store.review_list import last_runs


def init_app(app: Flask) -> None:
    """Migrate the database once, then open a connection per request."""
    open_database(app.config["MW_DB_PATH"]).close()
    app.teardown_appcontext(_close)
    app.context_processor(lambda: {"current_as_of": _current_as_of})


def get_db() -> sqlite_utils.Database:
    if "mw_db" not in g:
        db = sqlite_utils.Database(current_app.config["MW_DB_PATH"])
        db.execute("PRAGMA busy_timeout=10000")
        db.execute("PRAGMA foreign_keys=ON")
        g.mw_db = db
    return g.mw_db


def _close(_exc: BaseException | None) -> None:
    db = g.pop("mw_db", None)
    if db is not None:
        db.close()


def _current_as_of():
    """Per manual: its last finished run (when the manual was last checked, and how)."""
    return last_runs(get_db())
