"""Who is signed in: a reviewer with a password (session), or the name a trusted reverse
proxy puts in `[web] trusted_user_header`. Reading needs no sign-in; signing off does."""

from __future__ import annotations

import functools

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from manualwatch.web.database import get_db
from manualwatch.web.passwords import hash_password, needs_rehash, verify_password
from store.reviews import password_hash_of, set_password_hash

blueprint = Blueprint("auth", __name__)


@functools.cache
def _dummy_hash() -> str:
    """A hash to check against when the name is unknown, so timing does not tell names apart
    (made on first use, not at import)."""
    return hash_password("not a password")


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
    app.jinja_env.globals["current_reviewer"] = current_reviewer


def current_reviewer() -> str | None:
    header = current_app.config["MW_CONFIG"].web_trusted_user_header
    if header:
        return request.headers.get(header, "").strip() or None
    return session.get("reviewer")


def require_reviewer() -> str:
    """The signed-in reviewer, or 401 for anyone else."""
    reviewer = current_reviewer()
    if reviewer is None:
        abort(401, description="Sign in as a reviewer to record a decision.")
    return reviewer


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("dashboard.dashboard")


@blueprint.get("/login")
def login_form() -> str:
    return render_template("login.html", next=request.args.get("next", ""), error=None)


@blueprint.post("/login")
def login() -> Response | tuple[str, int]:
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    stored = password_hash_of(get_db(), name)
    if not verify_password(stored or _dummy_hash(), password) or stored is None:
        return render_template("login.html", next=request.form.get("next", ""),
                               error="Unknown name or wrong password."), 401
    if needs_rehash(stored):
        set_password_hash(get_db(), name, hash_password(password))
    session.clear()  # a new session (and CSRF token) on sign-in
    session["reviewer"] = name
    return redirect(_safe_next(request.form.get("next")))


@blueprint.post("/logout")
def logout() -> Response:
    session.clear()
    return redirect(url_for("dashboard.dashboard"))
