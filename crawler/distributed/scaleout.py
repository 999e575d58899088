"""The roles of a distributed crawl: `qpdp crawl --redis` starts a run and works on it, `qpdp worker` works on
the current run, `qpdp ingest` is the single archive writer."""

from __future__ import annotations

import functools
import json
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable

import redis

from archive.config import Config, Source, topics_path
from crawler.distributed.cluster import DEFAULT_LEASE, DEFAULT_PREFIX, Cluster
from crawler.run import crawl_settings, run_crawl

logger = logging.getLogger(__name__)
Echo = Callable[[str], None]


class ScaleoutError(RuntimeError):
    """A distributed run cannot go on (Redis unreachable or gone away, the run replaced)."""


def _redis_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a Redis failure in a role's main loop into one ScaleoutError line (the queues in Redis keep the work)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except redis.RedisError as exc:
            raise ScaleoutError(f"Redis failed: {exc}") from None

    return wrapper


def connect(settings: dict[str, Any], redis_url: str) -> Cluster:
    """The cluster named by *redis_url*, with the prefix and lease of a config's `settings:`."""
    try:
        return Cluster.from_url(redis_url, str(settings.get("QPDP_REDIS_PREFIX", DEFAULT_PREFIX)),
                                float(settings.get("QPDP_REDIS_LEASE", DEFAULT_LEASE)))
    except (redis.RedisError, ValueError) as exc:
        raise ScaleoutError(f"cannot use Redis at {redis_url}: {exc}") from None


def redis_url_of(settings: dict[str, Any], option: str | None) -> str | None:
    """The Redis URL: the command-line option, else a config's `settings: REDIS_URL`."""
    return option or settings.get("REDIS_URL") or None


def start_run(cluster: Cluster, sources: list[Source], refresh: bool, echo: Echo, backfill: bool = False,
              refresh_days: float = 0) -> dict[str, str]:
    """Create a run (or resume the unfinished one), wait for the writer to accept it, seed the frontier."""
    from crawler.distributed.plan import seed
    from crawler.spiders.portal import PortalSpider

    token, new = cluster.create_run([s.model_dump() for s in sources], refresh, backfill, refresh_days)
    if not new:
        echo(f"joining run {token}, in progress since {cluster.status().get('created')} (its sources and options apply)")
    told = time.monotonic() + 2
    while (run := cluster.status()).get("state") == "pending" and run.get("token") == token:
        if told and time.monotonic() > told:
            echo(f"run {token}: waiting for the archive writer (`qpdp ingest`) to accept it")
            told = 0
        time.sleep(0.2)
    if run.get("token") != token:
        raise ScaleoutError(f"run {token} was replaced by run {run.get('token')}")
    if run.get("state") == "seeding":
        spider = PortalSpider(sources=[Source.model_validate(s) for s in json.loads(cluster.run()["sources"])])
        count = seed(cluster, spider)
        cluster.advance(token, "seeding", "running")
        echo(f"run {token}: {count} start requests in the shared frontier (archive run {run.get('run_id')})")
    return cluster.run()


def work(config: Config, config_path: Path, redis_url: str, run: dict[str, str]) -> dict[str, Any]:
    """Crawl the run's sources with the shared frontier until the cluster has finished it."""
    from crawler.distributed.frontier import ClusterPortalSpider, cluster_settings

    sources = [Source.model_validate(s) for s in json.loads(run["sources"])]
    # A worker never opens the archive: the writer publishes what it knows and stores what workers queue.
    settings = crawl_settings(config, sources, "", topics_path(config, config_path), run.get("refresh") == "1",
                              run.get("backfill") == "1")
    return run_crawl(cluster_settings(settings, redis_url, run), ClusterPortalSpider)


def wait_finished(cluster: Cluster, token: str, echo: Echo, every: float = 15.0) -> dict[str, Any]:
    """Wait until the writer has the whole run in the archive; report progress now and then."""
    shown = time.monotonic()
    while True:
        run = cluster.status()
        if run.get("token") != token:
            raise ScaleoutError(f"run {token} disappeared from Redis")
        if run.get("state") == "finished":
            return json.loads(cluster.run().get("summary") or "{}")
        if time.monotonic() - shown > every:
            p = cluster.progress()
            echo(f"run {token} {run.get('state')}: {p['queued']} queued, {p['leased']} in flight, "
                 f"{p['items']} items for the writer, {p['workers']} workers")
            shown = time.monotonic()
        cluster.settle(token)
        time.sleep(0.25)


@_redis_errors
def crawl_cluster(config: Config, config_path: Path, sources: list[Source], redis_url: str, refresh: bool, echo: Echo,
                  crawl_here: bool = True, backfill: bool = False, refresh_days: float = 0) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """`qpdp crawl --redis`: start (or join) a run, crawl as one of its workers, wait until it is archived
    (by `qpdp ingest`, into its own --db); the run's summary, and this machine's crawl stats when it crawled."""
    cluster = connect(config.settings, redis_url)
    run = start_run(cluster, sources, refresh, echo, backfill, refresh_days)
    here = work(config, config_path, redis_url, run) if crawl_here and run.get("state") in ("seeding", "running") else None
    return wait_finished(cluster, run["token"], echo), here


@_redis_errors
def run_worker(config: Config, config_path: Path, redis_url: str, wait: bool, echo: Echo) -> dict[str, Any] | None:
    """`qpdp worker`: wait for a run (unless not *wait*), crawl it with the other workers, return its stats."""
    cluster = connect(config.settings, redis_url)
    run = cluster.wait_for(("seeding", "running"), timeout=None if wait else 0)
    if not run:
        return None
    echo(f"working on run {run['token']} (archive run {run.get('run_id')})")
    return work(config, config_path, redis_url, run)


@_redis_errors
def run_ingest(settings: dict[str, Any], db: Path, redis_url: str, once: bool, echo: Echo) -> dict[str, Any] | None:
    """`qpdp ingest`: hold the archive's crawl lock and the writer lock, write the cluster's items into the archive.

    Raises CrawlLocked when a single-machine crawl (or another writer) holds the archive's lock.
    """
    from archive.store.lock import CrawlLock
    from crawler.distributed.ingest import Writer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s", stream=sys.stderr)
    writer = Writer(connect(settings, redis_url), db)
    with CrawlLock(db, "qpdp ingest"):
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        writer.acquire()
        echo(f"archive writer {writer.token} on {db}")
        try:
            return writer.serve(once=once)
        finally:
            writer.release()
