"""Fetching one document: conditional GET, size limit, body checked against its type, text
extracted in a bounded worker. Never raises for one document."""

from __future__ import annotations

import hashlib

from crawler.documents.discover import type_of_content
from crawler.documents.extract import ExtractLimits, extract_bounded
from crawler.documents.models import DocumentLink, DocumentSettings, FetchedDocument
from crawler.errors import FetchError
from crawler.fetcher import Fetcher
from crawler.models import Validators

MAGIC = {"pdf": (b"%PDF",), "docx": (b"PK",), "odt": (b"PK",), "xlsx": (b"PK",),
         "doc": (b"\xd0\xcf\x11\xe0",), "rtf": (b"{\\rtf",)}
HTML_TYPES = ("text/html", "application/xhtml+xml")
_NAMES = {"pdf": "a PDF", "docx": "a Word file", "doc": "a Word file", "odt": "an ODT file",
          "xlsx": "a spreadsheet", "rtf": "an RTF file"}


def body_problem(body: bytes, kind: str, content_type: str) -> str | None:
    """Why a 200 body is not the document it should be (an HTML error page, say), or None."""
    served = content_type.split(";")[0].strip().lower()
    head = body[:1024].lstrip()
    looks_html = head[:15].lower().startswith((b"<!doctype", b"<html", b"<head", b"<body"))
    if served in HTML_TYPES or looks_html:
        return f"not {_NAMES[kind]}: the server sent an HTML page ({served or 'no type'})"
    if kind == "pdf" and b"%PDF" in body[:1024]:
        return None
    if not body.startswith(MAGIC[kind]):
        named = type_of_content(served)
        what = f" (served as {served})" if served and named == kind else ""
        return f"not {_NAMES[kind]}: the body does not start like one{what}"
    return None


def fetch_document(fetcher: Fetcher, link: DocumentLink, settings: DocumentSettings,
                   validators: Validators | None = None,
                   known_sha256: str | None = None) -> FetchedDocument:
    """One document: 304 -> nothing read; 200 -> bytes hashed, and unless they hash as
    `known_sha256` (the bytes last read) checked against the type and their text extracted."""
    try:
        response = fetcher.get(link.url, validators, max_bytes=settings.max_bytes)
    except FetchError as exc:
        if exc.too_large:
            return FetchedDocument(link.url, status=exc.status or 0, etag=exc.etag,
                                   last_modified=exc.last_modified,
                                   skipped=f"larger than max_bytes ({settings.max_bytes})")
        return FetchedDocument(link.url, status=exc.status or 0, error=exc.reason)
    etag = response.headers.get("ETag") or (validators.etag if validators else None)
    modified = response.headers.get("Last-Modified") or (
        validators.last_modified if validators else None)
    kind = link.type
    if response.status == 304:
        return FetchedDocument(link.url, status=304, etag=etag, last_modified=modified, type=kind)
    if kind is None:  # found by its folder: a document only if its Content-Type names one
        kind = type_of_content(response.content_type)
        if kind is None or kind not in settings.types:
            return FetchedDocument(link.url, status=response.status, not_document=True)
    body = response.body
    raw = {"etag": etag, "last_modified": modified, "nbytes": len(body),
           "raw_sha256": hashlib.sha256(body).hexdigest(), "type": kind}
    if raw["raw_sha256"] == known_sha256:
        return FetchedDocument(link.url, status=response.status, **raw)
    problem = body_problem(body, kind, response.content_type)
    if problem:
        return FetchedDocument(link.url, status=response.status, error=problem, **raw)
    result = extract_bounded(body, kind, ExtractLimits.of(settings))
    return FetchedDocument(link.url, status=response.status, text=result.text,
                           no_text=result.no_text, error=result.error, **raw)
