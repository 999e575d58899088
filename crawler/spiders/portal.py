"""One generic spider for every configured portal: listings, pagination, feeds, sitemaps, articles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from archive.config import Source
from archive.dedup.urls import Rules
from crawler.items import Capture, Fetch
from crawler.middlewares import LEADS, OFFERED, retry_after
from crawler.pagework import DEFAULT_DENY, FEED_TYPES, Following, Page
from crawler.pipelines.workers import PagePool
from crawler.seen import SeenUrls

__all__ = ["DEFAULT_DENY", "FEED_TYPES", "PortalSpider"]

class Scheduled:
    """URLs of the plain GET requests this crawl has handed to its scheduler: its dupefilter has their fingerprints,
    so another request for one of them would only be dropped as a duplicate, and the spider does not build it.

    (Scrapy sends `request_scheduled` just before the dupefilter sees the request; no handler here ignores one.)"""

    def __init__(self) -> None:
        self.urls = SeenUrls()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "Scheduled":
        """Listen to the crawler's request_scheduled signal."""
        scheduled = cls()
        crawler.signals.connect(scheduled.add, signals.request_scheduled)
        return scheduled

    def add(self, request: Request, spider: Any = None) -> None:
        """Remember a request the dupefilter is about to record (not one it is told to let through)."""
        if not request.dont_filter and request.method == "GET" and not request.body:
            self.urls.add(request.url)


class PortalSpider(scrapy.Spider):
    """Crawl the portals given in the QPDP_SOURCES setting; yields Fetch and Capture items."""

    name = "portal"

    def __init__(self, sources: list[Source], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources = {s.id: s for s in sources}
        self.rules = {s.id: Rules.for_source(s) for s in sources}
        self.following = Following(sources)  # the same rule as for the links of pages (crawler/pagework.py)
        self.pages: PagePool | None = None  # page analysis (links, kind, verdict): set by from_crawler
        self.scheduled = Scheduled()  # filled once from_crawler connects it

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> "PortalSpider":
        """Build the spider from the sources in the crawler's settings."""
        sources = [Source.model_validate(s) for s in crawler.settings.getlist("QPDP_SOURCES")]
        spider = super().from_crawler(crawler, *args, sources=sources, **kwargs)
        spider.pages = PagePool.from_crawler(crawler)
        spider.scheduled = Scheduled.from_crawler(crawler)
        return spider

    def _request(self, url: str, source: Source, kind: str, **kwargs: Any) -> Request:
        callback = {"feed": self.parse_feed, "sitemap": self.parse_sitemap, "robots": self.parse_robots}.get(kind, self.parse_page)
        return Request(url, callback=callback, errback=self.failed, meta={"source": source.id, "kind": kind}, **kwargs)

    def request_for(self, url: str, source_id: str, kind: str) -> Request:
        """A request for a URL the crawl schedule says is due (a retry, a known sitemap, a --refresh revisit)."""
        return self._request(url, self.sources[source_id], kind, priority=-5)

    async def start(self) -> AsyncIterator[Request]:
        """Start URLs, configured feeds and sitemaps, and each host's robots.txt for announced sitemaps."""
        for source in self.sources.values():
            for url in source.start_urls:
                yield self._request(url, source, "start", priority=10)
            for url in source.feeds:
                yield self._request(url, source, "feed", priority=20)
            for url in source.sitemaps:
                yield self._request(url, source, "sitemap", priority=20)
            for root in sorted({f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in source.start_urls}):
                yield self._request(root + "/robots.txt", source, "robots", priority=20)

    def _source(self, response: Response | Request) -> Source:
        return self.sources[response.meta["source"]]

    def _follow(self, url: str, source: Source, via: str = "link") -> Request | None:
        """A request for a same-portal URL, kind guessed from its shape; None when denied or offsite."""
        if followed := self.following(url, source.id, via):
            return self._request(url, source, followed[1], priority=followed[2])
        return None

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """An HTML page: captured with the extractor's verdict, which decides; its in-portal links are always followed,
        and the canonical page it names (when it is a print, AMP, mobile or session view) is asked for first.

        The page is parsed once, off the reactor when there are extraction workers (crawler/pagework.py)."""
        source = self._source(response)
        if not isinstance(response, TextResponse):
            yield self._fetch(response, "not_html", f"content type {response.headers.get('Content-Type', b'').decode()}")
            return
        assert self.pages is not None, "the spider is built by from_crawler"
        analysis = await self.pages.analyse(Page.of(response))
        if analysis.hint is None:
            yield self._fetch(response, "not_html", analysis.error)
            return
        yield Capture(response.url, source.id, response.status, _header(response, "Content-Type"), response.body,
                      kind=response.meta["kind"], hint=analysis.hint,
                      redirect_urls=list(response.meta.get("redirect_urls", [])), judged=analysis, **_exchange(response))
        known = response.meta[OFFERED] = []  # leads not built into requests: still offered, for the pagination stop
        for url, kind, priority in analysis.links:
            if url not in self.scheduled.urls:
                yield self._request(url, source, kind, priority=priority)
            elif kind in LEADS:
                known.append(url)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """RSS or Atom: every item link is a candidate article."""
        source = self._source(response)
        selector = scrapy.Selector(text=response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace"), type="xml")
        selector.remove_namespaces()
        links = selector.xpath("//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href").getall()
        yield self._fetch(response, "feed", f"{len(links)} items")
        for link in links:
            if request := self._follow(urljoin(response.url, link.strip()), source, via="article"):
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """A sitemap or sitemap index (entities never expanded)."""
        source = self._source(response)
        try:
            sitemap = Sitemap(response.body)
            entries = [entry["loc"] for entry in sitemap if entry.get("loc")]
        except Exception as exc:  # malformed XML of any kind is an outcome, not a crash
            yield self._fetch(response, "error", f"bad sitemap: {exc}"[:300])
            return
        yield self._fetch(response, "sitemap", f"{len(entries)} entries ({sitemap.type})")
        for loc in entries:
            if sitemap.type == "sitemapindex":
                yield self._request(loc, source, "sitemap", priority=20)
            elif request := self._follow(loc, source, via="article"):
                yield request

    def parse_robots(self, response: Response) -> Iterator[Any]:
        """robots.txt: follow the sitemaps it announces."""
        source = self._source(response)
        sitemaps = list(sitemap_urls_from_robots(response.body, base_url=response.url))
        yield self._fetch(response, "robots", f"{len(sitemaps)} sitemaps")
        for url in sitemaps:
            if source.allows(url):
                yield self._request(url, source, "sitemap", priority=20)

    def failed(self, failure: Failure) -> Iterator[Fetch]:
        """Every failed request becomes one fetch-log record; nothing stops the crawl."""
        request = failure.request
        source_id, kind = request.meta.get("source", ""), request.meta.get("kind", "")
        if failure.check(IgnoreRequest) and request.meta.get("redirect_urls"):  # log the URL that was linked
            request = request.replace(url=request.meta["redirect_urls"][0])
        if failure.check(HttpError):
            response = failure.value.response
            if response.status == 304:
                yield Fetch(request.url, source_id, kind, "not_modified", 304, "HTTP 304 not modified", 0)
                return
            wait = retry_after(response)
            detail = f"HTTP {response.status}" + (f" (Retry-After {wait:.0f}s)" if wait is not None else "")
            fetch = Fetch(request.url, source_id, kind, "http_error", response.status, detail, len(response.body), retry_after=wait)
            if kind == "article":  # a deleted or failing article page is evidence too: keep its response
                fetch.capture = Capture(response.url, source_id, response.status, _header(response, "Content-Type"),
                                        response.body, **_exchange(response))
            yield fetch
        elif failure.check(IgnoreRequest):
            yield Fetch(request.url, source_id, kind, "skipped", None, str(failure.value)[:300] or "ignored")
        else:
            yield Fetch(request.url, source_id, kind, "error", None, f"{failure.type.__name__}: {failure.value}"[:300])

    def _fetch(self, response: Response, outcome: str, detail: str | None = None) -> Fetch:
        return Fetch(response.url, response.meta["source"], response.meta["kind"], outcome, response.status, detail,
                     len(response.body), _header(response, "ETag"), _header(response, "Last-Modified"))


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _exchange(response: Response) -> dict[str, Any]:
    """Headers, method, protocol and arrival time of a response, for its WARC record."""
    def pairs(headers: Any) -> list[tuple[str, str]]:
        return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]

    return {"headers": pairs(response.headers), "request_headers": pairs(response.request.headers),
            "method": response.request.method, "protocol": response.protocol,
            "captured_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}
