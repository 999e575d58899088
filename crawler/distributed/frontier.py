"""Scrapy side of the scale-out: scrapy-redis scheduler and dupefilter with leased requests, cluster-wide
per-host politeness, items handed to the archive writer through Redis.

A worker takes a request from the shared frontier under a lease (renewed by a heartbeat thread while the
worker lives). The lease is acknowledged in the same Redis transaction that queues the request's item for the
writer, after the requests the page yielded are in the frontier, or that queues its replacement (a retry or a
redirect). A worker that dies stops renewing, and its requests go back to the frontier.
"""

from __future__ import annotations

import logging
import os
import pickle
import socket
import threading
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from scrapy_redis.queue import Base as RedisQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

from crawler.distributed.cluster import DEFAULT_LEASE, DEFAULT_PREFIX, Cluster
from crawler.items import ArticleItem, Capture, Fetch
from crawler.spiders.portal import PortalSpider

logger = logging.getLogger(__name__)
LEASE = "qpdp_lease"
HOST_TOKEN = "qpdp_host_lock"


class Worker:
    """This process's view of the cluster: the Redis state and the leases and host locks it holds."""

    def __init__(self, settings: Settings) -> None:
        self.cluster = Cluster.from_url(settings.get("REDIS_URL"), settings.get("QPDP_REDIS_PREFIX", DEFAULT_PREFIX),
                                        settings.getfloat("QPDP_REDIS_LEASE", DEFAULT_LEASE))
        self.run = settings.get("QPDP_RUN")
        self.id = f"{socket.gethostname()}:{os.getpid()}"
        self._lock = threading.Lock()
        self._by_url: dict[str, int] = {}
        self._host_of: dict[int, str] = {}  # lease -> its request's host
        self._hosts: dict[str, str] = {}  # host-lock token -> lock name
        self._seq = 0

    @classmethod
    def of(cls, crawler: Crawler) -> "Worker":
        """The crawler's Worker, created on first use (one per crawler, shared by its components)."""
        worker = getattr(crawler, "_qpdp_worker", None)
        if worker is None:
            worker = cls(crawler.settings)
            crawler._qpdp_worker = worker  # type: ignore[attr-defined]
        return worker

    def hold(self, url: str, lease: int, host: str | None = None) -> None:
        """Remember that the item for *url* completes *lease* (a request of *host*)."""
        with self._lock:
            self._by_url[url] = lease
            if host is not None:
                self._host_of[lease] = host

    def take(self, url: str) -> int | None:
        """The lease the item for *url* completes (forgotten from now on)."""
        with self._lock:
            lease = self._by_url.pop(url, None)
            if lease is not None:
                self._host_of.pop(lease, None)
                self._by_url = {u: i for u, i in self._by_url.items() if i != lease}  # a redirect's other URL
            return lease

    def forget(self, lease: int) -> None:
        """Stop renewing *lease* (acknowledged or replaced)."""
        with self._lock:
            self._by_url = {u: i for u, i in self._by_url.items() if i != lease}
            self._host_of.pop(lease, None)

    def busy(self) -> set[str]:
        """Hosts this worker has requests of."""
        with self._lock:
            return set(self._host_of.values())

    def token(self) -> str:
        """A fresh host-lock token of this worker."""
        with self._lock:
            self._seq += 1
            return f"{self.id}:{self._seq}"

    def locked(self, name: str, token: str, held: bool) -> None:
        """Track a host lock taken (*held*) or given back."""
        with self._lock:
            if held:
                self._hosts[token] = name
            else:
                self._hosts.pop(token, None)

    def beat(self) -> None:
        """Renew every lease and host lock this worker holds; requeue requests of dead workers."""
        with self._lock:
            leases, hosts = list(self._by_url.values()), {n: t for t, n in self._hosts.items()}
        self.cluster.renew(leases)
        self.cluster.extend(hosts)
        self.cluster.heartbeat(self.id, {"leases": len(leases), "hosts": len(hosts)})
        if requeued := self.cluster.reap():
            logger.warning("requeued %d requests whose worker stopped renewing its lease", requeued)

    def release_all(self, cooldown: float) -> int:
        """At shutdown: give back every host lock, and every request not finished; returns how many requests."""
        with self._lock:
            hosts, self._hosts = dict(self._hosts), {}
            leases, self._by_url, self._host_of = set(self._by_url.values()), {}, {}
        for token, name in hosts.items():
            self.cluster.unlock(name, token, cooldown)
        return self.cluster.reap(leases) if leases else 0


class ClusterPortalSpider(PortalSpider):
    """The portal spider of a worker: `qpdp crawl --redis` seeds the shared frontier once per run."""

    async def start(self) -> AsyncIterator[Request]:
        """Nothing: start requests come from the shared frontier."""
        return
        yield  # pragma: no cover


def host_of(request: Request) -> str:
    """The request's download slot: its host, as Scrapy's per-domain slots (the unit of politeness)."""
    return request.meta.get("download_slot") or urlparse_cached(request).hostname or ""


class LeasedQueue(RedisQueue):
    """scrapy-redis queue over the cluster's frontier: one queue per host, and pop leases the request.

    Pop prefers a host that no worker is downloading from and of which this worker holds no request, so workers
    spread over hosts instead of queueing behind each other on one (a cluster-wide downloader-aware queue).
    """

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None, cluster: Cluster | None = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.cluster = cluster

    def _cluster(self) -> Cluster:
        if self.cluster is None:
            self.cluster = Worker.of(self.spider.crawler).cluster
        return self.cluster

    def __len__(self) -> int:
        """Requests waiting in the shared frontier."""
        return self._cluster().queued()

    def push(self, request: Request, replaces: Iterable[int] = (), fingerprint: str = "") -> bool:
        """Queue *request* unless its *fingerprint* was seen (marked seen in the same step), acknowledging the
        leases it replaces; False when it was seen."""
        return self._cluster().push(self._encode_request(request), host_of(request), request.priority, replaces,
                                    fingerprint)

    def pop(self, timeout: int = 0) -> Request | None:
        """The best request for this worker, leased to it."""
        worker = Worker.of(self.spider.crawler)
        got = worker.cluster.pop(worker.busy())
        if got is None:
            return None
        lease, data, host = got
        request = self._decode_request(data)
        request.meta[LEASE] = lease
        worker.hold(request.url, lease, host)
        return request


class ClusterScheduler(RedisScheduler):
    """scrapy-redis Scheduler adapted to Scrapy ≥ 2.13 (no spider argument to stats) and to leases."""

    def open(self, spider: Spider) -> None:
        """Attach the shared frontier and seen-set (scrapy-redis's open() logs through the deprecated Spider.log)."""
        self.spider = spider
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider, key=self.queue_key % {"spider": spider.name},
                                                 serializer=self.serializer)
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if waiting := len(self.queue):
            logger.info("joining the shared frontier: %d requests waiting", waiting)

    def enqueue_request(self, request: Request) -> bool:
        """Queue *request* unless seen (one Redis step: a crash cannot mark it seen without queueing it); a retry or
        redirect acknowledges the lease of the request it replaces."""
        replaces = request.meta.pop(LEASE, None)
        worker = Worker.of(self.spider.crawler)
        if replaces is not None:
            worker.forget(replaces)
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push(request, [replaces] if replaces is not None else [], fingerprint):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """A leased request from the shared frontier, or None."""
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


class LeaseSpiderMiddleware:
    """Outermost spider middleware: a page's requests reach the frontier before its item leaves the worker."""

    def __init__(self, crawler: Crawler) -> None:
        self.worker = Worker.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "LeaseSpiderMiddleware":
        """Build from the crawler."""
        return cls(crawler)

    def _remember(self, response: Response) -> None:
        lease = response.request.meta.get(LEASE) if response.request is not None else None
        if lease is not None and response.url != response.request.url:  # type: ignore[union-attr]
            self.worker.hold(response.url, lease)

    def process_spider_output(self, response: Response, result: Iterable[Any], spider: Spider | None = None) -> Iterator[Any]:
        """Requests first, then items (synchronous callbacks)."""
        self._remember(response)
        items: list[Any] = []
        try:
            for out in result:
                if isinstance(out, Request):
                    yield out
                else:
                    items.append(out)
        except Exception:
            yield from items  # what the callback produced before failing, as in a single-machine crawl
            raise
        yield from items

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Spider | None = None) -> AsyncIterator[Any]:
        """Requests first, then items (asynchronous callbacks)."""
        self._remember(response)
        items: list[Any] = []
        try:
            async for out in result:
                if isinstance(out, Request):
                    yield out
                else:
                    items.append(out)
        except Exception:
            for item in items:
                yield item
            raise
        for item in items:
            yield item


class HostLeaseMiddleware:
    """Downloader middleware (closest to the downloader): one request at a time per host, cluster-wide.

    A request waits until its host's lock in Redis is free, holds it while downloading, and on release leaves it
    closed for DOWNLOAD_DELAY seconds, so the delay also holds between workers. The robots.txt that Scrapy's
    RobotsTxtMiddleware reads in every process is fetched once for the cluster and shared through Redis.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.worker = Worker.of(crawler)
        self.cooldown = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.poll = crawler.settings.getfloat("QPDP_HOST_POLL", 0.02)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "HostLeaseMiddleware":
        """Build from the crawler."""
        return cls(crawler)

    @staticmethod
    def lock_name(request: Request) -> str:
        """The lock of the request's host."""
        return "host:" + host_of(request)

    @staticmethod
    def _robots_check(request: Request) -> bool:
        # RobotsTxtMiddleware's own request (the spider's robots.txt requests are pages like any other)
        return bool(request.meta.get("dont_obey_robotstxt")) and "kind" not in request.meta and request.url.endswith("/robots.txt")

    async def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        """Wait for the host's lock, then let the download go on (or answer a robots.txt check from Redis)."""
        name, token, waited = self.lock_name(request), self.worker.token(), 0
        while not self.worker.cluster.lock(name, token):
            waited += 1
            await _sleep(self.poll * (1 + (waited % 3) / 2))
        if self._robots_check(request) and (shared := self.worker.cluster.robots(request.url)) is not None:
            self.worker.cluster.unlock(name, token)  # nothing was sent to the host
            status, headers, body = pickle.loads(shared)
            return Response(request.url, status=status, headers=headers, body=body, request=request)
        self.worker.locked(name, token, True)
        request.meta[HOST_TOKEN] = (name, token)
        if waited and self.stats:
            self.stats.inc_value("qpdp/host_lock_waits")

    def _release(self, request: Request) -> None:
        held = request.meta.pop(HOST_TOKEN, None)
        if held is not None:
            name, token = held
            self.worker.locked(name, token, False)
            self.worker.cluster.unlock(name, token, self.cooldown)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        """The download is over: free the host (and share a robots.txt check's answer)."""
        if HOST_TOKEN in request.meta and self._robots_check(request):
            shared = (response.status, dict(response.headers.items()), response.body)
            self.worker.cluster.keep_robots(request.url, pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL))
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> None:
        """The download failed: free the host."""
        self._release(request)


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class RedisItemPipeline:
    """Replaces the storage pipeline on workers: queue each item for the archive writer (`qpdp ingest`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.worker = Worker.of(crawler)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RedisItemPipeline":
        """Build from the crawler."""
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Queue the item and acknowledge the lease of the request it came from, in one transaction."""
        lease = self.worker.take(item_url(item))
        envelope = {"run": self.worker.run, "worker": self.worker.id, "item": item}
        self.worker.cluster.push_item(pickle.dumps(envelope, protocol=pickle.HIGHEST_PROTOCOL), [lease] if lease else [])
        if self.stats:
            self.stats.inc_value("qpdp/items_queued")
        return item


def item_url(item: Any) -> str:
    """The fetched URL an item reports on (the key of its request's lease)."""
    if isinstance(item, ArticleItem):
        return item.fetch.url
    if isinstance(item, (Fetch, Capture)):
        return item.url
    return str(getattr(item, "url", ""))


class ClusterExtension:
    """Keeps a worker in the run: heartbeat thread, quick pick-up of new requests, cluster-wide end of crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.worker = Worker.of(crawler)
        self.every = self.worker.cluster.lease_ms / 4000
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pump: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ClusterExtension":
        """Connect to the crawler's signals."""
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signals.spider_opened)
        crawler.signals.connect(ext.idle, signals.spider_idle)
        crawler.signals.connect(ext.closed, signals.spider_closed)
        crawler.signals.connect(ext.spider_error, signals.spider_error)
        crawler.signals.connect(ext.item_lost, signals.item_error)
        crawler.signals.connect(ext.item_lost, signals.item_dropped)
        return ext

    def opened(self, spider: Spider) -> None:
        """Start the heartbeat thread and the frontier poll."""
        self._thread = threading.Thread(target=self._beat, name="qpdp-heartbeat", daemon=True)
        self._thread.start()
        self._pump = task.LoopingCall(self._wake)
        self._pump.start(min(0.5, self.every), now=False)

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.worker.beat()
            except Exception:  # a Redis hiccup must not kill the heartbeat; the next beat retries
                logger.exception("heartbeat failed")

    def _wake(self) -> None:
        # Scrapy polls an idle scheduler every 5 s; other workers fill the shared frontier at any time.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and getattr(slot, "nextcall", None) is not None:
            slot.nextcall.schedule()

    def idle(self, spider: Spider) -> None:
        """Stay open until the whole cluster has finished the run."""
        state = self.worker.cluster.settle(self.worker.run)
        if state not in ("done", "finished", "gone"):
            raise DontCloseSpider

    def spider_error(self, failure: Any, response: Any, spider: Spider) -> None:
        """A callback failed: its request is over (as in a single-machine crawl, its output is lost)."""
        request = getattr(response, "request", None)
        if request is not None and (lease := request.meta.get(LEASE)) is not None:
            self.worker.forget(lease)
            self.worker.cluster.ack([lease])

    def item_lost(self, item: Any, spider: Spider, **kwargs: Any) -> None:
        """An item failed in a pipeline: acknowledge its request so that the run can end."""
        if (lease := self.worker.take(item_url(item))) is not None:
            self.worker.cluster.ack([lease])

    def closed(self, spider: Spider, reason: str) -> None:
        """Stop the heartbeat, free hosts, add this worker's counters to the run's totals."""
        if self._pump is not None and self._pump.running:
            self._pump.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if returned := self.worker.release_all(self.crawler.settings.getfloat("DOWNLOAD_DELAY")):
            logger.info("gave %d unfinished requests back to the shared frontier (%s)", returned, reason)
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        self.worker.cluster.merge_stats({**stats, "qpdp/workers": 1})


def cluster_settings(settings: Settings, redis_url: str, run: dict[str, str]) -> Settings:
    """Switch a crawl's settings to the shared frontier, seen-set, item queue and host locks of *run*."""
    prefix = settings.get("QPDP_REDIS_PREFIX", DEFAULT_PREFIX)

    def swap(name: str, old: str, new: str, extra: dict[str, int]) -> None:
        components = settings.getdict(name)
        order = components.get(old)
        components.update({old: None, new: order if isinstance(order, int) else 500, **extra})
        settings.set(name, components, priority="cmdline")

    swap("SPIDER_MIDDLEWARES", "crawler.middlewares.KnownPagesMiddleware", "crawler.distributed.plan.RedisKnownPagesMiddleware",
         {"crawler.distributed.frontier.LeaseSpiderMiddleware": 1})
    swap("ITEM_PIPELINES", "crawler.pipelines.store.StorePipeline", "crawler.distributed.frontier.RedisItemPipeline", {})
    settings.set("DOWNLOADER_MIDDLEWARES", {**settings.getdict("DOWNLOADER_MIDDLEWARES"),
                                            "crawler.distributed.frontier.HostLeaseMiddleware": 950}, priority="cmdline")
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), "crawler.distributed.frontier.ClusterExtension": 500},
                 priority="cmdline")
    settings.setdict({
        "REDIS_URL": redis_url,
        "SCHEDULER": "crawler.distributed.frontier.ClusterScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.frontier.LeasedQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "SCHEDULER_PERSIST": True,  # the run, not one worker's exit, decides when the frontier is cleared
        "QPDP_RUN": run["token"],
        "QPDP_REFRESH": run.get("refresh") == "1",
    }, priority="cmdline")
    return settings
