"""Decoding HTML bytes: byte-order mark, then the HTTP header, then <meta>, then detection.

A declared label is believed only when the bytes fit it, so a mislabelled page still reads
right (and does not turn into a false change of its chapter)."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# Browsers read these labels as windows-1252 (WHATWG Encoding); so do we.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}


def _usable(label: str | None) -> str | None:
    """The Python codec name for an encoding label, or None if Python has no such codec."""
    if not label:
        return None
    label = _ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The charset named by a Content-Type header value, if Python knows it."""
    match = _HEADER_CHARSET.search(content_type or "")
    return _usable(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 KB."""
    match = _META_CHARSET.search(body[:4096])
    return _usable(match.group(1).decode("ascii", "replace")) if match else None


def detect_charset(body: bytes) -> str:
    """A guess for undeclared bytes: UTF-8 if it decodes strictly, else a detector's pick."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    return _usable(best.encoding if best else None) or "cp1252"


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _fits(body: bytes, name: str, utf8: bool) -> bool:
    """Whether a declared encoding plausibly is the bytes' real one.

    Valid multi-byte UTF-8 under a single-byte label is a mislabelled page (the reverse of
    real Latin-1 text, which is almost never valid UTF-8), so the label is not believed.
    """
    if codecs.lookup(name).name == "utf-8":
        return utf8
    if utf8 and not body.isascii():
        return False
    try:
        body.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def choose_charset(body: bytes, content_type: str | None = None) -> str:
    """The encoding to read `body` with: BOM, then the header's or the <meta>'s label when the
    bytes fit it, then detection."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    utf8 = _is_utf8(body)
    for declared in (header_charset(content_type), meta_charset(body)):
        if declared and _fits(body, declared, utf8):
            return declared
    return detect_charset(body)


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Bytes of an HTML page as text; undecodable bytes become U+FFFD, never an error."""
    return body.decode(choose_charset(body, content_type), errors="replace")
