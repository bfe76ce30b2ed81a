"""Search: one query box (a GET form) over the current and past text of every chapter, and
the latest text of every linked document."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from manualwatch.web.database import get_db
from store.document_reviews import search_documents
from store.search import RANKED, SearchError, search

blueprint = Blueprint("search", __name__)
MAX_QUERY = 200
LIMIT = 50  # chapters shown


@blueprint.get("/search")
def search_page() -> str:
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    hits, error, documents = [], None, []
    if query:
        try:
            hits = search(get_db(), query, manual=request.args.get("manual") or None,
                          limit=LIMIT, ranked=RANKED)
        except SearchError:
            error = "Type a word or a phrase to search for."
        documents = search_documents(get_db(), query.replace('"', " "),
                                     manual=request.args.get("manual") or None)
    return render_template("search.html", query=query, hits=hits, error=error,
                           limit=LIMIT, ranked=RANKED, documents=documents)
