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


class _Process(CrawlerProcess):
    """Scrapy's process, remembering whether a shutdown signal came (one may come before the engine runs, when
    Scrapy stops the reactor without closing the spider, so no finish reason is ever set)."""

    signalled = False

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        self.signalled = True
        super()._signal_shutdown(signum, frame)


def run_crawl(settings: Settings, spider_cls: type | None = None) -> dict[str, Any]:
    """Crawl until done; return Scrapy's final stats (run id under 'qpdp/run_id', a start-up error or crash under
    'qpdp/failure': see `incomplete`)."""
    from crawler.spiders.portal import PortalSpider

    process = _Process(settings)
    crawler = process.create_crawler(spider_cls or PortalSpider)
    failures: list[BaseException] = []
    process.crawl(crawler).addErrback(lambda failure: failures.append(failure.value))
    process.start()
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    if process.signalled and stats.get("finish_reason") is None:
        stats["finish_reason"] = "shutdown"
    if failures:
        exc = failures[0]
        stats["qpdp/failure"] = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}".rstrip(": ")
    return stats


def incomplete(stats: dict[str, Any]) -> str | None:
    """Why a crawl did not run to its end, in one line (None when it did): a start-up error, a crash, a signal, or
    pages lost to an exception inside the crawl."""
    if stats.get("qpdp/failure"):
        return f"the crawl failed before its end: {stats['qpdp/failure']}"
    reason = stats.get("finish_reason")
    if reason == "finished" and stats.get("qpdp/internal_errors"):
        return (f"{stats['qpdp/internal_errors']} page(s) lost to errors inside the crawl (first: {stats.get('qpdp/internal_error')});"
                " the log has the traceback, and the next run fetches those pages again")
    if reason == "finished":
        return None
    if reason == "shutdown":
        return "the crawl was interrupted by a signal (SIGTERM, SIGINT or Ctrl-C) before its end"
    return f"the crawl stopped before its end (finish reason: {reason or 'none: it never started'})"
