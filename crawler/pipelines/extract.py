"""Extraction pipeline: every captured HTML page gets the extractor's verdict, which decides what it is.

The verdict is normally already there: the spider's one parse of the page (crawler/pagework.py, in a worker
process or inline) judged it. A Capture without one is judged here, by the same code.
"""

from __future__ import annotations

import time
from functools import cached_property
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from archive.config import Source
from archive.dedup import urls
from archive.extract.topics import Taxonomy
from archive.store.provenance import extractor_version
from crawler.items import ArticleItem, Capture, Fetch
from crawler.pagework import HUB_REASONS, Analyser

__all__ = ["HUB_REASONS", "ExtractPipeline", "article_url"]


def article_url(page_url: str, canonical: str | None, rules: urls.Rules = urls.NO_RULES) -> str:
    """The story's key: a sane same-site rel=canonical when there is one, else the fetched URL; canonicalised."""
    return urls.article_url(page_url, canonical, rules)


class ExtractPipeline:
    """Capture -> ArticleItem (defense story) or Fetch (listing, no article, off-topic); other items pass through."""

    def __init__(self, taxonomy: Taxonomy, sources: list[Source] | None = None,
                 hints: dict[str, dict[str, Any]] | None = None, stats: StatsCollector | None = None) -> None:
        self.taxonomy, self.sources = taxonomy, sources or []
        self.hints = hints or {}  # per source: the extractor's cms_hint and selectors, over the sources' own
        self.stats = stats
        self.version = extractor_version()

    @cached_property
    def analyser(self) -> Analyser:
        """The extractor for a Capture that comes without the spider's verdict (built on first need: in a crawl the
        spider's page analysis, in workers or in its own pool's analyser, has judged every page)."""
        analyser = Analyser(self.sources, self.taxonomy)
        analyser.hints.update(self.hints)
        return analyser

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractPipeline":
        """Load the topic taxonomy named by the QPDP_TOPICS setting and the sources (URL rules, CMS hint, selectors)."""
        sources = [Source.model_validate(s) for s in crawler.settings.getlist("QPDP_SOURCES")]
        return cls(Taxonomy.load(crawler.settings.get("QPDP_TOPICS")), sources, stats=crawler.stats)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """The verdict on a Capture (the spider's, else judged here); anything else passes on unchanged."""
        if not isinstance(item, Capture):
            return item
        analysis, item.judged = item.judged, None
        if analysis is None or analysis.verdict is None:
            started = time.thread_time()
            judged = self.analyser.judge(item)
            return self._count(judged, (time.thread_time() - started) * 1000)
        judged = analysis.verdict
        if analysis.kept:  # the page's body travels back only as this process's own object
            judged.capture = item
            if isinstance(judged, ArticleItem):
                judged.fetch.capture = item
        return self._count(judged, analysis.cpu_ms)

    def _count(self, judged: ArticleItem | Fetch, cpu_ms: float) -> ArticleItem | Fetch:
        """Stamp the extractor version, count the verdict and the extractor's CPU time; return the verdict."""
        if isinstance(judged, ArticleItem):
            judged.article["extractor"] = self.version
        if self.stats:
            kind = "article" if isinstance(judged, ArticleItem) or judged.outcome != "listing" else "hub"
            self.stats.inc_value(f"qpdp/extract_cpu_ms_{kind}", round(cpu_ms, 3))
            self.stats.inc_value(f"qpdp/extracted_{kind}")
        return judged
