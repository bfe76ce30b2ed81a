"""Where to go after signing in: only a path on this site, never another host."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def _plain_path(target: str) -> bool:
    """'/' then neither '/' nor '\\', and no control character (C0, DEL, C1)."""
    return (target.startswith("/") and target[1:2] not in ("/", "\\")
            and not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in target))


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` when it is a same-origin path (see `_plain_path`, also once percent-decoded,
    and with no scheme or host when parsed by urllib.parse), else `default`."""
    if not target or len(target) > 2000:
        return default
    if not _plain_path(target) or not _plain_path(unquote(target)):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    return target
