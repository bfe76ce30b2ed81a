"""The crawler: HTTP and HTML in, chapter records out. Knows nothing of storage.

    from crawler import Fetcher, CrawlSettings, fetch_contents, fetch_chapters

    with Fetcher(CrawlSettings(user_agent="manualwatch/1.0 (+mailto:ops@example.org)")) as f:
        contents = fetch_contents(f, "https://norfolkcs.trixonline.co.uk/contents/contents")
        for page in fetch_chapters(f, contents.refs, validators={}):
            ...
"""

from crawler.contents import parse_contents
from crawler.crawl import distinct_refs, fetch_chapters, fetch_contents, fetch_page
from crawler.errors import ContentsError, CrawlError, FetchError
from crawler.extract import ExtractedChapter, extract_chapter
from crawler.fetcher import Fetcher, Response
from crawler.models import ChapterRef, Contents, CrawlSettings, FetchedPage, Validators
from crawler.robots import Robots, robots_for

__all__ = [
    "ChapterRef", "Contents", "ContentsError", "CrawlError", "CrawlSettings",
    "ExtractedChapter", "FetchError", "FetchedPage", "Fetcher", "Response", "Robots",
    "Validators", "distinct_refs", "extract_chapter", "fetch_chapters", "fetch_contents",
    "fetch_page", "parse_contents", "robots_for",
]
