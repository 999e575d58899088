"""Per-source crawl progress: a live table on a terminal, plain log lines otherwise (QPDP_PROGRESS)."""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter, defaultdict
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import ArticleItem, Fetch

logger = logging.getLogger(__name__)
ERRORS = ("error", "http_error")
LIVE_ROWS = 15


class Progress:
    """Count fetches, archived articles, errors and 304s per source; show them while the crawl runs."""

    def __init__(self, crawler: Crawler, mode: str, interval: float) -> None:
        self.crawler, self.mode, self.interval = crawler, mode, interval
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.active: dict[str, float] = {}
        self.changed: set[str] = set()
        self.started = time.monotonic()
        self.drawn = 0
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "Progress":
        """Enabled unless QPDP_PROGRESS is 'off'."""
        mode = crawler.settings.get("QPDP_PROGRESS", "log")
        if mode not in ("live", "log"):
            raise NotConfigured
        interval = 1.0 if mode == "live" else crawler.settings.getfloat("QPDP_PROGRESS_INTERVAL")
        ext = cls(crawler, mode, interval)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item: Any) -> None:
        """Count one stored fetch outcome."""
        fetch = item.fetch if isinstance(item, ArticleItem) else item if isinstance(item, Fetch) else None
        if fetch is None:
            return
        counts = self.counts[fetch.source_id]
        counts["fetched"] += 1
        counts["archived"] += isinstance(item, ArticleItem)
        counts["errors"] += fetch.outcome in ERRORS
        counts["not_modified"] += fetch.outcome == "not_modified"
        self.active[fetch.source_id] = time.monotonic()
        self.changed.add(fetch.source_id)

    def spider_opened(self) -> None:
        """Start the periodic display."""
        from twisted.internet import task

        self.task = task.LoopingCall(self.show)
        self.task.start(self.interval, now=False)

    def spider_closed(self) -> None:
        """Stop the display: a final table, or the total line (`qpdp crawl` prints each source's summary)."""
        if self.task and self.task.running:
            self.task.stop()
        if self.mode == "live":
            self.show()
        else:
            logger.info("progress total: %s", self._total())

    def _line(self, source_id: str) -> str:
        c = self.counts[source_id]
        return (f"{source_id}: {c['fetched']} fetched, {c['archived']} archived, {c['errors']} errors, "
                f"{c['not_modified']} not modified")

    def _total(self) -> str:
        total: Counter[str] = sum(self.counts.values(), Counter())
        elapsed = time.monotonic() - self.started
        return (f"{len(self.counts)} sources, {total['fetched']} fetched ({total['fetched'] / max(elapsed, 1e-9):.1f}/s), "
                f"{total['archived']} archived, {total['errors']} errors, {total['not_modified']} not modified, "
                f"{elapsed:.0f}s")

    def show(self) -> None:
        """Redraw the live table, or log the sources that changed since the last line."""
        if self.mode == "live":
            recent = sorted(self.counts, key=lambda s: -self.active.get(s, 0))[:LIVE_ROWS]
            width = max((len(s) for s in recent), default=6)
            lines = [f"{'source':<{width}}  fetched  archived  errors  304"]
            for sid in recent:
                c = self.counts[sid]
                lines.append(f"{sid:<{width}}  {c['fetched']:7}  {c['archived']:8}  {c['errors']:6}  {c['not_modified']:3}")
            lines.append(self._total())
            out = sys.stderr
            if self.drawn:
                out.write(f"\x1b[{self.drawn}F\x1b[J")
            out.write("\n".join(lines) + "\n")
            out.flush()
            self.drawn = len(lines)
            return
        for sid in sorted(self.changed):
            logger.info("progress %s", self._line(sid))
        self.changed.clear()
        logger.info("progress total: %s", self._total())
