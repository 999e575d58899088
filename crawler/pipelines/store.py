"""Storage pipeline: fetch outcomes and articles into the archive (SQLite), one crawl_runs row per run.

In a crawl, items are written in batches (QPDP_STORE_BATCH items or QPDP_STORE_WINDOW seconds, whichever comes
first): one SQLite transaction per batch (each item a savepoint in it), the batch's WARC records fsynced once,
before the COMMIT, so no captures row ever points at bytes that are not on disk. An item's Deferred fires once
its batch is committed, so Scrapy counts it as in progress until then; after `kill -9` a page whose batch was not
committed is simply not in the archive, and the next run fetches it. Without a reactor (`qpdp ingest`, or
QPDP_STORE_BATCH=1) each item is its own transaction, as before.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer
from twisted.python.failure import Failure

from archive.config import Source
from archive.store import schedule
from archive.store.db import Archive
from crawler.items import ArticleItem, Fetch
from crawler.pipelines.provenance import CaptureWriter

logger = logging.getLogger(__name__)


class StorePipeline:
    """Write fetch outcomes and articles to the archive and keep the crawl_runs row current."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.path = settings.get("QPDP_DB")
        self.sources = {s["id"]: Source.model_validate(s) for s in settings.getlist("QPDP_SOURCES")}
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.captures = CaptureWriter(crawler)  # captured pages to WARC, before their item is stored
        self.batch = max(1, settings.getint("QPDP_STORE_BATCH", 1))
        self.window = settings.getfloat("QPDP_STORE_WINDOW", 0.5)
        self.pending: list[tuple[Any, defer.Deferred[Any]]] = []
        self.timer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        """Read the database path, sources and batch size from settings."""
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        """Open the archive, register the sources and start a crawl run."""
        self.archive = Archive(self.path)
        self.archive.sync_sources(self.sources.values(), apart=True)  # the units tables stay out of the crawl
        self.run_id = self.archive.start_run(sorted(self.sources))
        settings = self.crawler.settings
        mode = "backfill" if settings.getbool("QPDP_BACKFILL") else "refresh" if settings.getbool("QPDP_REFRESH") else "incremental"
        with self.archive.transaction() as conn:
            schedule.set_run_mode(conn, self.run_id, mode)
        if self.crawler.stats:
            self.crawler.stats.set_value("qpdp/run_id", self.run_id)

    def close_spider(self, spider: Any = None) -> None:
        """Write what is still buffered, then close the crawl run with Scrapy's stats."""
        assert self.archive is not None and self.run_id is not None
        self.flush()
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        reason = stats.get("finish_reason", "finished")
        self.archive.finish_run(self.run_id, "finished" if reason == "finished" else str(reason), stats)
        self.archive.close()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Store a Fetch or an ArticleItem (its captured page first, in WARC): now, or with its batch (awaitable)."""
        if self.batch == 1:
            self._store(item)
            return item
        from twisted.internet import reactor  # the one Scrapy installed

        done: defer.Deferred[Any] = defer.Deferred()
        self.pending.append((item, done))
        if len(self.pending) >= self.batch:
            self.flush()
        elif self.timer is None:
            self.timer = reactor.callLater(self.window, self.flush)  # type: ignore[attr-defined]
        return maybe_deferred_to_future(done)

    def flush(self) -> None:
        """Write the buffered items in one transaction, their WARC records fsynced once before it commits."""
        if self.timer is not None and self.timer.active():
            self.timer.cancel()
        self.timer = None
        batch, self.pending = self.pending, []
        if not batch:
            return
        assert self.archive is not None
        outcomes: list[Failure | None] = []
        try:
            with self.archive.transaction():
                for item, _ in batch:
                    try:
                        self._store(item, sync=False)
                        outcomes.append(None)
                    except Exception:  # this item's savepoint is undone; the rest of the batch goes on
                        outcomes.append(Failure())
                self.captures.sync()
        except Exception:  # the commit or the fsync failed: nothing of the batch is in the archive
            failed = Failure()
            outcomes = [failed] * len(batch)
        for (item, done), failure in zip(batch, outcomes):
            if failure is None:
                done.callback(item)
            else:
                done.errback(failure)

    def _store(self, item: Any, sync: bool = True) -> None:
        assert self.archive is not None
        self.captures.write(item, self.archive, sync=sync)
        if isinstance(item, ArticleItem):
            source = self.sources[item.fetch.source_id]
            outcome = self.archive.save_article(
                self.run_id, item.fetch.record(), item.article,
                {"id": source.id, "level": source.level, "province": source.province}, item.fingerprint,
            )
            if self.crawler.stats:
                self.crawler.stats.inc_value(f"qpdp/articles_{outcome}")
        elif isinstance(item, Fetch):
            self.archive.record_fetch(self.run_id, item.record())
            if self.crawler.stats:
                self.crawler.stats.inc_value(f"qpdp/outcome_{item.outcome}")
