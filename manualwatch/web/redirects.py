"""Where to go after signing in: only a path on this site, never another host."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` when it is a same-origin path ('/' then neither '/' nor '\\', no control
    characters, no scheme or host when parsed), else `default`."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return default
    if target[1:2] in ("/", "\\") or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F
                                          for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    return target
