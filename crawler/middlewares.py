"""Spider middleware that drops requests for pages the archive has already settled."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from archive.store import Archive
from archive.urls import canonicalize


class KnownPagesMiddleware(BaseSpiderMiddleware):
    """Skip article pages already archived, off-topic or duplicate (listings, feeds and sitemaps always pass)."""

    ALWAYS = ("start", "listing", "feed", "sitemap", "robots")

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        db = crawler.settings.get("QPDP_DB")
        self.known: set[str] = set()
        if db and Path(db).exists() and not crawler.settings.getbool("QPDP_REFRESH"):
            archive = Archive(db)
            try:
                self.known = archive.known_urls()
            finally:
                archive.close()

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """None (drop) for a known page, else the request unchanged."""
        if request.meta.get("kind") not in self.ALWAYS and (request.url in self.known or canonicalize(request.url) in self.known):
            if self.crawler.stats:
                self.crawler.stats.inc_value("qpdp/known_skipped")
            return None
        return request
