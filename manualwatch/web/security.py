"""What every request and response goes through: the cookie-signing key, bounded request
bodies and path numbers, the CSRF check and the security headers (a Content-Security-Policy
with no inline script or style).

CSRF: a random token kept in the signed session cookie, sent back as the form field
``csrf_token`` on every POST and compared in constant time; a POST without it is refused
with 400 before any view runs. The one exception is the one-click unsubscribe POST of
RFC 8058 (sent by a mail client, with no session): its unguessable token is in the URL.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, abort, request, session
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from manualwatch.config import Config
from manualwatch.web.secret_key import secret_key

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
       " base-uri 'none'; frame-ancestors 'none'")
FIELD = "csrf_token"
ONE_CLICK = "List-Unsubscribe=One-Click"
MAX_BODY = 64 * 1024  # bytes: every form of the app fits many times over
MAX_ID = 2**63 - 1  # SQLite's largest integer


class BoundedInt(IntegerConverter):
    """`<int:...>` that matches only what SQLite can hold (larger numbers: 404)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask, config: Config, db_path: Path) -> None:
    app.url_map.converters["int"] = BoundedInt
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.web_base_url.startswith("https://"),
        SESSION_COOKIE_NAME="mw_session", MAX_CONTENT_LENGTH=MAX_BODY,
        PERMANENT_SESSION_LIFETIME=timedelta(days=config.web_session_max_days))
    app.secret_key = secret_key(config, db_path)
    app.before_request(_check_csrf)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token


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
