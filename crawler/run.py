"""Run the Scrapy crawl for configured sources (I/O edge: builds settings, runs the reactor once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive import __version__
from archive.config import Config, Source


def crawl_settings(config: Config, sources: list[Source], db: str | Path, topics: str | Path, refresh: bool = False,
                   backfill: bool = False, progress: str | None = None) -> Settings:
    """Project defaults, then the YAML's `settings:` overrides, then what this run needs."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides = dict(config.settings)
    if "QPDP_CONTACT_URL" in overrides and "USER_AGENT" not in overrides:
        overrides["USER_AGENT"] = (
            f"qpdp-archive/{__version__} (+{overrides['QPDP_CONTACT_URL']}; archive of public local-defense news)"
        )
    settings.setdict(overrides, priority="cmdline")
    settings.setdict(
        {
            "QPDP_SOURCES": [s.model_dump() for s in sources],
            "QPDP_DB": str(db),
            "QPDP_TOPICS": str(topics),
            "QPDP_REFRESH": refresh,
            "QPDP_BACKFILL": backfill,
        },
        priority="cmdline",
    )
    if progress:
        settings.set("QPDP_PROGRESS", progress, priority="cmdline")
        if progress == "live" and "LOG_LEVEL" not in overrides:
            settings.set("LOG_LEVEL", "WARNING", priority="cmdline")  # the live table replaces the INFO log
    return settings


def run_crawl(settings: Settings, spider_cls: type | None = None) -> dict[str, Any]:
    """Crawl until done; return Scrapy's final stats (run id under 'qpdp/run_id')."""
    from crawler.spiders.portal import PortalSpider

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_cls or PortalSpider)
    process.crawl(crawler)
    process.start()
    return crawler.stats.get_stats() if crawler.stats else {}
