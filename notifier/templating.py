"""The Jinja2 environment for the notifier's templates: HTML autoescaped, text left plain."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

from notifier.london import long_date, long_time

TEMPLATES = Path(__file__).parent / "templates"


def safe_href(url: str | None) -> str | None:
    """The URL if it is an http(s) or mailto link, else None: web text never becomes a script."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https", "mailto") else None


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One shared environment; templates ending in .html are autoescaped, .txt are not.

    Compiled templates are kept in Jinja's per-user cache folder (checked against each
    template's source), so a run does not compile the appendix and digest templates anew.
    """
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=FileSystemBytecodeCache(),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(safe_href=safe_href, long_date=long_date, long_time=long_time)
    return env


def render(name: str, **context: object) -> str:
    """Render the template `name` from notifier/templates with `context`."""
    return environment().get_template(name).render(**context)
