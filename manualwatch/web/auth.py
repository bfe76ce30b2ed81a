"""Who is signed in: a reviewer with a server-side session (sign-in with a password), or the
name a reverse proxy listed in `[web] trusted_proxies` puts in `[web] trusted_user_header`.
Every request checks again that the name is (still) a reviewer. Reading the manual needs no
sign-in; personal data and signing off do."""

from __future__ import annotations

import functools
from datetime import timedelta

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from manualwatch.web import throttle
from manualwatch.web.database import get_db
from manualwatch.web.passwords import (
    Busy,
    hash_password,
    hashing_slot,
    needs_rehash,
    verify_password,
)
from manualwatch.web.proxies import client_address, from_trusted_proxy
from manualwatch.web.redirects import safe_next
from store.reviewers import find_reviewer, password_hash_of, set_password_hash
from store.web_sessions import end_expired, end_session, session_reviewer, start_session

blueprint = Blueprint("auth", __name__)
SID = "sid"


@functools.cache
def _dummy_hash() -> str:
    """A hash to check against when the name is unknown, so timing does not tell names apart
    (made on first use, not at import)."""
    return hash_password("not a password")


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
    app.before_request(_load_reviewer)
    app.jinja_env.globals["current_reviewer"] = current_reviewer


def _limits() -> dict[str, timedelta]:
    config = current_app.config["MW_CONFIG"]
    return {"idle": timedelta(hours=config.web_session_idle_hours),
            "absolute": timedelta(days=config.web_session_max_days)}


def _now():
    return current_app.config["MW_CLOCK"]()


def _load_reviewer() -> None:
    """Find this request's reviewer once: from a trusted proxy's header (403 for a name that
    is no reviewer), else from a live server-side session."""
    g.mw_reviewer = None
    header = current_app.config["MW_CONFIG"].web_trusted_user_header
    if header and header in request.headers and from_trusted_proxy():
        name = find_reviewer(get_db(), request.headers[header])
        if name is None:
            abort(403, description="The name your sign-in proxy sent is not a reviewer here.")
        g.mw_reviewer = name
        return
    sid = session.get(SID)
    if isinstance(sid, str):
        g.mw_reviewer = session_reviewer(get_db(), sid, _now(), **_limits())
        if g.mw_reviewer is None:
            session.pop(SID, None)


def current_reviewer() -> str | None:
    return g.get("mw_reviewer")


def require_reviewer() -> str:
    """The signed-in reviewer, or 401 for anyone else."""
    reviewer = current_reviewer()
    if reviewer is None:
        abort(401, description="Sign in as a reviewer to record a decision.")
    return reviewer


@blueprint.get("/login")
def login_form() -> str:
    return render_template("login.html", next=safe_next(request.args.get("next"), ""),
                           error=None)


def _refuse(message: str, status: int, retry: int = 0) -> tuple[str, int, dict[str, str]]:
    page = render_template("login.html", next=safe_next(request.form.get("next"), ""),
                           error=message)
    return page, status, ({"Retry-After": str(retry)} if retry else {})


def _check_password(name: str, password: str) -> str | None:
    """The stored name of the reviewer whose password this is, or None (always one hash)."""
    db = get_db()
    stored_name = find_reviewer(db, name)
    stored = password_hash_of(db, stored_name) if stored_name else None
    with hashing_slot():
        right = verify_password(stored or _dummy_hash(), password)
    if not right or stored is None or stored_name is None:
        return None
    if needs_rehash(stored):
        set_password_hash(db, stored_name, hash_password(password))
    return stored_name


@blueprint.post("/login")
def login() -> Response | tuple[str, int, dict[str, str]]:
    db, now, address = get_db(), _now(), client_address()
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    wait = throttle.retry_after(db, name, address, now)
    if wait:
        return _refuse(f"Too many failed sign-ins: try again in {wait} seconds.", 429, wait)
    try:
        reviewer = _check_password(name, password)
    except Busy:
        return _refuse("Too many sign-ins at once: try again in a moment.", 503, 5)
    if reviewer is None:
        throttle.failed(db, name, address, now)
        return _refuse("Unknown name or wrong password.", 401)
    throttle.succeeded(db, name)
    end_expired(db, now, **_limits())
    session.clear()  # a new session (and CSRF token) on sign-in
    session[SID] = start_session(db, reviewer, now)
    session.permanent = True
    return redirect(safe_next(request.form.get("next"), url_for("dashboard.dashboard")))


@blueprint.post("/logout")
def logout() -> Response:
    sid = session.get(SID)
    if isinstance(sid, str):
        end_session(get_db(), sid)
    session.clear()
    return redirect(url_for("dashboard.dashboard"))
