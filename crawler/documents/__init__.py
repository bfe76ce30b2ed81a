"""Linked documents (forms, templates, leaflets): found in chapters' links, fetched politely,
their text extracted in a bounded worker into the same block text as chapters.

    from crawler.documents import DocumentSettings, document_links, fetch_document
"""

from crawler.documents.discover import document_links, document_type
from crawler.documents.extract import Extraction, ExtractLimits, extract_bounded, extract_text
from crawler.documents.fetch import fetch_document
from crawler.documents.models import (
    DOCUMENT_TYPES,
    DocumentLink,
    DocumentSettings,
    FetchedDocument,
    LinkingChapter,
)

__all__ = [
    "DOCUMENT_TYPES", "DocumentLink", "DocumentSettings", "ExtractLimits", "Extraction",
    "FetchedDocument", "LinkingChapter", "document_links", "document_type", "extract_bounded",
    "extract_text", "fetch_document",
]
