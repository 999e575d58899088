"""Storage pipeline: the single archive writer; one SQLite transaction per item."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from archive.config import Source
from archive.store import schedule
from archive.store.db import Archive
from crawler.items import ArticleItem, Fetch
from crawler.pipelines.provenance import CaptureWriter


class StorePipeline:
    """Write fetch outcomes and articles to the archive and keep the crawl_runs row current."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("QPDP_DB")
        self.sources = {s["id"]: Source.model_validate(s) for s in crawler.settings.getlist("QPDP_SOURCES")}
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.captures = CaptureWriter(crawler)  # captured pages to WARC, before their item is stored

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        """Read the database path and sources from settings."""
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        """Open the archive, register the sources and start a crawl run."""
        self.archive = Archive(self.path)
        self.archive.sync_sources(self.sources.values())
        self.run_id = self.archive.start_run(sorted(self.sources))
        settings = self.crawler.settings
        mode = "backfill" if settings.getbool("QPDP_BACKFILL") else "refresh" if settings.getbool("QPDP_REFRESH") else "incremental"
        with self.archive.transaction() as conn:
            schedule.set_run_mode(conn, self.run_id, mode)
        if self.crawler.stats:
            self.crawler.stats.set_value("qpdp/run_id", self.run_id)

    def close_spider(self, spider: Any = None) -> None:
        """Close the crawl run with Scrapy's stats."""
        assert self.archive is not None and self.run_id is not None
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        reason = stats.get("finish_reason", "finished")
        self.archive.finish_run(self.run_id, "finished" if reason == "finished" else str(reason), stats)
        self.archive.close()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Store a Fetch or an ArticleItem (its captured page first, in WARC)."""
        assert self.archive is not None
        self.captures.write(item, self.archive)
        if isinstance(item, ArticleItem):
            source = self.sources[item.fetch.source_id]
            outcome = self.archive.save_article(
                self.run_id, item.fetch.record(), item.article,
                {"id": source.id, "level": source.level, "province": source.province},
            )
            if self.crawler.stats:
                self.crawler.stats.inc_value(f"qpdp/articles_{outcome}")
        elif isinstance(item, Fetch):
            self.archive.record_fetch(self.run_id, item.record())
            if self.crawler.stats:
                self.crawler.stats.inc_value(f"qpdp/outcome_{item.outcome}")
        return item
