"""Incremental crawling: skip settled pages, conditional requests, pagination stop, scheduled retries, Retry-After.

All state comes from the archive (archive/schedule.py) at the start of a run; the spider stays stateless.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from archive.config import Source
from archive.dedup.urls import NO_RULES, Rules, canonicalize
from archive.store import schedule
from archive.store.db import Archive
from crawler.items import Fetch
from crawler.seen import SeenUrls

# Request kinds that may lead to new articles: never skipped, fetched conditionally.
HUBS = ("start", "listing", "feed", "sitemap", "robots")
# Request kinds that may be (or lead to) an unseen article.
LEADS = ("article", "link")
# Response meta key: lead URLs a page offered that the spider did not build into requests (already scheduled).
OFFERED = "qpdp_offered"


def retry_after(response: Response) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or HTTP date), None when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class LinksOffered:
    """Article links some page of this run already led to (one process; a distributed run shares them in Redis)."""

    def __init__(self) -> None:
        self.urls = SeenUrls()

    def first_offers(self, urls: list[str], page: str) -> set[str]:
        """Remember the *urls* *page* offers; return those no page had offered before (a process sees each page
        once; the distributed set also lets a page handed out again count as the first to offer its links)."""
        new = {url for url in urls if url not in self.urls}
        self.urls.update(urls)
        return new


class Incremental:
    """The incremental-crawl decisions over one run's plan, shared by a single-machine crawl's spider middleware
    and by a distributed run (its seeding process and every worker's middleware)."""

    def __init__(self, plan: schedule.CrawlPlan, offered: LinksOffered, count: Callable[[str, int], None],
                 rules: dict[str, Rules] | None = None) -> None:
        self.plan, self.offered, self._count = plan, offered, count
        self.rules = rules or {}  # each source's canonicalisation rules: a known story is known under any variant

    @classmethod
    def rules_of(cls, sources: Iterable[dict[str, Any]]) -> dict[str, Rules]:
        """Canonicalisation rules by source id, from the QPDP_SOURCES setting."""
        return {s["id"]: Rules.for_source(Source.model_validate(s)) for s in sources}

    def key(self, url: str, source_id: str) -> str:
        """The canonical form of *url* under its source's rules."""
        return canonicalize(url, self.rules.get(source_id, NO_RULES))

    def _inc(self, key: str, count: int = 1) -> None:
        self._count(f"qpdp/{key}", count)

    def scheduled(self, spider: Any) -> Iterator[Request]:
        """Requests for the pages the schedule says are due again (retries, known sitemaps, refreshed articles)."""
        for url, source_id, kind in self.plan.due:
            self._inc("scheduled_requests")
            yield self.conditional(spider.request_for(url, source_id, kind if kind in (*HUBS, *LEADS) else "link"))

    def admit(self, request: Request) -> Request | None:
        """None (drop) for a settled or not-yet-due page; hub pages get conditional-request headers."""
        url, kind = request.url, request.meta.get("kind")
        known = url in self.plan.skip or self.key(url, request.meta.get("source", "")) in self.plan.skip
        if (kind not in HUBS and known) or (kind == "robots" and url in self.plan.recent_robots):
            self._inc("known_skipped")
            return None
        return self.conditional(request)

    def conditional(self, request: Request) -> Request:
        """Add the page's stored ETag / Last-Modified (never to start pages: they are the root of discovery)."""
        validators = self.plan.validators.get(request.url) if request.meta.get("kind") != "start" else None
        if validators:
            etag, modified = validators
            if etag:
                request.headers.setdefault("If-None-Match", etag)
            if modified:
                request.headers.setdefault("If-Modified-Since", modified)
            self._inc("conditional_requests")
        return request

    def stop(self, response: Response | None, offered: list[Any], kept: list[Any]) -> list[Any]:
        """Drop a page's onward listing links when it offers no article link that is unseen (incremental runs).

        Unseen: not in the archive (or first seen after the source's last finished run) and not already offered by
        another page of this run, so a menu or sidebar link repeated on every page cannot keep pagination going.
        """
        requests = [o for o in kept if isinstance(o, Request)]
        leads = [o.url for o in offered if isinstance(o, Request) and o.meta.get("kind") in LEADS]  # before skipping
        leads += response.meta.get(OFFERED, []) if response is not None else []
        if response is None or response.meta.get("kind") == "start":
            self.offered.first_offers(leads, response.url if response is not None else "")
            return kept
        source_id = response.meta.get("source", "")
        first = self.offered.first_offers(leads, response.url)
        unseen = [url for url in leads if url in first and self.plan.fresh(url, source_id)
                  and self.plan.fresh(self.key(url, source_id), source_id)]
        if unseen or not self.plan.stops(source_id):
            return kept
        onward = [r for r in requests if r.meta.get("kind") in ("listing", "link")]
        if onward:
            self._inc("pagination_stopped")
            self._inc("pagination_dropped", len(onward))
        return [o for o in kept if not (isinstance(o, Request) and o.meta.get("kind") in ("listing", "link"))]


class KnownPagesMiddleware(BaseSpiderMiddleware):
    """Skip settled pages, add ETag/Last-Modified validators, stop stale pagination, inject due retries."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.incremental = Incremental(self.load_plan(crawler), self.links_offered(crawler), self._count,
                                       Incremental.rules_of(crawler.settings.getlist("QPDP_SOURCES")))

    def load_plan(self, crawler: Crawler) -> schedule.CrawlPlan:
        """The run's plan, read from the archive (a distributed worker reads the one its writer published)."""
        settings = crawler.settings
        sources = [s["id"] for s in settings.getlist("QPDP_SOURCES")]
        db = settings.get("QPDP_DB")
        if not (db and Path(db).exists() and sources):
            return schedule.CrawlPlan()
        archive = Archive(db)
        try:
            refresh_days = settings.getfloat("QPDP_REFRESH_DAYS") if settings.getbool("QPDP_REFRESH") else 0
            return schedule.plan(archive.conn, sources, settings.getbool("QPDP_BACKFILL"), refresh_days)
        finally:
            archive.close()

    def links_offered(self, crawler: Crawler) -> LinksOffered:
        """Where the run remembers the article links its pages offered."""
        return LinksOffered()

    def _count(self, key: str, count: int) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(key, count)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's start requests, then the pages the schedule says are due again."""
        async for item in super().process_start(start):
            yield item
        for request in self.incremental.scheduled(self.crawler.spider):
            yield request

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """None (drop) for a settled or not-yet-due page; hub pages get conditional-request headers."""
        return self.incremental.admit(request)

    def process_spider_output(self, response: Response | None, result: Iterable[Any]) -> Iterable[Any]:
        """Filter each request, then apply the pagination stop to the whole page's output; log redirects."""
        offered = list(result)
        kept = [o for o in (self._get_processed(o, response) for o in offered) if o is not None]
        yield from self.incremental.stop(response, offered, kept)
        if response is not None and response.meta.get("redirect_urls"):
            reasons = response.meta.get("redirect_reasons", [])
            for i, url in enumerate(response.meta["redirect_urls"]):
                status = reasons[i] if i < len(reasons) and isinstance(reasons[i], int) else None
                yield Fetch(url, response.meta.get("source", ""), response.meta.get("kind", ""), "redirected", status,
                            f"redirected to {response.url}")

    async def process_spider_output_async(self, response: Response | None, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """Async twin of process_spider_output."""
        kept = [o async for o in result]
        for item in self.process_spider_output(response, kept):
            yield item


class RetryAfterMiddleware:
    """Honour Retry-After on 429/503 within the run when the wait is short; longer waits go to the schedule."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("QPDP_RETRY_AFTER_MAX")
        self.max_times = crawler.settings.getint("RETRY_TIMES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RetryAfterMiddleware":
        """Read QPDP_RETRY_AFTER_MAX and RETRY_TIMES."""
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        """Wait out a short Retry-After and retry; otherwise pass the response on."""
        wait = retry_after(response) if response.status in (429, 503) else None
        tries = request.meta.get("qpdp_retry_after", 0)
        if wait is None or wait > self.max_wait or tries >= self.max_times:
            return response
        if self.crawler.stats:
            self.crawler.stats.inc_value("qpdp/retry_after_waits")
        from twisted.internet import reactor

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        retry = request.replace(dont_filter=True)
        retry.meta["qpdp_retry_after"] = tries + 1
        return retry


class LoopRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, never silently dropped: a loop fails at once, a hop to a URL seen this run is still made."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        """Follow the redirect unless it loops (IgnoreRequest 'redirect loop: a -> b -> a')."""
        result = super().process_response(request, response)
        if isinstance(result, Request) and result is not request:
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if result.url in chain:
                raise IgnoreRequest("redirect loop: " + " -> ".join([*chain, result.url]))
            result.dont_filter = True  # the dupefilter would drop it unlogged when the target was linked too
        return result
