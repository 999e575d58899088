"""The crawl plan of a distributed run: workers and the seeding crawl apply the plan the archive writer published
in Redis through the same incremental logic as a single-machine crawl (crawler/middlewares.py)."""

from __future__ import annotations

import asyncio
from collections import Counter

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter

from archive.store.schedule import CrawlPlan
from crawler.distributed.cluster import Cluster
from crawler.distributed.frontier import LeasedQueue, Worker
from crawler.middlewares import Incremental, KnownPagesMiddleware, LinksOffered
from crawler.spiders.portal import PortalSpider


class ClusterLinksOffered(LinksOffered):
    """The run's offered article links, shared by every worker through Redis."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def first_offers(self, urls: list[str], page: str) -> set[str]:
        """Remember *urls* cluster-wide; return those no other page of the run had offered before."""
        return self.cluster.first_offers(urls, page)


def published_plan(cluster: Cluster) -> CrawlPlan:
    """The crawl plan the archive writer published for the current run."""
    data = cluster.plan()
    if data is None:
        raise RuntimeError(f"no crawl plan in Redis ({cluster.key('plan')}): the archive writer has not accepted the run")
    return CrawlPlan.loads(data)


class RedisKnownPagesMiddleware(KnownPagesMiddleware):
    """KnownPagesMiddleware over the plan the archive writer published: same skips, validators and pagination stop.

    Due retries are not injected here: the process that seeds the run queued them once for the whole cluster.
    """

    def load_plan(self, crawler: Crawler) -> CrawlPlan:
        """The published plan, without its due list."""
        plan = published_plan(Worker.of(crawler).cluster)
        plan.due = []
        return plan

    def links_offered(self, crawler: Crawler) -> LinksOffered:
        """The run's links, shared in Redis."""
        return ClusterLinksOffered(Worker.of(crawler).cluster)


def seed(cluster: Cluster, spider: PortalSpider) -> int:
    """Put the spider's start requests and the pages due again into the shared frontier (through the shared
    seen-set and the run's plan, as a single-machine crawl's start); returns how many."""
    counts: Counter[str] = Counter()
    incremental = Incremental(published_plan(cluster), ClusterLinksOffered(cluster),
                              lambda key, n: counts.update({key: n}), spider.rules)

    async def collect() -> list[Request]:
        starts = [r async for r in spider.start() if isinstance(r, Request)]
        return [r for r in (incremental.admit(s) for s in starts) if r is not None] + list(incremental.scheduled(spider))

    queue = LeasedQueue(cluster.redis, spider, cluster.key("requests"), cluster=cluster)
    seen = RFPDupeFilter(cluster.redis, key=cluster.key("dupefilter"))
    fresh = [r for r in asyncio.run(collect()) if queue.push(r, fingerprint=seen.request_fingerprint(r))]
    cluster.merge_stats(dict(counts))
    return len(fresh)
