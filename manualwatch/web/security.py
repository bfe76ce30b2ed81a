"""What every response and every POST goes through: the session secret, the CSRF check and
the security headers (a Content-Security-Policy with no inline script or style).

CSRF: a random token kept in the signed session cookie, sent back as the form field
``csrf_token`` on every POST and compared in constant time; a POST without it is refused
with 400 before any view runs. The one exception is the one-click unsubscribe POST of
RFC 8058 (sent by a mail client, with no session): its unguessable token is in the URL.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, abort, request, session
from werkzeug.wrappers import Response

from manualwatch.web.database import get_db

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
       " base-uri 'none'; frame-ancestors 'none'")
FIELD = "csrf_token"
ONE_CLICK = "List-Unsubscribe=One-Click"


def init_app(app: Flask, *, secure: bool) -> None:
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=secure, SESSION_COOKIE_NAME="mw_session")
    with app.app_context():
        app.secret_key = _secret()
    app.before_request(_check_csrf)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token


def _secret() -> str:
    """The session signing key, made once per database and kept in it."""
    db = get_db()
    row = db.execute("SELECT secret FROM web_secret WHERE id = 1").fetchone()
    if row is None:
        with db.conn:
            db.execute("INSERT OR IGNORE INTO web_secret (id, secret) VALUES (1, ?)",
                       [secrets.token_urlsafe(48)])
        row = db.execute("SELECT secret FROM web_secret WHERE id = 1").fetchone()
    return str(row[0])


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return str(session[FIELD])


def one_click_unsubscribe() -> bool:
    """An RFC 8058 one-click POST to an unsubscribe address."""
    return (request.path.startswith("/unsubscribe/")
            and request.form.get("List-Unsubscribe") == "One-Click")


def _check_csrf() -> None:
    if request.method != "POST" or one_click_unsubscribe():
        return
    sent = request.form.get(FIELD, "")
    expected = session.get(FIELD, "")
    if not sent or not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, description="The form's security token is missing or out of date: "
                               "reload the page and try again.")


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    return response
